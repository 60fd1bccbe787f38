"""The handlers of the +options of runs of many lookups: +concurrency, +rate, and the
reverse sweeps' (+sweep-limit, +sweep-missing, +sweep-follow, +sweep-state, +fcrdns).
Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.cli.values import parse_uint
from pydig.model.invocation import MAX_SWEEP_LIMIT

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_CONCURRENCY = 1024
MAX_RATE = 1_000_000


def _concurrency(state: PlusState, on: bool, value: str | None) -> None:
    """+concurrency=N lookups in flight at once; +noconcurrency is one at a time, as dig."""
    if not on:
        state.update_globals(concurrency=1)
        return
    count = parse_uint(state.required(on, value), MAX_CONCURRENCY, "concurrency")
    state.update_globals(concurrency=max(count, 1))


def _sweep_limit(state: PlusState, on: bool, value: str | None) -> None:
    limit = parse_uint(state.required(on, value), MAX_SWEEP_LIMIT, "sweep limit")
    state.update_globals(sweep_limit=limit)


def _sweep_missing(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(sweep_missing=on)


def _sweep_follow(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(sweep_follow=on)


def _sweep_state(state: PlusState, on: bool, value: str | None) -> None:
    """+sweep-state=FILE records a sweep's progress; +nosweep-state records none."""
    state.update_globals(sweep_state=state.required(on, value) if on else None)


def _fcrdns(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(fcrdns=on)


def _rate(state: PlusState, on: bool, value: str | None) -> None:
    """+rate=N queries a second at most; +norate (or +rate=0) sets no cap."""
    rate = parse_uint(state.required(on, value), MAX_RATE, "rate") if on else 0
    state.update_globals(rate=rate or None)


HANDLERS: dict[str, Handler] = {
    "concurrency": _concurrency,
    "sweep-limit": _sweep_limit,
    "sweep-missing": _sweep_missing,
    "sweep-follow": _sweep_follow,
    "sweep-state": _sweep_state,
    "fcrdns": _fcrdns,
    "rate": _rate,
}
