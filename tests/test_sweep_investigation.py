"""Reverse sweeps that hide nothing, on the test bed of tests/helpers/sweepbed.py: classless
delegations followed, every address given a status and counted, views that fit a sweep,
+fcrdns, and a sweep stopped part way (SIGINT, SIGKILL) then finished with +sweep-state."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers.differential import Outcome, diff, prepare_home, run_dig, run_pydig
from helpers.lane import lane_verdicts
from helpers.pydig_run import start_pydig
from helpers.sweepbed import DroppingServer
from helpers.testbed import Named

from pydig.app import run
from pydig.cli.parse import parse_argv
from pydig.cli.values import parse_sweep
from pydig.console.sweep import PacedGate, check_limit
from pydig.environment import Environment
from pydig.errors import UsageError
from pydig.model.invocation import Invocation
from pydig.transport.actions import Pause

BED = "198.51.100.0/24"


def pydig(server: tuple[str, int], tmp_path: Path, *args: str) -> Outcome:
    address, port = server
    return run_pydig(
        ["-r", f"@{address}", "-p", str(port), *args],
        home=prepare_home(tmp_path / "pydig", None), resolv_conf=tmp_path / "none", stdin=None,
    )  # fmt: skip


def at(named: Named) -> tuple[str, int]:
    return named.address, named.port


# What each interesting address of the bed ends in (+short +sweep-missing); every other
# address of the /24 is NXDOMAIN.
EXPECTED = {
    1: "gw.customer.test.",
    2: "www.customer.test.",
    3: "stale.customer.test.",
    4: "NODATA",
    **{
        host: "DANGLING NXDOMAIN at {host}.128/28.100.51.198.in-addr.arpa."
        for host in range(128, 144)
    },
    130: "a.customer.test.",
    140: "b.customer.test.",
    144: "c.customer.test.",
    145: "d.customer.test.",
    146: "e.customer.test.",
    147: "DANGLING NXDOMAIN at 147.144-151.rev.customer.test.",
    148: "DANGLING NODATA at 148.144-151.rev.customer.test.",
    149: "DANGLING NXDOMAIN at 149.144-151.rev.customer.test.",
    150: "DANGLING NXDOMAIN at 150.144-151.rev.customer.test.",
    151: "DANGLING NXDOMAIN at 151.144-151.rev.customer.test.",
    **{
        host: "DANGLING referral at {host}.152/29.100.51.198.in-addr.arpa."
        for host in range(152, 160)
    },
    **{host: "SERVFAIL" for host in range(160, 168)},  # named gives up at once
    **{host: "REFUSED at {host}.elsewhere.example." for host in range(168, 172)},
    172: "DANGLING CNAME loop at loop2.customer.test.",
    173: "f.customer.test.",
    250: "REFERRAL",
}


def expected_line(host: int) -> str:
    return f"198.51.100.{host} " + EXPECTED.get(host, "NXDOMAIN").format(host=host)


def test_every_address_ends_in_a_status_and_is_counted(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(at(sweep_named), tmp_path, "+short", "+sweep-missing", "-x", BED)
    assert got.stdout.splitlines() == [expected_line(host) for host in range(1, 255)]
    assert got.stderr == (
        ";; -x 198.51.100.0/24: 254 addresses, 3 with PTR, 6 followed to a PTR, 203 NXDOMAIN, "
        "1 NODATA, 1 referred elsewhere, 28 CNAME leading nowhere, 8 SERVFAIL, 4 REFUSED\n"
    )
    assert got.status == 9  # SERVFAIL and REFUSED: some addresses got no answer


def test_short_prints_the_names_found_at_the_end_of_the_chain(
    sweep_named: Named, tmp_path: Path
) -> None:
    got = pydig(at(sweep_named), tmp_path, "+short", "-x", "198.51.100.139-198.51.100.141")
    assert got.stdout == "198.51.100.140 b.customer.test.\n"
    assert got.stderr == (
        ";; -x 198.51.100.139-198.51.100.141: 3 addresses, 0 with PTR, 1 followed to a PTR, "
        "2 CNAME leading nowhere\n"
    )
    assert got.status == 0  # every address answered, PTR or not


def test_nosweep_follow_stops_at_the_cname(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(
        at(sweep_named), tmp_path, "+short", "+sweep-missing", "+nosweep-follow",
        "-x", "198.51.100.144-198.51.100.145",
    )  # fmt: skip
    assert got.stdout == (
        "198.51.100.144 CNAME to 144.144-151.rev.customer.test.\n"
        "198.51.100.145 CNAME to 145.144-151.rev.customer.test.\n"
    )
    assert got.stderr.endswith(": 2 addresses, 0 with PTR, 2 CNAME not followed\n")


def queries_made(sweep_json: str) -> list[str]:
    """dig's arguments for the queries pydig says it made, from its +json objects: -x for
    the address, then NAME TYPE for each link followed (and each +fcrdns lookup)."""
    words = []
    for line in sweep_json.splitlines():
        value = json.loads(line)
        words += ["-x", value["address"]]
        for message in value["messages"][1:]:
            words += [message["QNAME"], message["QTYPEname"]]
    return words


@pytest.mark.parametrize(
    ("sweep", "more", "asked"),
    [
        ("198.51.100.125-198.51.100.175", (), {"PTR": 22}),
        ("198.51.100.1-198.51.100.5", ("+fcrdns",), {"A": 3}),
        ("198.51.100.248-198.51.100.252", (), {}),
    ],
)
def test_default_output_is_digs_block_for_each_query(
    sweep_named: Named, dig_binary: str, tmp_path: Path, sweep: str, more: tuple[str, ...],
    asked: dict[str, int],
) -> None:  # fmt: skip
    """The addresses of every kind: pydig prints, query by query, what dig prints for the
    same queries (the address's PTR, then each name of the chain it followed, and with
    +fcrdns each PTR name's A record)."""
    got = pydig(at(sweep_named), tmp_path, "+nocmd", *more, "-x", sweep)
    made = pydig(at(sweep_named), tmp_path, "+json", *more, "-x", sweep)
    words = queries_made(made.stdout)
    # Every link outside the first reply was asked, and every forward lookup.
    assert {kind: words.count(kind) for kind in ("PTR", "A") if kind in words} == asked
    expected = run_dig(
        dig_binary,
        ["-r", f"@{sweep_named.address}", "-p", str(sweep_named.port), "+nocmd", *words],
        home=prepare_home(tmp_path / "dig", None), resolv_conf=tmp_path / "none", stdin=None,
    )  # fmt: skip
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")


def test_json_object_per_address(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(at(sweep_named), tmp_path, "+json", "-x", "198.51.100.144-198.51.100.147")
    values = [json.loads(line) for line in got.stdout.splitlines()]
    first = values[0]
    assert {key: first[key] for key in ("address", "status", "rcode", "chain", "ptr")} == {
        "address": "198.51.100.144",
        "status": "FOLLOWED",
        "rcode": "NOERROR",
        "chain": ["144.100.51.198.in-addr.arpa.", "144.144-151.rev.customer.test."],
        "ptr": ["c.customer.test."],
    }
    assert [message["QNAME"] for message in first["messages"]] == first["chain"]
    assert values[-1]["status"] == "DANGLING"
    assert values[-1]["why"] == "NXDOMAIN at 147.144-151.rev.customer.test."
    assert [value["address"] for value in values] == [f"198.51.100.{h}" for h in range(144, 148)]


def test_table_is_one_table_for_the_sweep(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(
        at(sweep_named), tmp_path, "+table", "+sweep-missing", "-x", "198.51.100.1-198.51.100.5",
        "+fcrdns",
    )  # fmt: skip
    assert got.stdout.count("╭") == 1
    rows = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in got.stdout.splitlines()
        if line.startswith("│")
    ]
    assert rows == [
        ["ADDRESS", "NAME", "STATUS", "FCRDNS"],
        ["198.51.100.1", "gw.customer.test.", "PTR", "confirmed"],
        ["198.51.100.2", "www.customer.test.", "PTR", "confirmed"],
        ["198.51.100.3", "stale.customer.test.", "PTR", "unconfirmed"],
        ["198.51.100.4", "", "NODATA", ""],
        ["198.51.100.5", "", "NXDOMAIN", ""],
    ]


def test_fcrdns(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(at(sweep_named), tmp_path, "+short", "+fcrdns", "-x", "198.51.100.0/24")
    assert got.stdout.splitlines() == [
        "198.51.100.1 gw.customer.test. confirmed",
        "198.51.100.2 www.customer.test. confirmed",
        "198.51.100.3 stale.customer.test. unconfirmed",  # its A record is 198.51.100.99
        "198.51.100.130 a.customer.test. confirmed",
        "198.51.100.140 b.customer.test. confirmed",
        "198.51.100.144 c.customer.test. unconfirmed",  # no A record at all
        "198.51.100.145 d.customer.test. unconfirmed",
        "198.51.100.146 e.customer.test. unconfirmed",
        "198.51.100.173 f.customer.test. unconfirmed",
    ]


def test_fcrdns_asks_aaaa_in_an_ipv6_sweep(named: Named, tmp_path: Path) -> None:
    """The project's main test bed: its IPv6 PTR names have AAAA records that map back."""
    got = pydig(at(named), tmp_path, "+short", "+fcrdns", "-x", "2001:db8::/120")
    assert got.stdout == (
        "2001:db8::1 example.test. confirmed\n2001:db8::10 host.example.test. confirmed\n"
    )
    made = pydig(at(named), tmp_path, "+json", "+fcrdns", "-x", "2001:db8::/127")
    first = json.loads(made.stdout.splitlines()[1])
    assert first["fcrdns"] == {"example.test.": True}
    assert [message["QTYPEname"] for message in first["messages"]] == ["PTR", "AAAA"]


# The dropping server: timeouts, retries, bad replies and another RCODE.


def test_a_dropping_server(dig_binary: str, tmp_path: Path) -> None:
    """+tries=2: the even addresses, dropped once, are answered at the second try; .13
    and .14 never; .15 gets a bad reply, .16 NOTIMP.  The names match dig's."""
    sweep = "203.0.113.1-203.0.113.20"
    with DroppingServer() as server:
        server_at = (server.address, server.port)
        got = pydig(server_at, tmp_path, "+short", "+sweep-missing", "+tries=2", "+timeout=1",
                    "-x", sweep)  # fmt: skip
        named = {"13": "NOREPLY", "14": "NOREPLY", "15": "BADREPLY", "16": "NOTIMP"}
        assert got.stdout.splitlines() == [
            f"203.0.113.{host} {named.get(str(host), f'host-{host}.drop.test.')}"
            for host in range(1, 21)
        ]
        assert got.stderr == (
            f";; -x {sweep}: 20 addresses, 16 with PTR, 1 NOTIMP, 2 without reply, 1 bad reply\n"
        )
        assert got.status == 9
        for host in (1, 2, 12):  # dig, asked the same way, finds the same names
            answer = run_dig(
                dig_binary, ["-r", f"@{server.address}", "-p", str(server.port), "+short",
                             "+tries=2", "+timeout=1", "-x", f"203.0.113.{host}"],
                home=prepare_home(tmp_path / "dig", None), resolv_conf=tmp_path / "none",
                stdin=None,
            )  # fmt: skip
            names = [line for line in answer.stdout.splitlines() if not line.startswith(";;")]
            assert names == [f"host-{host}.drop.test."]


@pytest.mark.load  # paced for seconds on purpose
def test_rate_caps_the_queries_of_every_second(tmp_path: Path) -> None:
    """+rate=20 (and +tries=1: each lookup one datagram): the server never sees more than
    20 queries in any one-second window, and every address is still accounted for."""
    with DroppingServer() as server:
        got = pydig((server.address, server.port), tmp_path, "+short", "+tries=1",
                    "+timeout=1", "+rate=20", "-x", "203.0.113.1-203.0.113.60")  # fmt: skip
        arrivals = list(server.arrivals)
    assert got.stderr.startswith(";; -x 203.0.113.1-203.0.113.60: 60 addresses, ")
    assert len(arrivals) == 60
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1) for start in arrivals)
    assert busiest <= 20


@pytest.mark.load  # paced for seconds on purpose
def test_rate_counts_the_retries_too(tmp_path: Path) -> None:
    """+rate=4 with retries: the dropping server loses the first query for each even host
    number, so six of the twelve addresses need a second query, a timeout after the first.
    Unpaced, those retries would land among the first queries of later addresses (six in
    a second); paced, the server never sees more than 4 in any one-second window."""
    with DroppingServer() as server:
        got = pydig((server.address, server.port), tmp_path, "+short", "+tries=2",
                    "+timeout=1", "+rate=4", "-x", "203.0.113.1-203.0.113.12")  # fmt: skip
        arrivals = list(server.arrivals)
    assert got.stdout.splitlines() == [f"203.0.113.{host} host-{host}.drop.test."
                                       for host in range(1, 13)]  # fmt: skip
    assert len(arrivals) == 18  # each address once, the even ones twice
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1) for start in arrivals)
    assert busiest <= 4


