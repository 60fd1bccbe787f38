"""+compare and +watch with +table: one table, a row per server, grouped as they agree."""

from __future__ import annotations

from rich import box
from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from pydig.model.comparison import Comparison, Group
from pydig.render.colour import Palette, colourize
from pydig.render.compare import (
    display_of,
    failure_reason,
    question_text,
    verdict_text,
)
from pydig.render.dig import rcode_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import short_style


def _serial(group: Group) -> str:
    if group.serial is None:
        return ""
    return f"{group.serial} ({group.behind} behind)" if group.behind else str(group.serial)


def comparison_table(comparison: Comparison, *, heading: str = "") -> RenderableType:
    """SERVER, STATUS, SERIAL (for SOA answers), ANSWER; the verdict under the table."""
    style = short_style(display_of(comparison))
    serials = comparison.newest is not None
    columns = ["SERVER", "STATUS", *(["SERIAL"] if serials else []), "ANSWER"]
    table = Table(*columns, box=box.ROUNDED, header_style="bold", title=heading or None)
    for column in table.columns:
        column.overflow = "fold"
    for number, group in enumerate(comparison.groups):
        message = group.reply.message
        status = rcode_text(message.rcode())
        answer = "\n".join(rdata_text(rdata, style) for rrset in message.answer for rdata in rrset)
        for position, member in enumerate(group.members):
            last = position == len(group.members) - 1 and (
                number < len(comparison.groups) - 1 or bool(comparison.unreached)
            )
            cells = [
                Text(member.server_text, style=Palette.comment),
                Text(status, Palette.status_ok if status == "NOERROR" else Palette.status_bad),
                *([Text(_serial(group))] if serials else []),
                colourize(answer, short=True),
            ]
            table.add_row(*cells, end_section=last)
    for observed in comparison.unreached:
        cells = [
            Text(observed.server_text, style=Palette.comment),
            Text("no reply", style=Palette.failure),
            *([Text("")] if serials else []),
            Text(failure_reason(observed), style=Palette.failure),
        ]
        table.add_row(*cells)
    verdict = Text(f"{question_text(comparison)}: {verdict_text(comparison)}")
    verdict.stylize(Palette.status_ok if comparison.status == 0 else Palette.status_bad)
    return RichGroup(table, verdict)
