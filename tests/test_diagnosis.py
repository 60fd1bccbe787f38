"""The pure parts of a readable +trace and +validate: reading referrals, finding faults,
checking the chain of trust (keys made here with dnspython), reading trust anchors,
rendering the hops, and the new options' parsing."""

from __future__ import annotations

import json
import warnings

import dns.message
import dns.name
import dns.rdata
import dns.rdatatype
import dns.rrset
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from pydig.cli.parse import parse_argv
from pydig.errors import UsageError
from pydig.lookup.anchor import TrustAnchorError, parse_anchors, root_anchors
from pydig.lookup.chain import End, ZoneKeys, check_chain, check_chains
from pydig.lookup.delegation import (
    Signed,
    answer_key,
    delegation,
    denial_rrsets,
    ns_names,
    what_it_said,
)
from pydig.lookup.denial import Negative, unanswered_end
from pydig.lookup.faults import disagreement, glue_faults, ns_mismatch, server_faults
from pydig.model.diagnosis import HopReport, ServerReport, Verdict, combined
from pydig.model.invocation import Invocation
from pydig.render.hops import hop_cells, hops_text
from pydig.render.json import hop_object

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import dns.dnssec

HIER = dns.name.from_text("hier.")
NOW = 1_800_000_000.0  # 2027-01-15


def message(*lines: str, flags: str = "QR", rcode: str = "NOERROR") -> dns.message.Message:
    return dns.message.from_text(
        "\n".join(
            [
                "id 1",
                "opcode QUERY",
                f"rcode {rcode}",
                f"flags {flags}",
                ";QUESTION",
                "www.leaf.hier. IN A",
                *lines,
            ]
        )
    )


REFERRAL = message(
    ";AUTHORITY",
    "leaf.hier. 60 IN NS ns.leaf.hier.",
    "leaf.hier. 60 IN NS ns.elsewhere.test.",
    "leaf.hier. 60 IN DS 1 13 2 " + "00" * 32,
    ";ADDITIONAL",
    "ns.leaf.hier. 60 IN A 127.0.0.4",
)
ANSWER = message(";ANSWER", "www.leaf.hier. 60 IN A 192.0.2.1", flags="QR AA")


def test_referral_read() -> None:
    found = delegation(REFERRAL, HIER)
    assert found is not None
    assert found.zone == dns.name.from_text("leaf.hier.")
    assert [n.to_text() for n in found.ns] == ["ns.leaf.hier.", "ns.elsewhere.test."]  # DNS order
    assert found.glue == ((dns.name.from_text("ns.leaf.hier."), ("127.0.0.4",)),)
    assert found.ds is not None and found.ds.sigs is None
    assert what_it_said(REFERRAL, HIER) == "referral to leaf.hier. (2 NS, glue, DS)"


def test_not_a_referral() -> None:
    assert delegation(ANSWER, HIER) is None
    assert delegation(message(";AUTHORITY", "hier. 60 IN NS ns.nic.hier."), HIER) is None
    assert what_it_said(ANSWER, HIER) == "answer (1 record)"
    assert what_it_said(message(rcode="NXDOMAIN"), HIER) == "NXDOMAIN"
    assert what_it_said(message(), HIER) == "no data"


def test_answer_key_ignores_ttls_and_order() -> None:
    one = message(";ANSWER", "a. 1 IN A 192.0.2.1", "a. 1 IN A 192.0.2.2")
    two = message(";ANSWER", "a. 9 IN A 192.0.2.2", "a. 9 IN A 192.0.2.1")
    assert answer_key(one) == answer_key(two) == ("NOERROR", "a. A 192.0.2.1", "a. A 192.0.2.2")


def test_ns_names_of_the_zone() -> None:
    reply = message(";ANSWER", "hier. 60 IN NS b.hier.", "hier. 60 IN NS a.hier.")
    assert [n.to_text() for n in ns_names(reply, HIER)] == ["a.hier.", "b.hier."]
    assert ns_names(None, HIER) == ()


