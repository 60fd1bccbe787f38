"""A readable +trace (+table, +json, +trace-all, +validate): the walk from the root,
with each hop's servers, timings and faults, and the chain of trust checked.

The walk starts as dig's does (the root's NS records from the command line's server)
and follows referrals the same way (name servers looked up as dig does).  At each hop it
also asks the zone for its own NS set (to compare with the parent's referral) and, with
DNSSEC on, for its DNSKEY set.  With +trace-all every address of every server is asked,
each once, all at once; otherwise the servers are tried in turn as dig tries them.  The
result is one Exchange: the final reply, with the hops and the verdict attached.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from pydig.errors import DigFatal
from pydig.immutable import immutable, mutable, replace
from pydig.lookup import chain, delegation, denial, faults
from pydig.lookup.anchor import load_anchors
from pydig.lookup.fanout import ask_all
from pydig.lookup.followup import ANSWER, AUTHORITY, FollowRules, FollowUp, follow_up
from pydig.lookup.hops import HopPlanner, with_notes
from pydig.lookup.limits import LookupCounter
from pydig.lookup.nsaddress import NameServerResolver, name_server_addresses
from pydig.model.diagnosis import HopReport, ServerReport, Verdict
from pydig.model.events import Exchange
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import QuerySettings
from pydig.transport.blocking import send
from pydig.wire.decode import full_message

MAX_HOPS = 32  # a walk that goes deeper is going round in circles
_HEALTHY = {dns.rcode.NOERROR, dns.rcode.NXDOMAIN}


@immutable(kw_only=True)
class _Asked:
    """One server (or, tried in turn, several) asked one hop's questions."""

    main: Exchange  # the name and type asked for
    ns: Exchange | None  # the zone's own NS set
    dnskey: Exchange | None  # the zone's DNSKEY set

    @property
    def message(self) -> dns.message.Message | None:
        return _message(self.main)

    @property
    def healthy(self) -> bool:
        message = self.message
        return message is not None and message.rcode() in _HEALTHY


def _message(exchange: Exchange | None) -> dns.message.Message | None:
    if exchange is None or not exchange.replies:
        return None
    reply = exchange.replies[-1]
    return delegation.grouped(reply.wire, full_message(reply.message))


def server_report(asked: _Asked, zone: dns.name.Name, group: Sequence[Server]) -> ServerReport:
    """One row of the hop: the server that replied (else the first asked) and what it said."""
    exchange = asked.main
    message = asked.message
    if message is None or not exchange.replies:
        failure = (exchange.failure or "no reply").lstrip("; ")
        return ServerReport(
            name=group[0].label, address=group[0].address, status="no reply",
            faults=faults.server_faults(None, failure, zone, None),
        )  # fmt: skip
    reply = exchange.replies[-1]
    time_ms = round(reply.elapsed * 1000, 3)
    flags = tuple(
        name for name, bit in (("aa", dns.flags.AA), ("tc", dns.flags.TC)) if message.flags & bit
    )
    return ServerReport(
        name=reply.server.label, address=reply.server.address,
        status=dns.rcode.to_text(message.rcode()), flags=flags,
        said=delegation.what_it_said(message, zone), size=len(reply.wire), time_ms=time_ms,
        faults=faults.server_faults(message, None, zone, time_ms),
    )  # fmt: skip


@mutable
class _Walk:
    """The walk's state as it goes down."""

    planner: HopPlanner
    settings: QuerySettings
    ip_version: int | None
    resolve: NameServerResolver
    every: bool
    dnssec: bool
    hops: list[HopReport]
    keys: list[chain.ZoneKeys]
    counter: LookupCounter

    def ask(
        self, zone: dns.name.Name, servers: Sequence[Server]
    ) -> list[tuple[Sequence[Server], _Asked]]:
        """Each group of servers asked the hop's questions, all at once."""
        groups: list[Sequence[Server]] = (
            [(server,) for server in sorted(servers, key=lambda s: (s.label, s.address))]
            if self.every
            else [tuple(servers)]
        )
        per_group = 1 + (zone != dns.name.root) + self.dnssec
        lookups: list[Lookup] = []
        for group in groups:
            main = self.planner.next(tuple(group))
            if self.every:
                main = main.but(tries=1)  # a dead server costs one timeout, not three
            lookups.append(main)
            if zone != dns.name.root:
                lookups.append(main.but(query=self.planner.next((), dns.rdatatype.NS, zone).query))
            if self.dnssec:
                lookups.append(
                    main.but(query=self.planner.next((), dns.rdatatype.DNSKEY, zone).query)
                )
        done = iter(ask_all(lookups))
        asked = []
        for group in groups:
            answers = [next(done) for _ in range(per_group)]
            main_exchange = answers.pop(0)
            ns = answers.pop(0) if zone != dns.name.root else None
            dnskey = answers.pop(0) if self.dnssec else None
            asked.append((group, _Asked(main=main_exchange, ns=ns, dnskey=dnskey)))
        return asked


