"""Ask many servers at once: the one place a walk sends several lookups together.

+trace-all asks every address of every server of a hop, and +validate asks for the keys
of every zone of a name, each as its own lookup; this sends them all at once and hands
the exchanges back in the order of the lookups.  It is the only function to change when
the lookups move onto an event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import dns.rdata

from pydig.model.exchange import Exchange, Lookup
from pydig.transport import send


def ask_all(lookups: Sequence[Lookup]) -> list[Exchange]:
    """Every lookup sent at once (each as dig sends one); their exchanges, in order."""
    if len(lookups) < 2:
        return [send(lookup) for lookup in lookups]
    # Two threads importing one rdata module at once can leave a GenericRdata cached for
    # good: every record class is loaded before the threads start.
    dns.rdata.load_all_types(disable_dynamic_load=False)  # type: ignore[no-untyped-call]
    with ThreadPoolExecutor(max_workers=len(lookups)) as pool:
        return list(pool.map(send, lookups))