def test_lame_and_slow_servers() -> None:
    assert server_faults(None, "timed out", HIER, None) == ("lame: timed out",)
    refused = message(rcode="REFUSED")
    assert server_faults(refused, None, HIER, 1.0) == ("lame: REFUSED for hier.",)
    assert server_faults(message(";ANSWER", "www.leaf.hier. 1 IN A 192.0.2.1"), None, HIER, 1) == (
        "lame: not authoritative for hier. (no AA flag)",
    )
    assert server_faults(REFERRAL, None, HIER, 1.0) == ()  # a referral has no AA
    assert server_faults(ANSWER, None, HIER, 1500.0) == ("slow: 1500 ms (more than 500)",)


def test_glue_faults() -> None:
    found = delegation(REFERRAL, HIER)
    assert found is not None
    assert glue_faults(found, {}) == ()
    mismatched = {dns.name.from_text("ns.leaf.hier."): ["127.0.0.9"]}
    assert glue_faults(found, mismatched) == (
        "glue mismatch: ns.leaf.hier. has glue 127.0.0.4 but resolves to 127.0.0.9",
    )
    bare = delegation(message(";AUTHORITY", "leaf.hier. 60 IN NS ns.leaf.hier."), HIER)
    assert bare is not None
    assert glue_faults(bare, {}) == (
        "missing glue: ns.leaf.hier. is inside leaf.hier. but the referral gives no address for it",
    )


def test_ns_mismatch_and_disagreement() -> None:
    a, b, c = (dns.name.from_text(f"{x}.hier.") for x in "abc")
    assert ns_mismatch(HIER, [a, b], [b, a]) == ()
    assert ns_mismatch(HIER, [a, b], []) == ()  # the child gave no NS set: nothing to compare
    assert ns_mismatch(HIER, [a, b], [a, c]) == (
        "NS mismatch: the parent lists a.hier., b.hier.; hier. itself lists a.hier., c.hier.",
    )
    same = ("NOERROR", "a. A 192.0.2.1")
    assert disagreement([("x", same), ("y", same)]) == ()
    assert disagreement([("x", same), ("y", ("NXDOMAIN",))]) == (
        "servers disagree: x say a. A 192.0.2.1; y say NXDOMAIN",
    )


# The chain of trust, with keys and signatures made here.


class Zone:
    """A zone with a key of its own, which can sign RRsets."""

    def __init__(self, name: str) -> None:
        self.name = dns.name.from_text(name)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.dnskey = dns.dnssec.make_dnskey(
            self.key.public_key(), dns.dnssec.Algorithm.ECDSAP256SHA256, flags=257
        )

    def sign(self, rrset: dns.rrset.RRset, *, expired: bool = False) -> Signed:
        inception, expiration = (NOW - 7200, NOW - 3600) if expired else (NOW - 3600, NOW + 3600)
        sig = dns.dnssec.sign(
            rrset, self.key, self.name, self.dnskey, inception=inception, expiration=expiration
        )
        return Signed(rrset=rrset, sigs=dns.rrset.from_rdata(rrset.name, rrset.ttl, sig))

    def keys(self, *, expired: bool = False) -> Signed:
        return self.sign(dns.rrset.from_rdata(self.name, 3600, self.dnskey), expired=expired)

    def ds(self) -> dns.rdata.Rdata:
        return dns.dnssec.make_ds(self.name, self.dnskey, "SHA256")


@pytest.fixture(scope="module")
def zones() -> tuple[Zone, Zone, Zone]:
    return Zone("."), Zone("hier."), Zone("other.")


def ds_of(parent: Zone, child: Zone, ds: dns.rdata.Rdata | None = None) -> Signed:
    return parent.sign(dns.rrset.from_rdata(child.name, 3600, ds or child.ds()))


def healthy(root: Zone, hier: Zone) -> list[ZoneKeys]:
    """The root and hier., each signed, the root's DS for hier. matching its key."""
    return [
        ZoneKeys(zone=root.name, dnskey=root.keys()),
        ZoneKeys(zone=hier.name, dnskey=hier.keys(), ds=ds_of(root, hier)),
    ]


