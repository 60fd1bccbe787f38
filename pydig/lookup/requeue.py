"""One lookup as dig runs it, with the lookups dig makes again from it.

BIND 9.18's recv_done may answer a reply by queueing the lookup again
(requeue_lookup), with a new query.  send() deals with the retries dig makes
within one exchange (tries, the next server, TCP after truncation, BADVERS);
the two it prints as lookups of their own are here, each its own Exchange:

- BADCOOKIE: dig asks again with the server's new cookie (over TCP the second
  time), after printing the BADCOOKIE reply if +showbadcookie asks for it;
- NXDOMAIN while a search list is walked: dig asks for the next name.

Before it prints a reply dig checks the reply's cookie against the one it sent
and remembers the server's cookie for the queries it makes again.  The statistics
after a reply follow recv_done to the letter: a failed search domain gets none,
and an NXDOMAIN for the name as it is can get them twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.message
import dns.rcode
import dns.rrset

from pydig.errors import DigFatal
from pydig.immutable import immutable, replace
from pydig.lookup.limits import LookupCounter
from pydig.lookup.plan import asking
from pydig.lookup.search import BadOrigin, NameTooLong, first_step, next_step, step_name
from pydig.model.events import Answer, Exchange, Note, QuerySent
from pydig.model.exchange import Lookup
from pydig.model.rules import SearchStep
from pydig.transport.actions import Machine
from pydig.transport.send import Begun, ask
from pydig.wire.cookies import (
    CookieCheck,
    check_cookie,
    cookie_of,
    reply_cookie_warnings,
    requeued,
)
from pydig.wire.idn import to_ace

if TYPE_CHECKING:
    from pydig.model.message import MessageView


@immutable
class Outcome:
    """What one exchange leads to: what to show, and the lookup dig queues next."""

    shown: Exchange  # what to render for this exchange
    again: Lookup | None = None  # the lookup dig queues next, if any
    leading: tuple[Note, ...] = ()  # lines dig prints before that lookup starts


def first_asked(lookup: Lookup) -> tuple[Lookup | None, str]:
    """The lookup as dig first asks it (the name as it is, or its first search domain),
    and the name as typed, in ASCII."""
    if lookup.rules.idnin:
        lookup = _in_ascii(lookup)
    text = to_ace(lookup.qname_text) if lookup.rules.idnin else lookup.qname_text
    step = first_step(text, lookup.rules.search)
    # The name as it is comes first unless a search domain does: the query planned asks it.
    if step.origin is None:
        return lookup.but(rules=replace(lookup.rules, step=step)), text
    return _at_step(lookup, text, step), text


def lookups(lookup: Lookup, begun: Begun | None = None) -> Machine[None]:
    """The exchanges of one lookup, yielded in the order dig prints them; `begun`: its
    first try, already sent by the express lane (the first lookup that first_asked gives)."""
    current, text = first_asked(lookup)
    counter = LookupCounter()
    leading: tuple[Note, ...] = ()
    while current is not None:
        exchange = yield from ask(current, begun)
        begun = None
        if leading:
            exchange = replace(exchange, events=(*leading, *exchange.events))
        outcome = after_reply(exchange, text)
        yield outcome.shown
        if outcome.again is not None:
            fatal = counter.add()
            if fatal is not None:
                raise DigFatal(fatal)
        current, leading = outcome.again, outcome.leading


def _in_ascii(lookup: Lookup) -> Lookup:
    """+idnin: the search domains in ASCII too, converted when a search uses them."""
    search = lookup.rules.search
    if not search.use:
        return lookup
    domains = tuple(to_ace(domain) for domain in search.domains)
    return replace(lookup, rules=replace(lookup.rules, search=replace(search, domains=domains)))


def _at_step(lookup: Lookup, text: str, step: SearchStep | None) -> Lookup | None:
    """The lookup asking for the name of this search step.  dig skips a search domain
    that makes the name too long; None when no step is left."""
    search = lookup.rules.search
    while step is not None:
        try:
            name = step_name(text, step, search)
        except NameTooLong:
            step = next_step(step, text, search)
            continue
        except BadOrigin as exc:
            raise DigFatal(str(exc)) from None
        rules = replace(lookup.rules, step=step)
        question = lookup.query.question
        if not question or question[0].name == name:  # +header-only asks no name
            return lookup.but(rules=rules)
        return replace(lookup, query=asking(lookup.query, name), rules=rules)
    return None


def after_reply(exchange: Exchange, text: str) -> Outcome:
    """recv_done's choices once a reply has been accepted."""
    lookup = exchange.lookup  # the last query's lookup: TCP after truncation, say
    replies = exchange.replies
    if exchange.failure is not None or exchange.cancelled or not replies or lookup.is_transfer:
        return Outcome(exchange)
    message = replies[-1].message
    rules = lookup.rules
    if _retries_badcookie(lookup, replies[-1].transport, message):
        check = check_cookie(lookup.query, message)
        if check is not None and check.good:
            return _badcookie_retry(exchange, check)
    else:
        check = reply_cookie_warnings(lookup, message)
    warnings = check.warnings if check is not None else ()
    cookie_hex = check.learned if check is not None and check.learned else rules.cookie_hex
    step = rules.step
    following = None
    printed, statistics = True, 0
    if step is not None and message.rcode() == dns.rcode.NXDOMAIN and step.searching:
        following = next_step(step, text, rules.search)
        printed = following is None or rules.search.show
        statistics = 1 if printed else 0
    if printed and (message.rcode() == dns.rcode.NOERROR or step is None or step.origin is None):
        statistics += 1
    shown = _printed(exchange, warnings, statistics) if printed else _unprinted(exchange, warnings)
    if following is None:
        return Outcome(shown)
    # dig makes the next lookup before it prints this reply: the banner goes with it.
    again = replace(requeued(lookup, cookie_hex=cookie_hex), banner=_banner_left(exchange))
    return Outcome(shown, _at_step(again, text, following))


