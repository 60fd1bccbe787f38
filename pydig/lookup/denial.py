"""Authenticated denial of existence: do a negative answer's NSEC or NSEC3 records prove it?

Pure checks of records whose signatures chain.py verifies.  An NXDOMAIN needs the name
covered and no wildcard that could have answered (NSEC: RFC 4035 §5.4; NSEC3: the
closest encloser proof, RFC 5155 §8.3-8.4); a NODATA needs the name's own record
without the type or a CNAME, or a wildcard's (RFC 4035 §3.1.3; RFC 5155 §8.5, §8.7);
for a DS, an opt-out NSEC3 that covers the name will do (RFC 5155 §8.6).
`proof` returns the line that says what proves it, or raises Unproven with the reason.
"""

from __future__ import annotations

import base64
import warnings
from collections.abc import Sequence
from typing import TypeVar

import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset
from dns.rdtypes.ANY.NSEC import NSEC
from dns.rdtypes.ANY.NSEC3 import NSEC3

from pydig.immutable import immutable
from pydig.wire.bitmaps import window_types

with warnings.catch_warnings():  # dnspython's DSA support warns when it is imported
    warnings.simplefilter("ignore")
    import dns.dnssec

WILDCARD = dns.name.Name((b"*",))
_OPT_OUT = 1  # the NSEC3 flag: unsigned delegations may be left out (RFC 5155 §3.1.2.1)
MAX_ITERATIONS = 150  # more NSEC3 hash iterations are not worked through (RFC 9276 §3.2)
Key = TypeVar("Key", dns.name.Name, str)
Chained = TypeVar("Chained", NSEC, NSEC3)


@immutable(kw_only=True)
class Negative:
    """A negative answer to check: the name and type asked, and which kind it is."""

    name: dns.name.Name
    rdtype: int
    nxdomain: bool  # False: NODATA (the name exists without the type)

    def claim(self) -> str:
        if self.nxdomain:
            return f"{self.name} does not exist"
        rdtype = dns.rdatatype.to_text(dns.rdatatype.RdataType.make(self.rdtype))
        return f"{self.name} has no {rdtype} record"


class Unproven(Exception):
    """The negative answer's proof is missing or does not hold; the message says why."""


def types_of(rdata: NSEC | NSEC3) -> frozenset[int]:
    """The types an NSEC or NSEC3 record's bitmap lists."""
    return frozenset(window_types(rdata.windows))


def _delegation(types: frozenset[int]) -> bool:
    """A parent's record at a delegation (NS without SOA): it says nothing of the child's
    data, DS apart."""
    return dns.rdatatype.NS in types and dns.rdatatype.SOA not in types


def _cut(rdata: NSEC | NSEC3) -> bool:
    """The record is at a delegation or a DNAME: it says nothing of the names below it."""
    types = types_of(rdata)
    return dns.rdatatype.DNAME in types or _delegation(types)


def _lacks(rdata: NSEC | NSEC3, rdtype: int) -> bool:
    """The bitmap proves there is no record of the type (nor a CNAME in its place)."""
    types = types_of(rdata)
    if rdtype != dns.rdatatype.DS and _delegation(types):
        return False
    return rdtype not in types and dns.rdatatype.CNAME not in types


def between(low: Key, value: Key, high: Key) -> bool:
    """`value` falls strictly between the owner and the next name of a chain's record (the
    last record of a chain wraps round to the first)."""
    if low < high:
        return bool(low < value < high)
    return bool(value > low or value < high)


def _ancestor(one: dns.name.Name, other: dns.name.Name) -> dns.name.Name:
    """The longest name both are at or below."""
    _, _, shared = one.fullcompare(other)
    return dns.name.Name(one.labels[len(one.labels) - shared :])


def _records(
    rrsets: Sequence[dns.rrset.RRset], kind: type[Chained]
) -> list[tuple[dns.name.Name, Chained]]:
    return [(rrset.name, rdata) for rrset in rrsets for rdata in rrset if isinstance(rdata, kind)]


