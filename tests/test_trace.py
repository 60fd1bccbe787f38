"""+trace and +nssearch: dig 9.18 and pydig on the same command lines, against a DNS
hierarchy of our own (tests/helpers/hierarchy.py), plus unit tests of the followup step.

Both programs run inside the hierarchy's network namespace, where /etc/hosts holds the
name servers' glue and nothing can leave loopback.  Besides what tests/helpers/differential.py
normalizes (ids, times, cookies, banner), a case may say that its lines arrive in no
fixed order (+nssearch asks every server at once) or that dig picks one of several
equal servers at random.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.message
import dns.name
import dns.rdatatype
import pytest
from conftest import unavailable
from helpers.differential import diff, normalize, prepare_home
from helpers.hierarchy import Hierarchy, SandboxUnavailable, running_hierarchy
from helpers.testbed import NamedUnavailable

from pydig.cli.parse import parse_argv
from pydig.errors import ExitStatus
from pydig.lookup.followup import (
    ANSWER,
    AUTHORITY,
    FollowRules,
    FollowUp,
    LookupCounter,
    follow_up,
)
from pydig.lookup.modes import DigFatal
from pydig.lookup.nsaddress import AddressLookupFailed, name_server_addresses
from pydig.model.invocation import Invocation

RUN_TIMEOUT = 60

# dig picks one of a referral's servers at random: these make the choices equal.
MULTI = (re.compile(r"from 127\.0\.0\.[45]#(\d+)\(ns[12]\.multi\.hier\)"), r"from A#\1(NS)")
MANY = (re.compile(r"\(ns\d\d\.many\.hier\)"), "(NS)")
PARTIAL_DEAD = (re.compile(r"^;; communications error to 127\.0\.0\.6#\d+: .*\n", re.M), "")
YAML_TIMES = (re.compile(r"(_time: !!timestamp ).*"), r"\1TIME")


@dataclass(frozen=True)
class Case:
    """One command line ({port}: the hierarchy's port, {batch}: the batch file)."""

    args: str
    unordered: bool = False  # compare sorted lines: replies arrive in any order
    vary: tuple[tuple[re.Pattern[str], str], ...] = ()
    batch: str | None = None  # the batch file's lines, for {batch}


def trace(args: str, *vary: tuple[re.Pattern[str], str]) -> Case:
    return Case(args=f"-r +trace -p {{port}} {args}", vary=vary)


def nssearch(args: str) -> Case:
    return Case(args=f"-r +nssearch -p {{port}} {args}", unordered=True)


CASES = [
    pytest.param(trace("@127.0.0.2 www.leaf.hier"), id="trace"),
    pytest.param(trace("www.leaf.hier"), id="trace-resolv-conf-server"),
    pytest.param(trace("@127.0.0.2 alias.leaf.hier"), id="trace-cname"),
    pytest.param(trace("@127.0.0.2 nx.leaf.hier"), id="trace-nxdomain-leaf"),
    pytest.param(trace("@127.0.0.2 nx.hier"), id="trace-nxdomain-tld"),
    pytest.param(trace("@127.0.0.2 www.hier"), id="trace-answer-at-tld"),
    pytest.param(trace("@127.0.0.2 -t MX www.leaf.hier"), id="trace-nodata"),
    pytest.param(trace("@127.0.0.2 ."), id="trace-root"),
    pytest.param(trace("@127.0.0.2"), id="trace-no-name"),
    pytest.param(trace("@127.0.0.2 www.leaf.hier www.hier"), id="trace-two-names"),
    pytest.param(trace("@127.0.0.2 +short www.leaf.hier"), id="trace-short"),
    pytest.param(trace("@127.0.0.2 +tcp www.leaf.hier"), id="trace-tcp"),
    pytest.param(trace("@127.0.0.2 +additional www.leaf.hier"), id="trace-additional"),
    pytest.param(trace("@127.0.0.2 +comments www.leaf.hier"), id="trace-comments"),
    pytest.param(trace("@127.0.0.2 +qr www.leaf.hier"), id="trace-qr"),
    pytest.param(trace("@127.0.0.2 +noidentify www.leaf.hier"), id="trace-noidentify"),
    pytest.param(trace("@127.0.0.2 +stats www.leaf.hier"), id="trace-stats"),
    pytest.param(trace("@127.0.0.2 +question www.leaf.hier"), id="trace-question"),
    pytest.param(trace("@127.0.0.2 +noauthority www.leaf.hier"), id="trace-noauthority"),
    pytest.param(trace("@127.0.0.2 +multiline www.leaf.hier"), id="trace-multiline"),
    pytest.param(trace("@127.0.0.2 +nodnssec www.leaf.hier"), id="trace-nodnssec"),
    pytest.param(trace("@127.0.0.2 +norecurse www.leaf.hier"), id="trace-norecurse"),
    pytest.param(trace("@127.0.0.2 +nsid www.leaf.hier"), id="trace-nsid"),
    pytest.param(trace("@127.0.0.2 -u www.leaf.hier"), id="trace-usec"),
    pytest.param(trace("@127.0.0.2 -4 www.leaf.hier"), id="trace-ipv4"),
    pytest.param(trace("@127.0.0.2 +yaml www.leaf.hier", YAML_TIMES), id="trace-yaml"),
    pytest.param(trace("@127.0.0.2 www.multi.hier", MULTI), id="trace-two-servers"),
    pytest.param(trace("@127.0.0.2 www.many.hier", MANY), id="trace-many-servers"),
    pytest.param(
        trace("@127.0.0.2 +time=1 www.partial.hier", PARTIAL_DEAD), id="trace-one-server-dead"
    ),
    pytest.param(trace("@127.0.0.2 bad.hier"), id="trace-bad-referral"),
    pytest.param(trace("@127.0.0.2 www.bad.hier"), id="trace-bad-referral-below"),
    pytest.param(trace("@127.0.0.2 www.loop.hier"), id="trace-horizontal-too-many-lookups"),
    pytest.param(trace("@127.0.0.2 nowhere.hier"), id="trace-no-address"),
    pytest.param(trace("@127.0.0.2 +tries=1 +time=1 www.dead.hier"), id="trace-dead-udp"),
    pytest.param(trace("@127.0.0.2 +time=1 www.dead.hier"), id="trace-dead-udp-3-tries"),
    pytest.param(trace("@127.0.0.2 +tcp +tries=1 +time=1 www.dead.hier"), id="trace-dead-tcp"),
    pytest.param(trace("@127.0.0.5 www.leaf.hier"), id="trace-refused-at-root"),
    pytest.param(trace("@127.0.0.6 +tries=1 +time=1 www.leaf.hier"), id="trace-root-dead"),
    pytest.param(nssearch("@127.0.0.4 multi.hier"), id="nssearch"),
    pytest.param(nssearch("@127.0.0.3 multi.hier"), id="nssearch-from-referral"),
    pytest.param(nssearch("@127.0.0.5 partial.hier"), id="nssearch-one-dead"),
    pytest.param(nssearch("@127.0.0.3 gone.hier"), id="nssearch-all-dead"),
    pytest.param(nssearch("@127.0.0.3 +tcp gone.hier"), id="nssearch-all-dead-tcp"),
    pytest.param(nssearch("@127.0.0.5 many.hier"), id="nssearch-twenty-of-22"),
    pytest.param(nssearch("@127.0.0.3 nx.hier"), id="nssearch-nxdomain"),
    pytest.param(nssearch("@127.0.0.4 www.multi.hier"), id="nssearch-not-a-zone"),
    pytest.param(nssearch("@127.0.0.3 nowhere.hier"), id="nssearch-no-address"),
    pytest.param(nssearch("@127.0.0.4 +tcp multi.hier"), id="nssearch-tcp"),
    pytest.param(nssearch("@127.0.0.4 -u multi.hier"), id="nssearch-usec"),
    pytest.param(nssearch("@127.0.0.6 +tries=1 +time=1 multi.hier"), id="nssearch-server-dead"),
    pytest.param(
        Case(
            args="-r -p {port} @127.0.0.3 www.hier -f {batch}",
            batch="+trace www.leaf.hier\n@127.0.0.4 +nssearch multi.hier\n"
            "@127.0.0.3 www.hier\n+trace www.loop.hier\nwww.hier\n",
            unordered=True,
        ),
        id="batch-trace-nssearch-then-fatal",
    ),
    pytest.param(
        Case(
            args="-r -p {port} +noall +answer www.hier -f {batch}",
            batch="+trace nx.leaf.hier\n@127.0.0.3 +nssearch gone.hier\n"
            "+trace +short alias.leaf.hier\n",
            unordered=True,
        ),
        id="batch-trace-nssearch-short",
    ),
]


@pytest.fixture(scope="session")
def hierarchy() -> Iterator[Hierarchy]:
    with contextlib.ExitStack() as stack:
        try:
            running = stack.enter_context(running_hierarchy())
        except (NamedUnavailable, SandboxUnavailable) as exc:
            unavailable(f"test hierarchy unavailable: {exc}")
        yield running


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    status: int


def _run(hierarchy: Hierarchy, command: list[str], home: Path) -> Outcome:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "HOME": str(home),
        "TZ": "UTC",
        # The namespace's own resolv.conf, which names the hierarchy's root server.
        "PYDIG_RESOLV_CONF": "/etc/resolv.conf",
    }
    done = subprocess.run(
        hierarchy.sandboxed(command),
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    # dig's fatal errors start with its own name.
    stderr = re.sub(r"^dig: ", "pydig: ", done.stderr, flags=re.M)
    return Outcome(normalize(done.stdout), normalize(stderr), done.returncode)


def _comparable(text: str, case: Case) -> str:
    for pattern, replacement in case.vary:
        text = pattern.sub(replacement, text)
    if case.unordered:
        text = "".join(sorted(text.splitlines(keepends=True)))
    return text


@pytest.mark.parametrize("case", CASES)
def test_same_as_dig(case: Case, hierarchy: Hierarchy, dig_binary: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    if case.batch is not None:
        batch.write_text(case.batch)
    args = case.args.replace("{port}", str(hierarchy.port)).replace("{batch}", str(batch))
    expected = _run(
        hierarchy, [dig_binary, *args.split()], prepare_home(tmp_path / "dig-home", None)
    )
    got = _run(
        hierarchy,
        [sys.executable, "-m", "pydig", *args.split()],
        prepare_home(tmp_path / "pydig-home", None),
    )
    assert "Traceback" not in got.stderr, got.stderr
    want, have = _comparable(expected.stdout, case), _comparable(got.stdout, case)
    assert have == want, diff(want, have, "stdout")
    assert got.stderr == expected.stderr, diff(expected.stderr, got.stderr, "stderr")
    assert got.status == expected.status, (expected, got)


def test_nssearch_single_name_server_answers(hierarchy: Hierarchy, tmp_path: Path) -> None:
    """A deliberate difference: dig 9.18 reports "NS servers could not be reached" for a
    zone with one name server (it judges before the reply is in); pydig prints its SOA."""
    args = f"-r +nssearch -p {hierarchy.port} @127.0.0.4 leaf.hier".split()
    got = _run(hierarchy, [sys.executable, "-m", "pydig", *args], prepare_home(tmp_path, None))
    assert got.stdout == (
        "SOA ns.leaf.hier. hostmaster.leaf.hier. 2024010101 3600 900 604800 300"
        " from server 127.0.0.4 in N ms.\n"
    )
    assert (got.stderr, got.status) == ("", 0)


# The followup step on its own: crafted replies, and name servers resolved from a table.

ADDRESSES = {
    "ns1.example.hier": ["127.0.0.4"],
    "ns2.example.hier": ["127.0.0.5", "::1"],
    **{f"ns{i}.many.hier": ["127.0.0.5"] for i in range(25)},
}


def table_resolver(host: str, ip_version: int | None) -> list[str]:
    if host not in ADDRESSES:
        raise AddressLookupFailed("not found")
    return ADDRESSES[host]


def reply(*authority: str, answer: tuple[str, ...] = ()) -> dns.message.Message:
    lines = [
        "id 1",
        "opcode QUERY",
        "rcode NOERROR",
        "flags QR",
        ";QUESTION",
        "www.example.hier. IN A",
        ";ANSWER",
        *answer,
        ";AUTHORITY",
        *authority,
    ]
    return dns.message.from_text("\n".join(lines))


BELOW_HIER = FollowRules(
    check_referrals=True, first_reply=False, domain=dns.name.from_text("hier.")
)


def follow(
    message: dns.message.Message, rules: FollowRules = BELOW_HIER, section: int = AUTHORITY
) -> FollowUp:
    return follow_up(
        message, section, rules=rules, counter=LookupCounter(), resolve=table_resolver,
        ip_version=None,
    )  # fmt: skip


def test_referral_gives_every_address_of_every_name_server() -> None:
    found = follow(
        reply(
            "example.hier. 60 IN NS ns1.example.hier.",
            "example.hier. 60 IN NS ns2.example.hier.",
        )
    )
    assert found.notes == [] and found.fatal is None and found.referral is not None
    assert found.referral.domain == dns.name.from_text("example.hier.")
    assert sorted((s.address, s.label) for s in found.referral.servers) == [
        ("127.0.0.4", "ns1.example.hier"),
        ("127.0.0.5", "ns2.example.hier"),
        ("::1", "ns2.example.hier"),
    ]


def test_soa_in_authority_ends_the_trace() -> None:
    found = follow(reply("hier. 60 IN SOA a. b. 1 2 3 4 5"))
    assert (found.referral, found.notes, found.fatal) == (None, [], None)


def test_upward_referral_is_bad_and_not_followed() -> None:
    found = follow(reply(". 60 IN NS ns1.example.hier."))
    assert found.notes == [";; BAD REFERRAL"] and found.referral is None


def test_same_zone_again_is_horizontal_but_followed() -> None:
    found = follow(reply("hier. 60 IN NS ns1.example.hier."))
    assert found.notes == [";; BAD (HORIZONTAL) REFERRAL"]
    assert found.referral is not None


def test_unresolvable_name_servers_end_with_dig_fatal_text() -> None:
    found = follow(reply("example.hier. 60 IN NS ns9.example.hier."))
    assert found.notes == ["couldn't get address for 'ns9.example.hier': not found"]
    assert found.fatal == "couldn't get address for 'ns9.example.hier': no more"


def test_first_reply_follows_at_most_twenty_name_servers() -> None:
    answer = tuple(f". 60 IN NS ns{i}.many.hier." for i in range(25))
    rules = FollowRules(check_referrals=False, first_reply=True)
    found = follow(reply(answer=answer), rules, ANSWER)
    assert found.referral is not None and len(found.referral.servers) == 20


def test_answer_without_ns_falls_back_to_authority() -> None:
    rules = FollowRules(check_referrals=False, first_reply=True)
    message = reply("example.hier. 60 IN NS ns1.example.hier.", answer=("x. 60 IN A 1.2.3.4",))
    found = follow(message, rules, ANSWER)
    assert found.referral is not None
    assert found.referral.domain == dns.name.from_text("example.hier.")


def test_lookup_limit_is_sixty_four() -> None:
    counter = LookupCounter()
    referral = reply("example.hier. 60 IN NS ns1.example.hier.")
    results = [
        follow_up(
            referral, AUTHORITY, rules=BELOW_HIER, counter=counter, resolve=table_resolver,
            ip_version=None,
        ).fatal
        for _ in range(33)
    ]  # fmt: skip
    assert results[:32] == [None] * 32
    assert results[32] == "too many lookups"


def test_address_literal_needs_no_lookup() -> None:
    assert name_server_addresses("127.0.0.9", None) == ["127.0.0.9"]
    assert name_server_addresses("::1", None) == ["::1"]


@pytest.mark.parametrize(
    ("argv", "trace", "nssearch"),
    [
        (["+trace", "x.test"], True, False),
        (["+nssearch", "x.test"], False, True),
        (["+trace", "+notrace", "x.test"], False, False),
        (["x.test", "+tra"], True, False),
        (["+nss", "x.test"], False, True),
    ],
)
def test_parse_modes(argv: list[str], trace: bool, nssearch: bool) -> None:
    parsed = parse_argv(argv)
    assert isinstance(parsed, Invocation)
    settings = parsed.queries[0].settings
    assert (settings.trace, settings.nssearch) == (trace, nssearch)


def test_trace_implies_what_dig_sets() -> None:
    parsed = parse_argv(["+noedns", "+trace", "x.test"])
    assert isinstance(parsed, Invocation)
    settings = parsed.queries[0].settings
    assert settings.dnssec and settings.edns == 0 and settings.cookie and settings.recurse
    display = settings.display
    assert display.identify and display.authority and display.short_types
    assert not (display.comments or display.stats or display.additional or display.question)


def test_nssearch_implies_what_dig_sets() -> None:
    parsed = parse_argv(["+nssearch", "x.test"])
    assert isinstance(parsed, Invocation)
    settings = parsed.queries[0].settings
    assert parsed.globals.short and settings.rdtype == dns.rdatatype.NS
    assert settings.display.identify and settings.display.short_types


def test_fatal_exit_status_is_dig_exit_failure() -> None:
    assert int(DigFatal("too many lookups").status) == int(ExitStatus.USAGE) == 1
