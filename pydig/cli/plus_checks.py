"""The handlers of the +options that test servers: +compare, +compare-ttl, +serial-lag,
+watch, +watch-until, +watch-timeout, +rcode-exit.  Loaded when one of them is given
(cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydig.cli.values import parse_uint
from pydig.errors import UsageError
from pydig.immutable import replace
from pydig.model.invocation import CompareMode

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_WATCH_SECONDS = 0xFFFFFFFF
COMPARE_MODES: dict[str | None, CompareMode] = {None: "servers", "servers": "servers", "ns": "ns"}


def _update_checks(state: PlusState, **changes: Any) -> None:
    state.update(checks=replace(state.current.checks, **changes))


def _compare(state: PlusState, on: bool, value: str | None) -> None:
    """+compare (the @servers), +compare=ns (the zone's name servers), +nocompare."""
    if not on:
        _update_checks(state, compare=None)
        return
    mode = COMPARE_MODES.get(value.lower() if value is not None else None)
    if mode is None:
        raise UsageError(f"+compare: '{value}' is not 'servers' or 'ns'")
    _update_checks(state, compare=mode)


def _compare_ttl(state: PlusState, on: bool, value: str | None) -> None:
    _update_checks(state, compare_ttl=on)


def _serial_lag(state: PlusState, on: bool, value: str | None) -> None:
    lag = parse_uint(state.required(on, value), 0x7FFFFFFF, "serial lag") if on else 0
    _update_checks(state, serial_lag=lag)


def _watch(state: PlusState, on: bool, value: str | None) -> None:
    """+watch, +watch=SECONDS (between lookups), +nowatch."""
    if not on:
        _update_checks(state, watch=False, watch_interval=None, watch_until=None,
                       watch_timeout=None)  # fmt: skip
        return
    interval = None if value is None else parse_uint(value, MAX_WATCH_SECONDS, "watch")
    _update_checks(state, watch=True, watch_interval=None if interval is None else max(interval, 1))


def _watch_until(state: PlusState, on: bool, value: str | None) -> None:
    _update_checks(state, watch=True, watch_until=state.required(on, value))


def _watch_timeout(state: PlusState, on: bool, value: str | None) -> None:
    seconds = parse_uint(state.required(on, value), MAX_WATCH_SECONDS, "watch timeout")
    _update_checks(state, watch=True, watch_timeout=seconds)


def _rcode_exit(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(rcode_exit=on)


HANDLERS: dict[str, Handler] = {
    "compare": _compare,
    "compare-ttl": _compare_ttl,
    "serial-lag": _serial_lag,
    "watch": _watch,
    "watch-until": _watch_until,
    "watch-timeout": _watch_timeout,
    "rcode-exit": _rcode_exit,
}
