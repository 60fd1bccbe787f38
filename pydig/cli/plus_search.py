"""The handlers of the search list's +options (+search, +defname, +showsearch, +domain,
+ndots).  Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from pydig.cli.parse_state import Handler, NeedsValue, ParseState, required
from pydig.cli.values import parse_uint

MAX_NDOTS = 0xFFFF


def _search(state: ParseState, on: bool, value: str | None) -> None:
    """+[no]search and +[no]defname: dig ignores them in a +trace lookup."""
    if not state.current.trace:
        state.update_globals(search=on)


def _showsearch(state: ParseState, on: bool, value: str | None) -> None:
    if not state.current.trace:
        state.update_globals(search=on, showsearch=on)


def _domain(state: ParseState, on: bool, value: str | None) -> None:
    value = required(True, value)
    if not on:
        raise NeedsValue
    state.update_globals(domain=value)


def _ndots(state: ParseState, on: bool, value: str | None) -> None:
    value = required(True, value)
    if not on:
        raise NeedsValue
    state.update_globals(ndots=parse_uint(value, MAX_NDOTS, "ndots"))


HANDLERS: dict[str, Handler] = {
    "search": _search,
    "defname": _search,
    "showsearch": _showsearch,
    "domain": _domain,
    "ndots": _ndots,
}