def a_record(zone: Zone, *, expired: bool = False) -> Signed:
    rrset = dns.rrset.from_text(f"www.{zone.name}", 60, "IN", "A", "192.0.2.1")
    return zone.sign(rrset, expired=expired)


def test_chain_secure(zones: tuple[Zone, Zone, Zone]) -> None:
    root, hier, _ = zones
    links = healthy(root, hier)
    checked = check_chain([root.ds()], links, [a_record(hier)], now=NOW)
    assert checked.verdict.status == "secure", checked
    assert checked.verdict.reason == "signed from the trust anchor down to hier."
    tag = dns.dnssec.key_id(hier.dnskey)
    assert f"DS {tag}/13/2 matches DNSKEY {tag}" in checked.zones[1]
    assert checked.answer[0].startswith(f"RRSIG www.hier. A: algorithm 13, key tag {tag}, expires")
    assert checked.answer[0].endswith(": valid")
    # A DNSKEY as the anchor works as well as its DS.
    assert check_chain([root.dnskey], links, [a_record(hier)], now=NOW).verdict.status == "secure"


def test_chain_ds_matching_no_key(zones: tuple[Zone, Zone, Zone]) -> None:
    root, hier, other = zones
    links = [
        ZoneKeys(zone=root.name, dnskey=root.keys()),
        ZoneKeys(zone=hier.name, dnskey=hier.keys(), ds=ds_of(root, hier, other.ds())),
    ]
    verdict = check_chain([root.ds()], links, [a_record(hier)], now=NOW).verdict
    assert verdict.status == "bogus"
    assert "matches no DNSKEY of hier." in verdict.reason


def test_chain_expired_signature(zones: tuple[Zone, Zone, Zone]) -> None:
    root, hier, _ = zones
    links = healthy(root, hier)
    verdict = check_chain([root.ds()], links, [a_record(hier, expired=True)], now=NOW).verdict
    assert verdict.status == "bogus" and verdict.reason.endswith(": expired")
    assert verdict.reason.startswith("RRSIG www.hier. A: algorithm 13")


def test_chain_wrong_anchor_and_unsigned_answer(zones: tuple[Zone, Zone, Zone]) -> None:
    root, _, other = zones
    links = [ZoneKeys(zone=root.name, dnskey=root.keys())]
    wrong = check_chain([other.ds()], links, [], now=NOW).verdict
    assert wrong.status == "bogus" and "matches no DNSKEY of ." in wrong.reason
    bare = Signed(rrset=dns.rrset.from_text("www.", 60, "IN", "A", "192.0.2.1"))
    unsigned = check_chain([root.ds()], links, [bare], now=NOW).verdict
    assert unsigned == unsigned.__class__(
        status="bogus", reason="www. A carries no RRSIG, but . is signed"
    )


def test_chain_insecure_below_a_delegation_without_ds(zones: tuple[Zone, Zone, Zone]) -> None:
    root, hier, _ = zones
    nsec = root.sign(dns.rrset.from_text("hier.", 60, "IN", "NSEC", ". NS RRSIG NSEC"))
    links = [
        ZoneKeys(zone=root.name, dnskey=root.keys()),
        ZoneKeys(zone=hier.name, dnskey=None, ds=None, no_ds=(nsec,)),
        ZoneKeys(zone=dns.name.from_text("leaf.hier."), dnskey=None, ds=None),
    ]
    checked = check_chain([root.ds()], links, [], now=NOW)
    assert checked.verdict.status == "insecure"
    assert checked.verdict.reason == "no DS for hier. in .: the chain of trust ends there"
    assert "NSEC hier. proves that hier. has no DS record" in checked.zones[1]
    assert checked.zones[2] == ("not checked: the chain of trust ended above",)


