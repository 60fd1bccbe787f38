"""The handlers of the +options of how a query goes: +tcp (+vc), +timeout, +tries, +retry,
+keepopen.  Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from pydig.cli.parse_state import Handler, ParseState, required
from pydig.cli.values import parse_uint

MAX_TIMEOUT = 0xFFFF
MAX_TRIES = 0xFFFFFFFF


def _tcp(state: ParseState, on: bool, value: str | None) -> None:
    state.update(tcp=on, tcp_set=True)


def _timeout(state: ParseState, on: bool, value: str | None) -> None:
    seconds = parse_uint(required(on, value), MAX_TIMEOUT, "timeout")
    state.update_globals(timeout=max(seconds, 1))


def _tries(state: ParseState, on: bool, value: str | None) -> None:
    tries = parse_uint(required(on, value), MAX_TRIES, "tries")
    state.update(tries=max(tries, 1))


def _retry(state: ParseState, on: bool, value: str | None) -> None:
    state.update(tries=parse_uint(required(on, value), MAX_TRIES - 1, "retries") + 1)


def _keepopen(state: ParseState, on: bool, value: str | None) -> None:
    state.update_globals(keepopen=on)


HANDLERS: dict[str, Handler] = {
    "tcp": _tcp,
    "vc": _tcp,
    "timeout": _timeout,
    "tries": _tries,
    "retry": _retry,
    "keepopen": _keepopen,
}