def nsec_proof(negative: Negative, nsecs: Sequence[dns.rrset.RRset]) -> str:
    """What NSEC records prove the negative answer (RFC 4035 §3.1.3, §5.4)."""
    records = _records(nsecs, NSEC)
    name = negative.name
    for owner, rdata in records:
        if owner == name:
            if negative.nxdomain:
                raise Unproven(f"NSEC {owner} shows the name exists, but the reply is NXDOMAIN")
            if _lacks(rdata, negative.rdtype):
                return f"NSEC {owner} proves that {negative.claim()}"
            raise Unproven(f"NSEC {owner} lists a type the reply says {name} does not have")
    covering = [(owner, rdata) for owner, rdata in records if between(owner, name, rdata.next)]
    if not covering:
        raise Unproven(f"no NSEC proves that {negative.claim()}")
    owner, rdata = covering[0]
    if name.is_subdomain(owner) and _cut(rdata):
        raise Unproven(f"NSEC {owner} is at a zone cut or a DNAME: it cannot deny {name}")
    encloser = max(_ancestor(name, owner), _ancestor(name, rdata.next), key=len)
    wildcard = WILDCARD.concatenate(encloser)
    covers = f"NSEC {owner} -> {rdata.next} covers {name}"
    for owner_w, rdata_w in records:
        if owner_w == wildcard:
            if negative.nxdomain or not _lacks(rdata_w, negative.rdtype):
                raise Unproven(f"NSEC {wildcard} shows a wildcard that answers {name}")
            return f"{covers}; NSEC {wildcard} proves the wildcard has no such record"
    if negative.nxdomain and any(between(o, wildcard, r.next) for o, r in records):
        return f"{covers}, and no wildcard {wildcard} exists"
    if negative.nxdomain:
        raise Unproven(f"no NSEC denies the wildcard {wildcard} that could answer {name}")
    raise Unproven(f"no NSEC proves that {negative.claim()}")


def _hash_of(owner: dns.name.Name) -> str:
    return owner.labels[0].decode("ascii", "replace").upper()


class _Nsec3Chain:
    """A zone's NSEC3 records by hash; names hashed as its first record says."""

    def __init__(self, zone: dns.name.Name, nsec3s: Sequence[dns.rrset.RRset], claim: str):
        self.records = [
            (_hash_of(owner), rdata)
            for owner, rdata in _records(nsec3s, NSEC3)
            if owner.parent() == zone
        ]
        if not self.records:
            raise Unproven(f"no NSEC3 record of {zone} proves that {claim}")
        self.first = self.records[0][1]
        if self.first.iterations > MAX_ITERATIONS:
            raise Unproven(
                f"NSEC3 of {zone}: {self.first.iterations} hash iterations,"
                f" more than {MAX_ITERATIONS}"
            )
        self.zone = zone
        self._digests: dict[dns.name.Name, str] = {}

    def digest(self, name: dns.name.Name) -> str:
        if name not in self._digests:
            first = self.first
            try:
                self._digests[name] = dns.dnssec.nsec3_hash(
                    name, first.salt, first.iterations, first.algorithm
                )
            except ValueError as error:  # a hash algorithm dnspython does not know
                raise Unproven(f"NSEC3 of {self.zone}: {error}") from None
        return self._digests[name]

    def matching(self, name: dns.name.Name) -> NSEC3 | None:
        return next((rdata for label, rdata in self.records if label == self.digest(name)), None)

    def covering(self, name: dns.name.Name) -> NSEC3 | None:
        digest = self.digest(name)
        return next(
            (rdata for label, rdata in self.records if between(label, digest, _next(rdata))),
            None,
        )


def nsec3_proof(negative: Negative, zone: dns.name.Name, nsec3s: Sequence[dns.rrset.RRset]) -> str:
    """What NSEC3 records prove the negative answer (RFC 5155 §8.3-8.5, §8.7)."""
    return _closest_encloser_proof(negative, zone, _Nsec3Chain(zone, nsec3s, negative.claim()))


def _ancestors(name: dns.name.Name, zone: dns.name.Name) -> list[dns.name.Name]:
    """The name, its parent and so on up to the zone's apex."""
    found = [name]
    while found[-1] != zone and len(found[-1]) > len(zone):
        found.append(found[-1].parent())
    return found


def _next(rdata: NSEC3) -> str:
    return base64.b32hexencode(rdata.next).decode("ascii")


def _closest_encloser_proof(negative: Negative, zone: dns.name.Name, chain: _Nsec3Chain) -> str:
    matching, covering = chain.matching, chain.covering
    name = negative.name
    found = matching(name)
    if found is not None:
        if negative.nxdomain:
            raise Unproven(f"an NSEC3 matches {name}: the name exists, but the reply is NXDOMAIN")
        if _lacks(found, negative.rdtype):
            return f"the NSEC3 matching {name} proves that {negative.claim()}"
        raise Unproven(f"the NSEC3 matching {name} lists a type the reply says it does not have")
    names = _ancestors(name, zone)
    encloser = next(
        (names[index] for index in range(1, len(names)) if matching(names[index]) is not None),
        None,
    )
    if encloser is None:
        raise Unproven(f"no NSEC3 matches an ancestor of {name}: no closest encloser proof")
    enclosing = matching(encloser)
    assert enclosing is not None
    if encloser != zone and _cut(enclosing):
        raise Unproven(f"the NSEC3 of {encloser} is at a zone cut or a DNAME: not of {name}")
    next_closer = names[names.index(encloser) - 1]
    cover = covering(next_closer)
    if cover is None:
        raise Unproven(f"no NSEC3 covers {next_closer}, the name below the closest encloser")
    wildcard = WILDCARD.concatenate(encloser)
    proven = f"NSEC3: {encloser} is the closest encloser, {next_closer} is covered"
    star = matching(wildcard)
    if negative.nxdomain and star is None and covering(wildcard) is not None:
        return f"{proven}, and no wildcard {wildcard} exists"
    if not negative.nxdomain and star is not None and _lacks(star, negative.rdtype):
        return f"{proven}, and the NSEC3 of {wildcard} proves the wildcard has no such record"
    if negative.nxdomain:
        raise Unproven(f"no NSEC3 denies the wildcard {wildcard} that could answer {name}")
    if negative.rdtype == dns.rdatatype.DS and cover.flags & _OPT_OUT:
        return f"{proven} by an opt-out NSEC3: {name} is at most an unsigned delegation"
    raise Unproven(f"no NSEC3 proves that {negative.claim()}")


