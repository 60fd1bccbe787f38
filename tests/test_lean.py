"""The lean reader (pydig/wire/lean.py): what it takes, what it leaves to dnspython, and
that a reply it takes is shown exactly as the dnspython path shows it, in every view.

The million-reply run is
`PYTHONPATH=tests uv run python -m helpers.lean_differential --count 1000000`; here
a bounded share of it, the recorded replies and every record the test named serves.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.rdatatype
import pytest
from helpers.fuzz_replies import Job, Style, all_styles, mutants, query_like, seeds
from helpers.lean_differential import differences, fields, run
from helpers.testbed import ZONE_FILES, Named
from test_records_dig import transfer
from test_testbed import ask_udp

from pydig.render.dig import header_lines
from pydig.wire.decode import decode_reply, full_message
from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage
from pydig.wire.plain import plain_reply

RESPONSES = Path(__file__).resolve().parent.parent / "fixtures" / "responses"
TYPICAL = ("host.example.test_A", "10.2.0.192.in-addr.arpa_PTR", "example.test_MX")
TYPICAL += ("txt.example.test_TXT", "example.test_SOA", "_sip._tcp.example.test_SRV")


@pytest.fixture(scope="module")
def styles() -> list[Style]:
    return all_styles()


def recorded(name: str) -> bytes:
    return (RESPONSES / f"{name}.bin").read_bytes()


@pytest.mark.parametrize("name", TYPICAL)
def test_typical_replies_make_no_dnspython_message(name: str) -> None:
    decoded = decode_reply(recorded(name))
    assert isinstance(decoded.message, LeanMessage)
    assert decoded.message.full is None


def test_recorded_replies_agree_in_every_view(styles: list[Style]) -> None:
    taken = 0
    for wire in seeds():
        assert differences(wire, query_like(wire), styles) == []
        taken += read_lean(wire) is not None
    assert taken >= len(seeds()) * 9 // 10


def test_fuzzed_replies_agree() -> None:
    tally = run(1500, seed=11)
    assert tally.lean > 100
    assert [found for _, found in tally.failures] == []


def test_fuzzed_replies_agree_in_every_view() -> None:
    tally = run(250, seed=12, every_style=True)
    assert tally.lean > 20
    assert [found for _, found in tally.failures] == []


def test_served_replies_agree_in_every_view(named: Named, styles: list[Style]) -> None:
    server = (named.address, named.port)
    asked = 0
    for zone in ZONE_FILES:
        for rrset in transfer(named, zone):
            for dnssec in (False, True):
                query = dns.message.make_query(rrset.name, rrset.rdtype, want_dnssec=dnssec)
                wire = ask_udp(server, query.to_wire())
                assert differences(wire, query, styles) == []
                asked += read_lean(wire) is not None
    assert asked > 50


def _with(wire: bytes, at: int, data: bytes) -> bytes:
    return wire[:at] + data + wire[at + len(data) :]


def _counts(wire: bytes, *counts: int) -> bytes:
    return _with(wire, 4, struct.pack("!HHHH", *counts))


A_REPLY = recorded("host.example.test_A")
QUESTION_END = 12 + len(b"\x04host\x07example\x04test\x00") + 4
AUTHORITY = QUESTION_END + 16  # after the answer's A record (a pointer for its owner)
ADDITIONAL = AUTHORITY + 2 * 18  # after two NS records, "ns1" and a pointer each


@pytest.mark.parametrize(
    "wire",
    [
        A_REPLY + b"\0",  # bytes after the end: dig warns
        A_REPLY[:-1],  # cut short
        _counts(A_REPLY, 2, *struct.unpack("!HHH", A_REPLY[6:12])),  # a second question
        _with(A_REPLY, QUESTION_END, b"\xc0\xff"),  # a pointer forwards
        _with(A_REPLY, QUESTION_END, b"\x80\x00"),  # a label type of no meaning
        _with(A_REPLY, QUESTION_END + 6, b"\x80\x00\x00\x00"),  # a TTL above 2^31-1
        _with(A_REPLY, QUESTION_END + 4, b"\x00\x03"),  # another class than the question's
        _with(A_REPLY, QUESTION_END + 2, b"\x00\x32"),  # NSEC3: decode.py judges its owner
        # beyond the answer, which +short reads without keeping (answer_only)
        _with(A_REPLY, AUTHORITY, b"\xc0\xff"),  # a pointer forwards
        _with(A_REPLY, AUTHORITY + 4, b"\x00\x03"),  # another class
        _with(A_REPLY, AUTHORITY + 10, b"\x00\x07"),  # NS data longer than its name
        _with(A_REPLY, ADDITIONAL, b"\x80\x00"),  # a label type of no meaning
        _with(A_REPLY, ADDITIONAL + 6, b"\x80\x00\x00\x00"),  # a TTL above 2^31-1
        _with(A_REPLY, ADDITIONAL + 10, b"\x00\x05"),  # an A record of 5 bytes
    ],
    ids=[
        "trailing", "cut", "two questions", "pointer", "label", "ttl", "class", "nsec3",
        "authority pointer", "authority class", "authority data", "additional label",
        "additional ttl", "additional data",
    ],
)  # fmt: skip
def test_unsure_replies_go_to_dnspython(wire: bytes) -> None:
    assert read_lean(wire) is None
    assert read_lean(wire, answer_only=True) is None


def test_answer_only_keeps_the_answer_alone() -> None:
    lean, short = read_lean(A_REPLY), read_lean(A_REPLY, answer_only=True)
    assert lean is not None and short is not None
    assert (len(lean.question), len(lean.authority), len(lean.additional)) == (1, 2, 3)
    assert (short.question, short.authority, short.additional) == ([], [], [])
    full, kept = fields(lean), fields(short)
    sections = full.pop("sections")
    assert isinstance(sections, list)
    assert kept.pop("sections") == [[], sections[1], [], []]
    assert kept == full


def test_record_data_dnspython_refuses_goes_to_dnspython() -> None:
    """A CAA tag must be letters and digits, a TXT hold a string, a DNAME's target be
    uncompressed: dnspython refuses the message otherwise, and so the lean reader declines."""
    reply = dns.message.make_response(dns.message.make_query("example.test.", "CAA"))
    base = reply.to_wire()
    owner = b"\xc0\x0c"
    for rdtype, data in (
        (dns.rdatatype.CAA, b"\x00\x03is-x"),
        (dns.rdatatype.TXT, b""),
        (dns.rdatatype.DNAME, b"\x01a\xc0\x0c"),
    ):
        record = owner + struct.pack("!HHIH", rdtype, 1, 60, len(data)) + data
        wire = _counts(base, 1, 1, 0, 0) + record
        assert read_lean(wire) is None


def test_full_message_is_dnspython_s_own() -> None:
    wire = recorded("example.test_MX")
    lean = decode_reply(wire).message
    full = full_message(lean)
    assert full == dns.message.from_wire(wire, one_rr_per_rrset=True)
    assert full.flags & dns.flags.QR
    assert full_message(lean) is full  # made once
    assert full_message(full) is full


@pytest.mark.parametrize(
    ("size", "lean"), [(8, True), (24, True), (40, True), (5, False), (12, False), (41, False)]
)
def test_cookies_dnspython_refuses_go_to_dnspython(size: int, lean: bool) -> None:
    """dnspython's CookieOption takes a client cookie of 8 bytes and a server cookie of
    none or 8 to 32; a reply with any other makes its parse fail (and dig's walk judge)."""
    reply = dns.message.make_response(dns.message.make_query("example.test.", "A"))
    reply.use_edns(0, options=[dns.edns.GenericOption(dns.edns.OptionType.COOKIE, b"c" * size)])
    assert (read_lean(reply.to_wire()) is not None) is lean


def _name_of(size: int) -> bytes:
    """A name of `size` bytes in wire form, its root label included."""
    labels, left = [], size - 1
    while left:
        length = min(63, left - 1)
        labels.append(bytes([length]) + b"a" * length)
        left -= length + 1
    return b"".join(labels) + b"\0"


def _tail_pointing_back(name_size: int, *, in_data: bool) -> bytes:
    """A reply whose answer is a TXT record that spells a name of name_size bytes, and
    whose authority names "x" then a pointer to it: in its owner, or in an RP record's
    data (read by dnspython's rdata parser)."""
    question = b"\x01q\x00" + struct.pack("!HH", dns.rdatatype.TXT, 1)
    data = _name_of(name_size).ljust(254, b"\0")  # more empty strings: the same size
    answer = b"\xc0\x0c" + struct.pack("!HHIH", dns.rdatatype.TXT, 1, 60, len(data)) + data
    pointer = struct.pack("!H", 0xC000 | (12 + len(question) + 12))  # to the TXT data
    if in_data:
        rdata = b"\x01x" + pointer + b"\0"
        authority = b"\xc0\x0c" + struct.pack("!HHIH", dns.rdatatype.RP, 1, 60, len(rdata))
        authority += rdata
    else:
        authority = b"\x01x" + pointer + struct.pack("!HHIH", 1, 1, 60, 4) + b"\1\2\3\4"
    return struct.pack("!HHHHHH", 1, 0x8400, 1, 1, 1, 0) + question + answer + authority


@pytest.mark.parametrize("in_data", [False, True], ids=["owner", "rdata"])
def test_sections_read_before_are_judged_again_when_they_point_back(in_data: bool) -> None:
    """The sections after the answer, byte for byte as in a reply read before, and where
    they were: a name there that points into the answer is read again (the answer
    differs, and here makes it a name too long), never taken from the reading before."""
    fits, too_long = (
        _tail_pointing_back(253, in_data=in_data),
        _tail_pointing_back(254, in_data=in_data),
    )
    authority = 12 + 7 + 12 + 254  # after the header, the question and the TXT record
    assert fits[authority:] == too_long[authority:] and len(fits) == len(too_long)
    for answer_only in (True, False):
        assert read_lean(fits, answer_only=answer_only) is not None
        assert read_lean(too_long, answer_only=answer_only) is None
    with pytest.raises(dns.name.NameTooLong):
        dns.message.from_wire(too_long)


def test_sections_read_before_serve_the_next_reply_with_them() -> None:
    """A batch's replies repeat their authority and additional sections: another reply
    with the same ones where they were, read as the first was (its records the same)."""
    reply = dns.message.make_response(dns.message.make_query("a.example.", "A"))
    reply.use_edns(0)
    first = reply.to_wire()
    # authority and additional of their own (no pointer back into the question), put
    # before the OPT record: "zz." NS "ns.zz.", "ns.zz." A (the owner, the NS data's)
    at = len(first) - 11
    tail = b"\x02zz\x00" + struct.pack("!HHIH", 2, 1, 60, 5) + b"\x02ns\xc0" + bytes([at])
    tail += b"\xc0" + bytes([at + 14]) + struct.pack("!HHIH", 1, 1, 60, 4) + b"\1\2\3\4"
    for name in (b"a", b"b"):
        wire = _counts(first.replace(b"\x01a", b"\x01" + name), 1, 0, 1, 2)
        wire = wire[:at] + tail + wire[at:]
        lean, short = read_lean(wire), read_lean(wire, answer_only=True)
        assert lean is not None and short is not None
        assert [(r.owner, r.rdtype, r.data) for r in lean.authority] == [
            (b"\x02zz\x00", 2, b"\x02ns\x02zz\x00")
        ]
        assert [(r.owner, r.rdtype, r.data) for r in lean.additional] == [
            (b"\x02ns\x02zz\x00", 1, b"\1\2\3\4")
        ]
        assert lean.question[0].name == dns.name.from_text(name.decode() + ".example.")
        assert (short.wire, short.opt is not None, short.authority) == (wire, True, [])


@pytest.mark.parametrize(
    ("name", "warned"),
    [
        (b"\x01a\x05local\x00", True),
        (b"\x05LoCaL\x00", True),
        (b"\x07x\x05local\x00", False),  # a label that ends in local.'s bytes
        (b"\x05local\x01x\x00", False),
    ],
)
def test_a_question_under_local_is_warned_of_as_from_dnspython(
    name: bytes, warned: bool, styles: list[Style]
) -> None:
    """The .local warning, told from a lean question's wire form: the same as from
    dnspython's Name, in every view."""
    query = dns.message.make_query(dns.name.from_wire(name, 0)[0], "A")
    wire = dns.message.make_response(query).to_wire()
    lean = read_lean(wire)
    assert lean is not None
    assert (".local is reserved" in header_lines(lean, wire, is_query=False)) is warned
    assert differences(wire, query, styles) == []


def test_a_plain_reply_is_read_as_a_whole_reading_reads_it() -> None:
    """plain_reply() reads a reply whose question is the query's own bytes without
    reading its name through again: the same records, over recorded replies and 5,000 of
    their mutants, whole and answer_only."""
    job = Job(seed=14, chunk=0, count=5_000, deadline=time.time() + 600, every_style=False)
    replies = [(wire, query_like(wire)) for wire in seeds()]
    replies += [(wire, query) for wire, query, _ in mutants(job)]
    taken = 0
    for wire, query in replies:
        query.flags &= ~0x7800  # opcode QUERY, as the express lane asks
        for answer_only in (False, True):
            plain = plain_reply(query.to_wire(), wire, answer_only=answer_only)
            if plain is None:
                continue
            taken += 1
            whole = read_lean(wire, answer_only=answer_only)
            assert whole is not None
            assert _records(plain) == _records(whole), wire.hex()
    assert taken > 500


def _records(message: LeanMessage) -> list[object]:
    rows: list[object] = [
        [(r.owner, r.rdtype, r.rdclass, r.ttl, r.data) for r in section]
        for section in message.sections
    ]
    opt = message.opt
    rows.append(None if opt is None else (opt.ttl, opt.rdclass, opt.data))
    return rows
