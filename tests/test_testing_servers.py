"""+compare, +watch and +rcode-exit against real servers.

Several named instances serve one zone at different serials, one with another record,
and one address has no server at all (tests/helpers/servers_bed.py); pydig runs inside their
network namespace.  +rcode-exit runs in this process against the session's named.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import unavailable
from helpers.hierarchy import SandboxUnavailable
from helpers.servers_bed import (
    ACME,
    DOWN,
    SERIAL,
    SILENT,
    ServerBed,
    acme_zone,
    running_servers,
    sync_zone,
)
from helpers.testbed import NamedUnavailable

RUN_TIMEOUT = 60
# Lookups of a server that is down end at once (connection refused) or after 1 s.
QUICK = ["+tries=1", "+timeout=1"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def server_bed() -> Iterator[ServerBed]:
    with contextlib.ExitStack() as stack:
        try:
            running = stack.enter_context(running_servers())
        except (NamedUnavailable, SandboxUnavailable) as exc:
            unavailable(f"server bed unavailable: {exc}")
        yield running


def _command(server_bed: ServerBed, args: list[str]) -> list[str]:
    return server_bed.sandboxed(
        [sys.executable, "-m", "pydig", "-r", "-p", str(server_bed.port), *QUICK, *args]
    )


_ENV = {
    "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
    "PYDIG_RESOLV_CONF": "/etc/resolv.conf",
    "COLUMNS": "200",  # +table lays its table out to this width
}


def pydig(server_bed: ServerBed, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(server_bed, list(args)), capture_output=True, text=True, env=_ENV,
        timeout=RUN_TIMEOUT, check=False,
    )  # fmt: skip


# --- +compare -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "verdict"),
    [
        (["@127.0.0.11", "@127.0.0.12", "sync.test", "SOA"], 0, "all 2 servers agree"),
        (["@127.0.0.11", "@127.0.0.13", "sync.test", "SOA"], 11, "the answers of 2 servers differ"),
        (["+serial-lag=1", "@127.0.0.11", "@127.0.0.13", "sync.test", "SOA"], 0, "agree"),
        (["@127.0.0.11", "@127.0.0.14", "www.sync.test"], 11, "differ"),
        (["@127.0.0.11", "@127.0.0.12", "@127.0.0.13", "www.sync.test"], 0, "3 servers agree"),
        (["@127.0.0.11", f"@{DOWN}", "sync.test", "SOA"], 9, "1 server not reached"),
    ],
)
def test_compare_verdicts(
    server_bed: ServerBed, args: list[str], status: int, verdict: str
) -> None:
    done = pydig(server_bed, "+compare", *args)
    assert done.returncode == status, done.stdout + done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith(";; VERDICT: ")]
    assert verdict in line and line.endswith(f"(exit status {status})")


def test_compare_shows_who_is_behind(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare", "+nocmd", "@127.0.0.11", "@127.0.0.13", "sync.test", "SOA")
    assert f";; status: NOERROR, 1 answer, serial {SERIAL} (newest)" in done.stdout
    assert f";; status: NOERROR, 1 answer, serial {SERIAL - 1}, 1 behind" in done.stdout
    assert done.stdout.startswith(";; COMPARE sync.test. IN SOA: 2 servers\n")


def test_compare_ns_set(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare=ns", "@127.0.0.11", "sync.test")
    assert done.returncode == 9
    servers = re.findall(r"127\.0\.0\.1[1-5]#5300 \(ns[1-5]\.sync\.test\)", done.stdout)
    assert len(servers) == 5
    assert f";; not reached: {DOWN}#5300 (ns5.sync.test)" in done.stdout


def test_compare_ns_set_of_a_name_below_the_apex(server_bed: ServerBed) -> None:
    """_acme-challenge.acme.test is no zone: its SOA leads to acme.test's NS set."""
    done = pydig(server_bed, "+compare=ns", "@127.0.0.11", "_acme-challenge.acme.test", "TXT")
    assert (done.returncode, done.stderr) == (0, "")
    assert ";; 3 servers:" in done.stdout and "NXDOMAIN" in done.stdout


