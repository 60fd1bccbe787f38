"""The display options of issue 3: +yaml, +ttlunits, +rrcomments, +split, +onesoa,
+unknownformat, +header-only, +expandaaaa, +[no]crypto, +qr and -u.

Three layers, each checked against dig 9.18:
- the parser and planner: what each switch sets (dig.c's plus_option);
- the renderers on their own: YAML pieces, +onesoa over a transfer of several messages,
  the style each switch gives a record (rules read from BIND's masterdump.c and message.c);
- end to end through pydig.app.run against the replay responder, compared with what dig
  printed for the same command line against the same responder, normalized as the
  differential tests normalize, kept in fixtures/expected/display/.  Refresh those files
  with dig, never by hand:

      uv run python tests/test_render_display.py
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dns.edns
import dns.message
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest
from helpers.differential import captured, normalize, refresh_captures

from pydig.app import run
from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.environment import Environment
from pydig.errors import OptionValueError, UsageError
from pydig.lookup.plan import plan_lookup
from pydig.model.display import DisplayOptions
from pydig.model.events import Answer, Exchange, Note, QuerySent, Reply
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import Invocation
from pydig.render import render
from pydig.render.records.fields import ttl_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle, section_style, short_style
from pydig.render.yaml import dig_error, timestamp, yaml_item

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "expected" / "display"
RESOLV = ResolvConf(nameservers=("127.0.0.1",))


def invocation(argv: str) -> Invocation:
    parsed = parse_argv(argv.split())
    assert isinstance(parsed, Invocation), parsed
    return parsed


def lookup_for(argv: str, index: int = 0) -> Lookup:
    parsed = invocation(argv)
    return plan_lookup(parsed.queries[index], parsed.globals, RESOLV)


# --- what each switch sets ----------------------------------------------------------------

# (command line, where, value): "g" the globals, "dN" the Nth lookup's display options,
# "qN" its settings.
SETTINGS: list[tuple[str, str, Any]] = [
    ("x", "d0.rrcomments", None),
    ("+rrcomments x", "d0.rrcomments", True),
    ("+norrcomments x", "d0.rrcomments", False),
    ("+short x", "d0.rrcomments", False),  # +short turns comments off...
    ("+short +rrcomments x", "d0.rrcomments", True),  # ...unless asked for after it
    ("+ttlunits x", "d0.ttlunits", True),
    ("+nottlid +ttlunits x", "d0.ttlid", True),  # +ttlunits brings the TTL back
    ("+nottlid +nottlunits x", "d0.ttlid", True),  # and so does +nottlunits
    ("+nocrypto x", "d0.crypto", False),
    ("+nocrypto +crypto x", "d0.crypto", True),
    ("+expandaaaa x", "d0.expandaaaa", True),
    ("+unknownformat x", "d0.unknownformat", True),
    ("+onesoa x", "d0.onesoa", True),
    ("+header-only x", "q0.header_only", True),
    ("+yaml x", "g.yaml", True),
    ("+yaml x", "g.cmd", False),
    ("+yaml +cmd x", "g.cmd", True),
    ("+yaml x", "d0.stats", False),
    ("+yaml x", "d0.rrcomments", False),
    ("x +yaml y", "g.yaml", True),  # one switch for every lookup...
    ("x +yaml y", "d0.stats", False),  # ...though it turns off only its own lookup's stats
    ("x +yaml y", "d1.stats", True),
    ("+split=8 x", "g.split", 8),
    ("+split=7 x", "g.split", 8),
    ("+split=1 x", "g.split", 4),
    ("+split=1023 x", "g.split", 1024),
    ("+split=0 x", "g.split", 0),
    ("+nosplit x", "g.split", 0),
    ("+split x", "g.split", None),  # no width: nothing changes
    ("+split= x", "g.split", None),
    ("+split=8 +split x", "g.split", 8),
    ("x +split=12 y", "g.split", 12),  # global wherever it appears
]


def setting(parsed: Invocation, where: str) -> Any:
    head, _, name = where.partition(".")
    if head == "g":
        return getattr(parsed.globals, name)
    settings = parsed.queries[int(head[1:])].settings
    return getattr(settings.display if head[0] == "d" else settings, name)


@pytest.mark.parametrize(("argv", "where", "value"), SETTINGS)
def test_switch_sets(argv: str, where: str, value: Any) -> None:
    assert setting(invocation(argv), where) == value


@pytest.mark.parametrize(
    ("argv", "warnings"),
    [
        ("+split=8 x", ()),
        ("+split=7 x", (";; Warning, split must be a multiple of 4; adjusting to 8",)),
        ("+split=1023 x", (";; Warning, split must be a multiple of 4; adjusting to 1024",)),
    ],
)
def test_split_warns_when_it_rounds(argv: str, warnings: tuple[str, ...]) -> None:
    assert invocation(argv).warnings == warnings


@pytest.mark.parametrize(
    ("argv", "error", "message"),
    [
        ("+split=1024 x", OptionValueError, "invalid split '1024': out of range"),
        ("+split=abc x", OptionValueError, "invalid split 'abc': not a valid number"),
        ("+split=-4 x", OptionValueError, "invalid split '-4': not a valid number"),
        ("+nosplit=8 x", UsageError, "Invalid option: +nosplit"),
    ],
)
def test_split_refuses(argv: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        parse_argv(argv.split())
    assert str(raised.value) == message


def test_plan_copies_the_global_switches_into_every_lookup() -> None:
    for index in (0, 1):
        display = lookup_for("a.test +yaml +split=12 b.test", index).display
        assert (display.yaml, display.split) == (True, 12)


def test_header_only_sends_no_question() -> None:
    query = lookup_for("+header-only example.test").query
    assert query.question == []
    assert query.to_wire()[4:6] == b"\0\0"  # QDCOUNT
    assert query.edns == 0  # EDNS (and its cookie) stay


# --- record styles --------------------------------------------------------------------------

STYLE_RULES = [
    # +multiline brings comments unless +norrcomments said otherwise
    (DisplayOptions(multiline=True), {"multiline": True, "rrcomments": True}),
    (DisplayOptions(multiline=True, rrcomments=False), {"multiline": True, "rrcomments": False}),
    (DisplayOptions(rrcomments=True), {"rrcomments": True}),
    # +yaml ignores every other style switch but +split
    (
        DisplayOptions(
            yaml=True,
            multiline=True,
            ttlid=False,
            show_class=False,
            crypto=False,
            ttlunits=True,
            expandaaaa=True,
            unknownformat=True,
            rrcomments=True,
            split=8,
        ),
        {"yaml": True, "split": 8},
    ),
]


@pytest.mark.parametrize(("display", "fields"), STYLE_RULES)
def test_section_style(display: DisplayOptions, fields: dict[str, Any]) -> None:
    assert section_style(display) == RecordStyle(**fields)


@pytest.mark.parametrize(
    ("display", "fields"),
    [
        # +short's own rule: comments only when +rrcomments said so, never from +multiline
        (DisplayOptions(multiline=True), {}),
        (DisplayOptions(rrcomments=True, ttlid=False), {"rrcomments": True}),
        (
            DisplayOptions(crypto=False, expandaaaa=True, unknownformat=True, split=0),
            {"crypto": False, "expandaaaa": True, "unknownformat": True, "split": 0},
        ),
    ],
)
def test_short_style(display: DisplayOptions, fields: dict[str, Any]) -> None:
    assert short_style(display) == RecordStyle(**fields)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (59, "59s"), (3600, "1h"), (90061, "1d1h1m1s"), (604800, "1w"),
     (1209601, "2w1s"), (4294967295, "7101w3d6h28m15s")],
)  # fmt: skip
def test_ttl_units(seconds: int, text: str) -> None:
    assert ttl_text(seconds) == text


def rdata(rdtype: str, text: str, rdclass: str = "IN") -> dns.rdata.Rdata:
    return dns.rdata.from_text(rdclass, rdtype, text)


def tsig_other(other: bytes) -> dns.rdata.Rdata:
    """A TSIG with no MAC and this "other data", as in test_records.py."""
    wire = b"\x0bhmac-sha256\x00" + (1700000000).to_bytes(6, "big") + (300).to_bytes(2, "big")
    wire += b"\0\0" + (4660).to_bytes(2, "big") + b"\0\0" + len(other).to_bytes(2, "big") + other
    return rdata("TSIG", f"\\# {len(wire)} {wire.hex()}", "ANY")


BREAK = "\n\t\t\t\t"
MULTILINE = RecordStyle(multiline=True, rrcomments=True)
TKEY = rdata("TKEY", "\\# 27 03616c67000000000100000002000300000004010203040002" + "0102")
OPT = rdata("OPT", "\\# 16 000a00080123456789abcdef00030000")


# Styles no zone record shows (the capture in test_records.py covers the rest for every type).
RDATA_STYLES = [
    (rdata("AAAA", "::"), RecordStyle(expandaaaa=True), "0000:0000:0000:0000:0000:0000:0000:0000"),
    (rdata("AAAA", "::"), RecordStyle(yaml=True), "::0"),
    (rdata("AAAA", "::ffff:192.0.2.1"), RecordStyle(yaml=True), "::ffff:192.0.2.1"),
    (rdata("DS", "1 8 9 " + "AB" * 8), RecordStyle(split=4), "1 8 9 ABAB ABAB ABAB ABAB"),
    (rdata("DS", "1 8 9 " + "AB" * 8), RecordStyle(crypto=False), "1 8 9 [omitted]"),
    (rdata("OPENPGPKEY", "AQID"), RecordStyle(crypto=False), "[omitted]"),
    # SIG keeps its signature under +nocrypto; RRSIG does not
    (
        rdata("SIG", "A 5 2 3600 20260101000000 20250101000000 100 a. AQID"),
        RecordStyle(crypto=False),
        "A 5 2 3600 20260101000000 20250101000000 100 a. AQID",
    ),
    # KEY with no key material: nothing to hide, no comments
    (rdata("KEY", "49152 3 1"), RecordStyle(rrcomments=True, crypto=False), "49152 3 1"),
    (rdata("KEY", "512 3 15 AQID"), RecordStyle(crypto=False), "512 3 15 [key id = 2321]"),
    # TSIG's "other data" splits at 60 columns whatever +split says, but not with +nosplit
    (tsig_other(bytes(48)), RecordStyle(split=8), "hmac-sha256. 1700000000 300 0 4660 NOERROR 48 "
     + "A" * 56 + " " + "A" * 8),
    (tsig_other(bytes(48)), RecordStyle(split=0), "hmac-sha256. 1700000000 300 0 4660 NOERROR 48 "
     + "A" * 64),
    # the SOA with +multiline +norrcomments closes its parenthesis on the last number
    (
        rdata("SOA", "a. b. 1 2 3 4 5"),
        RecordStyle(multiline=True),
        "a. b. (\n\t\t\t\t1\n\t\t\t\t2\n\t\t\t\t3\n\t\t\t\t4\n\t\t\t\t5)",
    ),
    # +rrcomments on one line: the SOA has none, a DNSKEY gets them after two spaces
    (rdata("SOA", "a. b. 1 2 3 4 5"), RecordStyle(rrcomments=True), "a. b. 1 2 3 4 5"),
    (
        rdata("DNSKEY", "256 3 8 AwEAAQ=="),
        RecordStyle(rrcomments=True),
        "256 3 8 AwEAAQ==  ; ZSK; alg = RSASHA256 ; key id = 1802",
    ),
    # the multi-line forms no zone can hold (tkey_249.c, opt_41.c)
    (TKEY, RecordStyle(), "alg. 1 2 3 NOERROR 4 AQIDBA== 2 AQI="),
    (TKEY, MULTILINE, f"alg. 1 2 3 NOERROR 4 ({BREAK}AQIDBA== ) 2 ({BREAK}AQI= )"),
    (OPT, RecordStyle(), "10 8 ASNFZ4mrze8= 3 0"),
    (OPT, MULTILINE, f"10 8 ({BREAK}ASNFZ4mrze8= ) 3 0"),
    (OPT, RecordStyle(split=4), "10 8 ASNF Z4mr ze8= 3 0"),
    # +unknownformat: every rdata in RFC 3597 form, even an empty one
    (rdata("A", "192.0.2.1"), RecordStyle(unknownformat=True), "\\# 4 C0000201"),
    (rdata("TXT", '""'), RecordStyle(unknownformat=True, multiline=True), "\\# 1 ( 00 )"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "style", "text"), RDATA_STYLES)
def test_rdata_in_style(record: dns.rdata.Rdata, style: RecordStyle, text: str) -> None:
    assert rdata_text(record, style) == text


# --- the YAML renderer's pieces ---------------------------------------------------------------


def test_yaml_item_doubles_single_quotes() -> None:
    assert yaml_item('a. 1 IN TXT "it\'s"') == "- 'a. 1 IN TXT \"it''s\"'"


@pytest.mark.parametrize(
    ("usec", "text"),
    [(False, "2026-11-25T11:06:34.678Z"), (True, "2026-11-25T11:06:34.678901Z")],
)
def test_yaml_timestamps_are_utc(usec: bool, text: str) -> None:
    when = datetime(2026, 11, 25, 12, 6, 34, 678901, tzinfo=UTC) + timedelta(hours=-1)
    assert timestamp(when.astimezone(), usec=usec) == text


def test_dig_error_is_a_literal_block() -> None:
    assert dig_error(";; no servers could be reached") == (
        "- type: DIG_ERROR\n  message: |\n    no servers could be reached\n"
    )


SENT = datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=UTC)
SERVER = Server(address="127.0.0.1", label="127.0.0.1")


def reply_to(lookup: Lookup, records: list[str], *, elapsed: float = 0.001) -> Reply:
    """A reply to the lookup's query with these answer records ("name ttl class type rdata")."""
    message = dns.message.make_response(lookup.query)
    message.use_edns(False)
    for text in records:
        message.answer.append(dns.rrset.from_text(*text.split(" ", 4)))
    wire = message.to_wire()
    parsed = dns.message.from_wire(wire, one_rr_per_rrset=True)
    return Reply(
        message=parsed, wire=wire, server=SERVER, port=53, transport="TCP", elapsed=elapsed,
        received_at=SENT + timedelta(seconds=elapsed),
    )  # fmt: skip


