"""Everything pydig takes from the world: streams, terminal, HOME, resolv.conf. Tests replace it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

DEFAULT_RESOLV_CONF = Path("/etc/resolv.conf")


@dataclass(frozen=True, kw_only=True)
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    home: Path | None = None
    resolv_conf: Path = DEFAULT_RESOLV_CONF
    variables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_process(cls) -> Environment:
        """The real environment; PYDIG_RESOLV_CONF names another resolv.conf (tests, sandboxes)."""
        variables = dict(os.environ)
        home = variables.get("HOME")
        return cls(
            home=Path(home) if home else None,
            resolv_conf=Path(variables.get("PYDIG_RESOLV_CONF", DEFAULT_RESOLV_CONF)),
            variables=variables,
        )
