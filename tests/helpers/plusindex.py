"""cli/plusindex.py from the option table (cli/options.py), and dig's matching walked over
the table itself: the meaning every test gives a +word, which the index must agree with.

    uv run python tests/helpers/plusindex.py    # after a change to the table

rewrites pydig/cli/plusindex.py; tests/test_help.py fails until it has.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydig.cli.options import PLUS_OPTIONS, PlusOption

INDEX = Path(__file__).resolve().parents[2] / "pydig" / "cli" / "plusindex.py"
_HEAD = '''"""The option table (cli/options.py) as the parser reads a +word: written from the table
by tests/helpers/plusindex.py, and held to it by tests/test_help.py, so that a lookup's
start needs no table of Entry and PlusOption records (some 200 of them, every -h line).

DISPATCH maps each of dig's dispatch letters (cli/options.py explains them; one ending
in "$" matches only the whole word) to the option's canonical name, the names it
answers to, and dig's warning when it is obsolete ("" otherwise).
"""

'''


def _dispatch() -> dict[str, tuple[str, tuple[str, ...], str]]:
    index: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for option in PLUS_OPTIONS:
        for dispatch in option.dispatch:
            assert dispatch not in index, f"two options dispatch on {dispatch!r}"
            index[dispatch] = (option.canonical, option.names, option.obsolete)
    return dict(sorted(index.items()))


def _text(value: str | tuple[str, ...]) -> str:
    """A string or a tuple of strings as ruff format writes it."""
    if isinstance(value, str):
        return json.dumps(value)
    return "(" + ", ".join(map(_text, value)) + ("," if len(value) == 1 else "") + ")"


def index_source() -> str:
    """The text pydig/cli/plusindex.py should have (as ruff format leaves it)."""
    lines = [f"    {_text(key)}: {_text(entry)},\n" for key, entry in _dispatch().items()]
    return (
        f"{_HEAD}DISPATCH: dict[str, tuple[str, tuple[str, ...], str]] = {{\n{''.join(lines)}}}\n"
    )


def _dispatch_length(word: str, dispatch: str) -> int:
    """How many letters of `word` dig's switch consumed to reach this entry; -1 if none."""
    if dispatch.endswith("$"):
        return len(word) + 1 if word == dispatch[:-1] else -1
    # dig's switch compares letters case-sensitively.
    return len(dispatch) if word.startswith(dispatch) else -1


def lookup_plus_option(
    word: str, options: tuple[PlusOption, ...] = PLUS_OPTIONS
) -> PlusOption | None:
    """The option dig would pick for `word` (without "+" and "no") among these, or None:
    the longest dispatch that matches wins, then what was typed must begin one of its
    names (bin/dig/dig.c, plus_option)."""
    best: PlusOption | None = None
    best_length = 0
    for option in options:
        length = max(_dispatch_length(word, d) for d in option.dispatch)
        if length > best_length:
            best, best_length = option, length
    if best is None:
        return None
    lowered = word.lower()
    # dig's FULLCHECK: what was typed must be a prefix of one of the full names.
    if any(name.startswith(lowered) for name in best.names):
        return best
    return None


if __name__ == "__main__":
    INDEX.write_text(index_source())
    print(f"wrote {INDEX}")