SOA = "z.test. 60 IN SOA ns.z.test. h.z.test. 1 2 3 4 5"


def transfer_exchange(argv: str) -> Exchange:
    """An AXFR of z.test in two messages, the closing SOA in the second."""
    lookup = lookup_for(f"+nocmd +nostats {argv} z.test AXFR")
    first = reply_to(lookup, [SOA, "z.test. 60 IN NS ns.z.test.", SOA.replace("z.", "w.z.")])
    second = reply_to(lookup, ["a.z.test. 60 IN A 192.0.2.1", SOA], elapsed=0.002)
    return Exchange(lookup=lookup, events=(QuerySent("TCP"), Answer(first), Answer(second)))


def test_onesoa_keeps_the_first_soa_of_the_first_message_only() -> None:
    text = "".join(render(transfer_exchange("+onesoa")))
    assert text == (
        "z.test.\t\t\t60\tIN\tSOA\tns.z.test. h.z.test. 1 2 3 4 5\n"
        "z.test.\t\t\t60\tIN\tNS\tns.z.test.\n"
        "a.z.test.\t\t60\tIN\tA\t192.0.2.1\n"
    )


def test_without_onesoa_every_soa_shows() -> None:
    assert "".join(render(transfer_exchange(""))).count("\tSOA\t") == 3


