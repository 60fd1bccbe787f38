"""Shell completion for bash, zsh and fish, through Typer's completion machinery.

Typer is loaded only here: pydig/__main__.py calls run_completion() when a completion
script asks (the _PYDIG_COMPLETE variable) or for --install-completion and
--show-completion; every other run leaves Typer alone.  What to offer is decided by the
pure function candidates(): +options and -options (with their help line), types after
-t, classes after -c, and types and classes where dig takes them as free words.
"""

from __future__ import annotations

import re
import shutil
import sys
from functools import cache
from typing import Any

import dns.rdatatype

from pydig.cli.options import THEMES, VALUE_LETTERS

CLASSES = ("IN", "CH", "HS")
# Options whose value is not a type or class: after them, nothing is offered (the shell
# then offers file names, which is what -f and -k want).
_VALUE_OPTIONS = tuple(f"-{letter}" for letter in VALUE_LETTERS if letter not in "tc")

Candidate = tuple[str, str]  # (word, help)


def candidates(previous: list[str], incomplete: str) -> list[Candidate]:
    """What to offer for the word being typed, given the words before it."""
    last = previous[-1] if previous else ""
    if last == "-t":
        return _matching(types(), incomplete)
    if last == "-c":
        return _matching(CLASSES, incomplete)
    if last in _VALUE_OPTIONS or incomplete.startswith("@"):
        return []
    if incomplete.startswith("-"):
        return [
            (word, help_line) for word, help_line in dash_options() if word.startswith(incomplete)
        ]
    if incomplete.startswith("+"):
        return _plus_candidates(incomplete[1:])
    return _matching((*types(), *CLASSES), incomplete)


def _plus_candidates(typed: str) -> list[Candidate]:
    negated = typed.lower().startswith("no")
    stem = typed[2:] if negated else typed
    offered = []
    for name, (switch, needs_value, help_line) in plus_options().items():
        if not name.startswith(stem.lower()):
            continue
        if negated:
            if switch:
                offered.append((f"+no{name}", help_line))
        else:
            offered.append((f"+{name}=" if needs_value else f"+{name}", help_line))
    return offered


@cache
def plus_options() -> dict[str, tuple[bool, bool, str]]:
    """Every +option of the table: (takes +no, needs =value, help line)."""
    described = {
        option.canonical: (option.switch, option.needs_value, "" if entry.note else entry.help)
        for theme in THEMES
        for entry in theme.entries
        for option in (*entry.plus, *entry.also)
    }
    return dict(sorted(described.items()))


@cache
def dash_options() -> tuple[Candidate, ...]:
    """dig's one-letter options, each with its help line."""
    return tuple(
        (f"-{letter}", entry.help)
        for theme in THEMES
        for entry in theme.entries
        for letter in entry.letters
    )


@cache
def types() -> tuple[str, ...]:
    """The query types dig takes by name; IXFR only as ixfr=serial."""
    names = (dns.rdatatype.to_text(rdtype) for rdtype in dns.rdatatype.RdataType)
    return (*sorted(n for n in names if n not in ("NONE", "TYPE0", "IXFR")), "IXFR=")


def _matching(words: tuple[str, ...], incomplete: str) -> list[Candidate]:
    """The words starting with what was typed, in the case it was typed in."""
    lower = incomplete.islower()
    return [
        (word.lower() if lower else word, "")
        for word in words
        if word.lower().startswith(incomplete.lower())
    ]


_DEFAULT = re.compile(r"\s*\[([^\]]*)\]")


def _for_shell(help_line: str) -> str:
    """A help line as zsh and fish can show it through Typer: -h's "[on]" becomes
    "(default on)" (Typer reads brackets as rich markup, zsh's _arguments as syntax), and
    the apostrophe a typographic one (Typer's quoting for zsh drops a plain one)."""
    return _DEFAULT.sub(r" (default \1)", help_line).replace("'", "\u2019")


NOT_ON_PATH = (
    "pydig: warning: no pydig command on PATH, so the completion installed now will not\n"
    "find one in a new shell.  Put pydig on PATH first: `uv tool install .` in the source\n"
    "directory, or `source .venv/bin/activate` in every shell that uses it.\n"
)


def run_completion() -> None:
    """Answer the shell's completion request (or install / show the script), then exit.

    Public Typer API only (typer.Typer, typer.Argument, typer.core.TyperCommand): the
    floor in pyproject.toml is the first Typer its tests pass with."""
    if sys.argv[1:2] == ["--install-completion"] and shutil.which("pydig") is None:
        sys.stderr.write(NOT_ON_PATH)  # the shell will run plain `pydig` to complete
    import typer
    from typer.core import TyperCommand

    # add_completion registers Typer's bash, zsh and fish scripts and the two options.
    app = typer.Typer(add_completion=True)

    def complete(ctx: Any, incomplete: str) -> list[Candidate]:
        """Typer hands an autocompletion no earlier words (its `args` is always empty):
        they are the `words` parsed so far."""
        previous = list(ctx.params.get("words") or ())
        return [
            (word, _for_shell(help_line)) for word, help_line in candidates(previous, incomplete)
        ]

    class DigCommand(TyperCommand):
        """A word that starts with "-" is completed by the command, which would offer
        only Typer's own options: it asks the `words` argument, which offers dig's."""

        def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
            words = next(param for param in self.params if param.name == "words")
            return words.shell_complete(ctx, incomplete)

    every_word = typer.Argument(None, autocompletion=complete)

    @app.command(
        cls=DigCommand,
        context_settings={"ignore_unknown_options": True, "help_option_names": []},
    )
    def pydig(words: list[str] | None = every_word) -> None:
        """Look up DNS records as BIND's dig does."""

    app(prog_name="pydig")
