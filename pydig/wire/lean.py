"""The lean reader: a reply's bytes -> LeanMessage, for the replies it is sure of.

It reads the header, the question, each record's framing and the OPT record itself, and
the data of the common types (A, AAAA, NS, CNAME, DNAME, PTR, MX, TXT, SOA, SRV, CAA)
into the uncompressed wire form the renderers print from; the data of any other type is
read by dnspython's rdata parser (dns.rdata.from_wire_parser).  It follows dnspython's
message parser exactly (compression pointers only backwards and never into the name they
come from, RDLENGTH consumed exactly, no bytes after the end) and stays inside what
pydig.wire.decode.parsed_plainly accepts, so that its records are the ones dnspython's
Message would hold.  Whatever it is not sure of gives None and the reply goes whole to
the dnspython path (decode.py): a bad pointer or label, counts that do not match the
data, bytes after the end, more than one question, a TSIG or a misplaced OPT record, a
TTL above 2^31-1, records of another class than the question's, NSEC3 and ATMA (which
decode.py judges by BIND's rules), and any record data a common type's rules refuse.
"""

from __future__ import annotations

import struct
from typing import TypeAlias

import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.wire

from pydig.wire.lean_message import (
    OPT,
    LeanMessage,
    LeanOption,
    LeanQuestion,
    LeanRecord,
    Sections,
)
from pydig.wire.options import bind_accepts
from pydig.wire.protocol import QR, TC

_WHOLE_HEADER = struct.Struct("!HHHHHH")  # the ID, the flags and the four counts
_QUESTION = struct.Struct("!HH")
_RR = struct.Struct("!HHIH")
_OPCODE_BITS = 0x7800
# The header bits of a plain answer: QR, opcode QUERY, no TC; RCODE NOERROR or NXDOMAIN
# (plain ints, made of protocol.py's plain-int flags).
_CHECKED_BITS = QR | _OPCODE_BITS | TC | 0x000F
_PLAIN_ANSWERS = frozenset({QR | int(dns.rcode.NOERROR), QR | int(dns.rcode.NXDOMAIN)})
_MAX_HOPS = dns.name.MAX_COMPRESSION_POINTER_CHAIN
_MAX_NAME = 255
_TO_QUESTION = b"\xc0\x0c"  # a compression pointer to the question's name, at offset 12

_T = dns.rdatatype
_IN = int(dns.rdataclass.IN)
_A = int(_T.A)
_ONE_NAME = frozenset({_T.NS, _T.CNAME, _T.PTR})  # compressed or not, as dnspython reads them
# Types decode.py judges by BIND's rules beyond dnspython's (its _WALK_JUDGES), and the
# TSIG record, which dnspython checks against a keyring.
_NOT_LEAN = frozenset({_T.NSEC3, 34, _T.TSIG})  # 34: ATMA


# The sections answer_only does not keep, for every reply read so (never added to).
_UNKEPT: list[LeanRecord] = []


class _Unsure(Exception):
    """The reply goes to the dnspython path."""


# A name read at an offset: its uncompressed wire form, the offset after it in the data
# it was read from, and the compression pointers followed.  Its labels are not split
# out: a record's owner becomes a dnspython Name only when something reads it.
_NameEntry: TypeAlias = "tuple[bytes, int, int]"


