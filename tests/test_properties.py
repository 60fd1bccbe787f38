"""Properties, checked by hypothesis on generated input:

- any list of words either parses (and every lookup it asks for can be planned) or
  raises pydig's own error, which app.run turns into one line and dig's status;
- any reply dnspython can parse is shown in every output style without an exception,
  and no control character from server data reaches plain output; pydig's own parser
  takes it or calls it a bad packet, nothing else.

Nothing is sent: planning builds queries without sending them, and @servers are IP
literals so that no name is ever looked up.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Sequence

import dns.exception
import dns.message
import dns.opcode
import pytest
from helpers.fuzz_replies import FORBIDDEN, PLAIN, Style, all_styles, exchange_for, shown_text
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pydig.cli.options import FLAG_LETTERS, PLUS_OPTIONS, VALUE_LETTERS
from pydig.cli.parse import parse_argv, parse_batch_line
from pydig.cli.rcfile import ResolvConf
from pydig.errors import PydigError, UsageError
from pydig.lookup.plan import plan_lookup
from pydig.model.invocation import Invocation
from pydig.wire.decode import BadPacket, Decoded, decode_reply

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# --- words ---------------------------------------------------------------------------------

OPTION_NAMES = sorted({option.canonical for option in PLUS_OPTIONS})
VALUES = st.one_of(
    st.integers(-5, 70_000).map(str),
    st.sampled_from(["", "abc", ":", "0x10", "1.2.3.4/24", "300.1.1.1/24", "8:abcd", "-1"]),
    st.text(max_size=12),
)
TYPES_AND_CLASSES = st.sampled_from(
    ["A", "mx", "AXFR", "ixfr=5", "IXFR", "TYPE65535", "TYPE65536", "IN", "ch", "CLASS9", "ANY"]
)
ADDRESSES = st.sampled_from(["127.0.0.1", "::1", "192.0.2.1", "2001:db8::1", "1.2.3"])


def _plus(name: str, negate: bool, value: str | None) -> str:
    word = f"+{'no' if negate else ''}{name}"
    return word if value is None else f"{word}={value}"


PLUS_WORDS = st.builds(
    _plus,
    st.one_of(st.sampled_from(OPTION_NAMES), st.text("abcdefghijklmnopqrstuvwxyz-", max_size=8)),
    st.booleans(),
    st.none() | VALUES,
)
DASH_WORDS = st.builds(
    lambda letters, value: f"-{letters}{value}",
    st.text(FLAG_LETTERS + VALUE_LETTERS + "zZ", min_size=0, max_size=3),
    st.sampled_from(["", "", "5", "x"]),
)
WORDS = st.one_of(
    PLUS_WORDS,
    DASH_WORDS,
    TYPES_AND_CLASSES,
    ADDRESSES,
    ADDRESSES.map(lambda address: f"@{address}"),
    st.sampled_from(["example.test", ".", "a..b", "\\0.", "x" * 70, "%comment", "-", "@"]),
    VALUES,
    st.text(max_size=20),
)


def no_network(host: str) -> list[str]:
    raise UsageError(f"no name lookups in property tests ({host})")


def plan_all(parsed: Invocation) -> None:
    for query in parsed.queries:
        if query.settings.sweep is not None:
            continue  # a reverse sweep is planned address by address by the runner
        with contextlib.suppress(PydigError):
            plan_lookup(query, parsed.globals, ResolvConf(), resolver=no_network)


@SETTINGS
@given(st.lists(WORDS, max_size=10))
def test_any_words_parse_or_raise_our_error(words: list[str]) -> None:
    try:
        parsed = parse_argv(words)
    except PydigError as error:
        assert error.message.strip()
        return
    if isinstance(parsed, Invocation):
        plan_all(parsed)


@SETTINGS
@given(st.lists(WORDS, max_size=6), st.lists(st.lists(WORDS, max_size=4), max_size=3))
def test_any_rc_file_parses_or_raises_our_error(words: list[str], rc: list[list[str]]) -> None:
    try:
        parse_argv(words, rc_lines=rc, rc_name="/home/u/.pydigrc")
    except PydigError as error:
        assert error.message.strip()


@SETTINGS
@given(st.lists(WORDS, max_size=8))
def test_any_batch_line_parses_or_raises_our_error(words: list[str]) -> None:
    base = parse_argv(["-r", "@127.0.0.1", "example.test"])
    assert isinstance(base, Invocation)
    try:
        parsed = parse_batch_line(words, defaults=base.defaults, global_settings=base.globals)
    except PydigError:
        return
    plan_all(parsed)


# --- replies -------------------------------------------------------------------------------

LABELS = st.binary(min_size=1, max_size=12) | st.sampled_from(
    [b"www", b"a.b", b"x\\y", b'q"t', b"\x00", b"\x1b[31m", b"[bold]", b"\xff\xfe", b"*", b"@"]
)
NAMES = st.lists(LABELS, max_size=4).map(
    lambda labels: b"".join(bytes([len(label)]) + label for label in labels) + b"\x00"
)
COMMON_TYPES = [1, 2, 5, 6, 12, 13, 15, 16, 28, 33, 35, 43, 46, 47, 48, 50, 52, 64, 65, 257]
RDTYPES = st.sampled_from(COMMON_TYPES) | st.integers(0, 65535)
RDCLASSES = st.sampled_from([1, 1, 1, 3, 4, 254, 255, 65280])
TEXT = st.lists(st.binary(max_size=40), min_size=1, max_size=3).map(
    lambda strings: b"".join(bytes([len(string)]) + string for string in strings)
)


@st.composite
def rdata(draw: st.DrawFn, rdtype: int) -> bytes:
    """Record data shaped for its type where that is easy, random bytes otherwise."""
    if rdtype in (2, 5, 12):  # NS, CNAME, PTR
        return draw(NAMES)
    if rdtype == 15:  # MX
        return struct.pack("!H", draw(st.integers(0, 65535))) + draw(NAMES)
    if rdtype == 16:  # TXT
        return draw(TEXT)
    if rdtype == 6:  # SOA
        numbers = draw(st.lists(st.integers(0, 2**32 - 1), min_size=5, max_size=5))
        return draw(NAMES) + draw(NAMES) + struct.pack("!5I", *numbers)
    if rdtype == 33:  # SRV
        numbers = draw(st.lists(st.integers(0, 65535), min_size=3, max_size=3))
        return struct.pack("!3H", *numbers) + draw(NAMES)
    if rdtype == 1:
        return draw(st.binary(min_size=4, max_size=4))
    if rdtype == 28:
        return draw(st.binary(min_size=16, max_size=16))
    return draw(st.binary(max_size=48))


@st.composite
def records(draw: st.DrawFn) -> bytes:
    rdtype = draw(RDTYPES)
    data = draw(rdata(rdtype))
    header = struct.pack(
        "!HHIH", rdtype, draw(RDCLASSES), draw(st.integers(0, 2**32 - 1)), len(data)
    )
    return draw(NAMES) + header + data


@st.composite
def replies(draw: st.DrawFn) -> bytes:
    questions = draw(
        st.lists(
            st.builds(lambda n, t, c: n + struct.pack("!HH", t, c), NAMES, RDTYPES, RDCLASSES),
            max_size=2,
        )
    )
    sections = [draw(st.lists(records(), max_size=4)) for _ in range(3)]
    if draw(st.booleans()):  # an OPT record, with random options
        options = draw(st.binary(max_size=24))
        ttl = draw(st.integers(0, 2**32 - 1))
        payload = draw(st.integers(0, 65535))
        sections[2].append(b"\x00" + struct.pack("!HHIH", 41, payload, ttl, len(options)) + options)
    header = struct.pack(
        "!HHHHHH",
        draw(st.integers(0, 65535)),
        draw(st.integers(0, 65535)) | 0x8000,
        len(questions),
        *(len(section) for section in sections),
    )
    return header + b"".join(questions) + b"".join(b"".join(section) for section in sections)


STYLES: Sequence[Style] = all_styles()


@pytest.mark.parametrize("style", STYLES, ids=[style.name for style in STYLES])
@settings(SETTINGS, max_examples=30)
@given(wire=replies())
def test_any_parsable_reply_shows_in_every_style(style: Style, wire: bytes) -> None:
    try:
        message = dns.message.from_wire(wire, one_rr_per_rrset=True, keyring=False)
    except Exception:  # not a reply dnspython can parse: not this property's business
        assume(False)
        return
    decoded = Decoded(message=message, extra_bytes=0, malformed=False)
    text = shown_text(exchange_for(style.lookup, wire, decoded, ()), style.env)
    if style.env is PLAIN:
        assert FORBIDDEN.isdisjoint(text), repr(text)


@SETTINGS
@given(wire=replies() | st.binary(max_size=80))
def test_pydigs_parser_takes_a_reply_or_calls_it_a_bad_packet(wire: bytes) -> None:
    try:
        decoded = decode_reply(wire)
    except BadPacket as error:
        assert error.report().startswith(";; Got bad packet: ")
        return
    assert 0 <= decoded.extra_bytes <= len(wire)
    if decoded.message.opcode() != dns.opcode.QUERY:
        return  # dnspython applies UPDATE's rules, which dig does not
    try:
        dns.message.from_wire(wire, one_rr_per_rrset=True, keyring=False)
    except (dns.exception.DNSException, ValueError, EOFError):
        assert decoded.malformed or decoded.extra_bytes  # only where dig's parse goes on
