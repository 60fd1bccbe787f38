"""+table: each reply as a rich table (NAME, TTL, CLASS, TYPE, DATA) under a line giving its
status and the server that sent it; a reverse sweep as one table, a row per address.
A pure function of the Exchange, like the text views; pydig/console/output.py prints it
at the terminal's width, where wide data wraps inside its cell (names, TTLs, classes and
types never do, nor the status line), or, in a pipe, at its own width.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from pydig.model.diagnosis import HopReport
from pydig.model.display import DisplayOptions
from pydig.model.events import Answer, Exchange, Note, Reply
from pydig.model.sweep import AddressResult
from pydig.render.colour import Palette, colourize
from pydig.render.dig import rcode_text
from pydig.render.hops import HOP_COLUMNS, hop_cells, trust_lines, verdict_line
from pydig.render.records.fields import ttl_text
from pydig.render.records.mnemonics import class_text, type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import short_style
from pydig.render.sweep import confirmation
from pydig.wire.idn import name_text, shown_in_unicode

if TYPE_CHECKING:
    from pydig.model.message import MessageView, RecordSet

COLUMNS = ("NAME", "TTL", "CLASS", "TYPE", "DATA")
# (title shown above the section's rows, index in the message's sections)
_SECTIONS = (("answer", 1), ("authority", 2), ("additional", 3))


def table_view(exchange: Exchange) -> RenderableType:
    """What +table shows for one lookup: notes, a table per reply, and any failure; names
    in Unicode under +idnout, as in dig's text."""
    with shown_in_unicode(exchange.lookup.display.idnout):
        return Group(*_parts(exchange))


def _parts(exchange: Exchange) -> Iterator[RenderableType]:
    display = exchange.lookup.display
    if exchange.hops:
        yield from hops_view(exchange.hops)
    verdict = exchange.verdict.status if exchange.verdict is not None else None
    for event in exchange.events:
        if isinstance(event, Note):
            yield whole_line(colourize(event.text))
        elif isinstance(event, Answer):
            yield reply_heading(event.reply, exchange.lookup.use_usec)
            yield reply_table(event.reply.message, display, verdict=verdict)
    if exchange.failure is not None:
        yield whole_line(Text(exchange.failure.lstrip("; "), style=Palette.failure))
    if exchange.verdict is not None:
        yield Text(verdict_line(exchange.verdict).strip(), style=Palette.comment)


def hops_view(hops: Sequence[HopReport]) -> Iterator[RenderableType]:
    """A readable +trace: a row per server asked at each hop, then the chain of trust."""
    table = Table(*HOP_COLUMNS, box=box.ROUNDED, header_style="bold")
    for column in table.columns:
        column.overflow = "fold"
    for column in table.columns[5:7]:
        column.justify = "right"
    for hop in hops:
        rows = list(hop_cells(hop))
        for number, cells in enumerate(rows):
            styled = [Text(cell) for cell in cells]
            styled[3].stylize(
                Palette.status_ok if cells[3].startswith("NOERROR") else Palette.status_bad
            )
            styled[7].stylize(Palette.failure)
            table.add_row(*styled, end_section=number == len(rows) - 1)
    yield table
    for line in trust_lines(hops):
        yield Text(line, style=Palette.failure if "bogus" in line else Palette.comment)


def reply_heading(reply: Reply, use_usec: bool) -> Text:
    """ "NOERROR  example.test. IN A  from 127.0.0.1#53 (UDP) in 2 ms" """
    message = reply.message
    status = rcode_text(message.rcode())
    heading = Text()
    heading.append(status, Palette.status_ok if status == "NOERROR" else Palette.status_bad)
    if message.question:
        question = message.question[0]
        heading.append("  ")
        heading.append(name_text(question.name), Palette.owner)
        heading.append(" ")
        heading.append(class_text(question.rdclass), Palette.rdclass)
        heading.append(" ")
        heading.append(type_text(question.rdtype), Palette.rdtype)
    micro = int(reply.elapsed * 1_000_000)
    elapsed = f"{micro} us" if use_usec else f"{micro // 1000} ms"
    heading.append(
        f"  from {reply.server.address}#{reply.port} ({reply.transport}) in {elapsed}",
        Palette.comment,
    )
    return whole_line(heading)


