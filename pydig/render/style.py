"""Display settings: what dig's +[no]option display switches choose, as one frozen record."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, kw_only=True)
class DisplayOptions:
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
