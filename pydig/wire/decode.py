"""A reply's bytes -> a dnspython message, judged as dig 9.18 judges it.

dig parses replies in best-effort mode (lib/dns/message.c with BESTEFFORT and
IGNORETRUNCATION): a reply that ends too early, or breaks a rule about where
records may be, is shown as far as it goes with ";; Warning: Message parser
reports malformed message packet."; a broken name or record data is a bad
packet.  dnspython parses all or nothing, so a walk over the message with
dnspython's own wire parser decides first, in dig's terms, and dnspython then
parses the part dig would show.  The walk also counts the bytes after the end
(dig's ";; WARNING: Message has N extra bytes at end", which dnspython's
ignore_trailing hides), keeps the TTLs above 2^31 that dnspython turns to 0, and
lets an OPT or TSIG record in the wrong place through as the plain record dig
shows, where dnspython would refuse the whole message.

Most replies need none of that: dnspython parses them whole, and nothing in them is a
case where dig and dnspython differ.  Those are parsed once, without the walk, which
would parse every name and record a second time (`parsed_plainly`).
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.OPT
import dns.rrset
import dns.wire

from pydig.immutable import immutable, mutable
from pydig.wire.bind_options import any_refused  # its import registers BIND's option rules
from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage
from pydig.wire.protocol import HEADER_SIZE

if TYPE_CHECKING:
    from pydig.model.message import MessageView

OPCODE_BITS = 0x7800
RR_FIXED_SIZE = 10  # type, class, TTL, RDLENGTH
# A private-use type that dnspython keeps as opaque data: a misplaced OPT or TSIG record
# is parsed under it, then put back as what it is.
_STAND_IN_TYPE = 65534
# Record data of a fixed size: BIND reads only that much, so a shorter RDLENGTH is an
# unexpected end and a longer one "extra input data".
_FIXED_RDATA_SIZE: dict[tuple[int, int], int] = {
    (dns.rdataclass.IN, dns.rdatatype.A): 4,
    (dns.rdataclass.IN, dns.rdatatype.AAAA): 16,
}
ATMA = 34
_BASE32HEX = "0123456789abcdefghijklmnopqrstuv"
# Unpadded base32hex: the bits of the last digit that must be 0, by digits in the last group.
_BASE32_SPARE_BITS = {0: 0, 2: 0x03, 4: 0x0F, 5: 0x01, 7: 0x07}


def nsec3_owner_ok(name: dns.name.Name) -> bool:
    """BIND's checkowner_nsec3: the first label is base32hex without padding (a hash);
    a reply with any other NSEC3 owner is a bad packet, "bad owner name (check-names)"."""
    label = name.labels[0] if name.labels else b""
    text = label.decode("latin-1").lower()
    spare = _BASE32_SPARE_BITS.get(len(text) % 8)
    if spare is None or any(char not in _BASE32HEX for char in text):
        return False
    return not text or _BASE32HEX.index(text[-1]) & spare == 0


def _bind_refuses(rdclass: int, rdtype: int, data: bytes) -> bool:
    """Record data dnspython keeps as opaque bytes but BIND's fromwire refuses (FORMERR):
    an ATMA E.164 address must be digits (lib/dns/rdata/in_1/atma_34.c)."""
    if (rdclass, rdtype) == (dns.rdataclass.IN, ATMA):
        return len(data) >= 2 and data[0] == 1 and not data[1:].isdigit()
    return False


class BadPacket(Exception):
    """A reply dig would not show: ";; Got bad packet: REASON" and a dump of its bytes."""

    def __init__(self, reason: str, wire: bytes) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wire = wire

    def report(self) -> str:
        """dig's lines for it, without the final newline."""
        return f";; Got bad packet: {self.reason}\n{hex_dump(self.wire)}"


@immutable
class Decoded:
    """A reply as dig would show it, and what dig's best-effort parser noticed on the way.
    The message is a dnspython Message, or for a common reply the lean reader's records
    (pydig/wire/lean.py): what the renderers read is the same (pydig/model/message.py)."""

    message: MessageView
    extra_bytes: int  # bytes after the last one dig would parse
    malformed: bool  # dig's best-effort parser met a problem it could step over


def hex_dump(wire: bytes) -> str:
    """dighost.c's hex_dump: the size, then 16 bytes a line in hex and as text."""
    lines = [f"{len(wire)} bytes"]
    for start in range(0, len(wire), 16):
        chunk = wire[start : start + 16]
        hex_part = "".join(f"{byte:02x} " for byte in chunk).ljust(48)
        text = "".join(chr(byte) if 0x21 <= byte <= 0x7D else "." for byte in chunk)
        lines.append(f"{hex_part}         {text}")
    return "\n".join(lines)


