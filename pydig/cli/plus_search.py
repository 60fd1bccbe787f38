"""The handlers of the search list's +options (+search, +defname, +showsearch, +domain,
+ndots).  Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.cli.values import parse_uint

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_NDOTS = 0xFFFF


def _search(state: PlusState, on: bool, value: str | None) -> None:
    """+[no]search and +[no]defname: dig ignores them in a +trace lookup."""
    if not state.current.trace:
        state.update_globals(search=on)


def _showsearch(state: PlusState, on: bool, value: str | None) -> None:
    if not state.current.trace:
        state.update_globals(search=on, showsearch=on)


def _domain(state: PlusState, on: bool, value: str | None) -> None:
    value = state.required(True, value)
    if not on:
        raise state.needs_value()
    state.update_globals(domain=value)


def _ndots(state: PlusState, on: bool, value: str | None) -> None:
    value = state.required(True, value)
    if not on:
        raise state.needs_value()
    state.update_globals(ndots=parse_uint(value, MAX_NDOTS, "ndots"))


HANDLERS: dict[str, Handler] = {
    "search": _search,
    "defname": _search,
    "showsearch": _showsearch,
    "domain": _domain,
    "ndots": _ndots,
}