def _hop_faults(
    zone: dns.name.Name,
    asked: Sequence[tuple[Sequence[Server], _Asked]],
    parent_ns: Sequence[dns.name.Name],
) -> tuple[str, ...]:
    found: list[str] = []
    child_ns = next(
        (names for _, one in asked if (names := delegation.ns_names(_message(one.ns), zone))),
        (),
    )
    if zone != dns.name.root:
        found += faults.ns_mismatch(zone, parent_ns, child_ns)
    said = [
        (f"{group[0].label} ({group[0].address})", delegation.answer_key(message))
        for group, one in asked
        if (message := one.message) is not None and one.healthy
    ]
    found += faults.disagreement(said)
    return tuple(found)


def _follow(walk: _Walk, message: dns.message.Message, zone: dns.name.Name) -> FollowUp:
    return follow_up(
        message, AUTHORITY,
        rules=FollowRules(check_referrals=True, first_reply=False, domain=zone),
        counter=walk.counter, resolve=walk.resolve, ip_version=walk.ip_version,
    )  # fmt: skip


def diagnose(
    lookup: Lookup,
    settings: QuerySettings,
    *,
    ip_version: int | None,
    resolve: NameServerResolver = name_server_addresses,
) -> Iterator[Exchange]:
    """The walk as one exchange (the final reply, with the hops and the verdict)."""
    planner = HopPlanner(lookup, settings)
    first = send(planner.root())
    if first.failure is not None or first.cancelled or not first.replies:
        yield first
        return
    counter = LookupCounter()
    found = follow_up(
        full_message(first.replies[-1].message), ANSWER,
        rules=FollowRules(check_referrals=False, first_reply=True),
        counter=counter, resolve=resolve, ip_version=ip_version,
    )  # fmt: skip
    if found.fatal is not None or found.referral is None:
        yield with_notes(first, found.notes, stop=found.fatal is not None)
        if found.fatal is not None:
            raise DigFatal(found.fatal)
        return
    walk = _Walk(
        planner=planner, settings=settings, ip_version=ip_version, resolve=resolve,
        every=settings.trace_all, dnssec=settings.dnssec or settings.validate,
        hops=[_start_report(first)], keys=[], counter=counter,
    )  # fmt: skip
    final = _walk_down(walk, found, first)
    verdict = _verdict(walk, final)  # puts the chain's findings on the hops
    if verdict is not None and settings.validate:
        verdict = replace(verdict, decides_status=True)
    yield replace(final, hops=tuple(walk.hops), verdict=verdict)


def _start_report(first: Exchange) -> HopReport:
    reply = first.replies[-1]
    message = delegation.grouped(reply.wire, full_message(reply.message))
    names = tuple(
        rdata.target.to_text() for rrset in message.answer
        if rrset.rdtype == dns.rdatatype.NS for rdata in rrset
    )  # fmt: skip
    return HopReport(
        hop=0, zone=".",
        servers=(
            ServerReport(
                name=reply.server.label, address=reply.server.address,
                status=dns.rcode.to_text(message.rcode()),
                said=f"the root's name servers ({len(names)} NS)", size=len(reply.wire),
                time_ms=round(reply.elapsed * 1000, 3),
            ),
        ),
        chosen=0, referral_zone=".", referral=names,
    )  # fmt: skip