def test_onesoa_in_yaml() -> None:
    text = "".join(render(transfer_exchange("+onesoa +yaml")))
    items = [line.strip() for line in text.splitlines() if line.startswith("        - ")]
    assert items == [
        "- 'z.test. 60 IN SOA ns.z.test. h.z.test. 1 2 3 4 5'",
        "- 'z.test. 60 IN NS ns.z.test.'",
        "- 'a.z.test. 60 IN A 192.0.2.1'",
    ]
    assert text.count("- type: MESSAGE") == 2


def test_yaml_message_in_full() -> None:
    lookup = lookup_for("+yaml -u +qr example.test")
    reply = reply_to(lookup, ["example.test. 300 IN A 192.0.2.1"])
    sent = QuerySent("UDP", server=SERVER, sent_at=SENT)
    text = "".join(render(Exchange(lookup=lookup, events=(sent, Answer(reply)))))
    query_id = lookup.query.id
    cookie = (lookup.query.options[0].to_wire() or b"").hex()
    expected = f"""\
- type: MESSAGE
  message:
    type: RECURSIVE_QUERY
    query_time: !!timestamp 2026-01-02T03:04:05.006000Z
    message_size: 53b
    socket_family: INET
    socket_protocol: UDP
    response_address: "127.0.0.1"
    response_port: 53
    query_address: "0.0.0.0"
    query_port: 0
    query_message_data:
      opcode: QUERY
      status: NOERROR
      id: {query_id}
      flags: rd ad
      QUESTION: 1
      ANSWER: 0
      AUTHORITY: 0
      ADDITIONAL: 1
      OPT_PSEUDOSECTION:
        EDNS:
          version: 0
          flags:
          udp: 1232
          COOKIE: {cookie}
      QUESTION_SECTION:
        - 'example.test. IN A'
- type: MESSAGE
  message:
    type: AUTH_RESPONSE
    query_time: !!timestamp 2026-01-02T03:04:05.006000Z
    response_time: !!timestamp 2026-01-02T03:04:05.007000Z
    message_size: 46b
    socket_family: INET
    socket_protocol: TCP
    response_address: "127.0.0.1"
    response_port: 53
    query_address: "0.0.0.0"
    query_port: 0
    response_message_data:
      opcode: QUERY
      status: NOERROR
      id: {query_id}
      flags: qr rd
      QUESTION: 1
      ANSWER: 1
      AUTHORITY: 0
      ADDITIONAL: 0
      QUESTION_SECTION:
        - 'example.test. IN A'
      ANSWER_SECTION:
        - 'example.test. 300 IN A 192.0.2.1'
"""
    assert text == expected


