"""The parse of a command line in progress, and what every +option's handler is given:
dig's default lookup, the lookup being edited and the global settings (cli/parse.py's
grammar; the handlers of the +options a plain command line seldom gives live in
cli/plus_*.py, each loaded when one of its options is)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from pydig.immutable import mutable, replace
from pydig.model.invocation import GlobalSettings, QuerySettings


class NeedsValue(Exception):
    """dig's need_value: reported as an invalid option."""


@mutable
class ParseState:
    """The parse in progress: dig's default_lookup, the lookup being edited, the globals."""

    defaults: QuerySettings
    globals: GlobalSettings
    current: QuerySettings
    editing_defaults: bool
    need_clone: bool
    open_type_class: bool = True
    queries: list[tuple[str, QuerySettings]] | None = None
    warnings: list[str] | None = None

    def __post_init__(self) -> None:
        self.queries = []
        self.warnings = []

    def warn(self, line: str) -> None:
        assert self.warnings is not None
        self.warnings.append(line)

    def update(self, **changes: Any) -> None:
        self.current = replace(self.current, **changes)
        self._store()

    def update_display(self, **changes: Any) -> None:
        self.update(display=replace(self.current.display, **changes))

    def update_globals(self, **changes: Any) -> None:
        self.globals = replace(self.globals, **changes)

    def _store(self) -> None:
        assert self.queries is not None
        if self.editing_defaults:
            self.defaults = self.current
        elif self.queries and self.need_clone:
            name, _ = self.queries[-1]
            self.queries[-1] = (name, self.current)

    def add_query(self, name: str) -> None:
        assert self.queries is not None
        if self.need_clone:
            self.current = self.defaults
        self.need_clone = True
        self.editing_defaults = False
        self.queries.append((name, self.current))


def required(on: bool, value: str | None) -> str:
    """dig's rule for options that take a value: none given, or +noX=, is invalid."""
    if value is None or not on:
        raise NeedsValue
    return value


def ensure_edns(state: ParseState) -> None:
    """+dnssec, +cookie and +nsid turn EDNS back on after +noedns, as in dig."""
    if state.current.edns is None:
        state.update(edns=0)


# What a +option does: given the parse, whether it was +X or +noX, and its value if any.
Handler: TypeAlias = "Callable[[ParseState, bool, str | None], None]"
