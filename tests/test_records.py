"""pydig.render.records against dig 9.18's own output, without a name server.

Most cases come from fixtures/expected/records/dig-output.json: every record of the project's
test zones (and of the edge-case zones beside that file) with what dig printed for it in each
display style.  tests/test_records_dig.py refreshes and re-checks that file against a live
named.  The literal tables below spell out the rules that matter most, and the cases dig
cannot be made to show here (other classes, TSIG, compressed unknown types), which follow
BIND 9.18's lib/dns/rdata sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.lookup.plan import plan_lookup
from pydig.model.invocation import Invocation
from pydig.render.records.lines import question_line, rr_lines
from pydig.render.records.mnemonics import type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle, section_style
from pydig.render.yaml import yaml_item

CAPTURE = Path(__file__).resolve().parent.parent / "fixtures/expected/records/dig-output.json"

# The display switches the capture was made with, one dig run per style; pydig reads the
# same words through its own parser and planner.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (),
    "multiline": ("+multiline",),
    "nottlid": ("+nottlid",),
    "noclass": ("+noclass",),
    "nottlid_noclass": ("+nottlid", "+noclass"),
    "multiline_nottlid": ("+multiline", "+nottlid"),
    "multiline_noclass": ("+multiline", "+noclass"),
    "rrcomments": ("+rrcomments",),
    "multiline_norrcomments": ("+multiline", "+norrcomments"),
    "nocrypto": ("+nocrypto",),
    "multiline_nocrypto": ("+multiline", "+nocrypto"),
    "ttlunits": ("+ttlunits",),
    "multiline_ttlunits": ("+multiline", "+ttlunits"),
    "unknownformat": ("+unknownformat",),
    "multiline_unknownformat": ("+multiline", "+unknownformat"),
    "expandaaaa": ("+expandaaaa",),
    "split8": ("+split=8",),
    "multiline_split12": ("+multiline", "+split=12"),
    "nosplit": ("+nosplit",),
    "multiline_nosplit": ("+multiline", "+nosplit"),
    "yaml": ("+yaml",),
}


def style_of(switches: tuple[str, ...]) -> RecordStyle:
    """The record style pydig derives from dig's switches, through its parser and planner."""
    parsed = parse_argv([*switches, "example."])
    assert isinstance(parsed, Invocation)
    resolv = ResolvConf(nameservers=("127.0.0.1",))
    return section_style(plan_lookup(parsed.queries[0], parsed.globals, resolv).display)


def record_text(
    owner: dns.name.Name, ttl: int, rdclass: int, record: dns.rdata.Rdata, style: RecordStyle
) -> str:
    """A record as dig prints it in a section in this style (in YAML, as a list item)."""
    line = rr_lines(owner, ttl, rdclass, record, style)
    return yaml_item(line) if style.yaml else line


def dig_style(multiline: bool) -> RecordStyle:
    """dig's default style, or its +multiline (which brings BIND's comments along)."""
    return style_of(("+multiline",) if multiline else ())


def question_text(owner: dns.name.Name, rdclass: int, rdtype: int, style: RecordStyle) -> str:
    line = question_line(owner, rdclass, rdtype, style)
    return yaml_item(line) if style.yaml else line


def rdata(rdtype: str, text: str, rdclass: str = "IN") -> dns.rdata.Rdata:
    return dns.rdata.from_text(rdclass, rdtype, text)


def name(text: str) -> dns.name.Name:
    return dns.name.from_text(text)


# --- every captured record, in every style --------------------------------------------------


def captured() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(CAPTURE.read_text())
    return entries


def entry_id(entry: dict[str, Any]) -> str:
    return f"{entry['name']}{entry['type']}"


def entry_rdatas(entry: dict[str, Any]) -> list[dns.rdata.Rdata]:
    rdclass = dns.rdataclass.from_text(entry["class"])
    rdtype = dns.rdatatype.RdataType(entry["rdtype"])
    return [dns.rdata.from_text(rdclass, rdtype, text) for text in entry["rdata"]]


CASES = [
    pytest.param(entry, style, id=f"{entry_id(entry)}-{style}")
    for entry in captured()
    for style in STYLES
]


