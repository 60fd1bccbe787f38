"""What the renderers and a lookup's checks read of a message: a dnspython Message has it,
and so do the lean records of pydig/wire/lean.py, which a common reply is read into
without making any dnspython objects.

Every record is an RRset of its own (dnspython's one_rr_per_rrset), and record data is read
in its uncompressed wire form, which is what render/records prints from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

if TYPE_CHECKING:  # what is read of a message, for the type checker only: a Protocol costs a start
    from collections.abc import Iterator, Sequence
    from typing import Protocol

    class RecordData(Protocol):
        """One record's data (a dnspython Rdata, or a lean record)."""

        @property
        def rdtype(self) -> int: ...

        @property
        def rdclass(self) -> int: ...

        def to_wire(self) -> bytes | None:
            """The data, names uncompressed."""

    class RecordSet(Protocol):
        """A question, or a set of records of one owner, class and type."""

        @property
        def name(self) -> dns.name.Name: ...

        @property
        def rdtype(self) -> int: ...

        @property
        def rdclass(self) -> int: ...

        @property
        def ttl(self) -> int: ...

        def __iter__(self) -> Iterator[RecordData]: ...

        def __len__(self) -> int: ...

    class EdnsOption(Protocol):
        @property
        def otype(self) -> int: ...

        def to_wire(self) -> bytes | None:
            """The option's data, without its code and length."""

    class MessageView(Protocol):
        """A message's header, sections and EDNS, as dnspython's Message presents them."""

        @property
        def id(self) -> int: ...

        @property
        def flags(self) -> int: ...

        def opcode(self) -> int: ...

        def rcode(self) -> int:
            """With the extended bits of an OPT record."""

        @property
        def sections(self) -> Sequence[Sequence[RecordSet]]: ...

        @property
        def question(self) -> Sequence[RecordSet]: ...

        @property
        def answer(self) -> Sequence[RecordSet]: ...

        @property
        def authority(self) -> Sequence[RecordSet]: ...

        @property
        def additional(self) -> Sequence[RecordSet]:
            """Without the OPT and TSIG records."""

        @property
        def edns(self) -> int:
            """The EDNS version, or -1 without an OPT record."""

        @property
        def ednsflags(self) -> int:
            """The OPT record's TTL field: extended rcode, version and flags."""

        @property
        def payload(self) -> int: ...

        @property
        def options(self) -> Sequence[EdnsOption]: ...

        @property
        def pad(self) -> int:
            """The padding a query is sent with (0 for a reply)."""

        @property
        def opt(self) -> RecordSet | None: ...

        @property
        def tsig(self) -> RecordSet | None: ...


def as_rdata(rdata: RecordData) -> dns.rdata.Rdata:
    """A record's data as a dnspython Rdata, for what reads its fields (an SOA's serial,
    dnspython's text): the lean reader's is made from its bytes, when asked."""
    if isinstance(rdata, dns.rdata.Rdata):
        return rdata
    data = rdata.to_wire() or b""
    return dns.rdata.from_wire(
        dns.rdataclass.RdataClass.make(rdata.rdclass),
        dns.rdatatype.RdataType.make(rdata.rdtype),
        data,
        0,
        len(data),
    )