def malformed_warning() -> str:
    return ";; Warning: Message parser reports malformed message packet."


# --- the walk ------------------------------------------------------------------------------


class _Parser(dns.wire.Parser):
    """dnspython's parser, noting when a read ran past the end of the data (not of a
    restricted part of it): BIND's "unexpected end of input", which best effort forgives."""

    ran_out = False

    def get_bytes(self, size: int) -> bytes:
        if size > self.remaining():
            self.ran_out = self.end == len(self.wire)
        return super().get_bytes(size)

    @contextlib.contextmanager
    def restrict_to(self, size: int) -> Iterator[None]:
        if size > self.remaining():
            self.ran_out = self.end == len(self.wire)
        with super().restrict_to(size):
            yield


class _Stop(Exception):
    """The message ends too early: dig shows what came before (IGNORETRUNCATION)."""

    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


class _Fatal(Exception):
    """dig's parse fails: the argument is BIND's text for the result code."""


def _fatal_reason(exc: Exception) -> str:
    if isinstance(exc, dns.name.BadPointer | dns.name.PointerChainTooLong):
        return "bad compression pointer"
    if isinstance(exc, dns.name.BadLabelType):
        return "bad label type"
    if isinstance(exc, dns.name.NameTooLong):
        return "name too long"
    return "FORMERR"


def _read_name(parser: _Parser) -> dns.name.Name:
    start = parser.current
    try:
        return parser.get_name(decompress=True)
    except Exception as exc:  # dnspython raises more than DNSException on bad input
        if parser.ran_out:
            raise _Stop(start) from None
        raise _Fatal(_fatal_reason(exc)) from None


def _check_rdata(
    wire: bytes, start: int, length: int, rdclass: int, rdtype: int
) -> dns.rdata.Rdata:
    """Parse one record's data as dnspython will; raise _Stop or _Fatal as BIND would."""
    fixed = _FIXED_RDATA_SIZE.get((rdclass, rdtype))
    if _bind_refuses(rdclass, rdtype, wire[start : start + length]):
        raise _Fatal("FORMERR")
    if fixed is not None and length < fixed:
        raise _Stop(start)
    if fixed is not None and length > fixed:
        raise _Fatal("extra input data")
    parser = _Parser(wire[: start + length], start)
    try:
        rdata = dns.rdata.from_wire_parser(rdclass, rdtype, parser)  # type: ignore[arg-type]
    except Exception as exc:  # dnspython raises more than DNSException on bad input
        if parser.ran_out:
            raise _Stop(start) from None
        if rdtype == dns.rdatatype.OPT:  # an option breaking its own rules (EDE, ECS...)
            raise _Fatal("malformed OPT option") from None
        raise _Fatal(_fatal_reason(exc)) from None
    if parser.current != start + length:
        raise _Fatal("extra input data")
    if isinstance(rdata, dns.rdtypes.ANY.OPT.OPT) and any_refused(rdata.options):
        raise _Fatal("malformed OPT option")
    return rdata


@immutable
class _StandIn:
    """A misplaced OPT or TSIG record: dnspython parses it as opaque data of another
    type, and it is then put back at its place in the section."""

    section: int
    index: int  # among the section's RRsets
    type_offset: int  # where its TYPE field is in the wire
    rrset: dns.rrset.RRset


@mutable
class _Walk:
    """What the walk found: how much dnspython may parse, and dig's verdicts."""

    kept: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # items per section
    end: int = HEADER_SIZE  # the offset after the last item walked
    malformed: bool = False
    # The TTL as sent of each RRset dnspython will make (one per record, OPT and TSIG
    # in their place excepted), section by section.
    ttls: list[list[int]] = field(default_factory=lambda: [[], [], [], []])
    stand_ins: list[_StandIn] = field(default_factory=list)
    question_class: int | None = None
    opt_seen: bool = False

    def keep(self, section: int, end: int, ttl: int | None = None) -> None:
        self.end = end
        self.kept[section] += 1
        if ttl is not None:
            self.ttls[section].append(ttl)


