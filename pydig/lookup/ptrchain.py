"""One address of a reverse sweep, investigated: its PTR query, the CNAME / DNAME chain
followed from the same servers (RFC 2317 classless delegations), +fcrdns's forward
lookups, and the one status the address ends in.

It is written without I/O: `investigation()` is a generator that yields each Lookup to
make and is sent back that lookup's exchanges, and returns the AddressResult; the sweep
(console/sweep.py) drives it on the runner's event loop and decides when each lookup goes.
`ended_at_once()` reads a plain first reply as the investigation would, for an address
the express lane asks with no investigation made unless the reply needs one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING

import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from pydig.immutable import mutable, replace
from pydig.lookup.plan import asked_about
from pydig.model.events import Exchange
from pydig.model.exchange import Lookup
from pydig.model.sweep import AddressResult, IPAddress, Status
from pydig.wire.lean_message import LeanMessage, name_of_wire

if TYPE_CHECKING:
    from pydig.model.message import MessageView, RecordSet

# What one lookup came to: its exchanges.
Found = Sequence[Exchange]
# Yields the lookups to make, is sent what each came to, returns the address's result.
Investigation = Generator[Lookup, Found, AddressResult]

# The most names a chain may hold, the address's own included: a resolver gives up on
# a longer chain too (BIND follows at most 16 CNAMEs).
MAX_CHAIN = 16


@mutable
class _Reading:
    """What the reply to one link's query says about its name."""

    rcode: dns.rcode.Rcode
    targets: list[dns.name.Name]  # the CNAME / DNAME chain the answer section walks
    ptrs: list[dns.name.Name]
    loop: bool = False
    referral: bool = False


def last_message(last: Exchange) -> MessageView | None:
    """The message a lookup ended with: its last reply's."""
    return last.replies[-1].message if last.replies else None


def _no_reply(exchange: Exchange | None) -> Status | None:
    if exchange is not None and exchange.cancelled:  # dig gave up on what came back
        return Status.BADREPLY
    if exchange is None or exchange.failure is not None or not exchange.replies:
        return Status.NOREPLY
    return None


def _target(rrset: RecordSet) -> dns.name.Name:
    """The name a CNAME, DNAME or PTR record points to, from its data (names uncompressed):
    the same from dnspython's records and the lean reader's."""
    rdata = next(iter(rrset))
    return name_of_wire(rdata.to_wire() or b"")


def _next_name(message: MessageView, name: dns.name.Name) -> dns.name.Name | None:
    """Where the answer section sends `name`: its CNAME, or a DNAME above it."""
    for rrset in message.answer:
        if rrset.rdtype == dns.rdatatype.CNAME and rrset.name == name:
            return _target(rrset)
    for rrset in message.answer:
        if rrset.rdtype == dns.rdatatype.DNAME and name.is_subdomain(rrset.name):
            if name == rrset.name:
                continue  # a DNAME redirects the names below it, not its owner
            try:
                return name.relativize(rrset.name).concatenate(_target(rrset))
            except dns.name.NameTooLong:
                return None
    return None


def _read(message: MessageView, name: dns.name.Name, seen: set[dns.name.Name]) -> _Reading:
    reading = _Reading(rcode=dns.rcode.Rcode.make(message.rcode()), targets=[], ptrs=[])
    while (target := _next_name(message, name)) is not None:
        if target in seen:
            reading.loop = True
            break
        seen.add(target)
        reading.targets.append(target)
        name = target
    reading.ptrs = [
        _target(rrset)
        for rrset in message.answer
        if rrset.rdtype == dns.rdatatype.PTR and rrset.name == name
    ]
    reading.referral = not any(rrset.name == name for rrset in message.answer) and _refers(
        {rrset.rdtype for rrset in message.authority}
    )
    return reading


def _refers(authority_types: set[int]) -> bool:
    """Whether an authority section of these types refers elsewhere (NS, and no SOA
    saying the name has no data)."""
    return dns.rdatatype.NS in authority_types and dns.rdatatype.SOA not in authority_types


def _failure(rcode: dns.rcode.Rcode) -> Status:
    if rcode == dns.rcode.SERVFAIL:
        return Status.SERVFAIL
    if rcode == dns.rcode.REFUSED:
        return Status.REFUSED
    return Status.RCODE


