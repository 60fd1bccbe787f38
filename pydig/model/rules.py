"""What dig does with one lookup's replies, and what carries over when it asks again.

These are the dig_lookup_t fields that BIND 9.18's recv_done reads: whether to
retry after BADVERS or BADCOOKIE, whether SERVFAIL moves on to the next server,
how strictly to parse, and the state that requeue_lookup copies into the lookup
it makes (the cookie learned from the server, where the search list stands).
"""

from __future__ import annotations

from dataclasses import field

from pydig.immutable import immutable


@immutable(kw_only=True)
class SearchList:
    """dig's usesearch, showsearch, search list and ndots, for one lookup."""

    use: bool = False
    show: bool = False  # +showsearch: print the NXDOMAIN answers met on the way
    domains: tuple[str, ...] = ()
    ndots: int = 1


@immutable(kw_only=True)
class SearchStep:
    """Where a lookup is in its search: dig's lookup->origin, need_search and done_as_is."""

    origin: int | None  # an index into the search list; None: the name as it is
    need_search: bool = False  # tried as it is first, the search list may follow
    done_as_is: bool = False

    @property
    def searching(self) -> bool:
        """Whether an NXDOMAIN may lead to another name (recv_done's condition)."""
        return self.origin is not None or self.need_search


@immutable(kw_only=True)
class LookupRules:
    """How dig treats a lookup's replies: when to ask again, and what to accept and show."""

    ednsneg: bool = True  # BADVERS: ask again in the server's EDNS version
    badcookie: bool = True  # BADCOOKIE: ask again with the server's new cookie
    showbadcookie: bool = False  # ... and print the BADCOOKIE reply first
    servfail_stops: bool = True  # False (+nofail): SERVFAIL moves on to the next server
    best_effort: bool = True  # show malformed replies as far as they parse
    qid: int | None = None  # +qid: every query of the lookup has this id
    # dig's lookup->cookie: the +cookie=hex given, or the cookie a server sent this
    # lookup, which the queries it requeues send back (and check replies against).
    cookie_hex: str | None = None
    seen_badcookie: bool = False  # a second BADCOOKIE makes dig retry over TCP
    idnin: bool = False
    search: SearchList = field(default_factory=SearchList)
    step: SearchStep | None = None  # None until the first query is chosen