class _Reader:
    """The message's bytes, and the names read so far by where they start: a reply names
    its question many times over, by compression pointers to it."""

    __slots__ = ("lowest", "names", "wire")

    def __init__(self, wire: bytes) -> None:
        self.wire = wire
        self.names: dict[int, _NameEntry] = {}
        # The lowest offset a compression pointer has led to since it was last set; -1
        # once dnspython's rdata parser has read a record (it may follow pointers too).
        self.lowest = len(wire)

    def name(self, pos: int, limit: int, *, max_hops: int = _MAX_HOPS) -> _NameEntry:
        """The name at pos, read as dns.name.from_wire_parser reads it: data from limit on
        is out of reach, and a pointer must go back before the last pointer's target and
        leaves out of reach the part of the name it came from.  max_hops=0: a name that
        dnspython does not let be compressed (DNAME's target)."""
        wire, names = self.wire, self.names
        start = biggest = top = pos
        hops, after = 0, -1
        pieces: list[bytes] = []
        while True:
            # a name read before from here, when it was read under the same rules: from
            # the start of a piece, where the last pointer's target is here too
            known = names.get(pos) if pos == start else None
            if known is not None and known[1] <= limit and hops + known[2] <= max_hops:
                if not pieces:  # all of it read before: the commonest, a pointer to a name
                    if after < 0:
                        return known
                    entry = (known[0], after, hops + known[2])
                else:  # labels read so far, then a name read before
                    data = b"".join(pieces) + known[0]
                    if len(data) > _MAX_NAME:
                        raise _Unsure
                    entry = (data, known[1] if after < 0 else after, hops + known[2])
                names[top] = entry
                return entry
            if pos >= limit:
                raise _Unsure
            count = wire[pos]
            if count == 0:
                pos += 1
                break
            if count < 64:
                end = pos + 1 + count
                if end > limit:
                    raise _Unsure
                pieces.append(wire[pos:end])
                pos = end
            elif count >= 192 and pos + 2 <= limit:
                target = (count & 0x3F) << 8 | wire[pos + 1]
                hops += 1
                if target >= biggest or hops > max_hops:
                    raise _Unsure
                if target < self.lowest:
                    self.lowest = target
                if after < 0:
                    after = pos + 2
                limit = start  # dnspython's restrict_end(start)
                biggest = pos = start = target
            else:
                raise _Unsure
        pieces.append(b"\0")
        data = b"".join(pieces)
        if len(data) > _MAX_NAME:
            raise _Unsure
        entry = (data, pos if after < 0 else after, hops)
        names[top] = entry
        return entry

    def name_at_end(self, pos: int, end: int, *, max_hops: int = _MAX_HOPS) -> bytes:
        """A name that must fill the record data up to end."""
        data, after, _ = self.name(pos, end, max_hops=max_hops)
        if after != end:
            raise _Unsure
        return data

    def rdata(self, rdclass: int, rdtype: int, pos: int, end: int) -> bytes:
        """A record's data, names uncompressed."""
        wire = self.wire
        size = end - pos
        if rdtype in _ONE_NAME:
            return self.name_at_end(pos, end)
        if rdtype == _T.DNAME:
            return self.name_at_end(pos, end, max_hops=0)
        if rdclass == _IN and rdtype == _T.A:
            if size != 4:
                raise _Unsure
            return wire[pos:end]
        if rdclass == _IN and rdtype == _T.AAAA:
            if size != 16:
                raise _Unsure
            return wire[pos:end]
        if rdtype == _T.MX and size > 2:
            return wire[pos : pos + 2] + self.name_at_end(pos + 2, end)
        if rdtype == _T.TXT:
            return _txt(wire, pos, end)
        if rdtype == _T.SOA:
            mname, after, _ = self.name(pos, end)
            rname, after, _ = self.name(after, end)
            if end - after != 20:
                raise _Unsure
            return mname + rname + wire[after:end]
        if rdclass == _IN and rdtype == _T.SRV and size > 6:
            return wire[pos : pos + 6] + self.name_at_end(pos + 6, end)
        if rdtype == _T.CAA and size >= 2:
            tag_end = pos + 2 + wire[pos + 1]
            if tag_end > end or not wire[pos + 2 : tag_end].isalnum():
                raise _Unsure
            return wire[pos:end]
        if rdtype in _NOT_LEAN:
            raise _Unsure
        return self._by_dnspython(rdclass, rdtype, pos, size)

    def _by_dnspython(self, rdclass: int, rdtype: int, pos: int, size: int) -> bytes:
        """Any other type, by dnspython's own rdata parser, as its message parser calls it."""
        # Teach dnspython BIND's rules for EDNS options, and MB, MINFO…, before it reads one.
        import pydig.wire.bind_options
        import pydig.wire.rdtypes  # noqa: F401

        self.lowest = -1
        parser = dns.wire.Parser(self.wire, pos)
        try:
            with parser.restrict_to(size):
                rdata = dns.rdata.from_wire_parser(rdclass, rdtype, parser)  # type: ignore[arg-type]
        except Exception:  # dnspython raises more than DNSException on bad input
            raise _Unsure from None
        return rdata.to_wire() or b""


