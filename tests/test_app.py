"""End to end through pydig.app.run: argv and an Environment in, stdout, stderr and status out.

Replies come from the replay responder (fixtures/responses) or from the test named, and
every command line names 127.0.0.1 and a port, or reads a resolv.conf naming 127.0.0.1.

What pydig prints for a recorded reply is compared with what dig 9.18 printed for the
same command line against the same replay responder, kept in fixtures/expected/app/
(normalized as the differential tests normalize, the port written as {port}).
Refresh those files with dig, never by hand:

    uv run python tests/test_app.py
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.differential import captured, normalize, refresh_captures
from helpers.testbed import Named

from pydig.app import run
from pydig.environment import Environment

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "expected" / "app"

USAGE_ERROR = """\
Invalid option: +bogus
Usage:  pydig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "pydig -h" (or "pydig -h | more") for complete list of options
"""

# Expected output name -> the dig command line whose output it holds.
CAPTURES = {
    "normal": "-r @127.0.0.1 -p {port} example.test",
    "short-mx": "-r @127.0.0.1 -p {port} +short example.test MX",
    "nxdomain": "-r @127.0.0.1 -p {port} nx.example.test",
    "nxdomain-short": "-r @127.0.0.1 -p {port} +short nx.example.test",
    "cname-chain": "-r @127.0.0.1 -p {port} www.example.test",
    "referral": "-r @127.0.0.1 -p {port} x.sub.example.test",
    "truncated-then-tcp": "-r @127.0.0.1 -p {port} big.example.test TXT",
    "reverse": "-r @127.0.0.1 -p {port} -x 192.0.2.10",
    "servfail": "-r @127.0.0.1 -p {port} broken.test",
    "refused": "-r @127.0.0.1 -p {port} -c HS example.test",
    "noall-answer": "-r @127.0.0.1 -p {port} +noall +answer example.test",
    "short-a": "-r @127.0.0.1 -p {port} +short example.test",
    "normal-r-last": "@127.0.0.1 -p {port} example.test -r",
}
# The captures whose command line pydig is given as it is, with no rc file.
AS_IS = [name for name in CAPTURES if CAPTURES[name].startswith("-r ")]


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    status: int


@dataclass(frozen=True)
class Paths:
    home: Path
    resolv_conf: Path


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """An empty HOME and a resolv.conf naming only 127.0.0.1."""
    home = tmp_path / "home"
    home.mkdir()
    resolv_conf = tmp_path / "resolv.conf"
    resolv_conf.write_text("nameserver 127.0.0.1\n")
    return Paths(home=home, resolv_conf=resolv_conf)


def pydig(argv: str, paths: Paths, *, port: int, stdin: str = "") -> Outcome:
    """app.run with StringIO streams; `{port}` in argv becomes the port."""
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(
        stdin=io.StringIO(stdin),
        stdout=stdout,
        stderr=stderr,
        home=paths.home,
        resolv_conf=paths.resolv_conf,
        variables={},
    )
    status = run(argv.replace("{port}", str(port)).split(), env)
    outcome = Outcome(stdout=stdout.getvalue(), stderr=stderr.getvalue(), status=status)
    assert "Traceback" not in outcome.stderr, outcome.stderr
    return outcome


# --- recorded replies: the same text as dig ---------------------------------------------

REPLAYED = [pytest.param(CAPTURES[name], {}, name, id=name) for name in AS_IS] + [
    pytest.param(
        "@127.0.0.1 -p {port} example.test",
        {".pydigrc": "+noall +answer"},
        "noall-answer",
        id="pydigrc",
    ),
    pytest.param(
        "@127.0.0.1 -p {port} example.test",
        {".digrc": "+noall +answer"},
        "noall-answer",
        id="digrc-when-no-pydigrc",
    ),
    pytest.param(
        "@127.0.0.1 -p {port} example.test",
        {".pydigrc": "+short", ".digrc": "+noall +answer"},
        "short-a",
        id="pydigrc-wins-over-digrc",
    ),
    pytest.param(
        "-r @127.0.0.1 -p {port} example.test",
        {".pydigrc": "+short", ".digrc": "+noall +answer"},
        "normal",
        id="r-skips-both-rc-files",
    ),
    pytest.param(
        "@127.0.0.1 -p {port} example.test -r",
        {".pydigrc": "+short"},
        "normal-r-last",
        id="r-after-the-name",
    ),
    pytest.param(
        "@127.0.0.1 -p {port} +noshort +noall +answer example.test",
        {".pydigrc": "+short\n+nocomments"},
        "noall-answer",
        id="argv-after-rc",
    ),
]


@pytest.mark.parametrize(("argv", "rc_files", "name"), REPLAYED)
def test_replayed_reply(
    argv: str,
    rc_files: dict[str, str],
    name: str,
    replay: tuple[str, int],
    paths: Paths,
) -> None:
    _, port = replay
    for file_name, text in rc_files.items():
        (paths.home / file_name).write_text(text + "\n")
    got = pydig(argv, paths, port=port)
    assert normalize(got.stdout) == captured(EXPECTED, name, port)
    assert got.stderr == ""
    assert got.status == 0


# --- the test named -------------------------------------------------------------------------


def test_named_normal_query(named: Named, paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p {port} linuxvoice.test MX", paths, port=named.port)
    assert got.status == 0
    assert got.stderr == ""
    lines = got.stdout.splitlines()
    assert lines[1].startswith("; <<>> pydig ")
    assert lines[1].endswith(f" <<>> -r @127.0.0.1 -p {named.port} linuxvoice.test MX")
    assert ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: " in got.stdout
    assert "linuxvoice.test.\t600\tIN\tMX\t10 mail.linuxvoice.test.\n" in got.stdout
    assert f";; SERVER: 127.0.0.1#{named.port}(127.0.0.1) (UDP)\n" in got.stdout


def test_named_short(named: Named, paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p {port} +short www.linuxvoice.test", paths, port=named.port)
    assert got == Outcome(stdout="linuxvoice.test.\n192.0.2.80\n", stderr="", status=0)


def test_named_nxdomain(named: Named, paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p {port} nx.example.test", paths, port=named.port)
    assert got.status == 0
    assert "status: NXDOMAIN" in got.stdout
    assert ";; AUTHORITY SECTION:\nexample.test.\t\t300\tIN\tSOA\tns1.example.test." in got.stdout


def test_named_nxdomain_short_prints_nothing(named: Named, paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p {port} +short nx.example.test", paths, port=named.port)
    assert got == Outcome(stdout="", stderr="", status=0)


def test_pydigrc_against_named(named: Named, paths: Paths) -> None:
    (paths.home / ".pydigrc").write_text("+noall +answer\n")
    got = pydig("@127.0.0.1 -p {port} www.linuxvoice.test", paths, port=named.port)
    assert got.stdout == (
        "www.linuxvoice.test.\t600\tIN\tCNAME\tlinuxvoice.test.\n"
        "linuxvoice.test.\t600\tIN\tA\t192.0.2.80\n"
    )
    assert got.status == 0


def test_resolv_conf_from_the_environment(named: Named, paths: Paths) -> None:
    """No @server: the server comes from Environment.resolv_conf (127.0.0.1), the port from -p."""
    got = pydig("-r -p {port} linuxvoice.test", paths, port=named.port)
    assert got.status == 0
    assert f";; SERVER: 127.0.0.1#{named.port}(127.0.0.1) (UDP)\n" in got.stdout
    assert "; (1 server found)" not in got.stdout
    assert "linuxvoice.test.\t600\tIN\tA\t192.0.2.80\n" in got.stdout


def test_resolv_conf_short(named: Named, paths: Paths) -> None:
    got = pydig("-r -p {port} +short mail.linuxvoice.test", paths, port=named.port)
    assert got == Outcome(stdout="192.0.2.80\n", stderr="", status=0)


def test_batch_file_from_stdin(named: Named, paths: Paths) -> None:
    batch = "linuxvoice.test MX +short\n-x 192.0.2.80 +short\n"
    got = pydig("-r @127.0.0.1 -p {port} -f -", paths, port=named.port, stdin=batch)
    assert got == Outcome(
        stdout="10 mail.linuxvoice.test.\nwww.linuxvoice.test.\nlinuxvoice.bigv.test.\n",
        stderr="",
        status=0,
    )


# --- usage errors, help and version -------------------------------------------------------


def test_invalid_plus_option(paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p {port} +bogus example.test", paths, port=53535)
    assert got == Outcome(stdout="", stderr=USAGE_ERROR, status=1)


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        pytest.param("-p 70000 example.test", 1, "70000", id="port-out-of-range"),
        pytest.param("+bufsize=70000 example.test", 10, "70000", id="bufsize-out-of-range"),
        pytest.param("-x 999.1.1.1", 1, "999.1.1.1", id="reverse-not-an-address"),
        pytest.param("-f /nonexistent", 8, "/nonexistent", id="batch-file-missing"),
        pytest.param("-4 -6 example.test", 1, "-4", id="4-and-6"),
        pytest.param("+tries=x example.test", 10, "tries", id="tries-not-a-number"),
    ],
)
def test_usage_errors(argv: str, status: int, message: str, paths: Paths) -> None:
    # A port nothing listens on: none of these may send a query at all.
    got = pydig(f"-r @127.0.0.1 -p 53535 {argv}", paths, port=53535)
    assert got.status == status
    assert message in got.stderr
    assert got.stderr.endswith("\n")
    assert got.stdout == ""


def test_help(paths: Paths) -> None:
    got = pydig("-h", paths, port=0)
    assert got.stdout.startswith("Usage:")
    assert "pydig" in got.stdout.splitlines()[0]
    assert got.stderr == ""
    assert got.status == 0


def test_help_wins_over_the_rest(paths: Paths) -> None:
    got = pydig("-r @127.0.0.1 -p 53535 example.test -h", paths, port=0)
    assert got.stdout.startswith("Usage:")
    assert got.status == 0


def test_version(paths: Paths) -> None:
    got = pydig("-v", paths, port=0)
    assert got.stdout == ""
    assert re.fullmatch(r"pydig \S+\n", got.stderr), got.stderr
    assert got.status == 0


# --- refreshing fixtures/expected/app with dig ----------------------------------------------


def refresh() -> None:
    refresh_captures(
        EXPECTED, CAPTURES, lambda name, port: CAPTURES[name].replace("{port}", str(port)).split()
    )


if __name__ == "__main__":
    refresh()
