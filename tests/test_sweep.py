"""Reverse sweeps: -x NETWORK and -x FIRST-LAST give the answers dig gives for the same
addresses one -x at a time, in address order, with a summary on standard error."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import dns.name
import dns.reversename
import pytest
from helpers.differential import Outcome, diff, prepare_home, run_dig, run_pydig
from helpers.pydig_run import run_within_descriptors
from helpers.testbed import Named, free_port

from pydig.cli.parse import parse_argv
from pydig.cli.values import address_reverse_name, parse_sweep, reverse_name
from pydig.console.sweep import _ptr_text, check_limit
from pydig.errors import UsageError
from pydig.model.invocation import Invocation
from pydig.model.sweep import AddressRange
from pydig.wire.idn import name_text, shown_in_unicode
from pydig.wire.lean_message import name_of_wire


def addresses(sweep: AddressRange) -> list[str]:
    return [str(address) for address in sweep.addresses()]


@pytest.mark.parametrize(
    ("text", "first", "last", "size"),
    [
        ("192.0.2.0/24", "192.0.2.1", "192.0.2.254", 254),  # no network, no broadcast
        ("198.18.0.0/20", "198.18.0.1", "198.18.15.254", 4094),
        ("192.0.2.77/24", "192.0.2.1", "192.0.2.254", 254),  # host bits are ignored
        ("192.0.2.8/30", "192.0.2.9", "192.0.2.10", 2),
        ("192.0.2.8/31", "192.0.2.8", "192.0.2.9", 2),  # RFC 3021: both are hosts
        ("192.0.2.8/32", "192.0.2.8", "192.0.2.8", 1),
        ("2001:db8::/120", "2001:db8::", "2001:db8::ff", 256),  # IPv6 has no broadcast
        ("2001:db8::/128", "2001:db8::", "2001:db8::", 1),
        ("192.0.2.10-192.0.2.40", "192.0.2.10", "192.0.2.40", 31),
        ("192.0.2.10-192.0.2.10", "192.0.2.10", "192.0.2.10", 1),
        ("2001:db8::fe-2001:db8::101", "2001:db8::fe", "2001:db8::101", 4),
    ],
)
def test_parse_sweep(text: str, first: str, last: str, size: int) -> None:
    sweep = parse_sweep(text)
    assert (str(sweep.first), str(sweep.last), sweep.size) == (first, last, size)
    if size < 300:
        walked = addresses(sweep)
        assert (walked[0], walked[-1], len(walked)) == (first, last, size)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("192.0.2.0/33", "Invalid network 192.0.2.0/33"),
        ("192.0.2/24", "Invalid network 192.0.2/24"),
        ("192.0.2.40-192.0.2.10", "Invalid address range 192.0.2.40-192.0.2.10: "),
        ("192.0.2.1-2001:db8::1", "IPv4 and IPv6 mixed"),
        ("192.0.2.1-", "Invalid address range 192.0.2.1-"),
        ("host-name", "Invalid address range host-name"),
    ],
)
def test_bad_sweeps(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace(".", r"\.")):
        parse_argv(["-x", text])


def test_sweep_is_parsed_as_one_reverse_query() -> None:
    parsed = parse_argv(["-t", "txt", "-x", "192.0.2.0/30", "example.test"])
    assert isinstance(parsed, Invocation)
    sweep_query, plain = parsed.queries
    assert (sweep_query.name, sweep_query.settings.sweep) == (
        "192.0.2.0/30",
        parse_sweep("192.0.2.0/30"),
    )
    assert plain.settings.sweep is None  # the next name is an ordinary lookup


def test_sweep_limit() -> None:
    check_limit(parse_sweep("10.0.0.0/16"), None)  # 65,534 addresses: allowed
    check_limit(parse_sweep("2001:db8::/112"), None)  # exactly 65,536: allowed
    with pytest.raises(UsageError, match=r"65,537 addresses, more than the sweep limit of 65,536"):
        check_limit(parse_sweep("10.0.0.0-10.1.0.0"), None)
    check_limit(parse_sweep("10.0.0.0/8"), 1 << 24)
    with pytest.raises(UsageError, match=r"raise it with \+sweep-limit=254"):
        check_limit(parse_sweep("192.0.2.0/24"), 100)


@pytest.mark.parametrize(
    ("words", "limit", "missing"),
    [
        (["+sweep-limit=300"], 300, False),
        (["+sweep-l=5", "+sweep-missing"], 5, True),
        (["+sweep-m", "+nosweep-missing"], None, False),
    ],
)
def test_sweep_options(words: list[str], limit: int | None, missing: bool) -> None:
    parsed = parse_argv(["-x", "192.0.2.0/24", *words])
    assert isinstance(parsed, Invocation)
    assert (parsed.globals.sweep_limit, parsed.globals.sweep_missing) == (limit, missing)


# Against the test named: the zones hold PTRs for 192.0.2.1, .10, .25, .53 and .80 (two
# names), and for 2001:db8::1 and 2001:db8::10.


def pydig(named: Named, resolv_conf: Path, tmp_path: Path, *args: str) -> Outcome:
    """pydig against the test named, normalized as tests/helpers/differential.py does (the program
    name of its messages becomes PROGRAM)."""
    return run_pydig(
        ["-r", f"@{named.address}", "-p", str(named.port), *args],
        home=prepare_home(tmp_path / "pydig", None), resolv_conf=resolv_conf, stdin=None,
    )  # fmt: skip


# dig's notes about a stray datagram on its socket (left over on loopback by an earlier
# test's responder): then dig's output says nothing about the server under test.
STRAY_DATAGRAM = (";; Warning: query response not set", ";; Warning: ID mismatch")


def dig(named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path, *args: str) -> Outcome:
    """dig's output, asked again once if a stray datagram reached it the first time."""
    for _ in range(2):
        outcome = run_dig(
            dig_binary, ["-r", f"@{named.address}", "-p", str(named.port), *args],
            home=prepare_home(tmp_path / "dig", None), resolv_conf=resolv_conf, stdin=None,
        )  # fmt: skip
        if not any(note in outcome.stdout for note in STRAY_DATAGRAM):
            break
    return outcome


