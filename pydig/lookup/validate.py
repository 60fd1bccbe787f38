"""+validate on any lookup: the answer's chain of trust, fetched from the lookup's servers.

As delv does with a resolver: for the name and each of its ancestors up to the root,
the SOA (is it a zone's apex?), the DNSKEY set and the DS set, all asked at once with
DNSSEC on and checking disabled (CD: a validating resolver hands bogus data over too),
and the answer itself again with its signatures.  The zones found, top down, are checked
by chain.check_chains from the trust anchor, each zone once: the answer's RRsets split by
the zone they are in (a CNAME's target may be in another zone: its ancestors are asked
in a second round), each part along its own chain, with the negative answer at the end
of the CNAMEs and any wildcard proven by the reply's NSEC / NSEC3 records of its zone.
The verdict is the worst of them.  The lookup's own output is unchanged; its last
exchange carries the verdict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence

import dns.message
import dns.name
import dns.rdatatype
from dns.name import Name
from dns.rdatatype import RdataType

from pydig.immutable import immutable, replace
from pydig.lookup import chain, denial
from pydig.lookup.anchor import load_anchors
from pydig.lookup.delegation import (
    ANSWER,
    Signed,
    denial_rrsets,
    grouped,
    signed,
    signed_rrsets,
    unusable,
)
from pydig.lookup.fanout import ask_all
from pydig.lookup.hops import HopPlanner
from pydig.model.diagnosis import Verdict, combined
from pydig.model.events import Exchange
from pydig.model.exchange import Lookup
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
    reply = _Reply(
        answer=tuple(signed_rrsets(answer, ANSWER)),
        negative=denial.negative_of(answer),
        proofs=tuple(denial_rrsets(answer)),
    )
    owners = reply.owners() or [question.name]
    more = list(
        dict.fromkeys(
            (name, rdtype)
            for owner in owners
            for name in _names(owner)
            for rdtype in _PER_NAME
            if (name, rdtype) not in replies
        )
    )
    if more:  # a CNAME led out of the name's zones: their keys too
        replies.update(zip(more, _ask(planner, lookup, asking, more), strict=True))
    anchor_zone, anchors = load_anchors(settings.trust_anchor)
    found, chains = _chains(owners, replies, anchor_zone, ds=question.rdtype == dns.rdatatype.DS)
    checked = chain.check_chains(anchors, reply.ends(chains), now=time.time())
    return combined(found + [one.verdict for one in checked])


def _chains(
    owners: Sequence[Name],
    replies: Mapping[tuple[Name, RdataType], dns.message.Message | None],
    anchor_zone: Name,
    *,
    ds: bool,
) -> tuple[list[Verdict], dict[Name, list[chain.ZoneKeys]]]:
    """The zones from the trust anchor's down to each owner's, by the last of them (a DS
    set's is the parent's); an indeterminate verdict for an owner not below the anchor."""
    found: list[Verdict] = []
    chains: dict[Name, list[chain.ZoneKeys]] = {}
    for owner in owners:
        zones = _zone_keys(_names(owner), replies)
        if ds and zones and zones[-1].zone == owner:
            zones.pop()  # signed with the parent's keys
        start = next((i for i, link in enumerate(zones) if link.zone == anchor_zone), None)
        if start is None:
            reason = f"{anchor_zone}, the trust anchor's zone, is not above {owner}"
            found.append(Verdict(status="indeterminate", reason=reason))
        else:
            chains.setdefault(zones[-1].zone, zones[start:])
    return found, chains


@immutable(kw_only=True)
class _Reply:
    """What the reply to the question says: its answer's RRsets (a CNAME's target may be in
    another zone), the negative answer at the end of its CNAMEs, and the proofs of it."""

    answer: tuple[Signed, ...]
    negative: denial.Negative | None
    proofs: tuple[Signed, ...]  # the authority section's SOA and NSEC / NSEC3 records

    def owners(self) -> list[Name]:
        negative = [self.negative.name] if self.negative is not None else []
        return list(dict.fromkeys([*(item.rrset.name for item in self.answer), *negative]))

    def ends(self, chains: Mapping[Name, Sequence[chain.ZoneKeys]]) -> list[chain.End]:
        """The reply split by zone (`chains`: each zone's chain from the trust anchor's):
        each RRset, and the negative answer, to the deepest zone it is in."""

        def zone_of(name: Name) -> Name | None:
            return max((z for z in chains if name.is_subdomain(z)), key=len, default=None)

        negative = self.negative
        return [
            chain.End(
                zones=tuple(zones),
                answer=tuple(item for item in self.answer if zone_of(item.rrset.name) == zone),
                negative=negative
                if negative is not None and zone_of(negative.name) == zone
                else None,
                proofs=tuple(item for item in self.proofs if zone_of(item.rrset.name) == zone),
            )
            for zone, zones in chains.items()
        ]