def _txt(wire: bytes, pos: int, end: int) -> bytes:
    """TXT data: one or more counted strings, filling it exactly."""
    at = pos
    while at < end:
        at += 1 + wire[at]
    if at != end or pos == end:
        raise _Unsure
    return wire[pos:end]


def _options(data: bytes) -> tuple[tuple[LeanOption, ...], bytes]:
    """The OPT record's options, as their bytes (as pydig/wire/bind_options.py has dnspython
    keep them); an option BIND's parser refuses makes the reply dig's bad packet, which
    decode.py reports."""
    options = []
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise _Unsure
        code, length = _QUESTION.unpack_from(data, pos)
        pos += 4
        value = data[pos : pos + length]
        if len(value) != length or not bind_accepts(code, value):
            raise _Unsure
        pos += length
        options.append(LeanOption(code, value))
    return tuple(options), data


# The sections after the answer as read before, by their bytes, where they start and
# what reading them depends on besides (the class of the records before them, their
# counts, whether their records are kept): the OPT record, its options, and their
# records (None when there are none, as with answer_only).  A batch's or a sweep's
# replies repeat them byte for byte (the zone's servers and their addresses); only a
# reading that followed no pointer to before them is kept here (and none that
# dnspython's rdata parser made), so that the same bytes read the same.  A record is
# never changed once read, so they are shared: the messages hold these very tuples as
# their sections (LeanMessage.sections).
_Tail: TypeAlias = "tuple[int, int | None, int, int, int, bytes]"
_TailRead: TypeAlias = (
    "tuple[LeanRecord | None, tuple[LeanOption, ...],"
    " tuple[tuple[LeanRecord, ...], tuple[LeanRecord, ...]] | None]"
)
_TAILS: dict[_Tail, _TailRead] = {}
_TAILS_KEPT = 256  # then the table starts again