def test_yaml_leaves_warnings_out_and_shows_errors() -> None:
    lookup = lookup_for("+yaml example.test")
    events = (
        Note(";; communications error to 127.0.0.1#53: timed out"),
        Note(";; no servers could be reached", error=True),
        Note("; Transfer failed."),
    )
    exchange = Exchange(lookup=lookup, events=events, failure=";; no servers could be reached")
    error = dig_error("no servers could be reached")
    assert "".join(render(exchange)) == error + "; Transfer failed.\n" + error


def yaml_option(code: int, data: bytes) -> str:
    """The OPT pseudosection lines of a reply carrying one EDNS option."""
    lookup = lookup_for("+yaml +nocookie example.test")
    message = dns.message.make_response(lookup.query)
    message.use_edns(0, options=[dns.edns.GenericOption(code, data)])
    reply = Reply(
        message=message, wire=message.to_wire(), server=SERVER, port=53, transport="UDP",
        elapsed=0.0, received_at=SENT,
    )  # fmt: skip
    text = "".join(render(Exchange(lookup=lookup, events=(Answer(reply),))))
    lines = text.split("          udp: 1232\n", 1)[1].split("      QUESTION_SECTION:")[0]
    return lines.replace(" " * 10, "|")


PROHIBITED = "|EDE:\n|  INFO-CODE: 18 (Prohibited)\n"
YAML_OPTIONS = [
    (3, b"ns1", '|NSID: 6e 73 31 ("ns1")\n'),
    (9, (3600).to_bytes(4, "big"), "|EXPIRE: 3600 (1 hour)\n"),
    (9, b"\1", '|EXPIRE: 01 (".")\n'),
    (11, (25).to_bytes(2, "big"), "|TCP-KEEPALIVE: 2.5 secs\n"),
    (12, bytes(3), '|PAD: 00 00 00 ("...")\n'),  # unlike the text form's "(3 bytes)"
    (14, bytes.fromhex("00010002"), "|KEY-TAG: 1, 2\n"),
    (15, bytes.fromhex("0012"), "|EDE:\n|  INFO-CODE: 18 (Prohibited)\n\n"),  # sic
    (15, bytes.fromhex("0012") + b"why", f'{PROHIBITED}|  EXTRA-TEXT: "why"\n'),
    (15, bytes.fromhex("0012ff"), f'{PROHIBITED}|  EXTRA-TEXT: ff "."\n'),
    (8, bytes.fromhex("00011800c00002"), "|CLIENT-SUBNET: 192.0.2.0/24/0\n"),
    (8, bytes.fromhex("0009"), "|CLIENT-SUBNET:\n 00 09 \n"),  # sic: malformed
    (16, (7).to_bytes(2, "big"), "|CLIENT-TAG: 7\n"),
    (1, bytes(18), "|LLQ: Version: 0, Opcode: 0, Error: 0, Identifier: 0, Lifetime: 0\n"),
    (65001, b"", "|OPT=65001:\n"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "data", "text"), YAML_OPTIONS)
