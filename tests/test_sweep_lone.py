"""A sweep's addresses as lone Expresses (sweep.LoneAddress): an address whose first reply
ends its investigation (a PTR at its own name, NXDOMAIN, NODATA and a referral, told
apart by the authority section, which the lane keeps for a sweep under +short too) is
printed with no machine made, as a batch's plain line is; every other reply (a CNAME or
DNAME to follow, SERVFAIL, REFUSED, another RCODE, a timeout and its retry, a bad reply,
+fcrdns's names to ask) is handed to the investigation's machine, which prints what it
printed before.  Not mocks: the engine's own tasks and the pacer's own events, counted
as they happen (tests/helpers/lane.py)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from helpers.differential import diff, normalize, prepare_home, run_dig
from helpers.lane import lone_expresses
from helpers.sweepbed import DroppingServer
from helpers.testbed import Named
from test_sweep_investigation import BED, EXPECTED, expected_line, queries_made

from pydig.app import run
from pydig.environment import Environment
from pydig.lookup.pacing import INITIAL_WINDOW, Pacer
from pydig.transport.engine import Task

# The bed's addresses whose first reply ends them, in every view the lane takes: PTRs
# at their own names (.1, the first, too: planned in full, then asked by the lane),
# NODATA (.4), the referral (.250), and every address the bed leaves out (NXDOMAIN).
AT_ONCE = {1, 2, 3, 4, 250} | {host for host in range(1, 255) if host not in EXPECTED}


def sweep(server: tuple[str, int], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """pydig run in this process: its status, standard output and standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(stdout=stdout, stderr=stderr, home=tmp_path)
    address, port = server
    status = run(["-r", f"@{address}", "-p", str(port), *args], env)
    return status, stdout.getvalue(), stderr.getvalue()


def ended_alone(tasks: list[Task]) -> list[bool]:
    """For each lone Express's task, in address order: ended with no machine made."""
    assert all(task.done and task.error is None for task in tasks)
    return [task.machine is None for task in tasks]


