"""pydig --manual: the manual page, wherever this pydig came from.

An installed pydig (a wheel: `uv tool install .`, `pipx install .`, `uv pip install .`)
has it at PREFIX/share/man/man1/pydig.1; a source checkout at man/pydig.1.  `man -l`
shows it without MANPATH having to know the prefix.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from pydig.environment import Environment
from pydig.errors import ExitStatus

PAGE = Path("share") / "man" / "man1" / "pydig.1"
CHECKOUT_PAGE = Path(__file__).resolve().parents[1] / "man" / "pydig.1"


def manual_path() -> Path | None:
    """The installed page, else the checkout's; None if neither is there."""
    for candidate in (
        Path(sys.prefix) / PAGE,
        Path(__file__).resolve().parents[1] / "man" / "pydig.1",
    ):
        if candidate.is_file():
            return candidate
    return None


def show_manual(env: Environment) -> int:
    path = manual_path()
    if path is None:
        env.stderr.write("pydig: the manual page is not installed\n")
        return int(ExitStatus.USAGE)
    man = shutil.which("man")
    if man is None:
        env.stderr.write(f"pydig: man is not installed; the manual page is {path}\n")
        return int(ExitStatus.USAGE)
    env.stdout.flush()
    return subprocess.call([man, "-l", str(path)])