def test_yaml_edns_options(code: int, data: bytes, text: str) -> None:
    assert yaml_option(code, data) == text


# --- end to end against the replay responder, compared with dig ----------------------------

CAPTURES = {
    "yaml": "+yaml example.test",
    "yaml-qr-usec": "+yaml +qr -u example.test MX",
    "yaml-truncated": "+yaml big.example.test TXT",
    "yaml-nxdomain": "+yaml nx.example.test",
    "yaml-short": "+yaml +short example.test MX",
    "yaml-nocomments": "+yaml +nocomments example.test SOA",
    "yaml-cmd": "+yaml +cmd example.test AAAA",
    "ttlunits": "+ttlunits +noall +answer +authority example.test SOA",
    "rrcomments": "+rrcomments +noall +answer key.example.test DNSKEY",
    "multiline-norrcomments": "+multiline +norrcomments +noall +answer example.test SOA",
    "split": "+split=16 +noall +answer key.example.test DNSKEY",
    "nocrypto": "+nocrypto +multiline +noall +answer sig.example.test RRSIG",
    "unknownformat": "+unknownformat example.test MX",
    "expandaaaa": "+expandaaaa +short example.test AAAA",
    "qr-sections": "+qr +noquestion +noadditional example.test",
    "usec": "-u +identify +short example.test",
}


def command(name: str, port: int) -> list[str]:
    return ["-r", "@127.0.0.1", "-p", str(port), *CAPTURES[name].split()]


@pytest.mark.parametrize("name", list(CAPTURES))
def test_same_as_dig_against_the_replay_responder(
    name: str, replay: tuple[str, int], tmp_path: Path
) -> None:
    _, port = replay
    stdout, stderr = io.StringIO(), io.StringIO()
    resolv_conf = tmp_path / "resolv.conf"
    resolv_conf.write_text("nameserver 127.0.0.1\n")
    env = Environment(
        stdin=io.StringIO(), stdout=stdout, stderr=stderr, home=tmp_path,
        resolv_conf=resolv_conf, variables={},
    )  # fmt: skip
    status = run(command(name, port), env)
    assert (status, stderr.getvalue()) == (0, "")
    assert normalize(stdout.getvalue()) == captured(EXPECTED, name, port)


def refresh() -> None:
    refresh_captures(EXPECTED, CAPTURES, command)


if __name__ == "__main__":
    refresh()