@pytest.mark.parametrize(("entry", "style"), CASES)
def test_record_lines_match_dig(entry: dict[str, Any], style: str) -> None:
    record_style = style_of(STYLES[style])
    rdclass = dns.rdataclass.from_text(entry["class"])
    lines = sorted(
        record_text(name(entry["name"]), entry["ttl"], rdclass, each, record_style)
        for each in entry_rdatas(entry)
    )
    assert lines == entry["dig"][style]


@pytest.mark.parametrize(("entry", "style"), CASES)
def test_question_line_matches_dig(entry: dict[str, Any], style: str) -> None:
    rdclass = dns.rdataclass.from_text(entry["class"])
    record_style = style_of(STYLES[style])
    line = question_text(name(entry["name"]), rdclass, entry["rdtype"], record_style)
    assert line == entry["dig"]["question"][style]


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=entry_id(e)) for e in captured() if "short" in e["dig"]]
)
def test_short_answer_matches_dig(entry: dict[str, Any]) -> None:
    assert sorted(map(rdata_text, entry_rdatas(entry))) == entry["dig"]["short"]


def test_capture_covers_every_type_dnspython_names() -> None:
    """The capture holds an example of every type dnspython knows, except those a zone
    cannot hold (transaction records, reserved numbers, and MD/MF, which named refuses as
    obsolete); the tables below cover those."""
    seen = {entry["type"] for entry in captured()}
    wanted = {type_text(t) for t in dns.rdatatype.RdataType if not dns.rdatatype.is_metatype(t)}
    unloadable = {"OPT", "TSIG", "TKEY", "TYPE0", "TYPE128", "UNSPEC", "MD", "MF"}
    assert wanted - unloadable <= seen


# --- the layout rules -----------------------------------------------------------------------

# dig counts columns with 8-column tabs and pads the owner to column 24, the TTL to 32, the
# class to 40 and the type to 48; a field that overruns its stop gets one space.
LAYOUT = [
    ("example.test.", 3600, "A", "192.0.2.1", {}, "example.test.\t\t3600\tIN\tA\t192.0.2.1"),
    (
        "_443._tcp.host.example.test.",
        3600,
        "CNAME",
        "host.example.test.",
        {},
        "_443._tcp.host.example.test. 3600 IN\tCNAME\thost.example.test.",
    ),
    (
        "amtrelay.example.test.",
        3600,
        "AMTRELAY",
        "0 0 3 relay.example.test.",
        {},
        "amtrelay.example.test.\t3600\tIN\tAMTRELAY 0 0 3 relay.example.test.",
    ),
    ("a.", 0, "A", "192.0.2.2", {}, "a.\t\t\t0\tIN\tA\t192.0.2.2"),
    ("a.", 0, "A", "192.0.2.2", {"ttlid": False}, "a.\t\t\tIN\tA\t192.0.2.2"),
    ("a.", 0, "A", "192.0.2.2", {"show_class": False}, "a.\t\t\t0\tA\t192.0.2.2"),
    (
        "a.",
        0,
        "A",
        "192.0.2.2",
        {"ttlid": False, "show_class": False},
        "a.\t\t\tA\t192.0.2.2",
    ),
    # +multiline moves everything left: TTL at 24, class and type right after, rdata at 32
    ("a.", 0, "A", "192.0.2.2", {"multiline": True}, "a.\t\t\t0 IN A\t192.0.2.2"),
    (
        "cdnskey.example.test.",
        3600,
        "TXT",
        '"x"',
        {"multiline": True},
        'cdnskey.example.test.\t3600 IN\tTXT "x"',
    ),
    (
        "weird\\.dot.example.test.",
        3600,
        "A",
        "192.0.2.200",
        {},
        "weird\\.dot.example.test. 3600\tIN\tA\t192.0.2.200",
    ),
    (
        "space\\032name.example.test.",
        3600,
        "TXT",
        '"spacey"',
        {},
        'space\\032name.example.test. 3600 IN\tTXT\t"spacey"',
    ),
]


