"""Everything pydig takes from the world: streams, terminal, HOME, resolv.conf. Tests replace it."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import field
from typing import TextIO, TypeAlias

from pydig.immutable import immutable

# A file's path: a str, or a pathlib.Path (tests); pathlib itself is not loaded to start.
FilePath: TypeAlias = "str | os.PathLike[str]"
DEFAULT_RESOLV_CONF = "/etc/resolv.conf"


@immutable(kw_only=True)
class Environment:
    """Everything a run touches outside itself: the streams, HOME, resolv.conf, variables."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    home: FilePath | None = None
    resolv_conf: FilePath = DEFAULT_RESOLV_CONF
    variables: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_process(cls) -> Environment:
        """The real environment; PYDIG_RESOLV_CONF names another resolv.conf (tests, sandboxes).
        Its variables are os.environ itself, which pydig never changes: a copy would decode
        every variable of the shell (about a microsecond each) for the few a run reads."""
        variables = os.environ
        return cls(
            home=variables.get("HOME") or None,
            resolv_conf=variables.get("PYDIG_RESOLV_CONF", DEFAULT_RESOLV_CONF),
            variables=variables,
        )

    def idn(self) -> bool:
        """Where dig's +idnin and +idnout start: on when standard output is a terminal,
        unless IDN_DISABLE is set."""
        return is_terminal(self.stdout) and "IDN_DISABLE" not in self.variables

    def colour(self, choice: bool | None) -> bool:
        """Whether standard output gets colour, given +color (True), +nocolor (False) or neither."""
        return wants_colour(choice, terminal=is_terminal(self.stdout), variables=self.variables)


def is_terminal(stream: TextIO) -> bool:
    """stream.isatty(), False for streams that are closed or cannot tell."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def wants_colour(choice: bool | None, *, terminal: bool, variables: Mapping[str, str]) -> bool:
    """The colour rule: +[no]color wins, then NO_COLOR, then FORCE_COLOR (no-color.org and
    force-color.org: set and not empty), then TERM=dumb means plain, else colour on a terminal."""
    if choice is not None:
        return choice
    if variables.get("NO_COLOR"):
        return False
    if variables.get("FORCE_COLOR"):
        return True
    return terminal and variables.get("TERM") != "dumb"