def _walk_questions(wire: bytes, parser: _Parser, count: int, walk: _Walk) -> None:
    seen: list[tuple[dns.name.Name, int, int]] = []
    for _ in range(count):
        start = parser.current
        name = _read_name(parser)
        if parser.remaining() < 4:
            raise _Stop(start)
        rdtype, rdclass = struct.unpack("!HH", parser.get_bytes(4))
        # BIND allows one name in the question section, each type once, one class.
        if (seen and name != seen[0][0]) or (name, rdtype, rdclass) in seen:
            walk.malformed = True
        if walk.question_class is not None and rdclass != walk.question_class:
            walk.malformed = True
        walk.question_class = rdclass
        seen.append((name, rdtype, rdclass))
        walk.keep(0, parser.current)


def _walk_records(
    wire: bytes, parser: _Parser, section: int, count: int, walk: _Walk, opcode: int
) -> None:
    for position in range(count):
        name = _read_name(parser)
        if parser.remaining() < RR_FIXED_SIZE:
            raise _Stop(parser.current)
        rdtype, rdclass, ttl, length = struct.unpack("!HHIH", parser.get_bytes(RR_FIXED_SIZE))
        if parser.remaining() < length:
            raise _Stop(parser.current)
        misplaced = (
            rdtype == dns.rdatatype.OPT
            and (section != 3 or walk.opt_seen or name != dns.name.root)
        ) or (
            rdtype == dns.rdatatype.TSIG
            and (section != 3 or rdclass != dns.rdataclass.ANY or position != count - 1)
        )  # fmt: skip
        special = rdtype in (dns.rdatatype.OPT, dns.rdatatype.TSIG) and not misplaced
        walk.malformed = walk.malformed or misplaced
        if rdtype not in (
            dns.rdatatype.OPT,
            dns.rdatatype.TSIG,
            dns.rdatatype.KEY,
            dns.rdatatype.SIG,
        ):
            if walk.question_class is None:
                walk.question_class = rdclass
            elif (
                opcode != dns.opcode.UPDATE
                and walk.question_class != dns.rdataclass.ANY
                and rdclass != walk.question_class
            ):
                walk.malformed = True  # BIND: a record of another class than the question's
        rdata_start = parser.current
        rdata = _check_rdata(wire, rdata_start, length, rdclass, rdtype)
        if rdtype == dns.rdatatype.NSEC3 and not nsec3_owner_ok(name):
            raise _Fatal("bad owner name (check-names)")
        if misplaced:
            rrset = dns.rrset.RRset(name, rdata.rdclass, rdata.rdtype)
            rrset.add(rdata, ttl)
            index = len(walk.ttls[section])
            walk.stand_ins.append(_StandIn(section, index, rdata_start - RR_FIXED_SIZE, rrset))
        parser.seek(rdata_start + length)
        walk.opt_seen = walk.opt_seen or rdtype == dns.rdatatype.OPT
        walk.keep(section, parser.current, None if special else ttl)


def _walk(wire: bytes) -> tuple[_Walk, int | None]:
    """The walk, and where it stopped early (None when it went to the end of the counts)."""
    import pydig.wire.rdtypes  # noqa: F401 - teaches dnspython MB, MINFO… before it reads one

    walk = _Walk()
    parser = _Parser(wire, HEADER_SIZE)
    counts = struct.unpack("!HHHH", wire[4:HEADER_SIZE])
    opcode = (wire[2] >> 3) & 0xF
    try:
        _walk_questions(wire, parser, counts[0], walk)
        for section in (1, 2, 3):
            _walk_records(wire, parser, section, counts[section], walk, opcode)
    except _Stop as stop:
        return walk, stop.at
    return walk, None


# --- the parse -----------------------------------------------------------------------------


def _for_dnspython(wire: bytes, walk: _Walk) -> bytes:
    """The part of the reply that dig shows, in a form dnspython parses: the counts made
    to match what the walk kept, misplaced OPT and TSIG records under a stand-in type."""
    counts = list(struct.unpack("!HHHH", wire[4:HEADER_SIZE]))
    if walk.end == len(wire) and counts == walk.kept and not walk.stand_ins:
        return wire
    data = bytearray(wire[: walk.end])
    data[4:HEADER_SIZE] = struct.pack("!HHHH", *walk.kept)
    for stand_in in walk.stand_ins:
        data[stand_in.type_offset : stand_in.type_offset + 2] = struct.pack("!H", _STAND_IN_TYPE)
    return bytes(data)


def _put_back(message: dns.message.Message, walk: _Walk) -> None:
    """What dnspython changed, as dig shows it: TTLs above 2^31-1, which dnspython reads
    as 0 (RFC 2181), and the misplaced OPT and TSIG records."""
    for section in (1, 2, 3):
        rrsets = message.sections[section]
        for rrset, ttl in zip(rrsets, walk.ttls[section], strict=False):
            if ttl > 0x7FFFFFFF:
                rrset.ttl = ttl
    for stand_in in walk.stand_ins:
        message.sections[stand_in.section][stand_in.index] = stand_in.rrset


