"""Whole record and question lines as dig prints them in a message section.

A line is its owner's text, then what follows it: the TTL, class, type and data, each at
its column.  For the lean reader's records what follows the owner is made once a run: a
batch's replies repeat their authority and additional records byte for byte, and their
answers and questions differ from one lookup to the next by the owner alone.  It is found
by where the owner's text ends (the columns of what follows depend on it and on nothing
else of the owner) and the record's TTL, class, type and data, in a table of the style's
and of whether names are shown in Unicode (+idnout: names in the data are).  A lean
owner's text is made once for each wire form, with no Name made when no label needs
escaping (owner_text); a section the lean reader shares between replies (a tuple of its
records) is made text of once in each table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import dns.name
import dns.rdata

from pydig.render.records.columns import placed, width
from pydig.render.records.fields import ttl_text
from pydig.render.records.mnemonics import class_text, type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import PLAIN, RecordStyle
from pydig.render.records.wire_data import owner_text
from pydig.wire.idn import name_text, showing_unicode
from pydig.wire.lean_message import LeanRecord

if TYPE_CHECKING:
    from pydig.model.message import RecordData

# What follows an owner, by (the owner's width, TTL, class, type, data); a question's by
# (the owner's width, class, type).
_Tails: TypeAlias = "dict[tuple[int, int, int, int, bytes], str]"
_QuestionTails: TypeAlias = "dict[tuple[int, int, int], str]"


class LineTable:
    """Record and question lines in one style, with names shown in Unicode or not as they
    are when line_table() gives it (use it only under that setting), and what follows the
    owners of the lean records and questions it has made.  The style is kept, so that its
    id is not reused."""

    __slots__ = ("_questions", "_records", "_shared", "style")

    def __init__(self, style: RecordStyle) -> None:
        self.style = style
        self._records: _Tails = {}
        self._questions: _QuestionTails = {}
        self._shared: dict[tuple[LeanRecord, ...], str] = {}

    def lean_lines(self, records: Sequence[LeanRecord]) -> str:
        """The lean reader's records of a section (each its own RRset), as rr_lines()
        makes them, each with its newline.  A tuple of them is a section the lean reader
        shares between the replies that repeat it byte for byte (LeanMessage.sections):
        its text is made once, kept by the records themselves (a LeanRecord is equal
        only to itself, and never changes)."""
        if isinstance(records, tuple):
            shared = self._shared
            text = shared.get(records)
            if text is None:
                if len(shared) >= _SHARED_KEPT:
                    shared.clear()
                text = shared[records] = self._lines(records)
            return text
        return self._lines(records)

    def _lines(self, records: Sequence[LeanRecord]) -> str:
        text = ""
        for record in records:
            owner = owner_text(record.owner)
            tail = self.lean_tail(width(owner), record.ttl, record.rdclass, record)
            text += owner + tail + "\n"
        return text

    def lean_tail(self, column: int, ttl: int, rdclass: int, record: LeanRecord) -> str:
        """A lean record's line after an owner that ends at column."""
        tails = self._records
        key = (column, ttl, rdclass, record.rdtype, record.data)
        tail = tails.get(key)
        if tail is None:
            if len(tails) >= _TAILS_KEPT:
                tails.clear()
            tail = tails[key] = _following(column, ttl, rdclass, record, self.style)
        return tail

    def question(self, owner: str, rdclass: int, rdtype: int) -> str:
        """question_line() in this table's style, for a name of this text (name_text(),
        or a lean question's owner_text())."""
        style = self.style
        column = width(owner)
        tails = self._questions
        key = (column, rdclass, rdtype)
        tail = tails.get(key)
        if tail is None:
            if len(tails) >= _TAILS_KEPT:
                tails.clear()
            columns = style.columns
            fields = [
                (columns.rdclass, class_text(rdclass, unknown=style.unknownformat)),
                (columns.rdtype, type_text(rdtype, unknown=style.unknownformat)),
            ]
            tail = tails[key] = placed(column, fields, yaml=style.yaml)
        return owner + tail if style.yaml else ";" + owner + tail


_TABLES: dict[tuple[int, bool], LineTable] = {}
_TABLES_KEPT = 64  # styles; a run has one or two
_TAILS_KEPT = 4096  # in a table, then it starts again
_SHARED_KEPT = 256  # shared sections in a table (as the lean reader keeps), then again


def line_table(style: RecordStyle) -> LineTable:
    """The lines of this style, under the +idnout setting in force."""
    key = (id(style), showing_unicode())
    table = _TABLES.get(key)
    if table is None or table.style is not style:
        if len(_TABLES) >= _TABLES_KEPT:
            _TABLES.clear()
        table = _TABLES[key] = LineTable(style)
    return table


def rr_lines(
    name: dns.name.Name,
    ttl: int,
    rdclass: int,
    rdata: RecordData,
    style: RecordStyle = PLAIN,
) -> str:
    """One record as dig prints it in a message section, without the final newline."""
    owner = name_text(name)
    if isinstance(rdata, LeanRecord) and rdclass == rdata.rdclass:  # as the tables know it
        return owner + line_table(style).lean_tail(width(owner), ttl, rdclass, rdata)
    return owner + _following(width(owner), ttl, rdclass, rdata, style)


def _following(column: int, ttl: int, rdclass: int, rdata: RecordData, style: RecordStyle) -> str:
    """A record line after an owner that ends at column."""
    columns = style.columns
    fields = []
    if style.ttlid:
        fields.append((columns.ttl, ttl_text(ttl) if style.ttlunits else str(ttl)))
    if style.show_class:
        fields.append((columns.rdclass, class_text(rdclass, unknown=style.unknownformat)))
    fields.append((columns.rdtype, type_text(rdata.rdtype, unknown=style.unknownformat)))
    fields.append((columns.rdata, rdata_text(rdata, style)))
    return placed(column, fields, yaml=style.yaml)


def question_line(
    name: dns.name.Name, rdclass: int, rdtype: int, style: RecordStyle = PLAIN
) -> str:
    """A QUESTION SECTION line.  The class is always shown (question_totext ignores +noclass),
    but +nottlid, +noclass and +multiline still move the class and type columns.  Outside
    YAML it is commented out with ";" (which the columns do not count)."""
    return line_table(style).question(name_text(name), rdclass, rdtype)
