"""dig's search list: which names one lookup tries, and in which order.

BIND 9.18 dighost.c: setup_lookup picks the first name, next_origin the next one
after an NXDOMAIN.  A name with at least `ndots` dots (or any name, without
+search) is tried as it is first; dig then moves on to the search list only if
the name has no more labels than `ndots`, which a name with that many dots
never has.  A shorter name is tried with each search-list domain in turn and
then as it is.  dig's code is followed literally, quirks included.
"""

from __future__ import annotations

import dns.exception
import dns.name

from pydig.model.rules import SearchList, SearchStep
from pydig.wire.idn import name_from_text


def count_dots(text: str) -> int:
    """dig's count_dots: every dot, escaped or not."""
    return text.count(".")


def first_step(text: str, search: SearchList) -> SearchStep:
    """setup_lookup's choice for a new lookup of `text` (already in ASCII form)."""
    if count_dots(text) >= search.ndots or not search.use:
        return SearchStep(origin=None, need_search=search.use, done_as_is=True)
    return SearchStep(origin=0 if search.domains else None)


def _stops_searching(text: str, ndots: int) -> bool:
    """next_origin: an absolute name, or one with more labels than ndots, is not searched."""
    try:
        name = name_from_text(text, origin=None)
    except (dns.exception.DNSException, ValueError):
        return False
    return name.is_absolute() or len(name.labels) > ndots


def next_step(step: SearchStep, text: str, search: SearchList) -> SearchStep | None:
    """next_origin: the step after an NXDOMAIN, or None when the search is over."""
    if not search.use or _stops_searching(text, search.ndots):
        return None
    if step.origin is None:
        if not step.need_search:
            return None
        return SearchStep(origin=0 if search.domains else None, done_as_is=step.done_as_is)
    following = step.origin + 1
    if following >= len(search.domains):
        if step.done_as_is:
            return None
        return SearchStep(origin=None, done_as_is=step.done_as_is)
    return SearchStep(origin=following, done_as_is=step.done_as_is)


class NameTooLong(Exception):
    """The name and this search domain are too long together: dig skips the domain."""


class BadOrigin(Exception):
    """A search-list domain that is not a legal name: dig stops with a fatal error."""


def step_name(text: str, step: SearchStep, search: SearchList) -> dns.name.Name:
    """The name a step asks for: the text under its search domain, or the text itself.

    `text` must already be a legal name (the plan checked it as dig's root-origin
    lookup would).
    """
    if step.origin is None:
        return name_from_text(text)
    domain = search.domains[step.origin]
    try:
        origin = name_from_text(domain)
    except (dns.exception.DNSException, ValueError) as exc:
        raise BadOrigin(f"'{domain}' is not in legal name syntax ({exc})") from None
    relative = name_from_text(text, origin=None)
    if relative.is_absolute():
        return relative
    try:
        return relative.concatenate(origin)
    except dns.name.NameTooLong:
        raise NameTooLong from None