def parse_any_opcode(wire: bytes, *, ignore_trailing: bool = True) -> dns.message.Message:
    """dnspython parses an UPDATE by UPDATE's rules (the zone section must hold one SOA
    question, say), which dig does not apply to what it prints, as +opcode=update
    shows: the message is parsed as a QUERY and given its own flags back."""
    import pydig.wire.rdtypes  # noqa: F401 - teaches dnspython MB, MINFO… before it reads one

    flags = int.from_bytes(wire[2:4], "big")
    as_query = wire[:2] + (flags & ~OPCODE_BITS).to_bytes(2, "big") + wire[4:]
    message = dns.message.from_wire(
        as_query, one_rr_per_rrset=True, ignore_trailing=ignore_trailing, keyring=False
    )
    message.flags = dns.flags.Flag(flags)
    return message


# Types whose records the walk judges by BIND's rules beyond dnspython's.
_WALK_JUDGES = frozenset({dns.rdatatype.NSEC3, ATMA})


def parsed_plainly(wire: bytes) -> dns.message.Message | None:
    """The reply as dnspython parses it whole, when that is exactly what the walk would
    give; None when the walk must decide: dnspython refuses it or finds bytes after
    the end, or it holds something where dig's rules and dnspython's part (more than
    one question, records of another class, a TTL dnspython may have turned to 0, a
    TSIG record, NSEC3 owners, ATMA data, an EDNS option BIND refuses)."""
    try:
        message = parse_any_opcode(wire, ignore_trailing=False)
    except Exception:  # dnspython raises more than DNSException on bad input
        return None
    if len(message.question) > 1 or message.tsig is not None or any_refused(message.options):
        return None
    rdclass = message.question[0].rdclass if message.question else None
    for section in message.sections[1:]:
        for rrset in section:
            rdclass = rrset.rdclass if rdclass is None else rdclass
            if rrset.rdclass != rdclass or rrset.ttl == 0 or rrset.rdtype in _WALK_JUDGES:
                return None
    return message


def decode_reply(wire: bytes, *, best_effort: bool = True, lean: bool = True) -> Decoded:
    """The reply as dig would show it; BadPacket when dig would say "Got bad packet".
    Under +nobesteffort what best effort steps over is a bad packet too.  A reply the lean
    reader is sure of is read by it (unless lean is False), any other by dnspython."""
    if len(wire) < HEADER_SIZE:
        raise BadPacket("unexpected end of input", wire)
    records = read_lean(wire) if lean else None
    if records is not None:
        return Decoded(message=records, extra_bytes=0, malformed=False)
    plain = parsed_plainly(wire)
    if plain is not None:
        return Decoded(message=plain, extra_bytes=0, malformed=False)
    return decoded_by_walk(wire, best_effort=best_effort)


def decoded_by_walk(wire: bytes, *, best_effort: bool = True) -> Decoded:
    """decode_reply for a reply of at least a header, always by way of the walk."""
    try:
        walk, stopped_at = _walk(wire)
    except _Fatal as exc:
        raise BadPacket(str(exc), wire) from None
    if not best_effort and walk.malformed:  # met before any early end: the walk stops there
        raise BadPacket("FORMERR", wire)
    if not best_effort and stopped_at is not None:
        raise BadPacket("unexpected end of input", wire)
    try:
        message = parse_any_opcode(_for_dnspython(wire, walk))
    except Exception as exc:  # the walk should have caught it; never let it escape
        raise BadPacket(f"FORMERR ({type(exc).__name__})", wire) from None
    _put_back(message, walk)
    end = walk.end if stopped_at is None else stopped_at
    return Decoded(
        message=message,
        extra_bytes=len(wire) - end,
        malformed=walk.malformed or stopped_at is not None,
    )


def full_message(message: MessageView) -> dns.message.Message:
    """The reply as a dnspython Message, for what reads more of it than the renderers do
    (following referrals, a transfer's serials): made from a lean reply once, when asked."""
    if isinstance(message, dns.message.Message):
        return message
    if not isinstance(message, LeanMessage):
        raise TypeError(f"not a message: {type(message).__name__}")
    if message.full is None:
        message.full = parse_any_opcode(message.wire, ignore_trailing=False)
    return message.full
