"""DNS cookies as dig 9.18 handles them (dighost.c process_opt and process_cookie).

dig sends one client cookie for the whole run.  When a reply's COOKIE option
starts with the client cookie dig sent, dig keeps the whole option (client and
server cookie) and every query it makes again for the same lookup sends it back:
the TCP retry after a truncated reply, the retry after BADCOOKIE, the next name
of a search.  A reply whose cookie does not match gets a warning.
"""

from __future__ import annotations

import copy
import os
from typing import TYPE_CHECKING

import dns.edns
import dns.message

from pydig.immutable import immutable, replace
from pydig.model.exchange import Lookup
from pydig.wire.protocol import pick_query_id

if TYPE_CHECKING:
    from pydig.model.message import MessageView
    from pydig.wire.lean_message import LeanMessage

COOKIE = dns.edns.OptionType.COOKIE
CLIENT_COOKIE_SIZE = 8


def new_client_cookie() -> bytes:
    """The client cookie of one run (dig takes it from a per-process secret)."""
    return os.urandom(CLIENT_COOKIE_SIZE)  # what secrets.token_bytes returns, sooner


def cookie_of(message: MessageView) -> bytes | None:
    """The data of a message's first COOKIE option (the cookie a query sends, or the one a
    reply returns), or None when it has none."""
    for option in message.options:
        if option.otype == COOKIE:
            return option.to_wire() or b""
    return None


@immutable
class CookieCheck:
    """What dig makes of a reply's cookie."""

    good: bool  # dig's cc_ok: the reply echoes our client cookie
    warnings: tuple[str, ...] = ()
    learned: str | None = None  # the reply's cookie in hex, to send from now on


def check_cookie(query: dns.message.Message, reply: MessageView) -> CookieCheck | None:
    """process_opt: the first COOKIE option of the reply against the one sent.

    None when there is nothing to check (no cookie sent, or none in the reply).
    """
    sent = cookie_of(query)
    data = cookie_of(reply)
    if sent is None or data is None:
        return None
    fault = _fault(sent, data)
    if fault is not None:
        return CookieCheck(good=False, warnings=(fault,))
    return CookieCheck(good=True, learned=data.hex())


def _fault(sent: bytes, data: bytes) -> str | None:
    """dig's warning about the cookie a reply returns, against the one sent; None when
    the reply echoes it."""
    if len(sent) < CLIENT_COOKIE_SIZE or len(data) < CLIENT_COOKIE_SIZE:
        return ";; Warning: COOKIE bad token (too short)"
    if data[:CLIENT_COOKIE_SIZE] != sent[:CLIENT_COOKIE_SIZE]:
        return ";; Warning: Client COOKIE mismatch"
    return None


def reply_cookie_warnings(lookup: Lookup, reply: MessageView) -> CookieCheck | None:
    """The check dig makes before it prints a reply, with its warning for a reply that
    has no OPT record at all when the lookup has a cookie of its own."""
    if lookup.rules.cookie_hex is not None and reply.edns < 0:
        return CookieCheck(good=False, warnings=(";; expected opt record in response",))
    return check_cookie(lookup.query, reply)


def cookie_quiet(lookup: Lookup, echo: bytes | None, reply: LeanMessage) -> bool:
    """Whether reply_cookie_warnings(lookup, reply) has nothing to say, without a
    CookieCheck: `echo` is echo_of(cookie_of(lookup.query)), worked out once by the
    express lane."""
    if reply.opt is None:  # no OPT record, so no cookie in the reply
        return lookup.rules.cookie_hex is None
    if echo is None:
        return True
    for option in reply.options:  # its first COOKIE option, as cookie_of() finds it
        if option.otype == COOKIE:
            # _fault()'s checks: both long enough, the client cookie echoed
            return len(echo) == CLIENT_COOKIE_SIZE and option.data.startswith(echo)
    return True


def echo_of(sent: bytes | None) -> bytes | None:
    """What cookie_quiet() holds a reply's cookie to, for a query that sends this
    cookie (cookie_of()): its client cookie, which the reply's must start with (a short
    one is never echoed well); None when it sends none."""
    return None if sent is None else sent[:CLIENT_COOKIE_SIZE]


def with_cookie(query: dns.message.Message, cookie_hex: str) -> dns.message.Message:
    """The query sending this cookie instead of its own (a copy; +ednsopt ones stay)."""
    again = copy.copy(query)
    options = list(query.options)
    first = next(index for index, option in enumerate(options) if option.otype == COOKIE)
    options[first] = dns.edns.GenericOption(COOKIE, bytes.fromhex(cookie_hex))
    again.use_edns(query.edns, query.ednsflags, query.payload, options=options, pad=query.pad)
    return again


def requeued(lookup: Lookup, *, cookie_hex: str | None, tcp: bool | None = None) -> Lookup:
    """The lookup as dig's requeue_lookup copies it: a new id, the cookie learned so far."""
    query = copy.copy(lookup.query)
    if cookie_hex is not None and cookie_of(query) is not None:
        query = with_cookie(query, cookie_hex)
    query.id = pick_query_id(lookup.rules.qid)
    from pydig.wire.tsig import resign  # not on a plain lookup's way: TSIG's module waits

    resign(query)
    return replace(
        lookup,
        query=query,
        tcp=lookup.tcp if tcp is None else tcp,
        rules=replace(lookup.rules, cookie_hex=cookie_hex),
    )


def truncated_retry(lookup: Lookup, reply: MessageView) -> tuple[Lookup, tuple[str, ...]]:
    """dig's retry over TCP after a truncated reply: it first learns the reply's cookie
    (when it has none yet), then asks again with it.  Returns the warnings met too."""
    cookie_hex = lookup.rules.cookie_hex
    warnings: tuple[str, ...] = ()
    if cookie_hex is None and reply.edns >= 0:
        check = check_cookie(lookup.query, reply)
        if check is not None:
            warnings = check.warnings
            cookie_hex = check.learned
    return requeued(lookup, cookie_hex=cookie_hex, tcp=True), warnings
