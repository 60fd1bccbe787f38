"""+validate on any lookup: the answer's chain of trust, fetched from the lookup's servers.

As delv does with a resolver: for the name and each of its ancestors up to the root,
the SOA (is it a zone's apex?), the DNSKEY set and the DS set, all asked at once with
DNSSEC on and checking disabled (CD: a validating resolver hands bogus data over too),
and the answer itself again with its signatures.  The zones found, top down, are checked
by chain.check_chain from the trust anchor, each owner name of the answer along its own
chain (a CNAME's target may be in another zone: its ancestors are asked in a second
round), and a negative answer with its NSEC / NSEC3 proof.  The verdict is the worst
of them.  The lookup's own output is unchanged; its last exchange carries the verdict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence

import dns.message
import dns.name
import dns.rdatatype
from dns.name import Name
from dns.rdata import Rdata
from dns.rdatatype import RdataType

from pydig.immutable import immutable, replace
from pydig.lookup import chain, denial
from pydig.lookup.anchor import load_anchors
from pydig.lookup.delegation import (
    ANSWER,
    Signed,
    denial_rrsets,
    grouped,
    nsec_rrsets,
    signed,
    signed_rrsets,
    unusable,
)
from pydig.lookup.fanout import ask_all
from pydig.lookup.hops import HopPlanner
from pydig.model.diagnosis import Verdict, combined
from pydig.model.exchange import Exchange, Lookup
from pydig.model.invocation import QuerySettings
from pydig.wire.decode import full_message

_PER_NAME = (dns.rdatatype.SOA, dns.rdatatype.DNSKEY, dns.rdatatype.DS)


def validated(
    found: Iterator[Exchange], lookup: Lookup, settings: QuerySettings
) -> Iterator[Exchange]:
    """The lookup's exchanges as they are, the last one with the verdict on its answer."""
    last = None
    for exchange in found:
        if last is not None:
            yield last
        last = exchange
    if last is None:
        return
    if last.replies and lookup.query.question:
        last = replace(last, verdict=replace(verdict(lookup, settings), decides_status=True))
    yield last


def _names(qname: dns.name.Name) -> list[dns.name.Name]:
    """The root, then each ancestor of the name, then the name itself."""
    labels = qname.labels
    return [dns.name.Name(labels[index:]) for index in range(len(labels) - 1, -1, -1)]


@immutable(kw_only=True)
class _Part:
    """RRsets of one owner name (or a negative answer for it), checked along its chain."""

    owner: dns.name.Name
    items: tuple[Signed, ...]
    negative: denial.Negative | None = None
    proofs: tuple[Signed, ...] = ()  # the reply's NSEC / NSEC3 records (for a wildcard)


def _parts(answer: dns.message.Message) -> list[_Part]:
    """The answer's RRsets by owner (a CNAME's target may be in another zone), and the
    negative answer at the end of the CNAMEs, if any."""
    items = signed_rrsets(answer, ANSWER)
    owners = list(dict.fromkeys(item.rrset.name for item in items))
    proofs = tuple(nsec_rrsets(answer))
    parts = [
        _Part(
            owner=owner,
            items=tuple(item for item in items if item.rrset.name == owner),
            proofs=proofs,
        )
        for owner in owners
    ]
    negative = denial.negative_of(answer)
    if negative is not None:
        parts.append(
            _Part(owner=negative.name, items=tuple(denial_rrsets(answer)), negative=negative)
        )
    return parts


def _ask(
    planner: HopPlanner,
    lookup: Lookup,
    asking: QuerySettings,
    questions: Sequence[tuple[Name, RdataType]],
) -> list[dns.message.Message | None]:
    """Each question's reply from the lookup's servers, all asked at once."""
    lookups = [
        planner.next(lookup.servers, rdtype, name, settings=asking) for name, rdtype in questions
    ]
    return [
        grouped(exchange.replies[-1].wire, full_message(exchange.replies[-1].message))
        if exchange.replies
        else None
        for exchange in ask_all(lookups)
    ]


def _zone_keys(
    names: list[Name], replies: Mapping[tuple[Name, RdataType], dns.message.Message | None]
) -> list[chain.ZoneKeys]:
    """The zones among the names (those with a signed SOA at the apex), top down."""
    zones = []
    for name in names:
        soa, dnskey, ds = (replies[name, rdtype] for rdtype in _PER_NAME)
        if soa is None or signed(soa, ANSWER, name, dns.rdatatype.SOA) is None:
            continue
        zones.append(
            chain.ZoneKeys(
                zone=name,
                dnskey=None
                if dnskey is None
                else signed(dnskey, ANSWER, name, dns.rdatatype.DNSKEY),
                ds=None if ds is None else signed(ds, ANSWER, name, dns.rdatatype.DS),
                no_ds=() if ds is None else tuple(denial_rrsets(ds)),
            )
        )
    return zones


def verdict(lookup: Lookup, settings: QuerySettings) -> Verdict:
    question = lookup.query.question[0]
    asking = replace(
        settings, dnssec=True, cdflag=True, edns=settings.edns if settings.edns is not None else 0
    )
    planner = HopPlanner(lookup, settings)
    wanted = [(name, rdtype) for name in _names(question.name) for rdtype in _PER_NAME]
    answer, *first = _ask(planner, lookup, asking, [(question.name, question.rdtype), *wanted])
    problem = unusable(answer)
    if problem is not None or answer is None:
        return Verdict(status="indeterminate", reason=problem or "")
    replies = dict(zip(wanted, first, strict=True))
    parts = _parts(answer)
    more = list(
        dict.fromkeys(
            (name, rdtype)
            for part in parts
            for name in _names(part.owner)
            for rdtype in _PER_NAME
            if (name, rdtype) not in replies
        )
    )
    if more:  # a CNAME led out of the name's zones: their keys too
        replies.update(zip(more, _ask(planner, lookup, asking, more), strict=True))
    anchor_zone, anchors = load_anchors(settings.trust_anchor)
    return combined(
        [_check(part, _zone_keys(_names(part.owner), replies), anchor_zone, anchors)
         for part in parts or [_Part(owner=question.name, items=())]]
    )  # fmt: skip


def _check(
    part: _Part, zones: list[chain.ZoneKeys], anchor_zone: Name, anchors: Sequence[Rdata]
) -> Verdict:
    """One owner's RRsets checked from the trust anchor down to its zone."""
    start = next((i for i, link in enumerate(zones) if link.zone == anchor_zone), None)
    if start is None:
        return Verdict(
            status="indeterminate",
            reason=f"{anchor_zone}, the trust anchor's zone, is not above {part.owner}",
        )
    last = zones[-1].zone
    items, proofs = (
        [item for item in found if item.rrset.name.is_subdomain(last)]
        for found in (part.items, part.proofs)
    )
    return chain.check_chain(
        anchors, zones[start:], items, now=time.time(), negative=part.negative, proofs=proofs
    ).verdict
