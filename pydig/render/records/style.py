"""The display switches for records (RecordStyle) and the text style of one rdata they give."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydig.immutable import immutable
from pydig.model.display import DisplayOptions

if TYPE_CHECKING:  # columns.py is loaded when a style first needs it: +short of an address never
    from pydig.render.records.columns import Columns


@immutable(kw_only=True)
class RecordStyle:
    """The dns_master_style_t and style flags dig hands to BIND for records and questions."""

    ttlid: bool = True
    show_class: bool = True
    multiline: bool = False
    rrcomments: bool = False  # BIND's explanatory comments (key ids, SOA timers)
    ttlunits: bool = False
    crypto: bool = True  # False: key material, digests and signatures are left out
    expandaaaa: bool = False
    unknownformat: bool = False  # every rdata, class and type in the RFC 3597 form
    split: int | None = None  # dig's +split width; None is BIND's default, 0 no splitting
    yaml: bool = False  # fields one space apart; an IPv6 address never ends in "::"

    @functools.cached_property
    def rdata_style(self) -> RdataStyle:
        """How record data is written in this style: worked out once, not per record."""
        return RdataStyle.of(self)

    @functools.cached_property
    def columns(self) -> Columns:
        """Where a record line's fields start in this style."""
        from pydig.render.records.columns import columns_for

        return columns_for(multiline=self.multiline, ttlid=self.ttlid, show_class=self.show_class)


PLAIN = RecordStyle()

_STYLES_KEPT = 32  # a run has one or two displays: one style each


def _by_identity(
    make: Callable[[DisplayOptions], RecordStyle],
) -> Callable[[DisplayOptions], RecordStyle]:
    """make(display), kept for each display (equal ones share a style) and found again
    by the display's identity first: a batch's lines share one display, and a record's
    hash is a Python call (the lru_cache's), its identity is not."""
    shared = functools.lru_cache(maxsize=_STYLES_KEPT)(make)
    kept: dict[int, tuple[DisplayOptions, RecordStyle]] = {}  # by id(), the display kept

    @functools.wraps(make)
    def style(display: DisplayOptions) -> RecordStyle:
        entry = kept.get(id(display))
        if entry is None or entry[0] is not display:
            if len(kept) >= _STYLES_KEPT:
                kept.clear()
            entry = kept[id(display)] = (display, shared(display))
        return entry[1]

    return style


@_by_identity
def section_style(display: DisplayOptions) -> RecordStyle:
    """The style dig.c's printmessage builds for message sections.  +yaml ignores every
    other switch; +multiline turns comments on unless +norrcomments said otherwise."""
    if display.yaml:
        return RecordStyle(split=display.split, yaml=True)
    rrcomments = display.rrcomments
    return RecordStyle(
        ttlid=display.ttlid,
        show_class=display.show_class,
        multiline=display.multiline,
        rrcomments=rrcomments if rrcomments is not None else display.multiline,
        ttlunits=display.ttlunits,
        crypto=display.crypto,
        expandaaaa=display.expandaaaa,
        unknownformat=display.unknownformat,
        split=display.split,
    )


@_by_identity
def short_style(display: DisplayOptions) -> RecordStyle:
    """The style of dig.c's say_message (+short): single-line, comments only when asked."""
    return RecordStyle(
        rrcomments=display.rrcomments is True,
        crypto=display.crypto,
        expandaaaa=display.expandaaaa,
        unknownformat=display.unknownformat,
        split=display.split,
    )


@immutable(kw_only=True)
class RdataStyle:
    """The dns_rdata_textctx_t dig ends up with (dns_rdata_tofmttext)."""

    multiline: bool
    width: int  # the budget for hex and base64 runs; 0: no splitting
    linebreak: str  # what separates the pieces of a long rdata
    rrcomments: bool
    crypto: bool
    expandaaaa: bool
    yaml: bool

    @classmethod
    def of(cls, style: RecordStyle) -> RdataStyle:
        from pydig.render.records.columns import LINE_LENGTH, MULTILINE_RDATA_COLUMN, indent

        if style.split is None:
            # BIND's default: the line length left after the rdata column, which is 32 in
            # multiline output; 60 for a single line
            width = LINE_LENGTH - MULTILINE_RDATA_COLUMN if style.multiline else 60
        else:
            # dig adds 3 so that the totext functions' "width - 2" gives runs of exactly W
            width = style.split + 3 if style.split else 0
        return cls(
            multiline=style.multiline,
            width=width,
            # continuation lines of multiline rdata are indented to the rdata column
            linebreak="\n" + indent(0, MULTILINE_RDATA_COLUMN) if style.multiline else " ",
            rrcomments=style.rrcomments,
            crypto=style.crypto,
            expandaaaa=style.expandaaaa,
            yaml=style.yaml,
        )

    def opened(self, head: str) -> str:
        """Text before a long field: ' (' and a line break when multiline."""
        return head + (" (" if self.multiline else "") + self.linebreak

    def closed(self, text: str) -> str:
        return text + (" )" if self.multiline else "")

    def wrapped(self, text: str) -> str:
        """'( text )' around a whole rdata when multiline (DHCID, IPSECKEY, HIP, ...)."""
        return f"( {text} )" if self.multiline else text
