"""dig's special modes, +trace and +nssearch, in which one lookup becomes several.

`exchanges(lookup, settings, ip_version)` is what the runner renders for one lookup:
the lookup's own exchange, or one per server a special mode asks.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydig.lookup.limits import DigFatal
from pydig.lookup.requeue import lookups
from pydig.model.exchange import Exchange, Lookup
from pydig.model.invocation import QuerySettings

__all__ = ["DigFatal", "exchanges"]


def exchanges(
    lookup: Lookup, settings: QuerySettings, *, ip_version: int | None
) -> Iterator[Exchange]:
    """The exchanges to render for one lookup, in order.  dig lets +nssearch win when
    +trace is given too (it never prints the trace's replies).  The modes are imported
    only when asked for: a plain lookup starts faster without their threads and logging."""
    if settings.nssearch:
        from pydig.lookup.nssearch import nssearch

        return nssearch(lookup, settings, ip_version=ip_version)
    if settings.trace and (
        settings.trace_all or settings.validate or lookup.display.format != "dig"
    ):
        from pydig.lookup.diagnose import diagnose

        return diagnose(lookup, settings, ip_version=ip_version)
    if settings.trace:
        from pydig.lookup.trace import trace

        return trace(lookup, settings, ip_version=ip_version)
    if settings.validate:
        from pydig.lookup.validate import validated

        return validated(lookups(lookup), lookup, settings)
    return lookups(lookup)
