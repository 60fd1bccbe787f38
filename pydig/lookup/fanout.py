"""Ask many servers at once: the one place a walk sends several lookups together.

+trace-all asks every address of every server of a hop, and +validate asks for the keys
of every zone of a name, each as its own lookup; this sends them all at once, each as its
own machine on one engine (no threads), and hands the exchanges back in the order of the
lookups.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydig.model.events import Exchange
from pydig.model.exchange import Lookup
from pydig.transport.actions import Machine, Together
from pydig.transport.driven import drive
from pydig.transport.send import ask


def _numbered(number: int, lookup: Lookup) -> Machine[tuple[int, Exchange]]:
    exchange = yield from ask(lookup)
    return number, exchange


def _all(lookups: Sequence[Lookup]) -> Machine[list[Exchange]]:
    finished: list[tuple[int, Exchange]] = yield Together(
        tuple(_numbered(number, lookup) for number, lookup in enumerate(lookups))
    )
    return [exchange for _, exchange in sorted(finished, key=lambda pair: pair[0])]


def ask_all(lookups: Sequence[Lookup]) -> list[Exchange]:
    """Every lookup sent at once (each as dig sends one); their exchanges, in order."""
    return drive(_all(lookups))
