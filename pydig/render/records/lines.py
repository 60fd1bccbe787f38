"""Whole record and question lines as dig prints them in a message section."""

from __future__ import annotations

import dns.name
import dns.rdata

from pydig.model.message import RecordData
from pydig.render.records.columns import aligned
from pydig.render.records.fields import ttl_text
from pydig.render.records.mnemonics import class_text, type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import PLAIN, RecordStyle
from pydig.wire.idn import name_text, showing_unicode
from pydig.wire.lean_message import LeanRecord

# Record lines already made, for the lean reader's records: a batch's replies repeat
# their authority and additional sections, and the reader shares one Name per spelling,
# so a line is made once and found by the Name's identity (kept alive beside it), the
# record's fields and data, the style and whether names are shown in Unicode.
_LINES: dict[tuple[int, int, int, int, bytes, int, bool], tuple[object, object, str]] = {}
_LINES_KEPT = 4096  # then the table starts again


def rr_lines(
    name: dns.name.Name,
    ttl: int,
    rdclass: int,
    rdata: RecordData,
    style: RecordStyle = PLAIN,
) -> str:
    """One record as dig prints it in a message section, without the final newline."""
    if not isinstance(rdata, LeanRecord):
        return _line(name, ttl, rdclass, rdata, style)
    key = (id(name), ttl, rdclass, rdata.rdtype, rdata.data, id(style), showing_unicode())
    made = _LINES.get(key)
    if made is not None and made[0] is name and made[1] is style:
        return made[2]
    if len(_LINES) >= _LINES_KEPT:
        _LINES.clear()
    text = _line(name, ttl, rdclass, rdata, style)
    _LINES[key] = (name, style, text)
    return text


def _line(
    name: dns.name.Name, ttl: int, rdclass: int, rdata: RecordData, style: RecordStyle
) -> str:
    columns = style.columns
    fields = [(0, name_text(name))]
    if style.ttlid:
        fields.append((columns.ttl, ttl_text(ttl) if style.ttlunits else str(ttl)))
    if style.show_class:
        fields.append((columns.rdclass, class_text(rdclass, unknown=style.unknownformat)))
    fields.append((columns.rdtype, type_text(rdata.rdtype, unknown=style.unknownformat)))
    fields.append((columns.rdata, rdata_text(rdata, style)))
    return aligned(fields, yaml=style.yaml)


def question_line(
    name: dns.name.Name, rdclass: int, rdtype: int, style: RecordStyle = PLAIN
) -> str:
    """A QUESTION SECTION line.  The class is always shown (question_totext ignores +noclass),
    but +nottlid, +noclass and +multiline still move the class and type columns.  Outside
    YAML it is commented out with ";"."""
    columns = style.columns
    fields = [
        (0, name_text(name)),
        (columns.rdclass, class_text(rdclass, unknown=style.unknownformat)),
        (columns.rdtype, type_text(rdtype, unknown=style.unknownformat)),
    ]
    text = aligned(fields, yaml=style.yaml)
    return text if style.yaml else ";" + text


def short_rdata(rdata: RecordData, style: RecordStyle = PLAIN) -> str:
    """What dig +short prints for one record: the single-line rdata."""
    return rdata_text(rdata, style)