def test_sweep_limit_suggests_only_what_works(sweep_named: Named, tmp_path: Path) -> None:
    got = pydig(at(sweep_named), tmp_path, "-x", "2001:db8::/64")
    assert got.status == 1
    assert got.stderr == (
        "PROGRAM: -x 2001:db8::/64 is 18,446,744,073,709,551,616 addresses, more than the "
        "sweep limit of 65,536; +sweep-limit allows at most 4,294,967,295 (an IPv4 /0, an "
        "IPv6 /96): sweep a smaller range\n"
    )
    for network in ("2001:db8::/97", "10.0.0.0/8", "0.0.0.0/0"):
        with pytest.raises(UsageError, match=r"raise it with \+sweep-limit=(\d+)$") as refused:
            check_limit(parse_sweep(network), None)
        suggested = refused.value.message.rsplit("=", 1)[1]
        parsed = parse_argv([f"+sweep-limit={suggested}", "-x", network])
        assert isinstance(parsed, Invocation)
        check_limit(parse_sweep(network), parsed.globals.sweep_limit)  # it works


# Stopped part way and finished: +sweep-state.


def start(named: Named, tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return start_pydig(["-r", f"@{named.address}", "-p", str(named.port), *args], tmp_path)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_sweep_stopped_part_way_is_finished_with_its_state(
    sweep_named: Named, tmp_path: Path, how: signal.Signals
) -> None:
    state = tmp_path / "sweep.state"
    args = ("+short", "+sweep-missing", f"+sweep-state={state}", "+rate=40", "-x", BED)
    first = start(sweep_named, tmp_path, *args)
    assert first.stdout is not None and first.stderr is not None
    seen = [first.stdout.readline() for _ in range(30)]
    first.send_signal(how)
    rest, stderr = first.stdout.read(), first.stderr.read()
    status = first.wait(timeout=60)
    printed = ("".join(seen) + rest).splitlines()
    if how == signal.SIGINT:
        assert status == 130
        assert stderr.startswith(";; -x 198.51.100.0/24: interrupted, ")
        finished = int(stderr.split("interrupted, ")[1].split(" ")[0])
        assert finished == len(printed)  # what was printed is what the state says
    else:
        assert status == -signal.SIGKILL
    assert json.loads(state.read_text())["sweep"] == BED  # whole and readable
    second = pydig(at(sweep_named), tmp_path, *args)
    assert second.status == 9
    again = second.stdout.splitlines()
    expected = [expected_line(host) for host in range(1, 255)]
    if how == signal.SIGINT:
        assert printed + again == expected  # nothing twice, nothing missing, in order
    else:  # finished since the last write: printed again
        assert again == expected[len(expected) - len(again) :]
        assert len(printed) + len(again) >= len(expected)
    assert second.stderr == (
        ";; -x 198.51.100.0/24: 254 addresses, 3 with PTR, 6 followed to a PTR, 203 NXDOMAIN, "
        "1 NODATA, 1 referred elsewhere, 28 CNAME leading nowhere, 8 SERVFAIL, 4 REFUSED\n"
    )
    third = pydig(at(sweep_named), tmp_path, *args)  # all done: nothing asked, the summary again
    assert (third.stdout, third.stderr) == ("", second.stderr)


def test_ctrl_c_shows_the_table_and_summary_of_what_was_finished(
    sweep_named: Named, tmp_path: Path
) -> None:
    process = start(sweep_named, tmp_path, "+table", "+rate=20", "-x", BED)
    time.sleep(1.5)  # some addresses finished, most not (at 20 a second)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stdout.count("╭") == 1  # the one table, of the addresses finished
    assert stderr.startswith(";; -x 198.51.100.0/24: interrupted, ")
    assert stderr.count("\n") == 1


def test_a_state_file_of_another_sweep_is_refused(sweep_named: Named, tmp_path: Path) -> None:
    state = tmp_path / "sweep.state"
    pydig(at(sweep_named), tmp_path, "+short", f"+sweep-state={state}", "-x", "198.51.100.0/30")
    got = pydig(
        at(sweep_named), tmp_path, "+short", f"+sweep-state={state}", "-x", "198.51.100.0/29"
    )
    assert (got.stdout, got.status) == ("", 1)
    assert got.stderr == (
        f"PROGRAM: +sweep-state: {state} belongs to -x 198.51.100.0/30 (PTR), "
        "not -x 198.51.100.0/29 (PTR)\n"
    )
    state.write_text("{half")
    got = pydig(
        at(sweep_named), tmp_path, "+short", f"+sweep-state={state}", "-x", "198.51.100.0/29"
    )
    assert got.stderr == f"PROGRAM: +sweep-state: {state} is not a sweep state file\n"


def test_a_sweep_goes_by_the_express_lane_and_hands_over_what_is_not_plain(
    sweep_named: Named, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a mock: the lane's own verdicts counted in this process, beside the statuses
    (every one of them, the test above says) that the sweep comes to through it."""
    verdicts = lane_verdicts(monkeypatch)
    stdout = io.StringIO()
    env = Environment(stdout=stdout, stderr=io.StringIO(), home=tmp_path)
    argv = ["-r", f"@{sweep_named.address}", "-p", str(sweep_named.port), "+short"]
    assert run([*argv, "+sweep-missing", "-x", BED], env) == 9
    assert stdout.getvalue().splitlines() == [expected_line(host) for host in range(1, 255)]
    # The first address is planned in full.  Of the rest the SERVFAIL block (8) is handed
    # over; a CNAME's reply is plain, and the links after it are asked the ordinary way.
    assert verdicts.count(True) > 200 and verdicts.count(False) == 8


def test_a_sweep_starts_no_more_addresses_than_its_window_lets_go(
    sweep_named: Named, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner starts an address only when the pacer's window has room for it, so none
    waits at the gate looking again every millisecond (only +rate's turns wait there)."""
    pauses: list[float] = []
    pause = PacedGate._pause

    def counted(self: PacedGate, now: float) -> Pause:
        pauses.append(now)
        return pause(self, now)

    monkeypatch.setattr(PacedGate, "_pause", counted)
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), home=tmp_path)
    argv = ["-r", f"@{sweep_named.address}", "-p", str(sweep_named.port), "+short"]
    # One query an address (no chain to follow, no SERVFAIL to shrink the window).
    assert run([*argv, "+sweep-missing", "-x", "198.51.100.5-198.51.100.127"], env) == 0
    assert env.stdout.getvalue().splitlines() == [expected_line(host) for host in range(5, 128)]
    assert pauses == []