@pytest.mark.parametrize("proof", ["none", "unsigned", "with DS"])
def test_chain_no_ds_must_be_proven(zones: tuple[Zone, Zone, Zone], proof: str) -> None:
    """A DS left out of a referral is bogus unless the parent's signed NSEC says so."""
    root, hier, _ = zones
    nsec = dns.rrset.from_text("hier.", 60, "IN", "NSEC", ". NS DS RRSIG NSEC")
    no_ds = {
        "none": (),
        "unsigned": (Signed(rrset=nsec),),
        "with DS": (root.sign(nsec),),
    }[proof]
    links = [
        ZoneKeys(zone=root.name, dnskey=root.keys()),
        ZoneKeys(zone=hier.name, dnskey=None, ds=None, no_ds=no_ds),
    ]
    verdict = check_chain([root.ds()], links, [], now=NOW).verdict
    assert verdict.status == "bogus"
    assert (
        verdict.reason
        == {
            "none": "no NSEC or NSEC3 record proves that hier. has no DS record",
            "unsigned": "hier. NSEC carries no RRSIG, but . is signed",
            "with DS": "NSEC hier. lists a type the reply says hier. does not have",
        }[proof]
    )


def test_chain_checks_a_negative_answers_proof(zones: tuple[Zone, Zone, Zone]) -> None:
    root, hier, _ = zones
    links = healthy(root, hier)
    soa = hier.sign(dns.rrset.from_text("hier.", 60, "IN", "SOA", "a. b. 1 2 3 4 5"))
    nsec = hier.sign(dns.rrset.from_text("hier.", 60, "IN", "NSEC", "www.hier. SOA NS"))
    negative = Negative(name=dns.name.from_text("b.hier."), rdtype=1, nxdomain=True)
    proven = check_chain([root.ds()], links, [], now=NOW, negative=negative, proofs=[soa, nsec])
    assert proven.verdict.reason == (
        "signed from the trust anchor down to hier.; proven: b.hier. does not exist"
    )
    assert (
        proven.answer[-1]
        == "NSEC hier. -> www.hier. covers b.hier., and no wildcard *.hier. exists"
    )
    bare = check_chain([root.ds()], links, [], now=NOW, negative=negative, proofs=[soa]).verdict
    assert bare.status == "bogus"
    assert bare.reason == "no NSEC or NSEC3 record proves that b.hier. does not exist"


def test_chain_checks_a_wildcard_answers_proof(zones: tuple[Zone, Zone, Zone]) -> None:
    """An answer made from *.hier. for x.hier.: an NSEC must prove x.hier. is not there."""
    root, hier, _ = zones
    links = healthy(root, hier)
    made = hier.sign(dns.rrset.from_text("*.hier.", 60, "IN", "A", "192.0.2.7"))
    expanded = Signed(rrset=made.rrset.copy(), sigs=made.sigs)
    expanded.rrset.name = dns.name.from_text("x.hier.")
    nsec = hier.sign(dns.rrset.from_text("www.hier.", 60, "IN", "NSEC", "hier. A RRSIG NSEC"))
    proven = check_chain([root.ds()], links, [expanded], now=NOW, proofs=[nsec])
    assert proven.verdict.reason == (
        "signed from the trust anchor down to hier.;"
        " proven: x.hier. does not exist: the wildcard *.hier. answers for it"
    )
    bare = check_chain([root.ds()], links, [expanded], now=NOW).verdict
    assert bare.status == "bogus"
    assert (
        bare.reason
        == "nothing proves that x.hier. does not exist: the wildcard *.hier. answers for it"
    )


