"""Renderers: pure functions from an Exchange to the text pydig prints.

`render(exchange)` picks the renderer the lookup's display options ask for.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydig.exchange import Exchange
from pydig.render.dig import render_exchange


def render(exchange: Exchange) -> Iterator[str]:
    """The text for one lookup, in the format its display options choose."""
    return render_exchange(exchange)