@pytest.mark.parametrize(("owner", "ttl", "rdtype", "text", "options", "expected"), LAYOUT)
def test_columns(
    owner: str, ttl: int, rdtype: str, text: str, options: dict[str, bool], expected: str
) -> None:
    record = rdata(rdtype, text)
    style = RecordStyle(**options)
    assert rr_lines(name(owner), ttl, dns.rdataclass.IN, record, style) == expected


QUESTIONS = [
    ("example.test.", "A", {}, ";example.test.\t\t\tIN\tA"),
    ("example.test.", "A", {"ttlid": False}, ";example.test.\t\tIN\tA"),
    # the class is printed even with +noclass; only the columns move
    ("example.test.", "A", {"show_class": False}, ";example.test.\t\tIN\tA"),
    ("example.test.", "A", {"multiline": True}, ";example.test.\t\tIN A"),
    (
        "a-rather-long-owner-name.example.test.",
        "MX",
        {},
        ";a-rather-long-owner-name.example.test. IN MX",
    ),
    (".", "NS", {}, ";.\t\t\t\tIN\tNS"),
]


@pytest.mark.parametrize(("owner", "rdtype", "options", "expected"), QUESTIONS)
def test_question_columns(owner: str, rdtype: str, options: dict[str, bool], expected: str) -> None:
    rdtype_value = dns.rdatatype.from_text(rdtype)
    line = question_line(name(owner), dns.rdataclass.IN, rdtype_value, RecordStyle(**options))
    assert line == expected


# --- rdata presentation ---------------------------------------------------------------------

KEY = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="
DIGEST = "0123456789ABCDEF" * 4
BREAK = "\n\t\t\t\t"

RDATA = [
    # hex and base64 are split into runs just under 60 columns, or 48 when multiline
    ("DS", f"12345 13 2 {DIGEST}", False, f"12345 13 2 {DIGEST[:56]} {DIGEST[56:]}"),
    (
        "DS",
        f"12345 13 2 {DIGEST}",
        True,
        f"12345 13 2 ({BREAK}{DIGEST[:44]}{BREAK}{DIGEST[44:]} )",
    ),
    ("DNSKEY", f"257 3 13 {KEY}", False, f"257 3 13 {KEY[:56]} {KEY[56:]}"),
    (
        "DNSKEY",
        f"257 3 13 {KEY}",
        True,
        f"257 3 13 ({BREAK}{KEY[:44]}{BREAK}{KEY[44:]}{BREAK}"
        ") ; KSK; alg = ECDSAP256SHA256 ; key id = 2371",
    ),
    (
        "DNSKEY",
        "385 3 8 AwEAAQ==",
        True,
        f"385 3 8 ({BREAK}AwEAAQ=={BREAK}) ; revoked KSK; alg = RSASHA256 ; key id = 1931",
    ),
    ("SSHFP", "4 2 " + "AB" * 32, False, "4 2 " + "AB" * 28 + " " + "AB" * 4),
    ("NSEC3PARAM", "1 0 12 aabbccdd", False, "1 0 12 AABBCCDD"),
    ("NSEC3PARAM", "1 0 0 -", False, "1 0 0 -"),
    (
        "SOA",
        "ns1.example.test. hostmaster.example.test. 2026112501 7200 3600 1209600 300",
        True,
        f"ns1.example.test. hostmaster.example.test. ({BREAK}2026112501 ; serial{BREAK}"
        f"7200       ; refresh (2 hours){BREAK}3600       ; retry (1 hour){BREAK}"
        f"1209600    ; expire (2 weeks){BREAK}300        ; minimum (5 minutes){BREAK})",
    ),
    (
        "TXT",
        '"quote \\" and backslash \\\\ and tab\\009"',
        False,
        '"quote \\" and backslash \\\\ and tab\\009"',
    ),
    ("TXT", '"\\195\\169t\\195\\169" ";@"', False, '"\\195\\169t\\195\\169" ";@"'),
    ("CAA", '0 issue "letsencrypt.org"', False, '0 issue "letsencrypt.org"'),
    (
        "LOC",
        "52 22 23.000 N 4 53 32.000 E -2.00m",
        False,
        "52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m",
    ),
    ("WKS", "192.0.2.10 TCP ( 21 25 80 )", False, "192.0.2.10 6 21 25 80"),
    ("NID", "10 0014:4fff:ff20:ee64", False, "10 14:4fff:ff20:ee64"),
    ("L64", "10 2001:0db8:1140:1000", False, "10 2001:db8:1140:1000"),
    (
        "SVCB",
        '1 . alpn="h2,h3" port=8443 dohpath="/q{?dns}"',
        False,
        '1 . alpn="h2,h3" port=8443 key7="/q{?dns}"',
    ),
    (
        "CERT",
        "PGP 0 0 AAECAwQFBgcICQoLDA0ODw==",
        True,
        "PGP 0 0 (" + BREAK + "AAECAwQFBgcICQoLDA0ODw== )",
    ),
    (
        "DHCID",
        "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
        True,
        f"( AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2k{BREAK}jEA= ) ; 2 1 32",
    ),
    ("TYPE65280", "\\# 4 0A000001", False, "\\# 4 0A000001"),
    ("TYPE65280", "\\# 4 0A000001", True, "\\# 4 ( 0A000001 )"),
    ("TYPE65280", "\\# 0", True, "\\# 0"),
    ("NULL", "\\# 3 010203", False, "\\# 3 010203"),
    # KEYDATA has a format in BIND, but dig never asks for it
    ("TYPE65533", "\\# 4 00000000", False, "\\# 4 00000000"),
]