@mutable(eq=False)
class _Chain:
    """The names asked so far for one address, every exchange made, and the message the
    last lookup ended with."""

    address: IPAddress
    follow: bool
    made: list[Exchange]
    chain: list[dns.name.Name]
    last: MessageView | None = None

    def result(self, status: Status, **details: object) -> AddressResult:
        last = self.last
        rcode = dns.rcode.to_text(dns.rcode.Rcode.make(last.rcode())) if last is not None else ""
        return AddressResult(
            address=self.address, status=status, rcode=rcode, chain=tuple(self.chain),
            exchanges=tuple(self.made), **details,  # type: ignore[arg-type]
        )  # fmt: skip

    def walk(self, lookup: Lookup) -> Investigation:
        seen = {self.chain[0]}
        while True:
            found = yield lookup
            self.made.extend(found)
            last = found[-1] if found else None
            if last is not None:
                self.last = last_message(last)
            failed = _no_reply(last)
            if failed is not None or self.last is None:
                return self.result(failed or Status.NOREPLY)
            reading = _read(self.last, self.chain[-1], seen)
            self.chain.extend(reading.targets)
            done = self._ended(reading)
            if done is not None:
                return done
            lookup = asked_about(lookup, self.chain[-1])

    @property
    def end(self) -> str:
        """The last name of the chain, as `why` says it (only when it is said)."""
        return self.chain[-1].to_text()

    def _ended(self, reading: _Reading) -> AddressResult | None:
        """The result when this reply ends the chain; None to ask for its last name.
        Where a chain leads nowhere (or fails), `why` says where and how."""
        followed = len(self.chain) > 1
        if reading.loop:
            return self.result(Status.DANGLING, why=f"CNAME loop at {self.end}")
        if reading.ptrs:
            status = Status.FOLLOWED if followed else Status.PTR
            return self.result(status, ptrs=tuple(reading.ptrs))
        if reading.rcode == dns.rcode.NOERROR and reading.targets:
            if not self.follow:  # the answer stops at a name this server may know more of
                return self.result(Status.CNAME, why=f"to {self.end}")
            if len(self.chain) >= MAX_CHAIN:
                return self.result(Status.DANGLING, why=f"chain longer than {MAX_CHAIN} names")
            return None
        if reading.rcode == dns.rcode.NXDOMAIN:
            status, kind = Status.NXDOMAIN, "NXDOMAIN"
        elif reading.rcode != dns.rcode.NOERROR:
            status, kind = _failure(reading.rcode), dns.rcode.to_text(reading.rcode)
        elif reading.referral:
            status, kind = Status.REFERRAL, "referral"
        else:
            status, kind = Status.NODATA, "NODATA"
        if not followed:
            return self.result(status)
        if not status.answered:  # the chain's end failed: the status says how
            return self.result(status, why=f"at {self.end}")
        return self.result(Status.DANGLING, why=f"{kind} at {self.end}")  # its end holds nothing


def investigation(
    address: IPAddress, lookup: Lookup, *, follow: bool = True, fcrdns: bool = False
) -> Investigation:
    """Ask for the address's PTR, follow CNAME / DNAME links from the same servers (unless
    follow is off), and with fcrdns ask each PTR name's A (or AAAA) record."""
    chain = _Chain(address, follow, [], [lookup.query.question[0].name])
    result = yield from chain.walk(lookup)
    if not fcrdns or not result.ptrs:
        return result
    rdtype = dns.rdatatype.A if address.version == 4 else dns.rdatatype.AAAA
    confirmed = []
    for name in result.ptrs:
        found = yield asked_about(lookup, name, rdtype)
        chain.made.extend(found)
        confirmed.append(any(_maps_back(exchange, address, rdtype) for exchange in found))
    return replace(result, confirmed=tuple(confirmed), exchanges=tuple(chain.made))


def ended_at_once(message: LeanMessage, fcrdns: bool = False) -> Status | None:
    """The status an address comes to when this reply to the query for its reverse name
    (the question's, the query's own bytes), plainly the answer (the express lane's: its
    RCODE the header's, NOERROR or NXDOMAIN), ends its investigation, as walk() and
    _ended() read it, with the names compared as the records' wire forms and no Name
    made: PTR records at the name itself (unless +fcrdns has their names to ask), or no
    answer (NXDOMAIN; a referral or NODATA, told apart by the authority section, which
    the express lane keeps for a sweep).  None for any other answer (a CNAME or DNAME to
    follow, a record of another owner, or of this one spelled another way), which the
    investigation reads.  (Every address of a sweep comes here: the sections and the
    statuses are read as they stand, not by properties or the enum's class.)"""
    sections = message.sections
    answer = sections[1]
    if answer:
        name_wire = sections[0][0].owner
        for record in answer:
            if record.rdtype != _PTR or record.owner != name_wire:
                return None
        return None if fcrdns else _FOUND
    rcode = message.flags & 0xF
    if rcode == _NXDOMAIN:
        return _NXDOMAIN_STATUS
    if rcode != _NOERROR:
        return None
    referral = _refers({record.rdtype for record in sections[2]})
    return Status.REFERRAL if referral else Status.NODATA


_PTR, _NOERROR, _NXDOMAIN = int(dns.rdatatype.PTR), int(dns.rcode.NOERROR), int(dns.rcode.NXDOMAIN)
_FOUND, _NXDOMAIN_STATUS = Status.PTR, Status.NXDOMAIN


def _maps_back(exchange: Exchange, address: IPAddress, rdtype: dns.rdatatype.RdataType) -> bool:
    return any(
        ipaddress.ip_address(rdata.to_wire() or b"") == address  # the address, packed
        for reply in exchange.replies
        for rrset in reply.message.answer
        if rrset.rdtype == rdtype
        for rdata in rrset
    )
