"""Colour: the styles render/colour.py gives dig's lines, when pydig uses them, and the
promise that matters most: stripping the ANSI codes gives the plain output exactly, for
every command line of the differential tests.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import test_differential
from helpers.differential import Case, normalize
from helpers.testbed import Named
from helpers.views_cases import ports_for, run_case
from rich.console import Console
from rich.style import Style

from pydig.console.output import Output
from pydig.environment import Environment, wants_colour
from pydig.render.colour import Palette, colourize, keeps_every_character

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CASES = test_differential.CASES
# The differential tests' fixtures: a port nothing listens on, the SERVFAIL named.
dead_port = test_differential.dead_port
broken_named = test_differential.broken_named

HEADER = ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: 4242\n"
ANSWER = (
    ";; ANSWER SECTION:\n"
    "example.test.\t\t3600\tIN\tA\t192.0.2.1\n"
    "example.test.\t\t3600\tIN\tAAAA\t2001:db8::1\n"
    "example.test.\t\t3600\tIN\tMX\t10 mail.example.test.\n"
    'txt.example.test.\t3600\tIN\tTXT\t"[/bold] :smile: \\" ;" "two"\n'
)
MULTILINE = (
    "example.test.\t\t3600 IN\tSOA ns1.example.test. hostmaster.example.test. (\n"
    "\t\t\t\t2026112501 ; serial\n"
    "\t\t\t\t7200       ; refresh (2 hours)\n"
    "\t\t\t\t)\n"
    "key.example.test.\t3600 IN\tDNSKEY 257 3 13 (\n"
    "\t\t\t\tmdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+Gq\n"
    "\t\t\t\t) ; KSK; alg = ECDSAP256SHA256 ; key id = 2371\n"
)


def style_of(text: str, fragment: str, *, short: bool = False, occurrence: int = 0) -> Style:
    """The style colourize gives the first character of a fragment of the text."""
    styled = colourize(text, short=short)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return styled.get_style_at_offset(_console(), start)


def _console() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, color_system="standard")


def coloured(text: str, *, short: bool = False) -> str:
    """What pydig writes for this text on a colour terminal."""
    stream = io.StringIO()
    Output(Environment(stdout=stream)).write_text(text, colour=True, short=short)
    return stream.getvalue()


# --- what each part of a line looks like ----------------------------------------------------


def test_noerror_status_is_green_and_the_rest_of_the_header_dim() -> None:
    text = HEADER.format(status="NOERROR")
    assert style_of(text, "NOERROR") == Palette.status_ok
    assert style_of(text, ";; ->>HEADER") == Palette.comment
    assert style_of(text, ", id:") == Palette.comment


@pytest.mark.parametrize("status", ["NXDOMAIN", "SERVFAIL", "REFUSED", "?16"])
def test_other_statuses_are_bright(status: str) -> None:
    assert style_of(HEADER.format(status=status), status) == Palette.status_bad


@pytest.mark.parametrize(
    ("fragment", "occurrence", "style"),
    [
        (";; ANSWER SECTION:", 0, Palette.section),
        ("example.test.", 0, Palette.owner),
        ("3600", 0, Palette.ttl),
        ("IN", 0, Palette.rdclass),
        ("AAAA", 0, Palette.rdtype),
        ("192.0.2.1", 0, Palette.address),
        ("2001:db8::1", 0, Palette.address),
        ("mail.example.test.", 0, Palette.name),
        ('"[/bold]', 0, Palette.text),
        ('"two"', 0, Palette.text),
    ],
)
def test_record_fields_have_steady_colours(fragment: str, occurrence: int, style: Style) -> None:
    assert style_of(ANSWER, fragment, occurrence=occurrence) == style


def test_numbers_in_rdata_are_left_plain() -> None:
    assert style_of(ANSWER, "10 mail") == Style.null()


@pytest.mark.parametrize(
    ("fragment", "style"),
    [
        ("SOA", Palette.rdtype),
        ("(\n", Palette.punctuation),
        ("2026112501", Style.null()),
        ("; serial", Palette.comment),
        ("; refresh (2 hours)", Palette.comment),
        ("mdsswUyr", Style.null()),
        ("; KSK", Palette.comment),
    ],
)
def test_multiline_records_and_their_comments(fragment: str, style: Style) -> None:
    assert style_of(MULTILINE, fragment) == style


@pytest.mark.parametrize(
    ("line", "style"),
    [
        (";; WARNING: recursion requested but not available", Palette.warning),
        (";; Truncated, retrying in TCP mode.", Palette.warning),
        (";; communications error to 127.0.0.1#53: timed out", Palette.failure),
        (";; no servers could be reached", Palette.failure),
        ("; Transfer failed.", Palette.failure),
        ("; <<>> pydig 0.1.0 <<>> example.test", Palette.comment),
        (";example.test.\t\t\tIN\tA", Palette.comment),
        ("; COOKIE: 0011223344556677 (good)", Palette.comment),
    ],
)
def test_comment_lines(line: str, style: Style) -> None:
    assert style_of(line + "\n", line[:3]) == style


def test_an_escaped_bracket_in_a_name_opens_nothing() -> None:
    text = "odd\\(.example.test.\t60\tIN\tA\t192.0.2.1\nnext.test.\t60\tIN\tA\t192.0.2.2\n"
    assert style_of(text, "next.test.") == Palette.owner


def test_short_answers_are_coloured_by_what_they_are() -> None:
    text = '192.0.2.1\nmail.example.test.\n"v=spf1 -all"\n10 mx.example.test.\n'
    assert style_of(text, "192.0.2.1", short=True) == Palette.address
    assert style_of(text, "mail.example.test.", short=True) == Palette.name
    assert style_of(text, '"v=spf1', short=True) == Palette.text
    assert style_of(text, "10 mx", short=True) == Style.null()


def test_identify_suffix_is_dim() -> None:
    text = "192.0.2.1 from server 127.0.0.1 in 2 ms.\n"
    assert style_of(text, "192.0.2.1", short=True) == Palette.address
    assert style_of(text, " from server", short=True) == Palette.comment


# --- the characters never change ----------------------------------------------------------


@pytest.mark.parametrize("text", [HEADER.format(status="NOERROR"), ANSWER, MULTILINE, ""])
def test_colourize_keeps_the_text(text: str) -> None:
    assert colourize(text).plain == text
    assert ANSI.sub("", coloured(text)) == text


def test_tabs_markup_and_emoji_codes_are_written_as_they_are() -> None:
    written = coloured(ANSWER)
    assert "\t\t\x1b[" in written or "\t\x1b[" in written
    assert "[/bold] :smile:" in written
    assert ANSI.search(written)


def test_text_rich_would_alter_is_written_plain() -> None:
    text = 'x.test.\t60\tIN\tTXT\t"a\rb"\n'
    assert not keeps_every_character(text)
    assert coloured(text) == text


# --- when colour is used --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "terminal", "variables", "expected"),
    [
        (None, True, {}, True),
        (None, False, {}, False),
        (None, True, {"NO_COLOR": "1"}, False),
        (None, True, {"NO_COLOR": ""}, True),  # set but empty: not a request
        (None, False, {"FORCE_COLOR": "1"}, True),
        (None, True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (None, True, {"TERM": "dumb"}, False),
        (None, True, {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
        (True, False, {"NO_COLOR": "1"}, True),  # +color wins
        (False, True, {"FORCE_COLOR": "1"}, False),  # +nocolor wins
    ],
)
def test_colour_choice(
    choice: bool | None, terminal: bool, variables: dict[str, str], expected: bool
) -> None:
    assert wants_colour(choice, terminal=terminal, variables=variables) is expected


# --- every differential command line ------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_stripping_colour_gives_the_plain_output(
    case: Case, named: Named, dead_port: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ports = ports_for(case, named, dead_port, request)
    resolv = named.resolv_conf()
    plain = run_case(case, ports=ports, resolv_conf=resolv, workdir=tmp_path)
    # The pure function on this exact output, both ways of reading its lines.
    for short in (False, True):
        assert colourize(plain.stdout, short=short).plain == plain.stdout
        assert ANSI.sub("", coloured(plain.stdout, short=short)) == plain.stdout
    # And pydig itself on a colour terminal, compared with the plain run.
    forced = run_case(
        case, ports=ports, resolv_conf=resolv, workdir=tmp_path, variables={"FORCE_COLOR": "1"}
    )
    assert forced.status == plain.status
    assert normalize(ANSI.sub("", forced.stdout)) == normalize(plain.stdout)
    assert not ANSI.search(forced.stderr)
    yaml = any(word.startswith("+y") for word in case.args)  # YAML is for programs: plain
    if colourize(plain.stdout).spans and not yaml:
        assert ANSI.search(forced.stdout), "colour was asked for but none was written"
