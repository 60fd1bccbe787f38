"""Mistyped commands, files and batch lines: one clear line on stderr, dig's exit code.

1 for usage errors, 8 for a batch file that cannot be read, 10 where dig uses it (a
name that cannot be a DNS name, an option value it cannot use), never a traceback.
An error in a line of ~/.pydigrc or of a batch file names the file and the line.
Nothing here reaches the network: every command line fails before a query is sent,
except the batch tests, which ask tests/helpers/hostile.py on loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hostile import HostileServer, counted_address
from helpers.pydig_run import Outcome, run_pydig, run_raw

SERVER = ["-r", "@127.0.0.1", "-p", "53000"]  # never asked: each case fails first
USAGE = re.compile(r"Usage:  pydig \[@global-server\]")

LABEL_64 = "a" * 64 + ".test"
NAME_256 = ".".join(["a" * 63] * 4) + ".test"


def one_line(outcome: Outcome) -> str:
    """The single stderr line; the test fails if there are more, or output."""
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    assert outcome.stdout == "", outcome.stdout
    return lines[0]


def case(case_id: str, argv: list[str], status: int, message: str, *, marks: object = ()) -> object:
    """argv after SERVER, the status, the whole stderr line as a regular expression."""
    return pytest.param(argv, status, message, id=case_id, marks=marks)


NOT_LEGAL = r"pydig: '{}' is not a legal name \({}\)"
ONE_LINE_ERRORS = [
    case("label-64", [LABEL_64], 10, NOT_LEGAL.format(LABEL_64, "label too long")),
    case("name-256", [NAME_256], 10, NOT_LEGAL.format(r"a+(\.a+)+\.test", "ran out of space")),
    case("empty-label", ["a..b"], 10, NOT_LEGAL.format(r"a\.\.b", "empty label")),
    case("dots", ["..."], 10, NOT_LEGAL.format(r"\.\.\.", "empty label")),
    case("escape-short", ["\\0."], 10, NOT_LEGAL.format(r"\\0\.", "bad escape")),
    case("escape-256", ["a.\\256"], 10, NOT_LEGAL.format(r"a\.\\256", "bad escape")),
    case("escape-at-end", ["abc\\"], 10, NOT_LEGAL.format(r"abc\\", "unexpected end of input")),
    case("x-999", ["-x", "999.1.1.1"], 1, r"pydig: Invalid IP address 999\.1\.1\.1"),
    case("x-three-parts", ["-x", "1.2.3"], 1, r"pydig: Invalid IP address 1\.2\.3"),
    case("x-name", ["-x", "www.example.com"], 1, r"pydig: Invalid IP address www\.example\.com"),
    case("x-bad-ipv6", ["-x", "::g"], 1, r"pydig: Invalid IP address ::g"),
    case("t-unknown", ["-t", "BOGUS", "x.test"], 1, r"pydig: invalid type BOGUS"),
    case("t-65536", ["-t", "TYPE65536", "x.test"], 1, r"pydig: invalid type TYPE65536"),
    case("c-unknown", ["-c", "BOGUS", "x.test"], 1, r"pydig: invalid class BOGUS"),
    case("c-65536", ["-c", "CLASS65536", "x.test"], 1, r"pydig: invalid class CLASS65536"),
    case(
        "timeout-abc", ["+timeout=abc", "x.test"], 10,
        r"pydig: invalid timeout 'abc': not a valid number",
    ),
    case(
        "tries-negative", ["+tries=-1", "x.test"], 10,
        r"pydig: invalid tries '-1': not a valid number",
    ),
    case(
        "bufsize-70000", ["+bufsize=70000", "x.test"], 10,
        r"pydig: invalid buffer size '70000': out of range",
    ),
    case("edns-256", ["+edns=256", "x.test"], 10, r"pydig: invalid edns '256': out of range"),
    case(
        "port-70000", ["-p", "70000", "x.test"], 1,
        r"pydig: invalid port number '70000': out of range",
    ),
    case(
        "port-negative", ["-p", "-1", "x.test"], 1,
        r"pydig: invalid port number '-1': not a valid number",
    ),
    case(
        "port-abc", ["-p", "abc", "x.test"], 1,
        r"pydig: invalid port number 'abc': not a valid number",
    ),
    case("4-and-6", ["-4", "-6", "x.test"], 1, r"pydig: only one of -4 and -6 allowed"),
    case("46-together", ["-46", "x.test"], 1, r"pydig: only one of -4 and -6 allowed"),
    case(
        "4-with-ipv6-server", ["-4", "@::1", "x.test"], 1,
        r"pydig: couldn't get address for '::1': address family not supported",
    ),
    case("b-junk", ["-b", "junk", "x.test"], 1, r"pydig: invalid address junk"),
    case(
        "b-port", ["-b", "127.0.0.1#99999", "x.test"], 1,
        r"pydig: invalid port number '99999': out of range",
    ),
    case(
        "f-missing", ["-f", "/nonexistent/batch"], 8,
        r"pydig: /nonexistent/batch: No such file or directory",
    ),
    case(
        "subnet-300", ["+subnet=300.1.1.1/24", "x.test"], 1,
        r"pydig: invalid address '300\.1\.1\.1/24'",
    ),
    case(
        "ednsopt-colon", ["+ednsopt=:", "x.test"], 10,
        r"pydig: ednsopt no code point specified",
    ),
    case(
        "k-missing", ["-k", "/nonexistent/key", "x.test"], 10,
        r"pydig: .*/nonexistent/key.*",
    ),
    case(
        "y-not-base64", ["-y", "hmac-sha256:key:not*base64", "x.test"], 1,
        r"pydig: .*base64.*",
    ),
    case(
        "y-unknown-algorithm", ["-y", "hmac-bogus:key:YWJj", "x.test"], 1,
        r"pydig: .*(algorithm|hmac-bogus).*",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "status", "message"), ONE_LINE_ERRORS)
def test_one_clear_line(argv: list[str], status: int, message: str, tmp_path: Path) -> None:
    outcome = run_pydig([*SERVER, *argv], home=tmp_path)
    assert re.fullmatch(message, one_line(outcome)), outcome.stderr
    assert outcome.status == status


def test_batch_file_that_is_a_directory(tmp_path: Path) -> None:
    outcome = run_pydig([*SERVER, "-f", str(tmp_path)], home=tmp_path)
    assert one_line(outcome) == f"pydig: {tmp_path}: Is a directory"
    assert outcome.status == 8


# Usage errors show dig's short usage after their line.
USAGE_ERRORS = [
    pytest.param(["+bogus", "x.test"], "Invalid option: +bogus", id="unknown-plus"),
    pytest.param(["+nobogus", "x.test"], "Invalid option: +nobogus", id="unknown-noplus"),
    pytest.param(["-z", "x.test"], "Invalid option: -z", id="unknown-dash"),
    pytest.param(["x.test", "-t"], "option -t needs a value", id="t-without-value"),
    pytest.param(["x.test", "-q"], "option -q needs a value", id="q-without-value"),
    pytest.param(["x.test", "-p"], "option -p needs a value", id="p-without-value"),
    pytest.param(["+timeout", "x.test"], "Invalid option: +timeout", id="timeout-without-value"),
]


@pytest.mark.parametrize(("argv", "first_line"), USAGE_ERRORS)
def test_usage_errors_show_the_usage(argv: list[str], first_line: str, tmp_path: Path) -> None:
    outcome = run_pydig([*SERVER, *argv], home=tmp_path)
    assert outcome.status == 1
    assert outcome.stdout == ""
    assert outcome.stderr.splitlines()[0] == first_line
    assert USAGE.search(outcome.stderr)


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("+shrot", "did you mean +short?"),
        ("+noshrot", "did you mean +noshort?"),
        ("+nsdi", "did you mean +nsid?"),
        ("+jsno", "did you mean +json?"),
        ("+bogus", None),  # nothing close: dig's text alone
    ],
)
def test_a_near_miss_gets_a_hint(word: str, hint: str | None, tmp_path: Path) -> None:
    """dig's words, usage text and status, then pydig's hint as the last line of stderr."""
    outcome = run_pydig([*SERVER, word, "x.test"], home=tmp_path)
    assert (outcome.status, outcome.stdout) == (1, "")
    lines = outcome.stderr.splitlines()
    assert lines[0] == f"Invalid option: {word}"
    assert USAGE.search(outcome.stderr)
    if hint is None:
        assert "did you mean" not in outcome.stderr
    else:
        assert lines[-1] == hint


# --- ~/.pydigrc ------------------------------------------------------------------------------

RC_ERRORS = [
    pytest.param("+noall +answer\n+bogus\n", 2, 1, "Invalid option: +bogus", id="unknown-option"),
    pytest.param("-p 70000\n", 1, 1, "invalid port number '70000': out of range", id="port"),
    pytest.param("\n\n+timeout=abc\n", 3, 10, "invalid timeout 'abc': not a valid number",
                 id="timeout"),
    pytest.param("+short\n-t BOGUS\n", 2, 1, "invalid type BOGUS", id="type"),
    pytest.param("-4 -6\n", 1, 1, "only one of -4 and -6 allowed", id="4-and-6"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "status", "message"), RC_ERRORS)
def test_rc_file_errors_name_the_file_and_line(
    text: str, line: int, status: int, message: str, tmp_path: Path
) -> None:
    (tmp_path / ".pydigrc").write_text(text)
    outcome = run_pydig(["@127.0.0.1", "-p", "53000", "x.test"], home=tmp_path)
    assert one_line(outcome) == f"pydig: {tmp_path / '.pydigrc'}:{line}: {message}"
    assert outcome.status == status


def test_digrc_errors_name_digrc(tmp_path: Path) -> None:
    (tmp_path / ".digrc").write_text("+bogus\n")
    outcome = run_pydig(["@127.0.0.1", "-p", "53000", "x.test"], home=tmp_path)
    assert one_line(outcome) == f"pydig: {tmp_path / '.digrc'}:1: Invalid option: +bogus"


def test_r_skips_a_broken_rc_file(tmp_path: Path) -> None:
    (tmp_path / ".pydigrc").write_text("+bogus\n")
    outcome = run_pydig(["-r", "@127.0.0.1", "-p", "53000", "-t", "BOGUS", "x"], home=tmp_path)
    assert one_line(outcome) == "pydig: invalid type BOGUS"  # the command line's, not the file's


# --- batch files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def address(number: int) -> str:
    return ".".join(str(byte) for byte in counted_address(f"n{number}"))


BATCH = """\
n1.count.test
+bogus n2.count.test
n3.count.test
n4.count.test -t
-x 1.2.3
# a comment
n6.count.test -t BOGUS
n7.count.test -p 70000
n8.count.test +timeout=abc
-h
n10.count.test
"""
BATCH_ERRORS = [
    (2, "Invalid option: +bogus"),
    (4, "option -t needs a value"),
    (5, "Invalid IP address 1.2.3"),
    (7, "invalid type BOGUS"),
    (8, "invalid port number '70000': out of range"),
    (9, "invalid timeout 'abc': not a valid number"),
    (10, "-h and -v are not allowed in a batch file"),
]


def test_batch_line_errors_name_the_file_and_line(hostile: HostileServer, tmp_path: Path) -> None:
    batch = tmp_path / "lookups.batch"
    batch.write_text(BATCH)
    outcome = run_pydig(
        ["-r", f"@{hostile.address}", "-p", str(hostile.port), "+short", "-f", str(batch)],
        home=tmp_path,
    )
    assert outcome.stderr.splitlines() == [
        f"pydig: {batch}:{line}: {message}" for line, message in BATCH_ERRORS
    ]
    assert outcome.lines == [address(1), address(3), address(10)]  # the good lines, answered
    assert outcome.status == 0  # the last line's status, as in dig


def test_batch_from_stdin_names_standard_input(hostile: HostileServer, tmp_path: Path) -> None:
    outcome = run_pydig(
        ["-r", f"@{hostile.address}", "-p", str(hostile.port), "+short", "-f", "-"],
        home=tmp_path,
        stdin="n1.count.test\n+bogus\n",
    )
    assert outcome.lines == [address(1)]
    assert outcome.stderr == "pydig: (standard input):2: Invalid option: +bogus\n"
    assert outcome.status == 1


def test_batch_error_on_the_last_line_sets_the_status(
    hostile: HostileServer, tmp_path: Path
) -> None:
    batch = tmp_path / "lookups.batch"
    batch.write_text("n1.count.test\n+bogus\n")
    outcome = run_pydig(
        ["-r", f"@{hostile.address}", "-p", str(hostile.port), "+short", "-f", str(batch)],
        home=tmp_path,
    )
    assert outcome.lines == [address(1)]
    assert outcome.status == 1


def test_a_bad_name_in_a_batch_is_reported_and_the_batch_goes_on(
    hostile: HostileServer, tmp_path: Path
) -> None:
    """dig's fatal() ends the run here; pydig names the line and looks up the rest."""
    batch = tmp_path / "lookups.batch"
    batch.write_text("n1.count.test\nbad..name\nn3.count.test\n")
    outcome = run_pydig(
        ["-r", f"@{hostile.address}", "-p", str(hostile.port), "+short", "-f", str(batch)],
        home=tmp_path,
    )
    assert outcome.lines == [address(1), address(3)]
    assert outcome.stderr == (f"pydig: {batch}:2: 'bad..name' is not a legal name (empty label)\n")
    assert outcome.status == 0


# --- a bug in pydig --------------------------------------------------------------------------


def test_a_bug_is_one_line_and_status_10(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pydig.app.parse_argv", broken)
    outcome = run_raw([*SERVER, "x.test"], home=tmp_path)
    assert outcome.stderr == "pydig: internal error: RuntimeError: boom\n"
    assert outcome.status == 10


def test_pydig_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pydig.app.parse_argv", broken)
    with pytest.raises(RuntimeError, match="boom"):
        run_raw([*SERVER, "x.test"], home=tmp_path, variables={"PYDIG_DEBUG": "1"})