def test_chain_proves_a_cnames_negative_end_from_the_authority(
    zones: tuple[Zone, Zone, Zone],
) -> None:
    """A CNAME to a name of the same zone without the type asked: the answer is the
    CNAME alone, the NODATA's proof is among the authority section's records."""
    root, hier, other = zones
    links = healthy(root, hier)
    cname = hier.sign(dns.rrset.from_text("alias.hier.", 60, "IN", "CNAME", "www.hier."))
    soa = hier.sign(dns.rrset.from_text("hier.", 60, "IN", "SOA", "a. b. 1 2 3 4 5"))
    nsec_text = dns.rrset.from_text("www.hier.", 60, "IN", "NSEC", "z.hier. A RRSIG NSEC")
    negative = Negative(name=dns.name.from_text("www.hier."), rdtype=16, nxdomain=False)
    proven = check_chain(
        [root.ds()], links, [cname], now=NOW, negative=negative, proofs=[soa, hier.sign(nsec_text)]
    )
    assert proven.verdict.reason == (
        "signed from the trust anchor down to hier.; proven: www.hier. has no TXT record"
    )
    assert proven.answer[-1] == "NSEC www.hier. proves that www.hier. has no TXT record"
    assert sum(line.startswith("RRSIG ") for line in proven.answer) == 3  # each once
    spoilt = Signed(rrset=nsec_text, sigs=other.sign(nsec_text).sigs)
    bogus = check_chain(
        [root.ds()], links, [cname], now=NOW, negative=negative, proofs=[soa, spoilt]
    ).verdict
    assert bogus.status == "bogus"
    assert bogus.reason.startswith("RRSIG www.hier. NSEC: algorithm 13")
    assert bogus.reason.endswith("which is not among hier.'s trusted keys")


def test_chains_share_their_zones(zones: tuple[Zone, Zone, Zone]) -> None:
    """Two zones below the root (a CNAME from one into the other): each checked down from
    the anchor, the root's keys once for both."""
    root, hier, other = zones
    links = healthy(root, hier)
    both = [
        End(zones=tuple(links), answer=(a_record(hier),)),
        End(
            zones=(links[0], ZoneKeys(zone=other.name, dnskey=other.keys(), ds=ds_of(root, other))),
            answer=(a_record(other),),
        ),
    ]
    first, second = check_chains([root.ds()], both, now=NOW)
    assert first.zones[0] is second.zones[0]  # the same finding, not found twice
    assert [first.verdict.status, second.verdict.status] == ["secure", "secure"]
    assert second.verdict.reason == "signed from the trust anchor down to other."


def test_verdicts_combined_worst_first() -> None:
    secure = Verdict(status="secure", reason="a")
    insecure = Verdict(status="insecure", reason="b")
    bogus = Verdict(status="bogus", reason="c")
    assert combined([secure, Verdict(status="secure", reason="d")]).reason == "a; d"
    assert combined([secure, insecure, secure]) == insecure
    assert combined([insecure, bogus, Verdict(status="bogus", reason="c")]) == bogus


def test_denial_rrsets_of_a_negative_answer() -> None:
    reply = message(
        ";AUTHORITY", "hier. 60 IN SOA a. b. 1 2 3 4 5", "hier. 60 IN NS ns.hier.",
        "hier. 60 IN NSEC www.hier. SOA NS", rcode="NXDOMAIN",
    )  # fmt: skip
    assert [item.rrset.rdtype for item in denial_rrsets(reply)] == [
        dns.rdatatype.SOA, dns.rdatatype.NSEC
    ]  # fmt: skip
    assert [item.rrset.rdtype for item in denial_rrsets(reply, soa=False)] == [dns.rdatatype.NSEC]


def test_anchors() -> None:
    zone, anchors = root_anchors()
    assert zone == dns.name.root and {a.key_tag for a in anchors} == {20326, 38696}  # type: ignore[attr-defined]
    zone, anchors = parse_anchors("hier. IN DS 1 13 2 " + "00" * 32 + "\n; a comment\n", "f")
    assert zone == HIER and len(anchors) == 1
    for text, error in [
        ("", "trust anchor f: no DS or DNSKEY record"),
        (
            f"a. IN DS 1 13 2 {'00' * 32}\nb. IN DS 1 13 2 {'00' * 32}\n",
            "trust anchor f: records of more than one zone",
        ),
        ("a. IN DS nonsense\n", "trust anchor f: "),
    ]:
        with pytest.raises(TrustAnchorError) as raised:
            parse_anchors(text, "f")
        assert raised.value.message.startswith(error)


# Rendering a hop.

HOP = HopReport(
    hop=2, zone="hier.", chosen=1,
    servers=(
        ServerReport(name="ns2.hier", address="127.0.0.5", status="no reply",
                     faults=("lame: timed out",)),
        ServerReport(name="ns1.hier", address="127.0.0.4", status="NOERROR", flags=("aa",),
                     said="answer (1 record)", size=120, time_ms=3.2),
    ),
    faults=("NS mismatch: the parent lists a.; hier. itself lists b.",),
    trust=("DS 1/13/2 matches DNSKEY 1",),
)  # fmt: skip


