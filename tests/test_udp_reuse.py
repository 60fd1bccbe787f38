"""A batch's UDP sockets kept for the lookups to come: each query still leaves from a new
random port, nothing meant for one lookup reaches another, and the output is dig's.

Past RESTING_AFTER closed sockets the engine lets a settled socket go of its server and
port and connects it again for the next lookup (transport/engine.py, Engine._settle); these
batches are long enough for most of their lookups to go that way.
"""

from __future__ import annotations

import resource
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hostile import ADDRESS, HostileServer, counted_address
from helpers.pydig_run import run_pydig, run_within_descriptors
from helpers.testbed import Named

from pydig.console.sweep import SWEEP_CONCURRENCY
from pydig.transport import engine
from pydig.transport.engine import REST_AT_MOST, RESTING_AFTER

LINES = RESTING_AFTER + 400  # most of them on sockets at rest


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def batch(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "names.batch"
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def dotted(address: bytes) -> str:
    return ".".join(str(byte) for byte in address)


def test_every_query_of_a_long_batch_leaves_from_a_port_of_its_own(
    hostile: HostileServer, tmp_path: Path
) -> None:
    names = [f"n{number}.count.test" for number in range(LINES)]
    hostile.clients.clear()
    outcome = run_pydig(
        ["@127.0.0.1", "-p", str(hostile.port), "+short", "-f", str(batch(tmp_path, names))]
    )
    assert outcome.lines == [dotted(counted_address(f"n{number}")) for number in range(LINES)]
    assert outcome.stderr == ""
    ports = [port for _, port in hostile.clients]
    assert len(ports) == LINES
    # Random ports from the kernel's ephemeral range: a few meet again by chance (about
    # 8 pairs among 656 ports of 28,232), where sockets that kept their ports would give
    # no more ports than sockets (at most RESTING_AFTER and those in flight).
    assert len(set(ports)) >= LINES - 40


def test_a_reply_sent_twice_reaches_only_the_lookup_it_answers(
    hostile: HostileServer, tmp_path: Path
) -> None:
    """The second copy is in a socket's queue when it is let go: the next poll sees it,
    and that socket is closed, not reused (else the next lookup on it would meet a reply
    of another ID, and say so, as dig does).  A copy that comes after its socket let go
    is dropped by the kernel, unless a lookup's new random port happens to be the one it
    was sent to (as it can for dig's, one of the ~28,000 ports): a warning or two may come
    by chance, where sockets reused without the check give hundreds."""
    names = [f"n{number}.duplicate.test" for number in range(LINES)]
    outcome = run_pydig(
        ["@127.0.0.1", "-p", str(hostile.port), "+short", "-f", str(batch(tmp_path, names))]
    )
    warnings = [line for line in outcome.lines if "ID mismatch" in line]
    assert [line for line in outcome.lines if line not in warnings] == [dotted(ADDRESS)] * LINES
    assert len(warnings) <= 2
    assert outcome.stderr == ""


def test_a_batch_over_both_families_matches_dig(
    named: Named, dig_binary: str, tmp_path: Path
) -> None:
    """Sockets at rest are kept by family: a batch whose lines alternate between the
    server's IPv4 and IPv6 addresses gets every answer, as dig does."""
    lines = [
        f"@{'::1' if number % 2 else '127.0.0.1'} host{number}.wild.example.test"
        for number in range(LINES)
    ]
    args = ["-p", str(named.port), "+short", "-f", str(batch(tmp_path, lines))]
    expected = subprocess.run(
        [dig_binary, *args], capture_output=True, text=True, check=True, timeout=120
    )
    outcome = run_pydig(["-r", *args])
    assert outcome.stdout == expected.stdout
    assert outcome.lines == ["192.0.2.99"] * LINES


def test_sockets_kept_for_reuse_stay_within_the_descriptor_limit(
    named: Named, tmp_path: Path
) -> None:
    """At most REST_AT_MOST sockets are kept beside those in flight: 150 lookups in flight
    under an open-file limit of 260 get every answer (keeping every settled socket would
    run out of descriptors)."""

    names = batch(tmp_path, [f"host{number}.wild.example.test" for number in range(1_000)])
    args = ["-r", "@127.0.0.1", "-p", str(named.port), "+short", "+concurrency=150"]
    got = run_within_descriptors([*args, "-f", str(names)], tmp_path, 260)
    assert (got.stdout.splitlines(), got.stderr, got.returncode) == (["192.0.2.99"] * 1_000, "", 0)


@pytest.mark.parametrize("limit", [260, 1_300])
def test_a_sweeps_kept_sockets_stay_within_the_descriptor_limit(
    named: Named, tmp_path: Path, limit: int
) -> None:
    """A sweep keeps as many settled sockets as it may have in flight where the open-file
    limit leaves room (transport/engine.py's kept_within_descriptors): a /22 under a limit
    of a few hundred gets every answer, as it does without one."""

    args = ["-r", "@127.0.0.1", "-p", str(named.port), "+short", "+sweep-missing", "-x",
            "192.0.0.0/22"]  # fmt: skip
    unlimited, got = (run_within_descriptors(args, tmp_path, bound) for bound in (None, limit))
    assert got.stderr == ";; -x 192.0.0.0/22: 1,022 addresses, 5 with PTR, 1,017 NXDOMAIN\n"
    assert (got.stdout, got.returncode) == (unlimited.stdout, 0)


@pytest.fixture
def open_file_limit() -> Iterator[None]:
    """The process's own open-file limit, put back as it was after the test."""
    limits = resource.getrlimit(resource.RLIMIT_NOFILE)
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, limits)


@pytest.mark.parametrize("limit", [80, 300, 1_024, 1_300, 20_000, None])
def test_a_sweep_keeps_no_more_sockets_than_its_descriptors_allow(
    limit: int | None, open_file_limit: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In flight, kept for reuse and the others the sweep reserves: never more than the
    limit (where it leaves room for REST_AT_MOST), and never fewer kept than that.  The
    limit is this process's own, lowered (None: no limit, which sysconf says as -1, and a
    test cannot give itself)."""
    if limit is None:
        monkeypatch.setattr(engine.os, "sysconf", lambda name: -1)
    else:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(limit, hard), hard))
        limit = min(limit, hard)
    ceiling = engine.within_descriptors(SWEEP_CONCURRENCY)
    kept = engine.kept_within_descriptors(ceiling)
    assert REST_AT_MOST <= kept <= max(ceiling, REST_AT_MOST)
    if limit is not None and limit >= engine.RESERVED_DESCRIPTORS:
        assert ceiling + kept + engine.OTHER_DESCRIPTORS <= limit
    if limit is None or limit >= 2 * SWEEP_CONCURRENCY + engine.OTHER_DESCRIPTORS:
        assert kept == ceiling == SWEEP_CONCURRENCY