@pytest.mark.parametrize(("rdtype", "text", "multiline", "expected"), RDATA)
def test_rdata_text(rdtype: str, text: str, multiline: bool, expected: str) -> None:
    assert rdata_text(rdata(rdtype, text), dig_style(multiline)) == expected


# The timers of a multiline SOA carry dns_ttl_totext()'s verbose spelling.
TTL_WORDS = [
    (0, "0 seconds"),
    (1, "1 second"),
    (59, "59 seconds"),
    (60, "1 minute"),
    (300, "5 minutes"),
    (3661, "1 hour 1 minute 1 second"),
    (7200, "2 hours"),
    (86400, "1 day"),
    (777600, "1 week 2 days"),
    (1209600, "2 weeks"),
    (31536000, "52 weeks 1 day"),
    (4294967295, "7101 weeks 3 days 6 hours 28 minutes 15 seconds"),
]


@pytest.mark.parametrize(("seconds", "words"), TTL_WORDS)
def test_soa_timer_comments(seconds: int, words: str) -> None:
    soa = rdata("SOA", f"a. b. 1 {seconds} 1 1 1")
    assert f"{BREAK}{seconds:<10} ; refresh ({words}){BREAK}" in rdata_text(soa, dig_style(True))


# --- what dig cannot be made to show here: other classes, transaction records, raw rdata ----


def tsig(rdclass: str, mac: bytes, error: int, other: bytes) -> dns.rdata.Rdata:
    """A TSIG signed by hmac-sha256. at 1700000000, fudge 300, original id 4660."""
    wire = b"\x0bhmac-sha256\x00" + (1700000000).to_bytes(6, "big") + (300).to_bytes(2, "big")
    wire += len(mac).to_bytes(2, "big") + mac + (4660).to_bytes(2, "big")
    wire += error.to_bytes(2, "big") + len(other).to_bytes(2, "big") + other
    return rdata("TSIG", f"\\# {len(wire)} {wire.hex()}", rdclass)


