"""Display settings: what dig's +[no]option display switches choose, as one frozen record."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from pydig.immutable import immutable, replace

if TYPE_CHECKING:
    from typing import Literal

# Quoted: typing's Literal[] costs a start more than the rest of this module.
OutputFormat: TypeAlias = 'Literal["dig", "json", "table"]'


@immutable(kw_only=True)
class DisplayOptions:
    """What a lookup's output shows: dig's display switches (+[no]comments, +short, +ttlid...)."""

    comments: bool = True
    question: bool = True
    answer: bool = True
    authority: bool = True
    additional: bool = True
    stats: bool = True
    cmd: bool = True
    short: bool = False
    ttlid: bool = True
    show_class: bool = True
    multiline: bool = False
    identify: bool = False
    qr: bool = False
    # +short in +trace / +nssearch mode: each line starts with the record's type.
    short_types: bool = False
    # dig's rrcomments is three-valued: None is its 0 (comments only with +multiline),
    # True is +rrcomments, False is +norrcomments (and what +short and +yaml set).
    rrcomments: bool | None = None
    ttlunits: bool = False
    crypto: bool = True
    expandaaaa: bool = False
    unknownformat: bool = False
    onesoa: bool = False
    idnout: bool = False  # names shown in Unicode (dig turns it on for a terminal)
    dns64prefix: bool = False  # +dns64prefix: the answer as DNS64 prefixes
    # Global in dig wherever they appear: plan_lookup copies them in from GlobalSettings.
    yaml: bool = False
    split: int | None = None  # +split=W rounded up to a multiple of 4; 0 is +nosplit
    # pydig's own: +json / +table choose the view (global, copied in from GlobalSettings);
    # +[no]color, None leaves it to the terminal.
    format: OutputFormat = "dig"
    color: bool | None = None

    def with_all(self, on: bool) -> DisplayOptions:
        """dig's +[no]all: every section and comment switch at once."""
        return replace(
            self,
            comments=on,
            question=on,
            answer=on,
            authority=on,
            additional=on,
            stats=on,
            cmd=on,
        )
