"""Renderers: pure functions from an Exchange to the text pydig prints.

`render(exchange)` picks the renderer the lookup's display options ask for.  +table is
not text but a rich table, which pydig/console/output.py prints with render.table.table_view().
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydig.model.exchange imports render.style, which runs this package first
    from pydig.model.events import Exchange


def render(exchange: Exchange) -> Iterator[str]:
    """The text for one lookup, in the format its display options choose: dig's or +json's.

    Like dig, names are shown in Unicode (+idnout) only while the lookup is printed:
    the text is made here, all of it, inside that setting.
    """
    from pydig.wire.idn import shown_in_unicode

    with shown_in_unicode(exchange.lookup.display.idnout):
        return iter(list(_pieces(exchange)))


def _pieces(exchange: Exchange) -> Iterator[str]:
    if exchange.lookup.display.format == "json":
        from pydig.render.json import render_json  # only when asked: a smaller cold start

        return render_json(exchange)
    if exchange.hops or exchange.verdict is not None:
        return _diagnosed(exchange)
    return _text(exchange)


def _text(exchange: Exchange) -> Iterator[str]:
    if exchange.lookup.display.yaml:
        from pydig.render.yaml import render_yaml

        return render_yaml(exchange)
    from pydig.render.dig import render_exchange

    return render_exchange(exchange)


def _diagnosed(exchange: Exchange) -> Iterator[str]:
    """A readable +trace's hops before the final reply's text, +validate's verdict after,
    as comment lines (YAML's comments under +yaml)."""
    from pydig.render.hops import hops_text, verdict_line

    comments = list(hops_text(exchange.hops))
    verdict = [verdict_line(exchange.verdict)] if exchange.verdict is not None else []
    if exchange.lookup.display.yaml:
        comments, verdict = (["#" + line[2:] for line in lines] for lines in (comments, verdict))
    yield from comments
    yield from _text(exchange)
    yield from verdict
