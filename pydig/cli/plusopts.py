"""How dig matches a typed +word to one of its options (bin/dig/dig.c, plus_option): the
longest dispatch that matches wins, then what was typed must begin one of its names.
It reads the table's index (cli/plusindex.py), not the table itself."""

from __future__ import annotations

from pydig.cli.plusindex import DISPATCH


def plus_word(word: str) -> tuple[str, str] | None:
    """The option dig would pick for `word` (without "+" and "no"): its canonical name
    and dig's warning when it is obsolete ("" otherwise); None when dig knows no such
    option."""
    found = DISPATCH.get(word + "$")  # a whole word ("+ad"), longer than any prefix
    end = len(word)
    while found is None and end > 0:  # dig's switch compares letters case-sensitively
        found = DISPATCH.get(word[:end])
        end -= 1
    if found is None:
        return None
    canonical, names, obsolete = found
    lowered = word.lower()
    # dig's FULLCHECK: what was typed must be a prefix of one of the full names.
    if any(name.startswith(lowered) for name in names):
        return canonical, obsolete
    return None


def near_miss(word: str) -> str | None:
    """The full name of the option a mistyped `word` (without "+" and "no") most likely
    meant ("shrot": "short"), or None when none is close."""
    import difflib  # only for a +word that matched no option: difflib is not cheap to load

    from pydig.cli.options import PLUS_OPTIONS  # the table, only for a mistyped word

    names = [name for option in PLUS_OPTIONS if not option.obsolete for name in option.names]
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.75)
    return close[0] if close else None
