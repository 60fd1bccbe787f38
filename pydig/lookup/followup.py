"""dig's followup_lookup: the name servers a reply points to, and the next lookup's limits.

+trace and +nssearch both go on from a reply by reading the NS records of one
section, looking each name server's addresses up, and asking those addresses next.
This module holds that step (BIND 9.18 bin/dig/dighost.c); dig's limits are in limits.py.
"""

from __future__ import annotations

import random
from dataclasses import field

import dns.message
import dns.name
import dns.rdatatype
import dns.rrset

from pydig.immutable import immutable, mutable
from pydig.lookup.limits import LookupCounter
from pydig.lookup.nsaddress import AddressLookupFailed, NameServerResolver
from pydig.model.exchange import Server

MAX_NAME_SERVERS = 20  # dig's MXSERV: NS records followed from the first reply

ANSWER, AUTHORITY = 1, 2  # indexes into dns.message.Message.sections


@immutable
class Referral:
    """Where to ask next: the zone the NS records belong to, and its servers' addresses."""

    domain: dns.name.Name
    servers: tuple[Server, ...]


@mutable
class FollowUp:
    """What following a reply found, and the lines dig prints while it looks."""

    notes: list[str] = field(default_factory=list)
    referral: Referral | None = None
    fatal: str | None = None  # dig's fatal() message: print it and stop everything


@immutable(kw_only=True)
class FollowRules:
    """How a followup reads a reply: +trace below the root checks that each referral
    goes down (check_referrals); the first reply of either mode is limited to twenty
    NS records (first_reply)."""

    check_referrals: bool
    first_reply: bool
    domain: dns.name.Name = dns.name.empty  # the zone the reply came from (+trace)


def _names(
    message: dns.message.Message, section: int
) -> dict[dns.name.Name, list[dns.rrset.RRset]]:
    """The section's owner names in order, each with its RRsets (dig's name list)."""
    names: dict[dns.name.Name, list[dns.rrset.RRset]] = {}
    for rrset in message.sections[section]:
        names.setdefault(rrset.name, []).append(rrset)
    return names


def name_server_text(name: dns.name.Name) -> str:
    """A name server's name as dig prints and resolves it: no final dot."""
    return name.to_text(omit_final_dot=True) if name != dns.name.root else "."


class _Follower:
    """One followup_lookup call, with what it has found so far."""

    def __init__(
        self, rules: FollowRules, counter: LookupCounter, resolve: NameServerResolver,
        ip_version: int | None,
    ) -> None:  # fmt: skip
        self.rules = rules
        self.counter = counter
        self.resolve = resolve
        self.ip_version = ip_version
        self.result = FollowUp()
        self.servers: list[Server] = []
        self.domain: dns.name.Name | None = None
        self.name_servers_seen = 0
        self.first_failure: str | None = None

    def follow(self, message: dns.message.Message, section: int) -> FollowUp:
        cut_short = self._read(message, section)
        result = self.result
        if result.fatal is not None:
            return result
        if cut_short:
            # dig returns at once, but a lookup it already started still runs, unshuffled.
            if self.domain is not None:
                result.referral = Referral(domain=self.domain, servers=tuple(self.servers))
            return result
        if not self.servers and self.first_failure is not None:
            # dig names the result of its record loop here, which is always ISC_R_NOMORE.
            result.fatal = f"couldn't get address for '{self.first_failure}': no more"
            return result
        if self.domain is None and section == ANSWER:
            return self.follow(message, AUTHORITY)
        if self.domain is not None:
            servers = list(self.servers)
            if len(servers) > 1:
                random.shuffle(servers)  # dig tries a referral's servers in random order
            result.referral = Referral(domain=self.domain, servers=tuple(servers))
        return result

    def _read(self, message: dns.message.Message, section: int) -> bool:
        """Walk the section's NS records; True when an SOA cut the walk short."""
        horizontal = bad = False
        for name, rrsets in _names(message, section).items():
            types = {rrset.rdtype for rrset in rrsets}
            if section == AUTHORITY and dns.rdatatype.SOA in types:
                return True  # a negative answer: dig stops following here
            if dns.rdatatype.NS not in types:
                continue
            if self.rules.check_referrals:
                if name == self.rules.domain:
                    if not horizontal:
                        self.result.notes.append(";; BAD (HORIZONTAL) REFERRAL")
                    horizontal = True
                elif not name.is_subdomain(self.rules.domain):
                    if not bad:
                        self.result.notes.append(";; BAD REFERRAL")
                    bad = True
                    continue
            for rrset in rrsets:
                if rrset.rdtype != dns.rdatatype.NS:
                    continue
                for rdata in rrset:
                    if self.rules.first_reply and self.name_servers_seen >= MAX_NAME_SERVERS:
                        break
                    self.name_servers_seen += 1
                    if not self._add(name, name_server_text(rdata.target)):
                        return False
        return False

    def _add(self, owner: dns.name.Name, host: str) -> bool:
        """One NS record: the first starts the next lookup; False after a fatal error."""
        if self.domain is None:
            for _ in range(2):  # dig counts the followup and its requeue_lookup
                fatal = self.counter.add()
                if fatal is not None:
                    self.result.fatal = fatal
                    return False
            self.domain = owner
        try:
            addresses = self.resolve(host, self.ip_version)
        except AddressLookupFailed as exc:
            self.result.notes.append(f"couldn't get address for '{host}': {exc}")
            if self.first_failure is None:
                self.first_failure = host
            return True
        self.servers.extend(Server(address=address, label=host) for address in addresses)
        return True


def follow_up(
    message: dns.message.Message,
    section: int,
    *,
    rules: FollowRules,
    counter: LookupCounter,
    resolve: NameServerResolver,
    ip_version: int | None,
) -> FollowUp:
    """dig's followup_lookup: the next lookup's servers from the NS records of `section`
    (the answer section falls back to the authority section when it has none)."""
    return _Follower(rules, counter, resolve, ip_version).follow(message, section)
