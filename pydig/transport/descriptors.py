"""How many lookups may be in flight within the process's open-file limit (RLIMIT_NOFILE):
each holds a socket, and a run past the limit could open neither sockets nor modules."""

from __future__ import annotations

import resource

# Standard streams, +sweep-state's file, imports, TLS, slack, and the sockets the engine
# keeps for reuse (transport.engine.REST_AT_MOST).
RESERVED_DESCRIPTORS = 128


def within_descriptors(ceiling: int) -> int:
    """The ceiling, lowered to what the process's open-file limit leaves for sockets."""
    try:
        limit, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (OSError, ValueError):
        return ceiling
    if limit == resource.RLIM_INFINITY:
        return ceiling
    return max(1, min(ceiling, limit - RESERVED_DESCRIPTORS))
