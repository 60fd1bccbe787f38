"""+compare's servers: every address of the @servers, or of the zone's name servers.

+compare=ns asks the command line's server (or the resolver) for the name's NS records.
When the name is not a zone apex, the reply's authority section leads to the zone: a
referral's NS records are the servers, an SOA record names the zone whose NS records
are asked next.  Each name server's addresses come from the reply's glue, else from the
same servers (A and AAAA, as -4 / -6 allow); never from the system's resolver.  Every
address is then asked the question, without recursion.
"""

from __future__ import annotations

from collections.abc import Sequence

import dns.message
import dns.name
import dns.rdatatype
import dns.rrset

from pydig.errors import ExitStatus, PydigError
from pydig.immutable import immutable
from pydig.lookup.fanout import ask_all
from pydig.lookup.followup import name_server_text
from pydig.lookup.hops import HopPlanner
from pydig.model.events import Exchange
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import QuerySettings
from pydig.transport.blocking import send
from pydig.wire.decode import full_message


class NoNameServers(PydigError):
    """The zone's name servers could not be found."""

    status = ExitStatus.NO_REPLY


@immutable(kw_only=True)
class CompareServers:
    """The lookups to make, one per server address, and the name servers without one."""

    lookups: tuple[Lookup, ...]
    unaddressed: tuple[Exchange, ...] = ()


def each_server(lookup: Lookup) -> CompareServers:
    """+compare: the lookup, once to every address of every @server."""
    return CompareServers(lookups=tuple(lookup.but(servers=(server,)) for server in lookup.servers))


def _address_types(ip_version: int | None) -> tuple[dns.rdatatype.RdataType, ...]:
    return {4: (dns.rdatatype.A,), 6: (dns.rdatatype.AAAA,)}.get(
        ip_version or 0, (dns.rdatatype.A, dns.rdatatype.AAAA)
    )


def _message(exchange: Exchange) -> dns.message.Message | None:
    if exchange.failure is not None or exchange.cancelled or not exchange.replies:
        return None
    return full_message(exchange.replies[-1].message)


def _ns_records(
    message: dns.message.Message, name: dns.name.Name
) -> tuple[list[dns.name.Name], dns.name.Name | None]:
    """The name servers the reply gives (its answer's, else a referral's), or else the
    zone its authority section's SOA record names."""
    for section, owner in ((message.answer, name), (message.authority, None)):
        targets = {
            rdata.target
            for rrset in section
            if rrset.rdtype == dns.rdatatype.NS and owner in (None, rrset.name)
            for rdata in rrset
        }
        if targets:
            return sorted(targets), None
    for rrset in message.authority:
        if rrset.rdtype == dns.rdatatype.SOA:
            return [], rrset.name
    return [], None


def _addresses(
    rrsets: Sequence[dns.rrset.RRset], name: dns.name.Name, types: tuple[int, ...]
) -> list[str]:
    return [
        rdata.address
        for rrset in rrsets
        if rrset.name == name and rrset.rdtype in types
        for rdata in rrset
    ]


def _asking(planner: HopPlanner, name: dns.name.Name, rdtype: dns.rdatatype.RdataType) -> Lookup:
    """A lookup of another name and type from the command line's servers, with its own
    recursion setting: the NS records and the name servers' addresses."""
    return planner.next(planner.first.servers, rdtype, name, settings=planner.settings)


def _name_servers(
    planner: HopPlanner, zone: dns.name.Name
) -> tuple[list[dns.name.Name], dns.message.Message]:
    """The zone's name servers and the reply that named them; following an SOA once."""
    for _ in range(2):
        exchange = send(_asking(planner, zone, dns.rdatatype.NS))
        message = _message(exchange)
        if message is None:
            reason = (exchange.failure or ";; no reply").lstrip("; ")
            raise NoNameServers(f"the NS records of {zone} could not be fetched: {reason}")
        names, apex = _ns_records(message, zone)
        if names:
            return names, message
        if apex is None or apex == zone:
            break
        zone = apex
    raise NoNameServers(f"no NS records found for {zone}")


def name_server_set(
    lookup: Lookup, settings: QuerySettings, *, ip_version: int | None
) -> CompareServers:
    """+compare=ns: the question, once to every address of every name server of the zone."""
    planner = HopPlanner(lookup, settings)
    names, message = _name_servers(planner, planner.qname)
    types = _address_types(ip_version)
    found = {name: _addresses(message.additional, name, types) for name in names}
    missing = [
        (name, rdtype) for name, addresses in found.items() if not addresses for rdtype in types
    ]
    for (name, _), exchange in zip(
        missing, ask_all([_asking(planner, name, rdtype) for name, rdtype in missing]), strict=True
    ):
        reply = _message(exchange)
        if reply is not None:
            found[name] += _addresses(reply.answer, name, types)
    lookups: list[Lookup] = []
    unaddressed: list[Exchange] = []
    for name, addresses in found.items():
        label = name_server_text(name)
        if not addresses:
            nowhere = lookup.but(servers=(Server(address=label, label=label),), banner="")
            unaddressed.append(
                Exchange(lookup=nowhere, failure=f";; couldn't get address for '{label}'")
            )
        lookups += [planner.next((Server(address=address, label=label),)) for address in addresses]
    return CompareServers(lookups=tuple(lookups), unaddressed=tuple(unaddressed))
