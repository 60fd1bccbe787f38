"""The handlers of the +options of how records look and of pydig's views (+class, +ttlid,
+ttlunits, +split, +yaml, +json, +table).  Loaded when one of them is given
(cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.cli.values import parse_uint
from pydig.model.display import OutputFormat

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_SPLIT = 1023


def _class(state: PlusState, on: bool, value: str | None) -> None:
    state.update_display(show_class=on)


def _ttlid(state: PlusState, on: bool, value: str | None) -> None:
    state.update_display(ttlid=on)


def _ttlunits(state: PlusState, on: bool, value: str | None) -> None:
    # dig: +[no]ttlunits also brings the TTL back after +nottlid
    state.update_display(ttlunits=on, ttlid=True)


def _yaml(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(yaml=on)
    if on:
        state.update_globals(cmd=False)
        state.update_display(stats=False, rrcomments=False)


def _split(state: PlusState, on: bool, value: str | None) -> None:
    """dig's +split: rounded up to a multiple of 4 with a warning; +split alone changes nothing."""
    if not on:
        if value:
            raise state.needs_value()  # dig: +nosplit=W is an invalid option
        state.update_globals(split=0)
        return
    if not value:
        return
    width = parse_uint(value, MAX_SPLIT, "split")
    rounded = (width + 3) // 4 * 4
    if rounded != width:
        state.warn(f";; Warning, split must be a multiple of 4; adjusting to {rounded}")
    state.update_globals(split=rounded)


def _view(view: OutputFormat) -> Handler:
    """+json, +table: pydig's own views, global wherever they appear (a stream that mixes
    JSON and text is of no use); +nojson, +notable go back to dig's text."""

    def handle(state: PlusState, on: bool, value: str | None) -> None:
        if on:
            state.update_globals(format=view)
        elif state.globals.format == view:
            state.update_globals(format="dig")

    return handle


HANDLERS: dict[str, Handler] = {
    "class": _class,
    "ttlid": _ttlid,
    "ttlunits": _ttlunits,
    "split": _split,
    "yaml": _yaml,
    "json": _view("json"),
    "table": _view("table"),
}
