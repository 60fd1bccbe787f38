"""+compare's judgement and +watch's rules, pure: replies made by dnspython from text,
judged without a network.  The servers themselves are in tests/test_testing_servers.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import dns.message
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest

from pydig.cli.parse import parse_argv
from pydig.errors import ExitStatus, PydigError, rcode_status, worst
from pydig.lookup.watching import (
    FALLBACK_INTERVAL,
    MAX_INTERVAL,
    condition,
    interval,
)
from pydig.model.comparison import Comparison, compare
from pydig.model.display import DisplayOptions
from pydig.model.events import Answer, Exchange, Reply
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import Checks, Invocation
from pydig.model.serials import newest_serial, serial_after, serials_behind

WHEN = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SOA = "ns1.zone.test. hostmaster.zone.test. {serial} 7200 3600 1209600 300"


def _lookup(address: str, rdtype: str) -> Lookup:
    return Lookup(
        query=dns.message.make_query("zone.test.", rdtype),
        qname_text="zone.test.",
        servers=(Server(address=address, label=address),),
        port=53, tcp=False, ignore_truncation=False, timeout=1.0, tries=1, source=None,
        display=DisplayOptions(), use_usec=False,
    )  # fmt: skip


def answered(address: str, rdtype: str, *records: str, rcode: str = "NOERROR") -> Exchange:
    """The exchange of a server that answered `records` ("TTL TYPE DATA", owner zone.test.)."""
    lookup = _lookup(address, rdtype)
    reply = dns.message.make_response(lookup.query)
    reply.set_rcode(dns.rcode.from_text(rcode))
    for record in records:
        ttl, kind, data = record.split(" ", 2)
        rrset = reply.find_rrset(
            reply.answer, dns.name.from_text("zone.test."), dns.rdataclass.IN,
            dns.rdatatype.from_text(kind), create=True,
        )  # fmt: skip
        rrset.add(dns.rdata.from_text(dns.rdataclass.IN, kind, data), int(ttl))
    server = lookup.servers[0]
    wire = reply.to_wire()
    got = Reply(message=reply, wire=wire, server=server, port=53, transport="UDP",
                elapsed=0.001, received_at=WHEN)  # fmt: skip
    return Exchange(lookup=lookup, events=(Answer(got),))


def unreached(address: str) -> Exchange:
    return Exchange(lookup=_lookup(address, "A"), failure=";; no servers could be reached")


def soa(address: str, serial: int) -> Exchange:
    return answered(address, "SOA", f"300 SOA {SOA.format(serial=serial)}")


# --- RFC 1982 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "after"),
    [
        (2, 1, True),
        (1, 2, False),
        (5, 5, False),
        (0, 0xFFFFFFFF, True),  # wrapped round: 0 follows 4294967295
        (0xFFFFFFFF, 0, False),
        (0x80000000, 0, False),  # half the space apart: not comparable either way
        (0, 0x80000000, False),
        (0x7FFFFFFF, 0, True),
    ],
)
def test_serial_after(first: int, second: int, after: bool) -> None:
    assert serial_after(first, second) is after


def test_newest_serial_across_the_wrap() -> None:
    assert newest_serial([0xFFFFFFFE, 3, 0xFFFFFFFF]) == 3
    assert serials_behind(3, 0xFFFFFFFE) == 5


def test_no_newest_serial_when_half_the_space_apart() -> None:
    assert newest_serial([0, 0x80000000]) is None


# --- grouping and verdicts ----------------------------------------------------------------------


def test_same_answers_agree() -> None:
    result = compare(
        [answered("192.0.2.1", "A", "300 A 192.0.2.10", "300 A 192.0.2.11"),
         answered("192.0.2.2", "A", "60 A 192.0.2.11", "60 A 192.0.2.10")],
        Checks(compare="servers"),
    )  # fmt: skip
    assert (result.verdict, result.status, len(result.groups)) == ("agree", ExitStatus.OK, 1)


def test_ttls_count_with_compare_ttl() -> None:
    exchanges = [answered("192.0.2.1", "A", "300 A 192.0.2.10"),
                 answered("192.0.2.2", "A", "60 A 192.0.2.10")]  # fmt: skip
    result = compare(exchanges, Checks(compare="servers", compare_ttl=True))
    assert (result.verdict, result.status) == ("differ", ExitStatus.DIFFERENT)


def test_another_record_differs() -> None:
    result = compare(
        [answered("192.0.2.1", "A", "300 A 192.0.2.10"),
         answered("192.0.2.2", "A", "300 A 192.0.2.99")],
        Checks(compare="servers"),
    )  # fmt: skip
    assert result.status == ExitStatus.DIFFERENT
    assert [len(group.members) for group in result.groups] == [1, 1]


def test_another_rcode_differs() -> None:
    result = compare(
        [answered("192.0.2.1", "A"), answered("192.0.2.2", "A", rcode="NXDOMAIN")],
        Checks(compare="servers"),
    )
    assert result.verdict == "differ"


def test_serial_behind_differs_and_says_how_far() -> None:
    result = compare([soa("192.0.2.1", 10), soa("192.0.2.2", 10), soa("192.0.2.3", 7)], Checks())
    assert result.verdict == "differ"
    assert result.newest == 10
    assert [(g.serial, g.behind, len(g.members)) for g in result.groups] == [(10, 0, 2), (7, 3, 1)]


@pytest.mark.parametrize(("lag", "verdict"), [(2, "differ"), (3, "agree"), (4, "agree")])
def test_serial_lag_tolerates(lag: int, verdict: str) -> None:
    result = compare([soa("192.0.2.1", 10), soa("192.0.2.3", 7)], Checks(serial_lag=lag))
    assert result.verdict == verdict


def test_serial_lag_across_the_wrap() -> None:
    result = compare([soa("192.0.2.1", 1), soa("192.0.2.2", 0xFFFFFFFF)], Checks(serial_lag=2))
    assert (result.verdict, result.newest, result.groups[1].behind) == ("agree", 1, 2)


def test_serials_that_cannot_be_ordered_differ() -> None:
    result = compare([soa("192.0.2.1", 0), soa("192.0.2.2", 0x80000000)], Checks(serial_lag=9))
    assert (result.verdict, result.newest) == ("differ", None)


def test_soa_differing_in_more_than_the_serial_differs() -> None:
    other = answered("192.0.2.2", "SOA", "300 SOA ns2.zone.test. h.zone.test. 9 1 1 1 1")
    result = compare([soa("192.0.2.1", 10), other], Checks(serial_lag=5))
    assert result.verdict == "differ"


def test_a_server_not_reached_is_status_9() -> None:
    result = compare([soa("192.0.2.1", 10), unreached("192.0.2.9")], Checks())
    assert (result.verdict, result.status, len(result.unreached)) == ("agree", 9, 1)


def test_rcode_status_of_an_agreed_answer() -> None:
    nx = [answered(a, "A", rcode="NXDOMAIN") for a in ("192.0.2.1", "192.0.2.2")]
    assert compare(nx, Checks()).rcode_status() == ExitStatus.NXDOMAIN


# --- watching -----------------------------------------------------------------------------------


def _look(*exchanges: Exchange) -> Comparison:
    return compare(list(exchanges), Checks(compare="servers"))


def test_until_changed() -> None:
    rule = condition(Checks(watch_until="changed"), rdclass=dns.rdataclass.IN,
                     rdtype=dns.rdatatype.A)  # fmt: skip
    first = _look(answered("192.0.2.1", "A", "300 A 192.0.2.10"))
    same = _look(answered("192.0.2.1", "A", "300 A 192.0.2.10"))
    changed = _look(answered("192.0.2.1", "A", "300 A 192.0.2.11"))
    assert (rule.met(same, first), rule.met(changed, first)) == (False, True)
    assert not rule.met(_look(unreached("192.0.2.1")), first)


def test_until_a_value_on_every_server() -> None:
    rule = condition(Checks(watch_until='"token"'), rdclass=dns.rdataclass.IN,
                     rdtype=dns.rdatatype.TXT)  # fmt: skip
    one = _look(answered("192.0.2.1", "TXT", '5 TXT "token"'), answered("192.0.2.2", "TXT"))
    both = _look(answered("192.0.2.1", "TXT", '5 TXT "token"', '5 TXT "old"'),
                 answered("192.0.2.2", "TXT", "5 TXT token"))  # fmt: skip
    assert (rule.met(one, one), rule.met(both, one)) == (False, True)


def test_until_agree() -> None:
    rule = condition(Checks(compare="servers", watch_until="agree"), rdclass=dns.rdataclass.IN,
                     rdtype=dns.rdatatype.SOA)  # fmt: skip
    behind = _look(soa("192.0.2.1", 10), soa("192.0.2.2", 9))
    level = _look(soa("192.0.2.1", 10), soa("192.0.2.2", 10))
    assert (rule.met(behind, behind), rule.met(level, behind)) == (False, True)


@pytest.mark.parametrize(
    ("checks", "message"),
    [
        (Checks(watch_until="agree"), "+watch-until=agree needs +compare"),
        (Checks(watch_until="not-an-address"), "+watch-until: 'not-an-address' is not a valid"),
    ],
)
def test_bad_conditions(checks: Checks, message: str) -> None:
    with pytest.raises(PydigError, match=re.escape(message)):
        condition(checks, rdclass=dns.rdataclass.IN, rdtype=dns.rdatatype.A)


@pytest.mark.parametrize(
    ("checks", "look", "seconds"),
    [
        (Checks(watch_interval=7), soa("192.0.2.1", 1), 7),
        (Checks(), answered("192.0.2.1", "A", "30 A 192.0.2.1"), 30),
        (Checks(), answered("192.0.2.1", "A", "0 A 192.0.2.1"), 1),
        (Checks(), answered("192.0.2.1", "A", "86400 A 192.0.2.1"), MAX_INTERVAL),
        (Checks(), unreached("192.0.2.1"), FALLBACK_INTERVAL),
    ],
)
def test_interval(checks: Checks, look: Exchange, seconds: int) -> None:
    assert interval(checks, compare([look], checks)) == seconds


# --- exit statuses and options ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rcode", "answered_", "status"),
    [(0, True, 0), (0, False, 20), (1, False, 21), (2, False, 22), (3, False, 23),
     (5, False, 25), (11, False, 31), (12, False, 32), (23, False, 32)],
)  # fmt: skip
def test_rcode_status(rcode: int, answered_: bool, status: int) -> None:
    assert rcode_status(rcode, answered=answered_) == status


def test_worst_status() -> None:
    assert worst(ExitStatus.OK, ExitStatus.NXDOMAIN) == ExitStatus.NXDOMAIN
    assert worst(ExitStatus.SERVFAIL, ExitStatus.NO_ANSWER) == ExitStatus.SERVFAIL
    assert worst(ExitStatus.OTHER_RCODE, ExitStatus.NO_REPLY) == ExitStatus.NO_REPLY


def test_no_status_is_one_of_digs() -> None:
    ours = {status for status in ExitStatus if status.name not in
            ("OK", "USAGE", "BATCH_FILE", "NO_REPLY", "INTERNAL", "INTERRUPTED")}  # fmt: skip
    assert not ours & {0, 1, 8, 9, 10, 130}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["+compare"], Checks(compare="servers")),
        (["+comp=ns"], Checks(compare="ns")),
        (["+compare=NS", "+compare-ttl", "+serial-lag=3"],
         Checks(compare="ns", compare_ttl=True, serial_lag=3)),
        (["+watch"], Checks(watch=True)),
        (["+watch=0"], Checks(watch=True, watch_interval=1)),
        (["+wa=30", "+watch-u=changed", "+watch-t=60"],
         Checks(watch=True, watch_interval=30, watch_until="changed", watch_timeout=60)),
        (["+watch-until=agree"], Checks(watch=True, watch_until="agree")),
        (["+watch=5", "+nowatch"], Checks()),
    ],
)  # fmt: skip
def test_options_parse(args: list[str], expected: Checks) -> None:
    parsed = parse_argv([*args, "zone.test"])
    assert isinstance(parsed, Invocation)
    assert parsed.queries[0].settings.checks == expected


def test_rcode_exit_is_global() -> None:
    parsed = parse_argv(["a.test", "+rcode-exit", "b.test"])
    assert isinstance(parsed, Invocation) and parsed.globals.rcode_exit


@pytest.mark.parametrize(
    "args",
    [["+compare=all"], ["+serial-lag"], ["+serial-lag=x"], ["+watch=x"], ["+watch-until"],
     ["+watch-timeout"], ["+w"]],
)  # fmt: skip
def test_bad_options(args: list[str]) -> None:
    with pytest.raises(PydigError):
        parse_argv([*args, "zone.test"])