def _retries_badcookie(lookup: Lookup, transport: str, message: MessageView) -> bool:
    return (
        message.rcode() == dns.rcode.BADCOOKIE
        and transport == "UDP"
        and lookup.rules.badcookie
        and cookie_of(lookup.query) is not None
    )


def _badcookie_retry(exchange: Exchange, check: CookieCheck) -> Outcome:
    """BADCOOKIE with our client cookie echoed: ask again with the server's cookie."""
    lookup = exchange.lookup
    rules = lookup.rules
    if rules.showbadcookie:
        shown = _printed(exchange, check.warnings, 1)
        banner = ""
    else:
        shown = _unprinted(exchange, check.warnings)
        banner = _banner_left(exchange)
    again = requeued(lookup, cookie_hex=check.learned, tcp=True if rules.seen_badcookie else None)
    again = replace(again, banner=banner, rules=replace(again.rules, seen_badcookie=True))
    leading: tuple[Note, ...] = ()
    if lookup.display.comments:
        how = " in TCP mode" if rules.seen_badcookie else ""
        leading = (Note(f";; BADCOOKIE, retrying{how}."),)
    return Outcome(shown, again, leading)


def _banner_left(exchange: Exchange) -> str:
    """The banner a lookup made from this one still has to print: none once +qr printed
    the query (dig prints the banner with the first message it shows)."""
    lookup = exchange.lookup
    if lookup.display.qr and any(isinstance(event, QuerySent) for event in exchange.events):
        return ""
    return lookup.banner


def _printed(exchange: Exchange, warnings: tuple[str, ...], statistics: int) -> Exchange:
    """The exchange with dig's cookie warnings just before the reply, and its statistics."""
    events = list(exchange.events)
    last = max(index for index, event in enumerate(events) if isinstance(event, Answer))
    events[last:last] = [Note(line) for line in warnings]
    return replace(exchange, events=tuple(events), statistics_shown=statistics)


def _unprinted(exchange: Exchange, warnings: tuple[str, ...]) -> Exchange:
    """The exchange without its reply, which dig does not print."""
    events = [event for event in exchange.events if not isinstance(event, Answer)]
    return replace(exchange, events=(*events, *(Note(line) for line in warnings)))
