"""Where a record line's fields start: BIND's column stops and indent() (masterdump.c)."""

from __future__ import annotations

from pydig.immutable import immutable

_TAB_WIDTH = 8
LINE_LENGTH = 80
MULTILINE_RDATA_COLUMN = 32


@immutable
class Columns:
    """Where a record line's TTL, class, type and data start."""

    ttl: int
    rdclass: int
    rdtype: int
    rdata: int


_NARROW_COLUMNS = Columns(24, 24, 24, 32)
_MIDDLE_COLUMNS = Columns(24, 24, 32, 40)
_WIDE_COLUMNS = Columns(24, 32, 40, 48)


def columns_for(*, multiline: bool, ttlid: bool, show_class: bool) -> Columns:
    """The column stops dig.c gives dns_master_stylecreate() for these switches."""
    if multiline or (not ttlid and not show_class):
        return _NARROW_COLUMNS
    if not ttlid or not show_class:
        return _MIDDLE_COLUMNS
    return _WIDE_COLUMNS


def indent(column: int, target: int) -> str:
    """BIND's indent(): tabs to the last tab stop before target, then spaces; at least one."""
    if target <= column:
        target = column + 1
    tabs = target // _TAB_WIDTH - column // _TAB_WIDTH
    if tabs > 0:
        return "\t" * tabs + " " * (target % _TAB_WIDTH)
    return " " * (target - column)


def width(text: str) -> int:
    """Where text ends, as BIND counts columns: in bytes."""
    return len(text) if text.isascii() else len(text.encode())


def placed(column: int, fields: list[tuple[int, str]], *, yaml: bool = False) -> str:
    """Fields after text that ends at column, each starting at its own column, or one
    space after the previous field when that one ran past it.  Columns count a tab as
    reaching the next tab stop.  YAML output puts one space between fields instead
    (masterdump.c's INDENT_TO)."""
    if yaml:
        return "".join(" " + field for _, field in fields)
    pieces = []
    for target, field in fields:
        pieces.append(indent(column, target))
        column = (target if target > column else column + 1) + width(field)
        pieces.append(field)
    return "".join(pieces)
