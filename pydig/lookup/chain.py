"""The chain of trust from a trust anchor down to an answer: pure checks with dns.dnssec.

For each zone from the top: its DNSKEY set must be signed by a key the zone above
vouches for (the trust anchor for the first zone, a DS of the parent below it), and
the parent's DS set must itself be signed by the parent's keys.  A parent with no DS
for a child, which its signed NSEC or NSEC3 records prove, ends the chain there:
everything below is insecure.  The answer's RRsets must be signed by the last zone's
keys, and a negative answer proven by its NSEC or NSEC3 records (denial.py).  The first
failure makes the verdict bogus.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import UTC, datetime

import dns.exception
import dns.name
import dns.rdata
import dns.rdatatype
import dns.rrset

from pydig.immutable import immutable, mutable
from pydig.lookup import denial
from pydig.lookup.delegation import Signed
from pydig.model.diagnosis import Verdict

with warnings.catch_warnings():  # dnspython's DSA support warns when it is imported
    warnings.simplefilter("ignore")
    import dns.dnssec


@immutable(kw_only=True)
class ZoneKeys:
    """One zone of the chain: its DNSKEY set, and the DS set its parent gives it."""

    zone: dns.name.Name
    dnskey: Signed | None  # None: its servers gave no DNSKEY
    ds: Signed | None = None  # None: the parent has no DS for it (ignored for the first zone)
    no_ds: tuple[Signed, ...] = ()  # without DS: the parent's NSEC / NSEC3 records that say so


@immutable(kw_only=True)
class ChainCheck:
    """What the check found, one tuple of lines for each zone and one for the answer."""

    zones: tuple[tuple[str, ...], ...]
    answer: tuple[str, ...]
    verdict: Verdict


class _Broken(Exception):
    """The chain is bogus here; the message says which signature or digest and why."""


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def key_tags(keys: dns.rrset.RRset) -> str:
    return ", ".join(str(dns.dnssec.key_id(key)) for key in keys) or "none"


def _signature_problem(
    rrset: dns.rrset.RRset, sig: dns.rdata.Rdata, keys: dns.rrset.RRset, now: float
) -> str | None:
    """Why one RRSIG fails, or None when it verifies."""
    if sig.expiration < now:  # type: ignore[attr-defined]
        return "expired"
    if sig.inception > now:  # type: ignore[attr-defined]
        return f"not valid before {when(sig.inception)}"  # type: ignore[attr-defined]
    if not any(dns.dnssec.key_id(key) == sig.key_tag for key in keys):  # type: ignore[attr-defined]
        return f"signed by key {sig.key_tag}, which is not among {keys.name}'s trusted keys"  # type: ignore[attr-defined]
    try:
        dns.dnssec.validate_rrsig(rrset, sig, {keys.name: keys}, now=now)  # type: ignore[arg-type]
    except dns.exception.UnsupportedAlgorithm:
        return f"algorithm {sig.algorithm} is not supported"  # type: ignore[attr-defined]
    except dns.exception.ValidationFailure as failure:
        return f"does not verify ({failure})"
    return None


def check_signatures(item: Signed, keys: dns.rrset.RRset, now: float) -> list[str]:
    """A line for each signature of the RRset; raises _Broken when none verifies."""
    rrset = item.rrset
    what = f"{rrset.name} {dns.rdatatype.to_text(rrset.rdtype)}"
    if item.sigs is None or not len(item.sigs):
        raise _Broken(f"{what} carries no RRSIG, but {keys.name} is signed")
    lines, problems = [], []
    for sig in item.sigs:
        label = (
            f"RRSIG {what}: algorithm {sig.algorithm}, key tag {sig.key_tag},"
            f" expires {when(sig.expiration)}"
        )
        problem = _signature_problem(rrset, sig, keys, now)
        lines.append(f"{label}: {problem or 'valid'}")
        if problem is not None:
            problems.append(f"{label}: {problem}")
    if len(problems) == len(item.sigs):
        raise _Broken(problems[0])
    return lines


def _ds_text(ds: dns.rdata.Rdata) -> str:
    return f"DS {ds.key_tag}/{ds.algorithm}/{ds.digest_type}"  # type: ignore[attr-defined]


def _matches(zone: dns.name.Name, key: dns.rdata.Rdata, ds: dns.rdata.Rdata) -> bool:
    try:
        made = dns.dnssec.make_ds(zone, key, ds.digest_type)  # type: ignore[attr-defined]
    except (dns.exception.UnsupportedAlgorithm, ValueError):
        return False
    return bool(made == ds)


def vouched_keys(
    zone: dns.name.Name, keys: dns.rrset.RRset, anchors: Sequence[dns.rdata.Rdata]
) -> tuple[dns.rrset.RRset, list[str]]:
    """The zone's keys that a DS (or an identical DNSKEY) of `anchors` vouches for, and a
    line for each anchor; raises _Broken when none does."""
    vouched = dns.rrset.RRset(zone, keys.rdclass, dns.rdatatype.DNSKEY)
    lines = []
    for anchor in anchors:
        if anchor.rdtype == dns.rdatatype.DNSKEY:
            found = [key for key in keys if key == anchor]
            label = f"trusted DNSKEY {dns.dnssec.key_id(anchor)}"  # type: ignore[arg-type]
        else:
            found = [key for key in keys if _matches(zone, key, anchor)]
            label = _ds_text(anchor)
        for key in found:
            vouched.add(key)
        matched = ", ".join(str(dns.dnssec.key_id(key)) for key in found)
        lines.append(
            f"{label} matches DNSKEY {matched}"
            if found
            else f"{label} matches no DNSKEY of {zone} (its keys: {key_tags(keys)})"
        )
    if not len(vouched):
        raise _Broken(lines[0] if lines else f"nothing vouches for {zone}'s keys")
    return vouched, lines


@mutable
class _Walk:
    """The check as it goes down: the keys trusted so far (None: the chain has ended),
    and the lines found, which a failure leaves in place."""

    now: float
    anchors: Sequence[dns.rdata.Rdata]
    trusted: dns.rrset.RRset | None = None
    ended: str | None = None  # why the chain ended (insecure)

    def zone(self, link: ZoneKeys, parent: dns.name.Name | None, lines: list[str]) -> None:
        anchors = self.anchors
        if parent is not None:
            if self.trusted is None:
                lines.append("not checked: the chain of trust ended above")
                return
            if link.ds is None:
                for item in link.no_ds:
                    lines += check_signatures(item, self.trusted, self.now)
                no_ds = denial.Negative(name=link.zone, rdtype=dns.rdatatype.DS, nxdomain=False)
                lines.append(denial.proof(no_ds, parent, [item.rrset for item in link.no_ds]))
                self.ended = f"no DS for {link.zone} in {parent}: the chain of trust ends there"
                self.trusted = None
                lines.append(self.ended)
                return
            lines += check_signatures(link.ds, self.trusted, self.now)
            anchors = list(link.ds.rrset)
        if link.dnskey is None:
            raise _Broken(f"{link.zone} serves no DNSKEY, but its parent vouches for one")
        vouched, matched = vouched_keys(link.zone, link.dnskey.rrset, anchors)
        lines += matched
        lines += check_signatures(link.dnskey, vouched, self.now)
        self.trusted = link.dnskey.rrset


def _expanded(answer: Sequence[Signed]) -> list[tuple[dns.name.Name, int]]:
    """The answer's owner names made from a wildcard, each with its RRSIG's label count."""
    found = {}
    for item in answer:
        owner = item.rrset.name
        count = len(owner) - 1 - owner.is_wild()
        labels = min((sig.labels for sig in item.sigs or ()), default=count)
        if labels < count:
            found[owner] = labels
    return list(found.items())


def check_chain(
    anchors: Sequence[dns.rdata.Rdata],
    zones: Sequence[ZoneKeys],
    answer: Sequence[Signed],
    *,
    now: float,
    negative: denial.Negative | None = None,
    proofs: Sequence[Signed] = (),
) -> ChainCheck:
    """The chain from `anchors` (DS or DNSKEY records of zones[0]) down to the answer's
    RRsets, which the last zone must have signed; for a negative answer, its proof; for
    an answer made from a wildcard, the proof (among `proofs`, the reply's NSEC or NSEC3
    records) that the name asked does not exist."""
    walk = _Walk(now=now, anchors=anchors)
    per_zone: list[list[str]] = [[] for _ in zones]
    answer_lines: list[str] = []
    claims: list[str] = []  # what the NSEC / NSEC3 records proved
    lines = answer_lines
    try:
        for index, link in enumerate(zones):
            lines = per_zone[index]
            walk.zone(link, zones[index - 1].zone if index else None, lines)
        lines = answer_lines
        if walk.trusted is not None:
            for item in answer:
                answer_lines += check_signatures(item, walk.trusted, now)
            if negative is not None:
                answer_lines.append(
                    denial.proof(negative, zones[-1].zone, [item.rrset for item in answer])
                )
                claims.append(negative.claim())
            expanded = _expanded(answer)
            for item in proofs if expanded else ():
                answer_lines += check_signatures(item, walk.trusted, now)
            for name, labels in expanded:
                answer_lines.append(
                    denial.wildcard_proof(
                        name, labels, zones[-1].zone, [item.rrset for item in proofs]
                    )
                )
                claims.append(denial.wildcard_claim(name, labels))
    except (_Broken, denial.Unproven) as broken:  # the first failure
        lines.append(f"bogus: {broken}")
        verdict = Verdict(status="bogus", reason=str(broken))
    else:
        if walk.ended is not None:
            verdict = Verdict(status="insecure", reason=walk.ended)
        elif not zones:
            verdict = Verdict(status="indeterminate", reason="no zone to check")
        elif not answer:
            verdict = Verdict(status="indeterminate", reason="nothing signed in the reply to check")
        else:
            proven = "".join(f"; proven: {claim}" for claim in claims)
            verdict = Verdict(
                status="secure",
                reason=f"signed from the trust anchor down to {zones[-1].zone}{proven}",
            )
    return ChainCheck(
        zones=tuple(tuple(found) for found in per_zone),
        answer=tuple(answer_lines),
        verdict=verdict,
    )
