"""dig's special modes, +trace and +nssearch (and +validate), in which one lookup becomes several.

`exchanges(lookup)` is the machine the runner drives for one lookup: it yields the
lookup's own exchanges, or one per server a special mode asks.
"""

from __future__ import annotations

from pydig.errors import DigFatal
from pydig.lookup.requeue import lookups
from pydig.model.exchange import Lookup
from pydig.transport.actions import Machine
from pydig.transport.driven import driven, from_blocking

__all__ = ["DigFatal", "exchanges"]


def exchanges(lookup: Lookup) -> Machine[None]:
    """The exchanges to render for one lookup, in order, as its mode says.  The modes are
    imported only when asked for: a plain lookup starts faster without them."""
    if lookup.mode == "nssearch":
        from pydig.lookup.nssearch import nssearch

        return nssearch(lookup)
    if lookup.hop_settings is None and lookup.mode != "trace":
        return lookups(lookup)  # a plain lookup
    from pydig.lookup.hops import settings_of  # the hops' planner: +trace and +validate

    settings = settings_of(lookup)
    if (
        lookup.mode == "trace"
        and settings is not None
        and (settings.trace_all or settings.validate or lookup.display.format != "dig")
    ):
        from pydig.lookup.diagnose import diagnose

        return from_blocking(diagnose(lookup, settings, ip_version=lookup.ip_version))
    if lookup.mode == "trace":
        from pydig.lookup.trace import trace

        return trace(lookup)
    if settings is not None and settings.validate:
        from pydig.lookup.validate import validated

        return from_blocking(validated(driven(lookups(lookup)), lookup, settings))
    return lookups(lookup)
