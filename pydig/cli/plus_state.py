"""What a +option's handler is given: the parse in progress (cli/parse.py's _State) as a
Protocol, for the type checker.  The handlers of cli/plus_*.py see the parse through it
(and so import nothing of parse.py, which loads them when one of their options is
given), as parse.py's own handlers do.  Never loaded when a program runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeAlias

from pydig.model.invocation import GlobalSettings, QuerySettings


class PlusState(Protocol):
    """dig's default lookup, the lookup being edited and the globals, and what changes them."""

    current: QuerySettings
    globals: GlobalSettings
    editing_defaults: bool

    def warn(self, line: str) -> None: ...
    def update(self, **changes: Any) -> None: ...
    def update_display(self, **changes: Any) -> None: ...
    def update_globals(self, **changes: Any) -> None: ...
    def add_query(self, name: str) -> None: ...
    def required(self, on: bool, value: str | None) -> str: ...
    def needs_value(self) -> Exception: ...
    def ensure_edns(self) -> None: ...


# What a +option does: given the parse, whether it was +X or +noX, and its value if any.
Handler: TypeAlias = "Callable[[PlusState, bool, str | None], None]"