def whole_line(text: Text) -> Text:
    """A line rich never wraps or cuts (the terminal folds it if it must)."""
    text.no_wrap, text.overflow = True, "ignore"
    return text


def reply_table(
    message: MessageView, display: DisplayOptions, *, verdict: str | None = None
) -> RenderableType:
    """The records of the sections the display switches show; sections after the answer
    are introduced by a row naming them.  +validate adds a DNSSEC column to the answer."""
    shown = [
        (title, message.sections[index])
        for title, index in _SECTIONS
        if getattr(display, title) and message.sections[index]
    ]
    if not shown:
        return Text("(no records)", style=Palette.comment)
    columns = (*COLUMNS, "DNSSEC") if verdict is not None else COLUMNS
    table = Table(*columns, box=box.ROUNDED, header_style="bold")
    for column in table.columns:
        column.no_wrap = True  # a name, a TTL, a class or a type is never split
    data = table.columns[4]
    data.no_wrap, data.overflow = False, "fold"  # long data wraps inside its cell
    table.columns[1].justify = "right"
    widest = [len(column) for column in columns]
    for position, (title, rrsets) in enumerate(shown):
        if title != "answer":
            table.add_row(Text(title, style=Palette.section))
        rows = list(_rows(rrsets, display))
        if verdict is not None:
            rows = [[*row, Text(verdict if title == "answer" else "")] for row in rows]
        for number, row in enumerate(rows):
            last_of_section = number == len(rows) - 1 and position < len(shown) - 1
            table.add_row(*row, end_section=last_of_section)
            widest = [max(width, cell.cell_len) for width, cell in zip(widest, row, strict=True)]
    widest[4] = min(widest[4], MIN_DATA_WIDTH)
    return NeverCut(table, sum(widest) + 3 * len(widest) + 1)


MIN_DATA_WIDTH = 8  # the narrowest DATA column worth wrapping into


class NeverCut:
    """A table at the console's width, or wider when that would cut a name short: the
    terminal then folds the long lines, but rich never puts an ellipsis in a name."""

    def __init__(self, table: Table, minimum: int) -> None:
        self.table = table
        self.minimum = minimum  # borders, the widest names, TTLs, classes and types

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.table.width = self.minimum if options.max_width < self.minimum else None
        yield self.table


def _rows(rrsets: Sequence[RecordSet], display: DisplayOptions) -> Iterator[list[Text]]:
    style = short_style(display)
    for rrset in rrsets:
        for rdata in rrset:
            yield [
                Text(name_text(rrset.name), style=Palette.owner),
                Text(ttl_text(rrset.ttl), style=Palette.ttl),
                Text(class_text(rrset.rdclass), style=Palette.rdclass),
                Text(type_text(rrset.rdtype), style=Palette.rdtype),
                colourize(rdata_text(rdata, style), short=True),
            ]


def sweep_table(results: Iterable[AddressResult], *, fcrdns: bool, idnout: bool) -> Table:
    """ADDRESS, NAME, STATUS, and CHAIN when an address went through one (FCRDNS too
    under +fcrdns): one row per address, its PTR names one per line."""
    rows = list(results)
    chained = any(len(result.chain) > 1 for result in rows)
    columns = ["ADDRESS", "NAME", "STATUS"] + ["CHAIN"] * chained + ["FCRDNS"] * fcrdns
    table = Table(*columns, box=box.ROUNDED, header_style="bold")
    for column in table.columns:
        column.overflow = "fold"
    with shown_in_unicode(idnout):
        for result in rows:
            status = result.word + (f" ({result.why})" if result.why else "")
            cells = [
                Text(str(result.address), style=Palette.owner),
                Text("\n".join(name_text(name) for name in result.ptrs)),
                Text(
                    status, style=Palette.status_ok if result.status.found else Palette.status_bad
                ),
            ]
            if chained:
                cells.append(Text(" -> ".join(name_text(name) for name in result.chain[1:])))
            if fcrdns:
                marks = (confirmation(result, index) for index in range(len(result.ptrs)))
                cells.append(Text("\n".join(marks)))
            table.add_row(*cells)
    return table
