"""A readable +trace and +validate against a hierarchy with planted faults
(tests/helpers/faults_hierarchy.py): each fault is found and named by +trace-all's text, table
and JSON and by +validate, and the healthy paths say secure.  Plain +trace there is
still dig's, byte for byte."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import unavailable
from helpers.differential import diff, normalize
from helpers.faults_hierarchy import RESOLVER, Faults, running_faults
from helpers.hierarchy import SandboxUnavailable
from helpers.testbed import NamedUnavailable

RUN_TIMEOUT = 60
BOUNDED = ["+time=3", "+tries=1"]  # the slow server takes a second; nothing waits longer


@pytest.fixture(scope="module")
def faults() -> Iterator[Faults]:
    with contextlib.ExitStack() as stack:
        try:
            running = stack.enter_context(running_faults())
        except (NamedUnavailable, SandboxUnavailable) as exc:
            unavailable(f"fault hierarchy unavailable: {exc}")
        yield running


def run(faults: Faults, *args: str, program: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [program] if program else [sys.executable, "-m", "pydig"]
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "HOME": "/nonexistent",
        "TZ": "UTC",
        "COLUMNS": "400",  # the table's cells stay on one line
        "PYDIG_RESOLV_CONF": "/etc/resolv.conf",  # the namespace's: the resolver
    }
    return subprocess.run(
        faults.sandboxed([*command, "-r", "-p", str(faults.port), *args]),
        capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT, check=False,
    )  # fmt: skip


def json_lines(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The hop objects and the final reply's."""
    objects = [json.loads(line) for line in text.splitlines()]
    return [o for o in objects if "hop" in o], objects[-1]


# (child zone, what its hop's faults say, the verdict, what the verdict's reason says)
FAULTS = [
    pytest.param("good", None, "secure", "signed from the trust anchor", id="healthy"),
    pytest.param("lame", "lame: REFUSED for lame.flt.", "secure", "", id="lame-server"),
    pytest.param("slow", "slow: ", "secure", "", id="slow-server"),
    pytest.param(
        "mismatch",
        "NS mismatch: the parent lists ns1.mismatch.flt., ns2.mismatch.flt.;"
        " mismatch.flt. itself lists ns1.mismatch.flt., ns3.mismatch.flt.",
        "secure",
        "",
        id="ns-mismatch",
    ),
    pytest.param(
        "noglue",
        "missing glue: ns.noglue.flt. is inside noglue.flt.",
        "secure",
        "",
        id="missing-glue",
    ),
    pytest.param("badds", None, "bogus", "matches no DNSKEY of badds.flt.", id="ds-without-key"),
    pytest.param("expired", None, "bogus", "RRSIG expired.flt. DNSKEY", id="expired-signature"),
    pytest.param("unsigned", None, "insecure", "no DS for unsigned.flt. in flt.", id="unsigned"),
    pytest.param(
        "badglue",
        "glue mismatch: ns.badglue.flt. has glue 127.0.0.4 but resolves to 127.0.0.5",
        "insecure",
        "no DS for badglue.flt. in flt.",
        id="glue-mismatch",
    ),
    pytest.param(
        "nsec3", None, "secure", "signed from the trust anchor down to nsec3.flt.", id="nsec3"
    ),
    pytest.param(
        "nodsproof",
        None,
        "bogus",
        "no NSEC or NSEC3 record proves that nodsproof.flt. has no DS record",
        id="no-ds-unproven",
    ),
    pytest.param(
        "split",
        "servers disagree: ns1.split.flt (127.0.0.4) say www.split.flt. A 192.0.2.1;"
        " ns2.split.flt (127.0.0.5) say www.split.flt. A 192.0.2.2",
        "insecure",
        "no DS for split.flt. in flt.",
        id="servers-disagree",
    ),
]


