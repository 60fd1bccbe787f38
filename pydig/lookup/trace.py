"""dig +trace: the root's name servers first, then each referral down to the answer.

Follows the trace branch of BIND 9.18's recv_done(): the first reply (the root's NS
records, from the command line's server) is followed through its answer section;
every later reply through its authority section while it has no answer, until a
negative answer, an answer, a referral that goes nowhere or dig's lookup limit.
"""

from __future__ import annotations

from pydig.errors import DigFatal
from pydig.lookup.followup import ANSWER, AUTHORITY, FollowRules, FollowUp, follow_up
from pydig.lookup.hops import HopPlanner, answer_count, with_notes
from pydig.lookup.limits import LookupCounter
from pydig.lookup.nsaddress import NameServerResolver, name_server_addresses
from pydig.model.exchange import Lookup
from pydig.transport.actions import Machine
from pydig.transport.send import ask
from pydig.wire.decode import full_message


def trace(lookup: Lookup, resolve: NameServerResolver = name_server_addresses) -> Machine[None]:
    """One exchange per server asked, in order; raises DigFatal where dig gives up."""
    ip_version = lookup.ip_version
    planner = HopPlanner.of(lookup)
    counter = LookupCounter()
    hop = planner.root()
    rules = FollowRules(check_referrals=False, first_reply=True)
    while True:
        exchange = yield from ask(hop)
        if exchange.failure is not None or exchange.cancelled or not exchange.replies:
            yield exchange
            return
        message = full_message(exchange.replies[-1].message)
        if rules.first_reply:
            found = follow_up(
                message, ANSWER, rules=rules, counter=counter, resolve=resolve,
                ip_version=ip_version,
            )  # fmt: skip
        elif answer_count(exchange) == 0:
            found = follow_up(
                message, AUTHORITY, rules=rules, counter=counter, resolve=resolve,
                ip_version=ip_version,
            )  # fmt: skip
        else:
            found = FollowUp()  # the answer: the trace ends here
        yield with_notes(exchange, found.notes, stop=found.fatal is not None)
        if found.fatal is not None:
            raise DigFatal(found.fatal)
        if found.referral is None:
            return
        hop = planner.next(found.referral.servers)
        rules = FollowRules(check_referrals=True, first_reply=False, domain=found.referral.domain)
