"""The chain of trust from a trust anchor down to an answer: pure checks with dns.dnssec.

For each zone from the top: its DNSKEY set must be signed by a key the zone above
vouches for (the trust anchor for the first zone, a DS of the parent below it), and
the parent's DS set must itself be signed by the parent's keys.  A parent with no DS
for a child, which its signed NSEC or NSEC3 records prove, ends the chain there:
everything below is insecure.  The answer's RRsets must be signed by the last zone's
keys; a negative answer (after a CNAME or not), and a name answered from a wildcard,
proven by the reply's NSEC or NSEC3 records of the authority section (denial.py), signed
by those keys too.  The first failure makes the verdict bogus.  Several chains (a CNAME
into another zone) are checked together, each zone and each signature once.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import field
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


@immutable(kw_only=True)
class End:
    """One zone's part of a reply, with the chain of zones down to it: the answer's RRsets
    it signed, the negative answer at the end of the reply's CNAMEs if it is the zone's,
    and the reply's proofs of it (the authority section's SOA and NSEC / NSEC3 records),
    which also prove that a name answered from a wildcard does not exist."""

    zones: tuple[ZoneKeys, ...]
    answer: tuple[Signed, ...] = ()
    negative: denial.Negative | None = None
    proofs: tuple[Signed, ...] = ()


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


@immutable(kw_only=True)
class _Reached:
    """A zone as the check found it: its lines, the keys it trusts (None: the chain ended
    at or above it), why the chain ended, or why it is bogus."""

    lines: tuple[str, ...]
    trusted: dns.rrset.RRset | None = None
    ended: str | None = None
    broken: str | None = None


@mutable
class _Walk:
    """The check of one or more chains from the same anchors: each zone is checked once,
    however many of the chains go through it."""

    now: float
    anchors: Sequence[dns.rdata.Rdata]
    reached: dict[dns.name.Name, _Reached] = field(default_factory=dict)

    def down(self, zones: Sequence[ZoneKeys]) -> list[_Reached]:
        """Each zone from the top, as far as the first that is bogus."""
        found: list[_Reached] = []
        for index, link in enumerate(zones):
            if link.zone not in self.reached:
                above = found[-1] if found else None
                parent = zones[index - 1].zone if index else None
                self.reached[link.zone] = self._zone(link, parent, above)
            found.append(self.reached[link.zone])
            if found[-1].broken is not None:
                break
        return found

    def _zone(
        self, link: ZoneKeys, parent: dns.name.Name | None, above: _Reached | None
    ) -> _Reached:
        lines: list[str] = []
        try:
            return self._checked(link, parent, above, lines)
        except (_Broken, denial.Unproven) as broken:
            lines.append(f"bogus: {broken}")
            return _Reached(lines=tuple(lines), broken=str(broken))

    def _checked(
        self, link: ZoneKeys, parent: dns.name.Name | None, above: _Reached | None, lines: list[str]
    ) -> _Reached:
        anchors = self.anchors
        if parent is not None and above is not None:
            if above.trusted is None:
                lines.append("not checked: the chain of trust ended above")
                return _Reached(lines=tuple(lines), ended=above.ended)
            if link.ds is None:
                for item in link.no_ds:
                    lines += check_signatures(item, above.trusted, self.now)
                no_ds = denial.Negative(name=link.zone, rdtype=dns.rdatatype.DS, nxdomain=False)
                lines.append(denial.proof(no_ds, parent, [item.rrset for item in link.no_ds]))
                ended = f"no DS for {link.zone} in {parent}: the chain of trust ends there"
                lines.append(ended)
                return _Reached(lines=tuple(lines), ended=ended)
            lines += check_signatures(link.ds, above.trusted, self.now)
            anchors = list(link.ds.rrset)
        if link.dnskey is None:
            raise _Broken(f"{link.zone} serves no DNSKEY, but its parent vouches for one")
        vouched, matched = vouched_keys(link.zone, link.dnskey.rrset, anchors)
        lines += matched
        lines += check_signatures(link.dnskey, vouched, self.now)
        return _Reached(lines=tuple(lines), trusted=link.dnskey.rrset)

    def end(self, end: End) -> ChainCheck:
        """The chain down to `end`'s zone, then what the zone's keys vouch for."""
        reached = self.down(end.zones)
        per_zone = [one.lines for one in reached]
        per_zone += [()] * (len(end.zones) - len(per_zone))
        last = reached[-1] if reached else None
        answer: list[str] = []
        claims: list[str] = []
        broken = last.broken if last is not None else None
        if last is not None and last.trusted is not None:
            try:
                claims = _vouched(end, last.trusted, self.now, answer)
            except (_Broken, denial.Unproven) as failure:  # the first failure
                answer.append(f"bogus: {failure}")
                broken = str(failure)
        return ChainCheck(
            zones=tuple(per_zone), answer=tuple(answer), verdict=_verdict(end, last, broken, claims)
        )


def _vouched(end: End, trusted: dns.rrset.RRset, now: float, lines: list[str]) -> list[str]:
    """The answer's signatures, then the proofs' (once) when the answer ends in a negative
    one or was made from a wildcard, then what those prove; what was proven."""
    zone = end.zones[-1].zone
    for item in end.answer:
        lines += check_signatures(item, trusted, now)
    expanded = _expanded(end.answer)
    for item in end.proofs if end.negative is not None or expanded else ():
        lines += check_signatures(item, trusted, now)
    proofs = [item.rrset for item in end.proofs]
    claims = []
    if end.negative is not None:
        lines.append(denial.proof(end.negative, zone, proofs))
        claims.append(end.negative.claim())
    for name, labels in expanded:
        lines.append(denial.wildcard_proof(name, labels, zone, proofs))
        claims.append(denial.wildcard_claim(name, labels))
    return claims


def _verdict(end: End, last: _Reached | None, broken: str | None, claims: list[str]) -> Verdict:
    if broken is not None:
        return Verdict(status="bogus", reason=broken)
    if last is not None and last.ended is not None:
        return Verdict(status="insecure", reason=last.ended)
    if not end.zones:
        return Verdict(status="indeterminate", reason="no zone to check")
    if not end.answer and end.negative is None:
        return Verdict(status="indeterminate", reason="nothing signed in the reply to check")
    proven = "".join(f"; proven: {claim}" for claim in claims)
    return Verdict(
        status="secure",
        reason=f"signed from the trust anchor down to {end.zones[-1].zone}{proven}",
    )


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


def check_chains(
    anchors: Sequence[dns.rdata.Rdata], ends: Sequence[End], *, now: float
) -> list[ChainCheck]:
    """Each end checked from `anchors` (DS or DNSKEY records of the first zone of each),
    every zone and signature once, however many ends share it."""
    walk = _Walk(now=now, anchors=anchors)
    return [walk.end(end) for end in ends]


def check_chain(
    anchors: Sequence[dns.rdata.Rdata],
    zones: Sequence[ZoneKeys],
    answer: Sequence[Signed],
    *,
    now: float,
    negative: denial.Negative | None = None,
    proofs: Sequence[Signed] = (),
) -> ChainCheck:
    """The chain from `anchors` down to one zone (`zones`, from the top): the answer's
    RRsets, which the last zone must have signed, and its negative end and wildcards
    proven by `proofs` (see End)."""
    end = End(zones=tuple(zones), answer=tuple(answer), negative=negative, proofs=tuple(proofs))
    return check_chains(anchors, [end], now=now)[0]
