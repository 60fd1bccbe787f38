"""How dig matches a typed +word to one of its options (bin/dig/dig.c, plus_option): the
longest dispatch that matches wins, then what was typed must begin one of its names."""

from __future__ import annotations

from pydig.cli.options import PLUS_OPTIONS, PlusOption


def _dispatch_length(word: str, dispatch: str) -> int:
    """How many letters of `word` dig's switch consumed to reach this entry; -1 if none."""
    if dispatch.endswith("$"):
        return len(word) + 1 if word == dispatch[:-1] else -1
    # dig's switch compares letters case-sensitively.
    return len(dispatch) if word.startswith(dispatch) else -1


def lookup_plus_option(
    word: str, options: tuple[PlusOption, ...] = PLUS_OPTIONS
) -> PlusOption | None:
    """The option dig would pick for `word` (without "+" and "no"), or None."""
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


def near_miss(word: str, options: tuple[PlusOption, ...] = PLUS_OPTIONS) -> str | None:
    """The full name of the option a mistyped `word` (without "+" and "no") most likely
    meant ("shrot": "short"), or None when none is close."""
    import difflib  # only for a +word that matched no option: difflib is not cheap to load

    names = [name for option in options if not option.obsolete for name in option.names]
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.75)
    return close[0] if close else None
