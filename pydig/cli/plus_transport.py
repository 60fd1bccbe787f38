"""The handlers of the +options of how a query goes: +tcp (+vc), +timeout, +tries, +retry,
+keepopen.  Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.cli.values import parse_uint

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_TIMEOUT = 0xFFFF
MAX_TRIES = 0xFFFFFFFF


def _tcp(state: PlusState, on: bool, value: str | None) -> None:
    state.update(tcp=on, tcp_set=True)


def _timeout(state: PlusState, on: bool, value: str | None) -> None:
    seconds = parse_uint(state.required(on, value), MAX_TIMEOUT, "timeout")
    state.update_globals(timeout=max(seconds, 1))


def _tries(state: PlusState, on: bool, value: str | None) -> None:
    tries = parse_uint(state.required(on, value), MAX_TRIES, "tries")
    state.update(tries=max(tries, 1))


def _retry(state: PlusState, on: bool, value: str | None) -> None:
    state.update(tries=parse_uint(state.required(on, value), MAX_TRIES - 1, "retries") + 1)


def _keepopen(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(keepopen=on)


HANDLERS: dict[str, Handler] = {
    "tcp": _tcp,
    "vc": _tcp,
    "timeout": _timeout,
    "tries": _tries,
    "retry": _retry,
    "keepopen": _keepopen,
}
