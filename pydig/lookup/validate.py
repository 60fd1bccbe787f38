"""+validate on any lookup: the answer's chain of trust, fetched from the lookup's servers.

As delv does with a resolver: for the name and each of its ancestors up to the root,
the SOA (is it a zone's apex?), the DNSKEY set and the DS set, all asked at once with
DNSSEC on and checking disabled (CD: a validating resolver hands bogus data over too),
and the answer itself again with its signatures.  The zones found, top down, are checked
by chain.check_chain from the trust anchor.  The lookup's own output is unchanged; its
last exchange carries the verdict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import dns.name
import dns.rdatatype

from pydig.lookup import chain, denial
from pydig.lookup.anchor import load_anchors
from pydig.lookup.delegation import ANSWER, answer_rrsets, grouped, signed, unusable
from pydig.lookup.fanout import ask_all
from pydig.lookup.hops import HopPlanner
from pydig.model.diagnosis import Verdict
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
        last = replace(last, verdict=verdict(lookup, settings))
    yield last


def _names(qname: dns.name.Name) -> list[dns.name.Name]:
    """The root, then each ancestor of the name, then the name itself."""
    labels = qname.labels
    return [dns.name.Name(labels[index:]) for index in range(len(labels) - 1, -1, -1)]


def verdict(lookup: Lookup, settings: QuerySettings) -> Verdict:
    question = lookup.query.question[0]
    asking = replace(
        settings, dnssec=True, cdflag=True, edns=settings.edns if settings.edns is not None else 0
    )
    planner = HopPlanner(lookup, settings)
    names = _names(question.name)
    lookups = [
        planner.next(lookup.servers, question.rdtype, question.name, settings=asking),
        *(
            planner.next(lookup.servers, rdtype, name, settings=asking)
            for name in names
            for rdtype in _PER_NAME
        ),
    ]
    replies = [
        grouped(exchange.replies[-1].wire, full_message(exchange.replies[-1].message))
        if exchange.replies
        else None
        for exchange in ask_all(lookups)
    ]
    answer, per_name = replies[0], replies[1:]
    problem = unusable(answer)
    if problem is not None or answer is None:
        return Verdict(status="indeterminate", reason=problem or "")
    zones = []
    for index, name in enumerate(names):
        soa, dnskey, ds = per_name[index * 3 : index * 3 + 3]
        apex = soa is not None and signed(soa, ANSWER, name, dns.rdatatype.SOA) is not None
        if not apex:
            continue
        zones.append(
            chain.ZoneKeys(
                zone=name,
                dnskey=None
                if dnskey is None
                else signed(dnskey, ANSWER, name, dns.rdatatype.DNSKEY),
                ds=None if ds is None else signed(ds, ANSWER, name, dns.rdatatype.DS),
            )
        )
    anchor_zone, anchors = load_anchors(settings.trust_anchor)
    start = next((i for i, link in enumerate(zones) if link.zone == anchor_zone), None)
    if start is None:
        return Verdict(
            status="indeterminate",
            reason=f"{anchor_zone}, the trust anchor's zone, is not above the name",
        )
    last = zones[-1].zone
    items = [item for item in answer_rrsets(answer) if item.rrset.name.is_subdomain(last)]
    return chain.check_chain(
        anchors, zones[start:], items, now=time.time(), negative=denial.negative_of(answer)
    ).verdict