def test_hop_as_text() -> None:
    assert "".join(hops_text([HOP])) == (
        ";; hop 2: hier.\n"
        ";;   ns2.hier (127.0.0.5)  no reply  -  -\n"
        ";;     ! lame: timed out\n"
        ";; * ns1.hier (127.0.0.4)  NOERROR aa  3 ms  120 B  answer (1 record)\n"
        ";;   ! NS mismatch: the parent lists a.; hier. itself lists b.\n"
        ";;   dnssec: DS 1/13/2 matches DNSKEY 1\n"
    )


def test_hop_as_table_rows() -> None:
    rows = list(hop_cells(HOP))
    assert rows[0][:4] == ("2", "hier.", "ns2.hier (127.0.0.5)", "no reply")
    assert rows[0][7] == "NS mismatch: the parent lists a.; hier. itself lists b.\nlame: timed out"
    assert rows[1][:4] == ("", "", "*ns1.hier (127.0.0.4)", "NOERROR aa")


def test_hop_as_json() -> None:
    value = json.loads(json.dumps(hop_object(HOP)))
    assert value["hop"] == 2 and value["zone"] == "hier."
    assert (value["status"], value["server"], value["queryTimeMs"]) == ("NOERROR", "127.0.0.4", 3.2)
    assert value["referral"] is None and value["glue"] == {}
    assert value["faults"] == [
        "NS mismatch: the parent lists a.; hier. itself lists b.",
        "lame: timed out",
    ]
    assert value["servers"][0]["status"] == "no reply"
    assert value["dnssec"] == ["DS 1/13/2 matches DNSKEY 1"]


# The options.


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["+trace-all", "x."], (True, True, False, None)),
        (["+trace-all", "+notrace-all", "x."], (True, False, False, None)),
        (["+validate", "x."], (False, False, True, None)),
        (["+va", "x."], (False, False, True, None)),
        (["+trust-anchor=k.ds", "+val", "x."], (False, False, True, "k.ds")),
    ],
)
def test_new_options(argv: list[str], expected: tuple[object, ...]) -> None:
    parsed = parse_argv(argv)
    assert isinstance(parsed, Invocation)
    settings = parsed.queries[0].settings
    got = (settings.trace, settings.trace_all, settings.validate, settings.trust_anchor)
    assert got == expected


def test_new_options_take_no_dig_abbreviation() -> None:
    for word in ("+v", "+vc"):
        parsed = parse_argv([word, "x."])
        assert isinstance(parsed, Invocation) and parsed.queries[0].settings.tcp
    parsed = parse_argv(["+trace", "x."])
    assert isinstance(parsed, Invocation) and not parsed.queries[0].settings.trace_all
    with pytest.raises(UsageError):
        parse_argv(["+trust-anchor", "x."])


def test_a_cname_end_the_reply_says_nothing_of() -> None:
    cname = "www.leaf.hier. 60 IN CNAME end.leaf.hier."
    soa = "leaf.hier. 60 IN SOA ns.leaf.hier. h.leaf.hier. 1 2 3 4 5"
    assert unanswered_end(message(";ANSWER", cname)) == dns.name.from_text("end.leaf.hier.")
    assert unanswered_end(message(";ANSWER", cname, ";AUTHORITY", soa)) is None  # NODATA
    referral = "end.leaf.hier. 60 IN NS ns.elsewhere.test."
    assert unanswered_end(message(";ANSWER", cname, ";AUTHORITY", referral)) is None
    answered = "end.leaf.hier. 60 IN A 192.0.2.1"
    assert unanswered_end(message(";ANSWER", cname, answered)) is None
    assert unanswered_end(message()) is None  # no CNAME: the question's own name
    assert unanswered_end(message(";ANSWER", cname, rcode="SERVFAIL")) is None