def _walk_down(walk: _Walk, found: FollowUp, last: Exchange) -> Exchange:
    """Hop after hop down to the answer; the exchange to show at the end."""
    zone = dns.name.root
    parent_ns: tuple[dns.name.Name, ...] = ()
    pending_ds: delegation.Signed | None = None
    pending_no_ds: tuple[delegation.Signed, ...] = ()
    referral = found.referral
    notes = found.notes
    while referral is not None and len(walk.hops) <= MAX_HOPS:
        asked = walk.ask(zone, referral.servers)
        reports = [server_report(one, zone, group) for group, one in asked]
        chosen = next((i for i, (_, one) in enumerate(asked) if one.healthy), None)
        if chosen is None:
            chosen = next((i for i, (_, one) in enumerate(asked) if one.message), None)
        dnskey = next(
            (
                item
                for _, one in asked
                if (message := _message(one.dnskey)) is not None
                and (item := delegation.signed(message, ANSWER, zone, dns.rdatatype.DNSKEY))
            ),
            None,
        )
        walk.keys.append(
            chain.ZoneKeys(zone=zone, dnskey=dnskey, ds=pending_ds, no_ds=pending_no_ds)
        )
        hop = HopReport(
            hop=len(walk.hops), zone=zone.to_text(), servers=tuple(reports), chosen=chosen,
            faults=_hop_faults(zone, asked, parent_ns),
        )  # fmt: skip
        if chosen is None:
            walk.hops.append(hop)
            return with_notes(asked[0][1].main, notes)
        last = asked[chosen][1].main
        message = asked[chosen][1].message
        assert message is not None
        below = delegation.delegation(message, zone)
        if below is None or message.answer:
            walk.hops.append(hop)
            return with_notes(last, notes)
        following = _follow(walk, message, zone)
        notes = following.notes
        resolved: dict[dns.name.Name, list[str]] = {}
        for server in following.referral.servers if following.referral else ():
            resolved.setdefault(dns.name.from_text(server.label), []).append(server.address)
        walk.hops.append(
            replace(
                hop,
                referral_zone=below.zone.to_text(),
                referral=tuple(name.to_text() for name in below.ns),
                glue=tuple((name.to_text(), addresses) for name, addresses in below.glue),
                faults=hop.faults + faults.glue_faults(below, resolved),
            )
        )
        if following.fatal is not None:
            raise DigFatal(following.fatal)
        referral = following.referral
        zone, parent_ns, pending_ds, pending_no_ds = below.zone, below.ns, below.ds, below.no_ds
    return with_notes(last, notes)


def _verdict(walk: _Walk, final: Exchange) -> Verdict | None:
    """The chain of trust checked, its findings put on the hops; None without DNSSEC."""
    if not walk.dnssec or not walk.keys:
        return None
    message = _message(final)
    problem = delegation.unusable(message)
    if problem is not None or message is None:
        return Verdict(status="indeterminate", reason=problem or "")
    anchor_zone, anchors = load_anchors(walk.settings.trust_anchor)
    zones = [link.zone for link in walk.keys]
    if anchor_zone not in zones:
        return Verdict(
            status="indeterminate",
            reason=f"the walk never reached {anchor_zone}, the trust anchor's zone",
        )
    start = zones.index(anchor_zone)
    last = zones[-1]
    answer, proofs = (
        [item for item in found if item.rrset.name.is_subdomain(last)]
        for found in (
            delegation.signed_rrsets(message, ANSWER),
            delegation.denial_rrsets(message),
        )
    )
    negative = denial.negative_of(message)  # after the CNAMEs: checked if it is of the zone
    checked = chain.check_chain(
        anchors, walk.keys[start:], answer, now=time.time(), proofs=proofs,
        negative=negative if negative is not None and negative.name.is_subdomain(last) else None,
    )  # fmt: skip
    for index, lines in enumerate(checked.zones, start=start):
        extra = checked.answer if index == len(zones) - 1 else ()
        hop = index + 1  # hop 0 found the root's servers; hop N asked zone N - 1 of the keys
        walk.hops[hop] = replace(walk.hops[hop], trust=lines + extra)
    unanswered = denial.unanswered_end(message)
    if checked.verdict.status == "secure" and unanswered and unanswered.is_subdomain(last):
        # What was signed is sound, but a validating resolver, asking for the CNAME's
        # target itself, finds no proof for it and fails.
        return Verdict(
            status="indeterminate",
            reason=f"nothing proves that {unanswered} has no "
            f"{dns.rdatatype.to_text(message.question[0].rdtype)} record: the reply has "
            "neither its records nor a negative answer",
        )
    return checked.verdict
