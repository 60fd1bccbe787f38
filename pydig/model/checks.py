"""What a run that tests servers asks for: +compare, +serial-lag, +watch and its ends."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from pydig.immutable import immutable

if TYPE_CHECKING:
    from typing import Literal

# Quoted: typing's Literal[] costs a start more than the rest of this module.
CompareMode: TypeAlias = 'Literal["servers", "ns"]'
# +watch-until's two words; any other value is an rdata in presentation form.
UNTIL_CHANGED = "changed"
UNTIL_AGREE = "agree"


@immutable(kw_only=True)
class Checks:
    """+compare, +compare-ttl, +serial-lag, +watch*: how the answers are compared and
    how long they are watched.  The default record asks for nothing of the kind."""

    compare: CompareMode | None = None  # the @servers, or every address of the zone's NS set
    compare_ttl: bool = False
    serial_lag: int = 0  # SOA serials this far behind the newest still agree
    watch: bool = False
    watch_interval: int | None = None  # None: the answer's TTL, within bounds
    watch_until: str | None = None  # UNTIL_CHANGED, UNTIL_AGREE or an rdata's text
    watch_timeout: int | None = None

    @property
    def active(self) -> bool:
        return self.compare is not None or self.watch
