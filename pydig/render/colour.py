"""Colour for dig's text: a pure function from the plain text to a styled rich Text.

It reads dig's line grammar and adds styles only, so `colourize(text).plain == text` for any
text rich accepts unchanged (rich drops BEL, BS, VT, FF and CR: see `keeps_every_character`).
- comment lines (";" and ";;") are dimmed, warnings yellow, failures red;
- in the header, the status is green for NOERROR and bright red for anything else;
- record lines (owner, TTL, class, type, rdata) get a steady colour per field, and the
  rdata is coloured by what each word is: an address, a domain name, quoted text;
- the continuation lines of a +multiline record and "; ..." record comments are understood.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import lru_cache

import dns.rdatatype
from rich.control import strip_control_codes
from rich.style import Style
from rich.text import Text


class Palette:
    """The style of each part of dig's output: the 16 standard colours, readable on any theme."""

    comment = Style(dim=True)
    section = Style(dim=True, bold=True)
    warning = Style(color="yellow")
    failure = Style(color="bright_red", bold=True)
    status_ok = Style(color="green", bold=True)
    status_bad = Style(color="bright_red", bold=True)
    owner = Style(color="cyan", bold=True)
    ttl = Style(color="yellow")
    rdclass = Style(color="blue")
    rdtype = Style(color="magenta", bold=True)
    address = Style(color="green", bold=True)
    name = Style(color="cyan")
    text = Style(color="green")
    punctuation = Style(dim=True)


_WARNING_PREFIXES = (";; WARNING", ";; Warning", ";; Truncated", ";; BADVERS")
_FAILURE_PREFIXES = (
    ";; no servers could be reached",
    ";; communications error",
    ";; Connection to",
    ";; Got bad packet",
    ";; ERROR",
    ";; ;; Question section mismatch",
    "; Transfer failed",
)
_SECTION_TITLE = re.compile(r";; [A-Z ]+ (?:SECTION|PSEUDOSECTION):$")
_STATUS = re.compile(r"status: ([^,\s]+)")
_WORD = re.compile(r"[^\s]+")
_TTL = re.compile(r"\d+|(?:\d+[wdhms])+")
_CLASS = re.compile(r"IN|CH|HS|NONE|ANY|CLASS\d+")
_TYPE = re.compile(r"[A-Z][A-Z0-9-]*")
# Pieces of rdata: a quoted string, a comment, a bracket, or a word ("\(" is part of a word).
_RDATA_PIECE = re.compile(r'"(?:[^"\\]|\\.)*"?|;.*|[()]|(?:\\.|[^\s"();\\])+')
_IDENTIFY = re.compile(r" from server \S+ in \d+ (?:ms|us)\.$")


def keeps_every_character(text: str) -> bool:
    """Whether rich's Text keeps `text` as it is (it silently drops a few control codes)."""
    return strip_control_codes(text) == text


def colourize(text: str, *, short: bool = False) -> Text:
    """dig's `text` with styles; `short` says the lines are +short answers, not records."""
    styled = Text(text)
    in_brackets = False
    for start, line in _lines(text):
        for span_start, span_end, style in _line_spans(line, short=short, open_=in_brackets):
            styled.stylize(style, start + span_start, start + span_end)
        if not line.startswith(";"):
            in_brackets = _still_open(line, in_brackets)
    return styled


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for each line."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


Span = tuple[int, int, Style]


def _line_spans(line: str, *, short: bool, open_: bool) -> list[Span]:
    if not line:
        return []
    if open_:
        return _rdata_spans(line, 0)
    if line.startswith(";"):
        return _comment_spans(line)
    if short:
        return _short_spans(line)
    record = _record_spans(line)
    return record if record is not None else _rdata_spans(line, 0)


def _comment_spans(line: str) -> list[Span]:
    if line.startswith(_FAILURE_PREFIXES):
        return [(0, len(line), Palette.failure)]
    if line.startswith(_WARNING_PREFIXES):
        return [(0, len(line), Palette.warning)]
    if _SECTION_TITLE.match(line):
        return [(0, len(line), Palette.section)]
    status = _STATUS.search(line) if line.startswith(";; ->>HEADER<<-") else None
    if status is not None:
        value_start, value_end = status.span(1)
        ok = status.group(1) == "NOERROR"
        return [
            (0, value_start, Palette.comment),
            (value_start, value_end, Palette.status_ok if ok else Palette.status_bad),
            (value_end, len(line), Palette.comment),
        ]
    return [(0, len(line), Palette.comment)]


def _short_spans(line: str) -> list[Span]:
    identify = _IDENTIFY.search(line)
    end = identify.start() if identify else len(line)
    spans = _rdata_spans(line[:end], 0)
    if identify:
        spans.append((end, len(line), Palette.comment))
    return spans


def _record_spans(line: str) -> list[Span] | None:
    """Owner, [TTL], [class], type and rdata; None when the line is not a record."""
    words = list(_WORD.finditer(line))
    if len(words) < 2:
        return None
    spans: list[Span] = [(words[0].start(), words[0].end(), Palette.owner)]
    index = 1
    for pattern, style in ((_TTL, Palette.ttl), (_CLASS, Palette.rdclass)):
        if index < len(words) and pattern.fullmatch(words[index].group()):
            spans.append((words[index].start(), words[index].end(), style))
            index += 1
    if index >= len(words) or not _is_type(words[index].group()):
        return None
    type_word = words[index]
    spans.append((type_word.start(), type_word.end(), Palette.rdtype))
    spans.extend(_rdata_spans(line[type_word.end() :], type_word.end()))
    return spans


@lru_cache(maxsize=256)
def _is_type(word: str) -> bool:
    if not _TYPE.fullmatch(word):
        return False
    try:
        dns.rdatatype.from_text(word)
    except (dns.rdatatype.UnknownRdatatype, ValueError):
        return False
    return True


def _rdata_spans(rdata: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    for piece in _RDATA_PIECE.finditer(rdata):
        style = _rdata_style(piece.group())
        if style is not None:
            spans.append((offset + piece.start(), offset + piece.end(), style))
    return spans


def _rdata_style(piece: str) -> Style | None:
    if piece.startswith('"'):
        return Palette.text
    if piece.startswith(";"):
        return Palette.comment
    if piece in ("(", ")"):
        return Palette.punctuation
    if piece.endswith(".") and not piece.replace(".", "").isdigit():
        return Palette.name
    if _is_address(piece):
        return Palette.address
    return None


def _is_address(word: str) -> bool:
    if not (":" in word or word.count(".") == 3):
        return False
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return False
    return True


def _still_open(line: str, open_: bool) -> bool:
    """Whether a +multiline record's "(" is still open after this line."""
    for piece in _RDATA_PIECE.finditer(line):
        if piece.group() == "(":
            open_ = True
        elif piece.group() == ")":
            open_ = False
    return open_