def one_x_each(sweep: str) -> list[str]:
    return [word for address in addresses(parse_sweep(sweep)) for word in ("-x", address)]


@pytest.mark.parametrize("sweep", ["192.0.2.0/28", "192.0.2.78-192.0.2.82", "2001:db8::/124"])
@pytest.mark.parametrize("style", [["+nocmd"], ["+noall", "+answer"], ["+nocmd", "+multiline"]])
def test_default_output_is_dig_block_per_address(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path, sweep: str, style: list[str]
) -> None:
    """pydig -x NETWORK prints what dig prints for -x ADDRESS given once per address."""
    got = pydig(named, resolv_conf, tmp_path, *style, "-x", sweep)
    expected = dig(named, dig_binary, resolv_conf, tmp_path, *style, *one_x_each(sweep))
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")
    assert got.status == expected.status == 0
    assert got.stderr.startswith(f";; -x {sweep}: ")


def dig_ptr_lines(dig_answer: str) -> list[str]:
    """`ADDRESS NAME` lines made from dig's answer-section PTR records."""
    lines = []
    for record in dig_answer.splitlines():
        owner, _ttl, _class, rdtype, target = record.split()
        if rdtype == "PTR":
            lines.append(f"{dns.reversename.to_address(dns.name.from_text(owner))} {target}")
    return lines


def test_short_gives_address_and_name_per_ptr(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path
) -> None:
    got = pydig(named, resolv_conf, tmp_path, "+short", "-x", "192.0.2.0/24")
    answers = dig(
        named, dig_binary, resolv_conf, tmp_path, "+noall", "+answer", *one_x_each("192.0.2.0/24")
    )
    assert got.stdout.splitlines() == dig_ptr_lines(answers.stdout)
    assert got.stdout.startswith("192.0.2.1 example.test.\n192.0.2.10 host.example.test.\n")
    assert got.stderr == ";; -x 192.0.2.0/24: 254 addresses, 5 with PTR, 249 NXDOMAIN\n"
    assert got.status == 0


