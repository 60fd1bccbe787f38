"""Denial of existence (pydig/lookup/denial.py): NSEC and NSEC3 proofs of NXDOMAIN and
NODATA, checked on chains of records made here, and the ways a proof fails."""

from __future__ import annotations

import base64
import re
import warnings

import dns.message
import dns.name
import dns.rdatatype
import dns.rrset
import pytest

from pydig.lookup.denial import (
    Negative,
    Unproven,
    between,
    negative_of,
    proof,
    types_of,
    wildcard_proof,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import dns.dnssec

ZONE = dns.name.from_text("zone.")
# The zone's names and their types (an NSEC chain adds NSEC and RRSIG to each).
NAMES = {
    "zone.": "SOA NS DNSKEY",
    "a.zone.": "A",
    "mail.zone.": "MX",
    "sub.zone.": "NS",  # a delegation
    "www.zone.": "A AAAA",
    "alias.zone.": "CNAME",
}


def name(text: str) -> dns.name.Name:
    return dns.name.from_text(text)


def nsec_chain(names: dict[str, str]) -> list[dns.rrset.RRset]:
    """An NSEC record for each name, in canonical order, the last pointing to the first."""
    owners = sorted(name(text) for text in names)
    return [
        dns.rrset.from_text(
            owner, 300, "IN", "NSEC", f"{owners[(i + 1) % len(owners)]} {names[owner.to_text()]}"
        )
        for i, owner in enumerate(owners)
    ]


def nsec3_chain(
    names: dict[str, str], *, algorithm: int = 1, flags: int = 0
) -> list[dns.rrset.RRset]:
    """An NSEC3 record for each name (salt c0ffee, one extra iteration), in hash order."""
    hashed = sorted(
        (dns.dnssec.nsec3_hash(text, "c0ffee", 1, 1), types) for text, types in names.items()
    )
    return [
        dns.rrset.from_text(
            f"{digest}.zone.", 300, "IN", "NSEC3",
            f"{algorithm} {flags} 1 c0ffee {hashed[(i + 1) % len(hashed)][0]} {types}",
        )
        for i, (digest, types) in enumerate(hashed)
    ]  # fmt: skip


def nxdomain(text: str) -> Negative:
    return Negative(name=name(text), rdtype=dns.rdatatype.A, nxdomain=True)


def nodata(text: str, rdtype: str = "TXT") -> Negative:
    return Negative(name=name(text), rdtype=dns.rdatatype.from_text(rdtype), nxdomain=False)


def without(chain: list[dns.rrset.RRset], owner: str) -> list[dns.rrset.RRset]:
    return [rrset for rrset in chain if rrset.name != name(owner)]


def test_between_wraps_round_at_the_end_of_the_chain() -> None:
    assert between(name("a.zone."), name("b.zone."), name("c.zone."))
    assert not between(name("a.zone."), name("a.zone."), name("c.zone."))
    assert between(name("www.zone."), name("x.zone."), name("zone."))  # after the last name
    assert not between(name("www.zone."), name("b.zone."), name("zone."))
    assert between("0A", "0B", "0C") and between("V0", "00", "0A")


def test_types_of_a_bitmap() -> None:
    (rdata,) = nsec_chain({"zone.": "SOA NS TYPE1234"})[0]
    assert types_of(rdata) == {dns.rdatatype.SOA, dns.rdatatype.NS, 1234}


@pytest.mark.parametrize(
    ("negative", "expected"),
    [
        (nxdomain("b.zone."), "NSEC alias.zone. -> mail.zone. covers b.zone., and no wildcard"),
        (nxdomain("x.y.www.zone."), "covers x.y.www.zone., and no wildcard *.www.zone. exists"),
        (nodata("www.zone."), "NSEC www.zone. proves that www.zone. has no TXT record"),
        (nodata("sub.zone.", "DS"), "NSEC sub.zone. proves that sub.zone. has no DS record"),
        (nxdomain("zzz.zone."), "NSEC www.zone. -> zone. covers zzz.zone."),  # the last one
    ],
)
def test_nsec_proofs(negative: Negative, expected: str) -> None:
    assert expected in proof(negative, ZONE, nsec_chain(NAMES))


@pytest.mark.parametrize(
    ("negative", "chain", "reason"),
    [
        (nxdomain("b.zone."), [], "no NSEC or NSEC3 record proves that b.zone. does not exist"),
        (nxdomain("b.zone."), without(nsec_chain(NAMES), "alias.zone."), "no NSEC proves that b."),
        (nxdomain("www.zone."), nsec_chain(NAMES), "NSEC www.zone. shows the name exists"),
        (nodata("www.zone.", "AAAA"), nsec_chain(NAMES), "lists a type the reply says"),
        (nodata("alias.zone."), nsec_chain(NAMES), "lists a type the reply says"),  # a CNAME
        (nodata("sub.zone."), nsec_chain(NAMES), "lists a type"),  # the parent's side
        (nxdomain("x.sub.zone."), nsec_chain(NAMES), "NSEC sub.zone. is at a zone cut"),
        (nodata("b.zone."), nsec_chain(NAMES), "no NSEC proves that b.zone. has no TXT record"),
        (
            nxdomain("b.zone."),
            nsec_chain({**NAMES, "*.zone.": "TXT"}),
            "NSEC *.zone. shows a wildcard that answers b.zone.",
        ),
        (
            nxdomain("b.zone."),  # the record that covers *.zone. (the apex's) left out
            without(nsec_chain(NAMES), "zone."),
            "no NSEC denies the wildcard *.zone. that could answer b.zone.",
        ),
    ],
)
def test_nsec_unproven(negative: Negative, chain: list[dns.rrset.RRset], reason: str) -> None:
    with pytest.raises(Unproven, match=re.escape(reason)):
        proof(negative, ZONE, chain)


def test_nsec_wildcard_nodata() -> None:
    chain = nsec_chain({**NAMES, "*.zone.": "A"})
    assert "NSEC *.zone. proves the wildcard has no such record" in proof(
        nodata("b.zone."), ZONE, chain
    )


@pytest.mark.parametrize(
    ("negative", "expected"),
    [
        (nxdomain("b.zone."), "zone. is the closest encloser, b.zone. is covered, and no wildcard"),
        (nxdomain("x.www.zone."), "www.zone. is the closest encloser, x.www.zone. is covered"),
        (nodata("www.zone."), "the NSEC3 matching www.zone. proves that www.zone. has no TXT"),
    ],
)
def test_nsec3_proofs(negative: Negative, expected: str) -> None:
    assert expected in proof(negative, ZONE, nsec3_chain(NAMES))


def _hash(text: str) -> str:
    return dns.dnssec.nsec3_hash(text, "c0ffee", 1, 1)


@pytest.mark.parametrize(
    ("negative", "chain", "reason"),
    [
        (nxdomain("www.zone."), nsec3_chain(NAMES), "an NSEC3 matches www.zone.: the name exists"),
        (nodata("www.zone.", "A"), nsec3_chain(NAMES), "lists a type the reply says"),
        (
            nxdomain("b.zone."),
            without(nsec3_chain(NAMES), f"{_hash('zone.')}.zone."),
            "no NSEC3 matches an ancestor of b.zone.: no closest encloser proof",
        ),
        (nxdomain("x.sub.zone."), nsec3_chain(NAMES), "the NSEC3 of sub.zone. is at a zone cut"),
        (nodata("b.zone."), nsec3_chain(NAMES), "no NSEC3 proves that b.zone. has no TXT record"),
        (
            nxdomain("b.zone."),
            nsec3_chain({**NAMES, "*.zone.": "TXT"}),
            "no NSEC3 denies the wildcard *.zone. that could answer b.zone.",
        ),
        (nxdomain("b.zone."), nsec3_chain(NAMES, algorithm=2), "NSEC3 of zone.: Wrong hash"),
    ],
)
def test_nsec3_unproven(negative: Negative, chain: list[dns.rrset.RRset], reason: str) -> None:
    with pytest.raises(Unproven, match=re.escape(reason)):
        proof(negative, ZONE, chain)


def test_nsec3_with_too_many_iterations() -> None:
    """A server cannot make the check hash each name thousands of times (RFC 9276)."""
    chain = [
        dns.rrset.from_text("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.zone.", 300, "IN", "NSEC3",
                            "1 0 151 - 0p9mhaveqvm6t7vbl5lop2u3t2rp3ton A")
    ]  # fmt: skip
    with pytest.raises(
        Unproven, match=re.escape("NSEC3 of zone.: 151 hash iterations, more than 150")
    ):
        proof(nxdomain("b.zone."), ZONE, chain)


def test_nsec3_next_closer_not_covered() -> None:
    """Only the records that match the closest encloser and cover the wildcard are left:
    nothing covers the next closer name."""
    chain = nsec3_chain(NAMES)
    wanted = _hash("b.zone.")
    kept = [
        rrset
        for rrset in chain
        if not between(_label(rrset), wanted, base64.b32hexencode(rrset[0].next).decode())
    ]
    with pytest.raises(
        Unproven, match=re.escape("no NSEC3 covers b.zone., the name below the closest")
    ):
        proof(nxdomain("b.zone."), ZONE, kept)


def _label(rrset: dns.rrset.RRset) -> str:
    return rrset.name.labels[0].decode().upper()


def _reply(rcode: str, *authority: str, answer: str = "") -> dns.message.Message:
    return dns.message.from_text(
        "\n".join(
            ["id 1", "opcode QUERY", f"rcode {rcode}", "flags QR AA", ";QUESTION", "b.zone. IN MX",
             ";ANSWER", *([answer] if answer else []), ";AUTHORITY", *authority]
        )
    )  # fmt: skip


def test_negative_of_a_reply() -> None:
    soa = "zone. 300 IN SOA a. b. 1 2 3 4 5"
    assert negative_of(_reply("NXDOMAIN", soa)) == Negative(
        name=name("b.zone."), rdtype=dns.rdatatype.MX, nxdomain=True
    )
    assert negative_of(_reply("NOERROR", soa)) == Negative(
        name=name("b.zone."), rdtype=dns.rdatatype.MX, nxdomain=False
    )
    assert negative_of(_reply("NOERROR", "b.zone. 300 IN NS ns.b.zone.")) is None  # a referral
    assert negative_of(_reply("SERVFAIL")) is None
    assert negative_of(_reply("NOERROR", answer="b.zone. 300 IN MX 1 a.zone.")) is None


def test_negative_at_the_end_of_cnames() -> None:
    """A CNAME to a name that does not exist: the negative answer is the target's."""
    cname = "b.zone. 300 IN CNAME nx.other."
    soa = "other. 300 IN SOA a. b. 1 2 3 4 5"
    assert negative_of(_reply("NXDOMAIN", soa, answer=cname)) == Negative(
        name=name("nx.other."), rdtype=dns.rdatatype.MX, nxdomain=True
    )
    found = _reply("NOERROR", answer=cname)
    found.answer.append(dns.rrset.from_text("nx.other.", 300, "IN", "MX", "1 a.zone."))
    assert negative_of(found) is None
    looped = _reply("NOERROR", soa, answer=cname)
    looped.answer.append(dns.rrset.from_text("nx.other.", 300, "IN", "CNAME", "b.zone."))
    assert negative_of(looped) is None  # a loop ends where it started, which has a record
    asked_cname = _reply("NXDOMAIN", soa, answer=cname)
    asked_cname.question[0].rdtype = dns.rdatatype.CNAME
    assert negative_of(asked_cname) is None


def test_nsec3_opt_out_proves_no_ds() -> None:
    """An unsigned delegation left out of an opt-out chain (RFC 5155 §8.6); without the
    opt-out flag nothing proves it has no DS."""
    line = proof(nodata("unsigned.zone.", "DS"), ZONE, nsec3_chain(NAMES, flags=1))
    assert line.endswith("by an opt-out NSEC3: unsigned.zone. is at most an unsigned delegation")
    with pytest.raises(Unproven, match=re.escape("no NSEC3 proves that unsigned.zone. has no DS")):
        proof(nodata("unsigned.zone.", "DS"), ZONE, nsec3_chain(NAMES))
    assert "proves that sub.zone. has no DS" in proof(
        nodata("sub.zone.", "DS"), ZONE, nsec3_chain(NAMES)
    )


def test_wildcard_answers_proof() -> None:
    """x.zone. answered from *.zone. (RRSIG labels 1): x.zone. itself must not exist."""
    names = {**NAMES, "*.zone.": "A"}
    x = name("x.zone.")
    assert wildcard_proof(x, 1, ZONE, nsec_chain(names)).startswith(
        "NSEC www.zone. -> zone. covers x.zone.: x.zone. does not exist: the wildcard *.zone."
    )
    assert wildcard_proof(x, 1, ZONE, nsec3_chain(names)).startswith("NSEC3 covers x.zone.: ")
    with pytest.raises(Unproven, match=re.escape("nothing proves that x.zone. does not exist")):
        wildcard_proof(x, 1, ZONE, without(nsec_chain(names), "www.zone."))
    with pytest.raises(Unproven, match=re.escape("nothing proves that www.zone. does not exist")):
        wildcard_proof(name("www.zone."), 1, ZONE, nsec_chain(names))  # it does exist