OTHER_CLASSES = [
    # Chaosnet addresses are octal (lib/dns/rdata/ch_3/a_1.c)
    (rdata("A", "ch-addr.example. 0177", "CH"), False, "ch-addr.example. 177"),
    # dnspython has no HS A type; BIND prints it like IN A
    (rdata("A", "\\# 4 c0000201", "HS"), False, "192.0.2.1"),
    # types defined only for class IN fall back to the RFC 3597 form elsewhere
    (rdata("SRV", "\\# 3 010203", "CH"), False, "\\# 3 010203"),
    # TSIG (any_255/tsig_250.c): an empty "other data" still leaves its separator
    (
        tsig("ANY", b"\1\2\3\4", 16, b""),
        False,
        "hmac-sha256. 1700000000 300 4 AQIDBA== 4660 BADSIG 0 ",
    ),
    (
        tsig("ANY", b"\1\2\3\4", 16, b""),
        True,
        f"hmac-sha256. 1700000000 300 4 ({BREAK}AQIDBA== ) 4660 BADSIG 0 ",
    ),
    (
        tsig("ANY", b"", 0, bytes(6)),
        False,
        "hmac-sha256. 1700000000 300 0 4660 NOERROR 6 AAAAAAAA",
    ),
    (
        tsig("IN", b"", 0, b""),
        False,
        "\\# 29 0B686D61632D7368613235360000006553F100012C00001234000000 00",
    ),
    # MD and MF (obsolete: named will not load them) are bare names like MB
    (rdata("MD", "\\# 3 016100"), False, "a."),
    (rdata("MF", "\\# 3 016100"), False, "a."),
]


@pytest.mark.parametrize(("record", "multiline", "expected"), OTHER_CLASSES)
def test_records_no_zone_can_hold(record: dns.rdata.Rdata, multiline: bool, expected: str) -> None:
    assert rdata_text(record, dig_style(multiline)) == expected


BIND_ONLY = [
    # SIG and NXT print types BIND cannot name as bare numbers, RRSIG as TYPEnnn
    (
        "SIG",
        "TYPE4000 5 2 3600 20260101000000 20250101000000 100 edge.test. AQID",
        "4000 5 2 3600 20260101000000 20250101000000 100 edge.test. AQID",
    ),
    (
        "RRSIG",
        "TYPE4000 5 2 3600 20260101000000 20250101000000 100 edge.test. AQID",
        "TYPE4000 5 2 3600 20260101000000 20250101000000 100 edge.test. AQID",
    ),
    ("TYPE100", "\\# 1 00", "\\# 1 00"),
]


@pytest.mark.parametrize(("rdtype", "text", "expected"), BIND_ONLY)
def test_types_dnspython_does_not_parse(rdtype: str, text: str, expected: str) -> None:
    assert rdata_text(rdata(rdtype, text)) == expected


# Raw rdata as dnspython keeps it for a type it does not know (pydig.wire.rdtypes teaches it MB,
# MINFO and the like, but only once the transport is imported): readable when the names
# arrive uncompressed, the RFC 3597 form when a compression pointer refers into a message
# the rdata no longer has.
RAW = [
    (dns.rdatatype.MINFO, "016100016200", "a. b."),
    (dns.rdatatype.MB, "04686f7374c00f", "\\# 7 04686F7374C00F"),
]


@pytest.mark.parametrize(("rdtype", "data", "expected"), RAW)
def test_raw_rdata(rdtype: int, data: str, expected: str) -> None:
    record = dns.rdata.GenericRdata(dns.rdataclass.IN, rdtype, bytes.fromhex(data))
    assert rdata_text(record) == expected


def test_watch_until_reads_an_mb_record_before_any_reply() -> None:
    """+watch-until=VALUE is read as a record of the type asked before any reply is read
    (in a process of its own, where nothing has taught dnspython MB yet)."""
    code = (
        "import dns.rdataclass, dns.rdatatype; from pydig.lookup.watching import condition; "
        "from pydig.model.invocation import Checks; checks = Checks(watch=True, "
        "watch_until='host.example.'); print(condition(checks, rdclass=dns.rdataclass.IN, "
        "rdtype=dns.rdatatype.MB).wanted)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "host.example.\n"


MNEMONICS = [
    (1, "A"),
    (31, "EID"),
    (57, "RKEY"),
    (100, "UINFO"),
    (128, "TYPE128"),
    (259, "DOA"),
    (65280, "TYPE65280"),
    (65533, "TYPE65533"),
]


@pytest.mark.parametrize(("rdtype", "mnemonic"), MNEMONICS)
def test_type_mnemonics_follow_bind(rdtype: int, mnemonic: str) -> None:
    assert type_text(rdtype) == mnemonic