def test_short_ipv6(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(named, resolv_conf, tmp_path, "+short", "-x", "2001:db8::/120")
    assert got.stdout == "2001:db8::1 example.test.\n2001:db8::10 host.example.test.\n"
    assert got.stderr == ";; -x 2001:db8::/120: 256 addresses, 2 with PTR, 254 NXDOMAIN\n"


def test_summary_of_one_address(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(named, resolv_conf, tmp_path, "+short", "-x", "192.0.2.10/32")
    assert got.stdout == "192.0.2.10 host.example.test.\n"
    assert got.stderr == ";; -x 192.0.2.10/32: 1 address, 1 with PTR\n"


def test_sweep_missing_lists_every_address(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(
        named, resolv_conf, tmp_path, "+short", "+sweep-missing", "-x", "192.0.2.8-192.0.2.11"
    )
    assert got.stdout == (
        "192.0.2.8 NXDOMAIN\n192.0.2.9 NXDOMAIN\n192.0.2.10 host.example.test.\n"
        "192.0.2.11 NXDOMAIN\n"
    )


def test_failures_are_counted(resolv_conf: Path, tmp_path: Path) -> None:
    """Nothing listens on 127.0.0.2: every lookup fails, the summary says so, and the
    status is the last lookup's, as for any run of several lookups."""
    got = run_pydig(
        ["-r", "@127.0.0.2", "-p", str(free_port("127.0.0.2")), "+short", "+tries=1",
         "+sweep-missing", "-x", "192.0.2.1-192.0.2.3"],
        home=prepare_home(tmp_path / "home", None), resolv_conf=resolv_conf, stdin=None,
    )  # fmt: skip
    assert got.stdout == "192.0.2.1 NOREPLY\n192.0.2.2 NOREPLY\n192.0.2.3 NOREPLY\n"
    assert got.stderr == ";; -x 192.0.2.1-192.0.2.3: 3 addresses, 0 with PTR, 3 without reply\n"
    assert got.status == 9


def test_json_gives_one_object_per_address(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(named, resolv_conf, tmp_path, "+json", "-x", "192.0.2.0/29")
    objects = [json.loads(line) for line in got.stdout.splitlines()]
    names = [dns.reversename.from_address(f"192.0.2.{host}").to_text() for host in range(1, 7)]
    assert [value["address"] for value in objects] == [f"192.0.2.{host}" for host in range(1, 7)]
    assert [value["messages"][0]["QNAME"] for value in objects] == names
    assert [value["status"] for value in objects] == ["PTR"] + ["NXDOMAIN"] * 5
    assert objects[0]["ptr"] == ["example.test."]


def test_too_large_a_sweep_is_refused(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(named, resolv_conf, tmp_path, "-x", "10.0.0.0/8")
    assert (got.stdout, got.status) == ("", 1)
    assert got.stderr == (
        "PROGRAM: -x 10.0.0.0/8 is 16,777,214 addresses, more than the sweep limit of 65,536; "
        "raise it with +sweep-limit=16777214\n"
    )
    got = pydig(named, resolv_conf, tmp_path, "+short", "+sweep-limit=1", "-x", "192.0.2.0/30")
    assert (got.stdout, got.status) == ("", 1)
    got = pydig(named, resolv_conf, tmp_path, "+short", "+sweep-limit=2", "-x", "192.0.2.0/30")
    assert (got.stdout, got.status) == ("192.0.2.1 example.test.\n", 0)
    assert got.stderr.endswith(": 2 addresses, 1 with PTR, 1 NXDOMAIN\n")


def test_sweeps_in_a_batch_file(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    """A batch line's sweep runs like the command line's; a refused one stops its line."""
    batch = tmp_path / "sweeps.batch"
    batch.write_text("-x 192.0.2.0/28 +short\n-x 10.0.0.0/8\n-x 2001:db8::-2001:db8::10\n")
    got = pydig(named, resolv_conf, tmp_path, "-f", str(batch))
    assert got.stdout == (
        "192.0.2.1 example.test.\n192.0.2.10 host.example.test.\n"
        "2001:db8::1 example.test.\n2001:db8::10 host.example.test.\n"
    )
    assert got.stderr.splitlines() == [
        ";; -x 192.0.2.0/28: 14 addresses, 2 with PTR, 12 NXDOMAIN",
        f"PROGRAM: {batch}:2: -x 10.0.0.0/8 is 16,777,214 addresses, more than the sweep limit "
        "of 65,536; raise it with +sweep-limit=16777214",
        ";; -x 2001:db8::-2001:db8::10: 17 addresses, 2 with PTR, 15 NXDOMAIN",
    ]
    assert got.status == 0


def test_addresses_come_in_order(named: Named, resolv_conf: Path, tmp_path: Path) -> None:
    got = pydig(named, resolv_conf, tmp_path, "+short", "+sweep-missing", "-x", "192.0.2.0/24")
    listed = [ipaddress.ip_address(line.split()[0]) for line in got.stdout.splitlines()]
    assert listed == sorted(listed)
    assert len(set(listed)) == 254


@pytest.mark.parametrize(
    "text",
    ["192.0.2.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1",
     "::ffff:192.0.2.1", "::192.0.2.1", "64:ff9b::192.0.2.1",
     "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"],
)  # fmt: skip
def test_a_sweeps_reverse_names_are_the_ones_x_asks(text: str) -> None:
    assert address_reverse_name(ipaddress.ip_address(text)) == reverse_name(text)


def test_a_low_descriptor_limit_lowers_the_ceiling(named: Named, tmp_path: Path) -> None:
    """Each lookup in flight holds a socket: under an open-file limit of 80 the sweep keeps
    its lookups within what the limit leaves (transport/engine.py), and
    gets every answer, where 1,024 in flight would run out of descriptors."""

    args = ["-r", f"@{named.address}", "-p", str(named.port), "+short", "+sweep-missing",
            "-x", "192.0.2.0/24"]  # fmt: skip
    unlimited, got = (run_within_descriptors(args, tmp_path, limit) for limit in (None, 80))
    assert got.stderr == ";; -x 192.0.2.0/24: 254 addresses, 5 with PTR, 249 NXDOMAIN\n"
    assert (got.stdout, got.returncode) == (unlimited.stdout, 0)


@pytest.mark.parametrize(
    "name",
    ["host.example.test.", "xn--bcher-kva.example.", "a\\.b.test.", 'q"uote.test.',
     "semi\\;colon.test.", "\\000.test.", "UPPER.Case.", "-.test.", "a b.test."],
)  # fmt: skip
@pytest.mark.parametrize("idnout", [False, True])
def test_a_ptr_name_at_once_is_the_one_its_name_shows(name: str, idnout: bool) -> None:
    """A PTR's name printed from its labels (console/sweep.py's _ptr_text) is what
    name_text() shows of its Name, escaped or in Unicode."""
    data = dns.name.from_text(name).to_wire()
    with shown_in_unicode(idnout):
        expected = name_text(name_of_wire(data))
    assert _ptr_text(data, idnout) == expected