def proof(negative: Negative, zone: dns.name.Name, rrsets: Sequence[dns.rrset.RRset]) -> str:
    """The line saying what proves the negative answer of `zone`; raises Unproven."""
    nsecs = [rrset for rrset in rrsets if rrset.rdtype == dns.rdatatype.NSEC]
    nsec3s = [rrset for rrset in rrsets if rrset.rdtype == dns.rdatatype.NSEC3]
    if nsecs:
        return nsec_proof(negative, nsecs)
    if nsec3s:
        return nsec3_proof(negative, zone, nsec3s)
    raise Unproven(f"no NSEC or NSEC3 record proves that {negative.claim()}")


def cname_target(message: dns.message.Message, name: dns.name.Name) -> dns.name.Name:
    """Where the answer's CNAME records lead from `name` (the name itself without any)."""
    seen = {name}
    while True:
        cname = next(
            (r for r in message.answer if r.name == name and r.rdtype == dns.rdatatype.CNAME),
            None,
        )
        if cname is None or cname[0].target in seen:
            return name
        name = cname[0].target
        seen.add(name)


def negative_of(message: dns.message.Message) -> Negative | None:
    """The negative answer a reply gives (NXDOMAIN, or NOERROR with the zone's SOA and no
    record of the type) for the name its question's CNAMEs lead to; None for any other."""
    if not message.question:
        return None
    question = message.question[0]
    follows = question.rdtype not in (dns.rdatatype.CNAME, dns.rdatatype.ANY)
    name = cname_target(message, question.name) if follows else question.name
    if any(rrset.name == name for rrset in message.answer):
        return None
    nxdomain = message.rcode() == dns.rcode.NXDOMAIN
    has_soa = any(rrset.rdtype == dns.rdatatype.SOA for rrset in message.authority)
    if not nxdomain and (message.rcode() != dns.rcode.NOERROR or not has_soa):
        return None
    return Negative(name=name, rdtype=question.rdtype, nxdomain=nxdomain)


def unanswered_end(message: dns.message.Message) -> dns.name.Name | None:
    """The name a NOERROR reply's CNAMEs lead to when the reply says nothing of it: no
    record there, no SOA saying it has none, no referral (an authoritative server always
    says one of those for a name of its own zone); None for any other reply."""
    if not message.question or message.rcode() != dns.rcode.NOERROR:
        return None
    question = message.question[0]
    if question.rdtype in (dns.rdatatype.CNAME, dns.rdatatype.ANY):
        return None
    name = cname_target(message, question.name)
    if name == question.name or any(rrset.name == name for rrset in message.answer):
        return None
    told = (dns.rdatatype.SOA, dns.rdatatype.NS)
    return None if any(rrset.rdtype in told for rrset in message.authority) else name


def wildcard_claim(name: dns.name.Name, labels: int) -> str:
    """What an answer for `name` made from the wildcard of its last `labels` labels says."""
    wildcard = WILDCARD.concatenate(dns.name.Name(name.labels[-(labels + 1) :]))
    return f"{name} does not exist: the wildcard {wildcard} answers for it"


def wildcard_proof(
    name: dns.name.Name, labels: int, zone: dns.name.Name, rrsets: Sequence[dns.rrset.RRset]
) -> str:
    """What proves that `name`, answered from the wildcard of its last `labels` labels
    (the RRSIG's), does not exist itself (RFC 4035 §5.3.4; RFC 5155 §7.2.6, §8.8)."""
    claim = wildcard_claim(name, labels)
    for owner, rdata in _records(rrsets, NSEC):
        if between(owner, name, rdata.next):
            return f"NSEC {owner} -> {rdata.next} covers {name}: {claim}"
    nsec3s = [rrset for rrset in rrsets if rrset.rdtype == dns.rdatatype.NSEC3]
    if nsec3s:
        next_closer = dns.name.Name(name.labels[-(labels + 2) :])
        if _Nsec3Chain(zone, nsec3s, claim).covering(next_closer) is not None:
            return f"NSEC3 covers {next_closer}: {claim}"
    raise Unproven(f"nothing proves that {claim}")
