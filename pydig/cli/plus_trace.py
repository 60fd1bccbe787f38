"""The handlers of +trace, +trace-all, +nssearch and +trust-anchor: the walks from the root
and over a zone's servers, and the display and query settings dig gives them.  Loaded
when one of them is given (cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.rdatatype

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState


def _trace(state: PlusState, on: bool, value: str | None) -> None:
    """dig's +trace: the display and query settings it implies (dig.c, case "trace")."""
    state.update(trace=on)
    state.update_display(short_types=state.current.trace or state.current.nssearch)
    if on:
        state.ensure_edns()  # dig turns DNSSEC on, and DNSSEC needs EDNS
        state.update(recurse=True, dnssec=True, cookie=True)
        state.update_globals(search=False)
        state.update_display(
            identify=True, comments=False, rrcomments=None, stats=False,
            additional=False, authority=True, question=False,
        )  # fmt: skip


def _trace_all(state: PlusState, on: bool, value: str | None) -> None:
    """+trace-all: +trace, asking every server at every hop; +notrace-all only the latter."""
    if on:
        _trace(state, on, value)
    state.update(trace_all=on)


def _trust_anchor(state: PlusState, on: bool, value: str | None) -> None:
    state.update(trust_anchor=state.required(on, value))


def _nssearch(state: PlusState, on: bool, value: str | None) -> None:
    """dig's +nssearch: an NS query, then short answers; +short becomes global."""
    state.update(nssearch=on)
    state.update_display(short_types=state.current.trace or state.current.nssearch)
    if on:
        state.update(recurse=True, rdtype=dns.rdatatype.NS, rdtype_set=True)
        state.update_display(
            identify=True, stats=False, comments=False, additional=False,
            authority=False, question=False, rrcomments=None,
        )  # fmt: skip
        state.update_globals(short=True)


HANDLERS: dict[str, Handler] = {
    "trace": _trace,
    "trace-all": _trace_all,
    "trust-anchor": _trust_anchor,
    "nssearch": _nssearch,
}