def test_compare_ns_with_a_name_server_without_address(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare=ns", "@127.0.0.11", "lame.test")
    assert done.returncode == 9
    assert ";; not reached: ns.nowhere.test#5300: couldn't get address for 'ns.nowhere.test'" in (
        done.stdout
    )
    assert ";; 1 server: 127.0.0.11#5300 (ns1.lame.test)" in done.stdout


@pytest.mark.parametrize("family", [[], ["-4"]])
def test_compare_ns_asks_for_addresses_the_reply_leaves_out(
    server_bed: ServerBed, family: list[str]
) -> None:
    """noglue.test's name servers live in sync.test: the NS reply carries no address, so
    each comes from asking 127.0.0.11 for it; ns.nowhere.test's query is refused."""
    glue = pydig(server_bed, "+noall", "+additional", "@127.0.0.11", "noglue.test", "NS")
    assert (glue.returncode, glue.stdout) == (0, "")  # no glue: the test below asks for it
    done = pydig(
        server_bed, "+compare=ns", "+nocmd", *family, "@127.0.0.11", "www.noglue.test", "A"
    )
    assert (done.returncode, done.stderr) == (9, "")
    servers = ", ".join(f"{address}#5300 (ns{n}.sync.test)" for n, address in enumerate(ACME, 1))
    assert f";; 3 servers: {servers}\n;; status: NOERROR, 1 answer\n" in done.stdout
    assert ";; not reached: ns.nowhere.test#5300: couldn't get address for 'ns.nowhere.test'" in (
        done.stdout
    )
    assert ";; VERDICT: 1 server not reached; 3 servers agree (exit status 9)" in done.stdout


def test_compare_ns_without_name_servers(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare=ns", "@127.0.0.11", "nowhere.example")
    assert done.returncode == 9
    assert done.stderr.startswith("pydig: ") and done.stderr.count("\n") == 1


def test_compare_json(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare=ns", "+json", "@127.0.0.11", "sync.test")
    value = json.loads(done.stdout)
    assert (value["verdict"], value["exitStatus"], value["newestSerial"]) == ("differ", 9, SERIAL)
    assert [group["behind"] for group in value["groups"]] == [0, 1]
    assert len(value["replies"]) == 4 and value["unreached"][0]["server"].startswith(DOWN)


def test_compare_short(server_bed: ServerBed) -> None:
    done = pydig(
        server_bed, "+compare", "+short", "@127.0.0.11", "@127.0.0.14", f"@{DOWN}", "www.sync.test"
    )
    assert done.stdout.splitlines() == [
        "127.0.0.11#5300 192.0.2.1",
        "127.0.0.14#5300 192.0.2.2",
        f"{DOWN}#5300 no reply",
    ]


def test_compare_table(server_bed: ServerBed) -> None:
    done = pydig(server_bed, "+compare", "+table", "@127.0.0.11", "@127.0.0.13", "sync.test", "SOA")
    assert "SERIAL" in done.stdout and f"{SERIAL - 1} (1 behind)" in done.stdout
    assert "sync.test. IN SOA: the answers of 2 servers differ" in done.stdout


def test_compare_colour_keeps_the_characters(server_bed: ServerBed) -> None:
    args = ["+compare", "+nocmd", "@127.0.0.11", "@127.0.0.13", "sync.test", "SOA"]
    plain = pydig(server_bed, *args).stdout
    coloured = pydig(server_bed, "+color", *args).stdout
    assert coloured != plain and ANSI.sub("", coloured) == plain


def test_compare_of_many_servers_asks_them_at_once(server_bed: ServerBed) -> None:
    """Thirteen servers that never answer, +timeout=2 each: asked one after another they
    would take 26 seconds, all at once about 2; the run is given 12."""
    args = ["+compare", "+nocmd", "+timeout=2", *[f"@{SILENT}"] * 12, "@127.0.0.11", "sync.test"]
    done = subprocess.run(
        _command(server_bed, args),
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=12,
        check=False,
    )
    assert done.returncode == 9 and done.stdout.count(";; not reached: ") == 12
    assert "timed out" in done.stdout


# --- +watch -------------------------------------------------------------------------------------


@contextlib.contextmanager
def watching(server_bed: ServerBed, *args: str) -> Iterator[subprocess.Popen[str]]:
    """pydig +watch running; the first look has been printed when this yields."""
    process = subprocess.Popen(
        _command(server_bed, ["+nocmd", *args]), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=_ENV,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(";; WATCH "), first
        yield process
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=RUN_TIMEOUT)
        if process.poll() is None:
            process.kill()
            process.wait()


def test_watch_notices_a_reload(server_bed: ServerBed) -> None:
    address = "127.0.0.12"
    args = ["+watch=1", "+watch-until=changed", "+watch-timeout=30", f"@{address}"]
    with watching(server_bed, *args, "www.sync.test") as process:
        server_bed.reload(address, "sync.test", sync_zone(SERIAL + 1, "192.0.2.7"))
        output, _ = process.communicate(timeout=RUN_TIMEOUT)
    try:
        assert process.returncode == 0, output
        assert ": changed\n" in output and "192.0.2.7" in output
        assert "+watch-until=changed met after" in output
    finally:
        server_bed.reload(address, "sync.test", sync_zone(SERIAL, "192.0.2.1"))


def test_watch_until_the_acme_challenge_is_everywhere(server_bed: ServerBed) -> None:
    args = ["+compare=ns", "+watch=1", "+watch-until=\"tok-123\"", "+watch-timeout=30",
            "+json", "@127.0.0.11", "_acme-challenge.acme.test", "TXT"]  # fmt: skip
    process = subprocess.Popen(
        _command(server_bed, args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_ENV,
    )
    try:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        assert first["groups"][0]["status"] == "NXDOMAIN"
        for address in ACME:
            server_bed.reload(address, "acme.test", acme_zone(2, "tok-123"))
        output, _ = process.communicate(timeout=RUN_TIMEOUT)
        *_, last = (json.loads(line) for line in output.splitlines())
        assert process.returncode == 0
        assert (last["watchEnded"], last["exitStatus"]) == ("met", 0)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for address in ACME:
            server_bed.reload(address, "acme.test", acme_zone(3))


def test_watch_timeout(server_bed: ServerBed) -> None:
    args = ["+watch=1", "+watch-until=192.0.2.99", "+watch-timeout=2", "@127.0.0.11"]
    done = pydig(server_bed, *args, "www.sync.test")
    assert done.returncode == 12
    assert (
        "+watch-timeout after 2 s, +watch-until=192.0.2.99 not met (exit status 12)" in done.stdout
    )


def test_watch_until_agree_times_out_while_a_server_lags(server_bed: ServerBed) -> None:
    args = ["+compare", "+watch=1", "+watch-until=agree", "+watch-timeout=1", "+short"]
    done = pydig(server_bed, *args, "@127.0.0.11", "@127.0.0.13", "sync.test", "SOA")
    assert done.returncode == 12 and done.stdout.count("Z 127.0.0.1") == 2


def test_watch_short_lines_carry_the_time(server_bed: ServerBed) -> None:
    done = pydig(
        server_bed, "+watch", "+watch-until=192.0.2.1", "+short", "@127.0.0.11", "www.sync.test"
    )
    assert done.returncode == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 192\.0\.2\.1\n", done.stdout)


# --- +rcode-exit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["@127.0.0.11", "www.sync.test"], 0),
        (["@127.0.0.11", "sync.test", "TXT"], 20),  # NOERROR, no answer
        (["@127.0.0.11", "nothing.sync.test"], 23),  # NXDOMAIN
        (["@127.0.0.11", "example.org"], 25),  # a zone this named does not serve: REFUSED
        ([f"@{DOWN}", "sync.test"], 9),  # no reply: dig's status still
    ],
)
def test_rcode_exit(server_bed: ServerBed, args: list[str], status: int) -> None:
    assert pydig(server_bed, "+short", *args).returncode == (9 if status == 9 else 0)
    assert pydig(server_bed, "+short", "+rcode-exit", *args).returncode == status


def test_rcode_exit_the_worst_lookup_decides(server_bed: ServerBed, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.write_text("nothing.sync.test\nexample.org\nwww.sync.test\n")
    args = ["+short", "@127.0.0.11", "-f", str(batch)]
    assert pydig(server_bed, *args).returncode == 0
    assert pydig(server_bed, "+rcode-exit", *args).returncode == 25


def test_rcode_exit_with_compare(server_bed: ServerBed) -> None:
    args = ["+compare", "+rcode-exit", "@127.0.0.11", "@127.0.0.12", "nothing.sync.test"]
    assert pydig(server_bed, *args).returncode == 23