@pytest.fixture
def pacer_events(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The events every Pacer is told from now on, counted by name, with the last
    in_flight and the widest window seen."""
    events: Counter[str] = Counter()
    for name in ("on_sent", "on_reply", "on_timeout", "on_error"):
        method = getattr(Pacer, name)

        def counted(
            self: Pacer, now: float, *more: float, method: object = method, name: str = name
        ) -> None:
            events[name] += 1
            method(self, now, *more)  # type: ignore[operator]
            events["in_flight"] = self.in_flight
            events["window"] = max(events["window"], self.window)

        monkeypatch.setattr(Pacer, name, counted)
    return events


def test_plain_addresses_run_without_a_machine(
    sweep_named: Named, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    pacer_events: Counter[str],
) -> None:  # fmt: skip
    """+short +sweep-missing over the whole bed: every address is a lone Express; those
    whose first reply ends them need no machine, the rest (CNAMEs followed
    or leading nowhere, SERVFAIL, REFUSED) are handed over, and the lines are the same.
    The pacer hears of every query, as it goes and as it ends: its window grew."""
    tasks = lone_expresses(monkeypatch)
    server = (sweep_named.address, sweep_named.port)
    status, stdout, stderr = sweep(server, tmp_path, "+short", "+sweep-missing", "-x", BED)
    assert status == 9
    assert stdout.splitlines() == [expected_line(host) for host in range(1, 255)]
    assert stderr.endswith(", 8 SERVFAIL, 4 REFUSED\n")
    assert ended_alone(tasks) == [host in AT_ONCE for host in range(1, 255)]
    # Every query told as it went and as it ended; SERVFAIL and REFUSED as distress: the
    # SERVFAIL block's eight, the four REFUSED at the end of a chain, and named's SERVFAIL
    # for .172's CNAME loop.
    assert events_balance(pacer_events) and pacer_events["on_error"] == 13
    assert pacer_events["window"] > INITIAL_WINDOW


def events_balance(events: Counter[str]) -> bool:
    ended = events["on_reply"] + events["on_timeout"] + events["on_error"]
    return events["on_sent"] == ended and events["in_flight"] == 0


def test_digs_text_for_every_kind_of_address(
    sweep_named: Named, dig_binary: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dig's text over the whole bed, query by query what dig prints for the same queries:
    the plain answers printed from their records with no machine, the rest handed over."""
    tasks = lone_expresses(monkeypatch)
    server = (sweep_named.address, sweep_named.port)
    _, stdout, _ = sweep(server, tmp_path, "+nocmd", "-x", BED)
    assert ended_alone(tasks) == [host in AT_ONCE for host in range(1, 255)]
    _, made, _ = sweep(server, tmp_path, "+json", "-x", BED)
    expected = run_dig(
        dig_binary,
        ["-r", f"@{sweep_named.address}", "-p", str(sweep_named.port), "+nocmd",
         *queries_made(made)],
        home=prepare_home(tmp_path / "dig", None), resolv_conf=tmp_path / "none", stdin=None,
    )  # fmt: skip
    assert normalize(stdout) == expected.stdout, diff(expected.stdout, normalize(stdout), "stdout")


@pytest.mark.parametrize(
    ("more", "alone"),
    [
        ((), [True, True, True]),
        (("+fcrdns",), [False, True, True]),  # .2's name is asked for its A record
        (("+nosweep-follow",), [True, True, True]),
    ],
)
def test_what_needs_more_than_the_first_reply_is_handed_over(
    sweep_named: Named, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    more: tuple[str, ...], alone: list[bool],
) -> None:  # fmt: skip
    """.2 has a PTR, .4 none (NODATA), .5 nothing (NXDOMAIN): +fcrdns hands over an
    address with a PTR only; +short's NODATA is told from a referral at once (the lane
    keeps a sweep's authority section under +short too)."""
    tasks = lone_expresses(monkeypatch)
    server = (sweep_named.address, sweep_named.port)
    args = ("+short", "+sweep-missing", *more, "-x", "198.51.100.1-198.51.100.5")
    _, stdout, _ = sweep(server, tmp_path, *args)
    assert [ended_alone(tasks)[index] for index in (1, 4, 3)] == alone  # .2, .5, .4
    confirmed = " confirmed" if more == ("+fcrdns",) else ""
    assert stdout.splitlines()[1:] == [
        f"198.51.100.2 www.customer.test.{confirmed}",
        f"198.51.100.3 stale.customer.test.{' unconfirmed' if confirmed else ''}",
        "198.51.100.4 NODATA",
        "198.51.100.5 NXDOMAIN",
    ]


def test_timeouts_retries_and_bad_replies_are_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pacer_events: Counter[str]
) -> None:
    """The dropping server: an odd address's plain PTR needs no machine; an even one's
    first datagram is lost, and its retry is the machine's; .13 and .14 time out, .15's
    reply is bad, .16 is NOTIMP.  Each lookup told the pacer how it ended."""
    tasks = lone_expresses(monkeypatch)
    with DroppingServer() as server:
        status, stdout, stderr = sweep(
            (server.address, server.port), tmp_path, "+short", "+sweep-missing", "+tries=2",
            "+timeout=1", "-x", "203.0.113.1-203.0.113.20",
        )  # fmt: skip
    named = {13: "NOREPLY", 14: "NOREPLY", 15: "BADREPLY", 16: "NOTIMP"}
    assert stdout.splitlines() == [
        f"203.0.113.{host} {named.get(host, f'host-{host}.drop.test.')}" for host in range(1, 21)
    ]
    assert stderr.endswith(": 20 addresses, 16 with PTR, 1 NOTIMP, 2 without reply, 1 bad reply\n")
    assert status == 9
    assert ended_alone(tasks) == [host % 2 == 1 and host not in named for host in range(1, 21)]
    assert events_balance(pacer_events) and pacer_events["on_timeout"] == 3  # .13-.15
