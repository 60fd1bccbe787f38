"""The lean records a common reply is read into (pydig/wire/lean.py): plain slotted
classes with what pydig/model/message.py says the renderers read, made without any
dnspython Message, RRset or Rdata.  Slots and positional constructors, not @immutable
records: a reply makes one per record, and this is the path that has to be fast."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeAlias

import dns.message
import dns.name

OPT = 41
MAX_LABEL = 63

# dnspython Names by uncompressed wire form, shared by the replies of a run (a batch names
# the same servers and zones over and over, as owners and in record data); a Name never
# changes, so sharing is safe, and name_text() knows each one's text from the last time.
_NAMES: dict[bytes, dns.name.Name] = {}
_NAMES_KEPT = 8192  # then the table starts again


def wire_labels(wire: bytes) -> list[bytes] | None:
    """The labels of the name an uncompressed wire form spells, the root's empty one
    last; None for what is not plainly one (a pointer, a name that runs past the end)."""
    if not wire:
        return None
    labels = []
    size = len(wire)
    pos = 0
    while length := wire[pos]:
        start = pos + 1
        pos = start + length  # the next label's
        if length > MAX_LABEL or pos >= size:
            return None
        labels.append(wire[start:pos])
    labels.append(b"")
    return labels


def name_of_wire(wire: bytes) -> dns.name.Name:
    """The Name an uncompressed wire form spells (a record's data, plain_name_wire()'s),
    label by label: what dns.name.from_wire gives for it, without its parser's per-byte
    reads.  A pointer or a name that runs past the end is refused as from_wire would."""
    labels = wire_labels(wire)
    if labels is None:
        return dns.name.from_wire(wire, 0)[0]  # its error, or its reading
    return dns.name.Name(labels)


def shared_name(wire: bytes) -> dns.name.Name:
    """name_of_wire(wire), one Name for each spelling in a run (see _NAMES)."""
    name = _NAMES.get(wire)
    if name is None:
        if len(_NAMES) >= _NAMES_KEPT:
            _NAMES.clear()
        name = _NAMES[wire] = name_of_wire(wire)
    return name


class LeanRecord:
    """One record (or a question), standing for an RRset of one record as dnspython's
    one_rr_per_rrset makes it, and for that record's data at once.  Its owner is kept
    as its uncompressed wire form, made a dnspython Name (one for each spelling, shared)
    only when it is read: +short never reads one."""

    __slots__ = ("data", "owner", "rdclass", "rdtype", "ttl")

    def __init__(self, owner: bytes, rdtype: int, rdclass: int, ttl: int, data: bytes):
        self.owner = owner  # the owner's wire form, uncompressed
        self.rdtype = rdtype
        self.rdclass = rdclass
        self.ttl = ttl
        self.data = data  # the record data, names uncompressed

    @property
    def name(self) -> dns.name.Name:
        return shared_name(self.owner)

    def __iter__(self) -> Iterator[LeanRecord]:
        return iter((self,))

    def __len__(self) -> int:
        return 1

    def to_wire(self) -> bytes:
        return self.data


class LeanQuestion(LeanRecord):
    """A question: an RRset with no records, as in dnspython's question section."""

    __slots__ = ()

    def __init__(self, owner: bytes, rdtype: int, rdclass: int):  # LeanRecord's, inline
        self.owner = owner
        self.rdtype = rdtype
        self.rdclass = rdclass
        self.ttl = 0
        self.data = b""

    def __iter__(self) -> Iterator[LeanRecord]:
        return iter(())

    def __len__(self) -> int:
        return 0


class LeanOption:
    """An EDNS option: its code and data (as dnspython writes them back)."""

    __slots__ = ("data", "otype")

    def __init__(self, otype: int, data: bytes):
        self.otype = otype
        self.data = data

    def to_wire(self) -> bytes:
        return self.data


# A message's four sections: each a list of its own, or a tuple of records that other
# messages hold too (the lean reader's, for the authority and additional sections that
# replies repeat byte for byte), which renderers may make text of once.
Sections: TypeAlias = (
    "tuple[Sequence[LeanRecord], Sequence[LeanRecord], Sequence[LeanRecord], Sequence[LeanRecord]]"
)


class LeanMessage:
    """A reply read by the lean reader; `wire` is kept so that the few who need a dnspython
    Message (the +trace and transfer logic) can have one (pydig.wire.decode.full_message)."""

    __slots__ = ("flags", "full", "opt", "options", "sections", "wire")

    def __init__(
        self,
        wire: bytes,
        flags: int,  # the header's, as the wire form has them
        sections: Sections,
        opt: LeanRecord | None,
        options: tuple[LeanOption, ...],
    ):
        self.wire = wire
        self.flags = flags
        self.sections = sections
        self.opt = opt
        self.options = options
        self.full: dns.message.Message | None = None  # the dnspython Message, once made

    pad = 0  # a reply is not padded by us
    tsig = None  # a signed reply goes to dnspython

    @property
    def id(self) -> int:
        wire = self.wire
        return wire[0] << 8 | wire[1]

    def opcode(self) -> int:
        return (self.flags >> 11) & 0xF

    def rcode(self) -> int:
        opt = self.opt  # the extended rcode's high bits are in its TTL field
        return self.flags & 0xF if opt is None else (self.flags & 0xF) | ((opt.ttl >> 20) & 0xFF0)

    @property
    def question(self) -> Sequence[LeanRecord]:
        return self.sections[0]

    @property
    def answer(self) -> Sequence[LeanRecord]:
        return self.sections[1]

    @property
    def authority(self) -> Sequence[LeanRecord]:
        return self.sections[2]

    @property
    def additional(self) -> Sequence[LeanRecord]:
        return self.sections[3]

    @property
    def edns(self) -> int:
        return -1 if self.opt is None else (self.opt.ttl >> 16) & 0xFF

    @property
    def ednsflags(self) -> int:
        return 0 if self.opt is None else self.opt.ttl

    @property
    def payload(self) -> int:
        return 0 if self.opt is None else self.opt.rdclass
