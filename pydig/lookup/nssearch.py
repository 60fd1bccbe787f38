"""dig +nssearch: the zone's NS records, then its SOA record from every name server.

Follows the NSSEARCH branch of BIND 9.18's recv_done(): the first reply is not
printed; its NS records (at most twenty, through the authority section when the
answer has none) give the servers, which are all asked at once, once each, without
recursion.  Each answer prints as it arrives ("SOA … from server A in N ms."), each
failure as a warning; only when no server answered does dig say so and exit 9.

dig 9.18 itself says ";; NS servers could not be reached" as soon as it has sent
the last query when no reply is in yet, so a zone with one name server always fails
there; pydig waits for the replies (see the man page, DIFFERENCES FROM DIG).
"""

from __future__ import annotations

import dns.rdatatype

from pydig.errors import DigFatal
from pydig.immutable import replace
from pydig.lookup.followup import ANSWER, FollowRules, follow_up
from pydig.lookup.hops import HopPlanner, with_notes
from pydig.lookup.limits import LookupCounter
from pydig.lookup.nsaddress import NameServerResolver, name_server_addresses
from pydig.model.events import Exchange
from pydig.model.exchange import Lookup, Server
from pydig.transport.actions import Machine, Together
from pydig.transport.send import ask
from pydig.wire.decode import full_message

NOT_REACHED = ";; NS servers could not be reached"


def _ask_one(lookup: Lookup, server: Server) -> Machine[Exchange]:
    """One name server, one try; a failure is only its warning (dig moves on)."""
    exchange = yield from ask(replace(lookup, servers=(server,), tries=1))
    return replace(exchange, failure=None)


def nssearch(lookup: Lookup, resolve: NameServerResolver = name_server_addresses) -> Machine[None]:
    """The exchanges to print, in the order their replies arrive; raises DigFatal where
    dig gives up."""
    first = yield from ask(lookup)
    if first.failure is not None or first.cancelled or not first.replies:
        yield first
        return
    found = follow_up(
        full_message(first.replies[-1].message), ANSWER,
        rules=FollowRules(check_referrals=False, first_reply=True),
        counter=LookupCounter(), resolve=resolve, ip_version=lookup.ip_version,
    )  # fmt: skip
    if found.notes:  # "couldn't get address for …" lines, printed as dig looks
        yield with_notes(replace(first, events=()), found.notes, stop=found.fatal is not None)
    if found.fatal is not None:
        raise DigFatal(found.fatal)
    if found.referral is None:
        return
    # The server's label is its address: dig's warnings name the address it asked.
    servers = [replace(server, label=server.address) for server in found.referral.servers]
    soa_lookup = HopPlanner.of(lookup).next((), dns.rdatatype.SOA)
    answered = False
    finished: list[Exchange] = yield Together(
        tuple(_ask_one(soa_lookup, server) for server in servers)
    )
    for exchange in finished:
        answered = answered or bool(exchange.replies)
        yield exchange
    if not answered:
        yield Exchange(lookup=soa_lookup, failure=NOT_REACHED, banner_before_failure=False)