def trace_all(faults: Faults, view: str, child: str) -> str:
    """+trace-all's output in a view, from the hierarchy's own trust anchor."""
    done = run(
        faults, "+trace-all", view, f"+trust-anchor={faults.anchor}", *BOUNDED,
        f"www.{child}.flt",
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


@pytest.mark.parametrize(("child", "fault", "status", "reason"), FAULTS)
def test_json_names_each_fault(
    faults: Faults, child: str, fault: str | None, status: str, reason: str
) -> None:
    hops, final = json_lines(trace_all(faults, "+json", child))
    assert [hop["zone"] for hop in hops] == [".", ".", "flt.", f"{child}.flt."]
    assert [hop["hop"] for hop in hops] == [0, 1, 2, 3]
    assert hops[2]["referral"]["zone"] == f"{child}.flt."
    found = [line for hop in hops for line in hop["faults"]]
    if fault is None:
        assert found == []
    else:
        assert any(line.startswith(fault) for line in found), found
    assert final["answerRRs"][0]["rdataA"] == "192.0.2.1"
    assert final["dnssec"]["status"] == status
    assert reason in final["dnssec"]["reason"]


def test_json_hop_members(faults: Faults) -> None:
    done = run(faults, "+trace", "+json", *BOUNDED, "www.good.flt")
    hops, final = json_lines(done.stdout)
    referral = hops[2]
    assert referral["referral"] == {"zone": "good.flt.", "NS": ["ns.good.flt."]}
    assert referral["glue"] == {"ns.good.flt.": ["127.0.0.4"]}
    assert referral["server"] == "127.0.0.3" and referral["status"] == "NOERROR"
    assert isinstance(referral["queryTimeMs"], float)
    assert final["status"] == "NOERROR" and final["server"] == "127.0.0.4"
    assert "dnssec" in final  # +trace sets +dnssec: the chain is checked (root key: bogus here)


@pytest.mark.parametrize(("child", "fault", "status", "reason"), FAULTS)
def test_table_names_each_fault(
    faults: Faults, child: str, fault: str | None, status: str, reason: str
) -> None:
    table = trace_all(faults, "+table", child)
    assert "│ HOP │ ZONE" in table
    if fault is not None:
        assert fault in table
    assert f";; DNSSEC: {status} (" in table
    assert reason in table


def test_every_server_of_a_hop_is_asked(faults: Faults) -> None:
    done = run(faults, "+trace-all", *BOUNDED, "www.lame.flt")
    assert ";; * ns1.lame.flt (127.0.0.4)  NOERROR aa" in done.stdout
    assert ";;   ns2.lame.flt (127.0.0.5)  REFUSED" in done.stdout
    assert ";;     ! lame: REFUSED for lame.flt." in done.stdout


@pytest.mark.parametrize(
    ("child", "lines"),
    [
        ("badglue", [
            ";;   glue: ns.badglue.flt. 127.0.0.4",
            ";;   ! glue mismatch: ns.badglue.flt. has glue 127.0.0.4 but resolves to 127.0.0.5",
            ";;   ns.badglue.flt (127.0.0.5)  NOERROR aa",
        ]),
        ("mismatch", [
            ";;   ! NS mismatch: the parent lists ns1.mismatch.flt., ns2.mismatch.flt.;"
            " mismatch.flt. itself lists ns1.mismatch.flt., ns3.mismatch.flt.",
        ]),
    ],
)  # fmt: skip
def test_trace_all_text_names_referral_faults(faults: Faults, child: str, lines: list[str]) -> None:
    """The parent's referral against the child: stale glue, and NS sets that differ."""
    done = run(faults, "+trace-all", *BOUNDED, f"www.{child}.flt")
    assert done.returncode == 0
    found = done.stdout.splitlines()
    for line in lines:
        assert any(one.startswith(line) for one in found), line


def _ttls(text: str) -> str:
    """The resolver's cache counts TTLs down between two lookups."""
    return re.sub(r"\t\d+\tIN\t", "\tTTL\tIN\t", text)


@pytest.mark.parametrize(
    ("child", "status", "reason"),
    [
        ("good", "secure", "signed from the trust anchor down to good.flt."),
        ("badds", "bogus", "DS "),
        ("expired", "bogus", "expired"),
        ("unsigned", "insecure", "no DS for unsigned.flt. in flt."),
    ],
)
def test_validate_any_lookup(faults: Faults, child: str, status: str, reason: str) -> None:
    anchor = f"+trust-anchor={faults.anchor}"
    name = f"www.{child}.flt"
    text = _ttls(normalize(run(faults, "+nocmd", "+validate", anchor, *BOUNDED, name).stdout))
    plain = _ttls(normalize(run(faults, "+nocmd", *BOUNDED, name).stdout))
    lookup, verdict = text.rsplit(";; DNSSEC: ", 1)
    assert lookup == plain, diff(plain, lookup, "stdout")  # dig's text, then the verdict
    assert verdict.startswith(f"{status} (") and reason in verdict, verdict
    _, final = json_lines(run(faults, "+validate", "+json", anchor, *BOUNDED, name).stdout)
    assert final["dnssec"]["status"] == status and reason in final["dnssec"]["reason"]
    table = run(faults, "+validate", "+table", anchor, *BOUNDED, name).stdout
    assert "│ DNSSEC " in table and f"│ {status} " in table


# (name and type, the verdict, what its reason says): negative answers of an NSEC zone, an
# NSEC3 zone, one whose NSEC records are gone and an unsigned one; an unsigned zone whose
# parent does not prove it has no DS; answers made from wildcards; CNAMEs into other zones.
DENIALS = [
    ("nx.good.flt", "secure", "down to good.flt.; proven: nx.good.flt. does not exist"),
    ("www.good.flt TXT", "secure", "proven: www.good.flt. has no TXT record"),
    ("nx.nsec3.flt", "secure", "down to nsec3.flt.; proven: nx.nsec3.flt. does not exist"),
    ("x.www.nsec3.flt", "secure", "proven: x.www.nsec3.flt. does not exist"),
    ("www.nsec3.flt TXT", "secure", "proven: www.nsec3.flt. has no TXT record"),
    ("nx.noproof.flt", "bogus", "no NSEC proves that nx.noproof.flt. does not exist"),
    ("nx.unsigned.flt", "insecure", "no DS for unsigned.flt. in flt."),
    ("x.any.good.flt", "secure", "proven: x.any.good.flt. does not exist: the wildcard *.any"),
    ("x.any.nsec3.flt", "secure", "proven: x.any.nsec3.flt. does not exist: the wildcard"),
    ("www.nodsproof.flt", "bogus", "no NSEC or NSEC3 record proves that nodsproof.flt. has no DS"),
]
# CNAMEs to a name of the same zone: without the type asked, that does not exist, answered
# from a wildcard (NSEC and NSEC3); one whose NXDOMAIN is not proven, one whose NODATA's
# NSEC record's signature is spoilt; a zone's DS set, signed by its parent.
IN_ZONE = [
    ("here.good.flt TXT", "secure", "down to good.flt.; proven: www.good.flt. has no TXT record"),
    ("lost.good.flt", "secure", "down to good.flt.; proven: nx.good.flt. does not exist"),
    ("wild.good.flt", "secure", "proven: x.any.good.flt. does not exist: the wildcard *.any"),
    ("here.nsec3.flt TXT", "secure", "nsec3.flt.; proven: www.nsec3.flt. has no TXT record"),
    ("lost.nsec3.flt", "secure", "down to nsec3.flt.; proven: nx.nsec3.flt. does not exist"),
    ("wild.nsec3.flt", "secure", "proven: x.any.nsec3.flt. does not exist: the wildcard *.any"),
    ("gone.noproof.flt", "bogus", "no NSEC proves that nx.noproof.flt. does not exist"),
    ("bent.noproof.flt TXT", "bogus", "RRSIG tampered.noproof.flt. NSEC: algorithm 13, key tag"),
    ("good.flt DS", "secure", "signed from the trust anchor down to flt."),
]
CNAMES = [
    ("alias.good.flt", "secure", "down to good.flt.; signed from the trust anchor down to nsec3"),
    ("gone.good.flt", "secure", "proven: nx.nsec3.flt. does not exist"),
    ("stale.good.flt", "bogus", "RRSIG expired.flt. DNSKEY: algorithm 13"),
    ("plain.good.flt", "insecure", "no DS for unsigned.flt. in flt."),
]


def _verdict_and_status(faults: Faults, *args: str) -> tuple[str, int]:
    done = run(faults, f"+trust-anchor={faults.anchor}", *BOUNDED, *args)
    assert done.stderr == ""
    return done.stdout.splitlines()[-1], done.returncode


@pytest.mark.parametrize(("question", "status", "reason"), DENIALS + IN_ZONE + CNAMES)
def test_validate_proves_denial_and_follows_cnames(
    faults: Faults, question: str, status: str, reason: str
) -> None:
    """+validate through the resolver: a bogus verdict, and only that, exits with 13."""
    verdict, code = _verdict_and_status(faults, "+validate", "+short", *question.split())
    assert verdict.startswith(f";; DNSSEC: {status} (") and reason in verdict, verdict
    assert code == (13 if status == "bogus" else 0)


# The zone's server gives the CNAME alone, with no proof for its target: the resolver
# fails (SERVFAIL), and the walk's final reply, sound as far as it goes, proves nothing.
UNPROVEN_END = [
    (
        "unproven.noproof.flt TXT",
        "indeterminate",
        "nothing proves that www.noproof.flt. has no TXT",
    ),
]


@pytest.mark.parametrize(("question", "status", "reason"), DENIALS + IN_ZONE + UNPROVEN_END)
def test_trace_proves_denial(faults: Faults, question: str, status: str, reason: str) -> None:
    """The walk's final reply, from the zone's own server, with +trace +dnssec +json; the
    status stays dig's without +validate."""
    done = run(
        faults, "+trace", "+dnssec", "+json", f"+trust-anchor={faults.anchor}", *BOUNDED,
        *question.split(),
    )  # fmt: skip
    _, final = json_lines(done.stdout)
    assert final["dnssec"]["status"] == status and reason in final["dnssec"]["reason"]
    assert done.returncode == 0


def test_trace_names_the_proof_that_does_not_verify(faults: Faults) -> None:
    """The last hop's chain of trust: the CNAME's signature, the SOA's, then the NSEC's
    that fails."""
    done = run(
        faults, "+trace", "+dnssec", "+json", f"+trust-anchor={faults.anchor}", *BOUNDED,
        "bent.noproof.flt", "TXT",
    )  # fmt: skip
    hops, _ = json_lines(done.stdout)
    trust = hops[-1]["dnssec"]
    assert [line.split(":")[0] for line in trust[-3:-1]] == [
        "RRSIG bent.noproof.flt. CNAME", "RRSIG noproof.flt. SOA"
    ]  # fmt: skip
    assert all(line.endswith(": valid") for line in trust[-3:-1])
    assert trust[-1].startswith("bogus: RRSIG tampered.noproof.flt. NSEC: ")
    assert ": does not verify (" in trust[-1]


def _delv_anchor(faults: Faults) -> Path:
    """The root's DS as delv reads a trust anchor (-a)."""
    fields = faults.anchor.read_text().split()
    tag, algorithm, digest_type, digest = *fields[3:6], "".join(fields[6:])
    path = faults.workdir / "delv-anchor.conf"
    path.write_text(
        f'trust-anchors {{ . static-ds {tag} {algorithm} {digest_type} "{digest}"; }};\n'
    )
    return path


@pytest.mark.parametrize(
    "question", [question for question, _, _ in IN_ZONE + CNAMES + DENIALS[:6]]
)
def test_validate_agrees_with_delv(faults: Faults, question: str) -> None:
    """delv through the same resolver: secure where it validates fully, bogus where it finds
    a broken chain of trust."""
    delv = shutil.which("delv")
    if delv is None:
        unavailable("delv is not installed (apt-get install bind9-dnsutils)")
    done = subprocess.run(
        faults.sandboxed(
            [delv, "-a", str(_delv_anchor(faults)), "+root=.", f"@{RESOLVER}",
             "-p", str(faults.port), *question.split()]
        ),
        capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False,
    )  # fmt: skip
    said = done.stdout + done.stderr
    theirs = (
        "bogus" if "broken trust chain" in said
        else "insecure" if "unsigned answer" in said
        else "secure" if "fully validated" in said
        else said
    )  # fmt: skip
    verdict, _ = _verdict_and_status(faults, "+validate", "+short", *question.split())
    assert verdict.startswith(f";; DNSSEC: {theirs} ("), (verdict, said)


def test_bogus_exit_status(faults: Faults) -> None:
    """13 with +trace +validate too, and in place of +rcode-exit's status; a secure
    NXDOMAIN keeps +rcode-exit's 23."""
    assert _verdict_and_status(faults, "+trace", "+validate", "+table", "nx.noproof.flt")[1] == 13
    assert _verdict_and_status(faults, "+validate", "+rcode-exit", "nx.noproof.flt")[1] == 13
    assert _verdict_and_status(faults, "+validate", "+rcode-exit", "nx.good.flt")[1] == 23


def test_validate_from_the_root_key_is_bogus_here(faults: Faults) -> None:
    """Without +trust-anchor the real root's keys are the anchor: this root is not signed
    with them."""
    done = run(faults, "+validate", *BOUNDED, "www.good.flt")
    assert "DNSSEC: bogus (DS 20326/8/2 matches no DNSKEY of ." in done.stdout


def test_unreadable_trust_anchor_is_one_line(faults: Faults) -> None:
    done = run(faults, "+validate", "+trust-anchor=/nonexistent", *BOUNDED, "www.good.flt")
    assert done.stderr == "pydig: trust anchor /nonexistent: No such file or directory\n"
    assert done.returncode == 10


@pytest.mark.parametrize("child", ["good", "badds", "unsigned", "noglue"])
def test_plain_trace_is_still_digs(faults: Faults, dig_binary: str, child: str) -> None:
    args = ["+trace", "@127.0.0.2", *BOUNDED, f"www.{child}.flt"]
    expected = normalize(run(faults, *args, program=dig_binary).stdout)
    got = normalize(run(faults, *args).stdout)
    assert got == expected, diff(expected, got, "stdout")


def test_validate_under_yaml_is_a_yaml_comment(faults: Faults) -> None:
    done = run(faults, "+validate", "+yaml", f"+trust-anchor={faults.anchor}", *BOUNDED,
               "www.good.flt")  # fmt: skip
    assert done.stdout.endswith(
        "\n# DNSSEC: secure (signed from the trust anchor down to good.flt.)\n"
    )
    assert ";;" not in done.stdout