def read_lean(
    wire: bytes,
    *,
    answer_only: bool = False,
    query: bytes | None = None,
    question_end: int = 0,
) -> LeanMessage | None:
    """The reply as lean records, or None when it must go to the dnspython path.
    answer_only: the question and the records after the answer section (but the OPT
    record) are read and judged as strictly, but not kept: those sections come back
    empty, for +short, which shows nothing of them.  query: the wire form of a query
    (opcode QUERY, one question, which ends at question_end) that the reply must plainly
    answer, else None: its ID, QR, no TC, NOERROR or NXDOMAIN in the header (the OPT
    record's upper RCODE bits are the caller's to judge: plain.plain_rcode), and the
    question the same bytes as the query's, whose name is then not read through again.
    (One function, not a try around a reader's call, nor a check of the header before
    it: every reply of a batch comes here, through plain.plain_reply or the express
    lane.)"""
    kept = 2 if answer_only else 4  # the sections whose records are kept
    try:
        size = len(wire)
        # struct.error when it is shorter than a header
        header = _WHOLE_HEADER.unpack_from(wire)
        # the four counts are header[2:], read where they stand (a slice makes a tuple)
        flags = header[1]
        if query is None:
            if header[2] > 1:
                raise _Unsure
            # dnspython parses every opcode as a QUERY (decode.py): names read through
            # pointers into the header see it that way too
            text = (
                wire[:2] + (flags & ~_OPCODE_BITS).to_bytes(2, "big") + wire[4:]
                if flags & _OPCODE_BITS
                else wire
            )
        elif (
            header[0] != query[0] << 8 | query[1]
            or flags & _CHECKED_BITS not in _PLAIN_ANSWERS
            or header[2] != 1
            or not wire.startswith(query[12:question_end], 12)
        ):
            return None  # not plainly the answer to the query
        else:
            text = wire  # opcode QUERY
        # made when a name or record data needs more than the commonest reading below
        # (the names read so far are its own: none before it is made)
        reader: _Reader | None = None
        answer: list[LeanRecord] = []
        sections: tuple[list[LeanRecord], list[LeanRecord], list[LeanRecord], list[LeanRecord]] = (
            (_UNKEPT, answer, _UNKEPT, _UNKEPT) if answer_only else ([], answer, [], [])
        )
        pos = 12
        rdclass_seen = None
        # the question's name when it is known to be uncompressed (the query's): an owner
        # that points to it, the commonest of all, is read at a glance
        question_name: bytes | None = None
        if header[2]:
            if query is None:
                reader = _Reader(text)
                name, pos, _ = reader.name(pos, size)
            else:  # the query's own name, well formed and uncompressed: what reader.name()
                # would find there (and reads again should a name point into it: not kept
                # in names, for the owners that point to it all are read here at a glance)
                pos = question_end - 4
                name = question_name = text[12:pos]
            rdtype, rdclass_seen = _QUESTION.unpack_from(text, pos)
            pos += 4
            if not answer_only:
                sections[0].append(LeanQuestion(name, rdtype, rdclass_seen))
        opt: LeanRecord | None = None
        options: tuple[LeanOption, ...] = ()
        tail: _Tail | None = None  # set once the answer has been read
        lowest = size  # the lowest pointer target of an owner read here
        for section in (1, 2, 3):
            if section == 2:  # the rest may have been read before
                tail = (pos, rdclass_seen, header[4], header[5], kept, wire[pos:])
                known_tail = _TAILS.get(tail)
                if known_tail is not None:
                    opt, options, rest = known_tail
                    shared: Sections = sections  # when both are empty (answer_only's)
                    if rest is not None:  # an empty one is the reply's own
                        authority, additional = rest[0] or sections[2], rest[1] or sections[3]
                        shared = (sections[0], answer, authority, additional)
                    return LeanMessage(wire, flags, shared, opt, options)
                lowest = size
                if reader is not None:
                    reader.lowest = size
            records = sections[section]
            keep = section < kept
            for _ in range(header[section + 2]):
                # The commonest owners, a pointer to the question's name, or else to a
                # name read before, read here as reader.name() would read them (backwards,
                # the name's own end before it).
                if question_name is not None and text.startswith(_TO_QUESTION, pos):
                    name = question_name
                    # (a lower one, into the header, is as far before any tail: below)
                    lowest = 12
                    pos += 2
                else:
                    known = None
                    if text[pos] >= 192 and pos + 2 <= size:
                        target = (text[pos] & 0x3F) << 8 | text[pos + 1]
                        if reader is not None and target < pos:
                            known = reader.names.get(target)
                    if known is not None and known[1] <= pos and known[2] < _MAX_HOPS:
                        name = known[0]
                        if target < lowest:
                            lowest = target
                        pos += 2
                    else:
                        reader = reader or _Reader(text)
                        name, pos, _ = reader.name(pos, size)
                rdtype, rdclass, ttl, length = _RR.unpack_from(text, pos)
                pos += 10
                end = pos + length
                if end > size:
                    raise _Unsure
                if rdtype == OPT:
                    if section != 3 or opt is not None or name != b"\0":
                        raise _Unsure
                    options, data = _options(text[pos:end])
                    opt = LeanRecord(name, OPT, rdclass, ttl, data)
                else:
                    if rdclass_seen is None:
                        rdclass_seen = rdclass
                    if rdclass != rdclass_seen or ttl > 0x7FFFFFFF:
                        raise _Unsure
                    if rdtype == _A and rdclass == _IN and length == 4:  # the commonest data
                        data = text[pos:end]
                    else:
                        reader = reader or _Reader(text)
                        data = reader.rdata(rdclass, rdtype, pos, end)
                    if keep:
                        records.append(LeanRecord(name, rdtype, rdclass, ttl, data))
                pos = end
        if pos != size:
            raise _Unsure
        if tail is not None and min(lowest, size if reader is None else reader.lowest) >= tail[0]:
            if len(_TAILS) >= _TAILS_KEPT:
                _TAILS.clear()
            rest = (tuple(sections[2]), tuple(sections[3]))
            if rest[0] or rest[1]:  # an empty section stays the reply's own list
                _TAILS[tail] = (opt, options, rest)
                shared = (sections[0], answer, rest[0] or sections[2], rest[1] or sections[3])
                return LeanMessage(wire, flags, shared, opt, options)
            _TAILS[tail] = (opt, options, None)
        return LeanMessage(wire, flags, sections, opt, options)
    except (_Unsure, IndexError, struct.error):
        return None
