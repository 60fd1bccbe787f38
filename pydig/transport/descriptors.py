"""How many lookups may be in flight within the process's open-file limit (RLIMIT_NOFILE):
each holds a socket, and a run past the limit could open neither sockets nor modules;
and how many settled sockets a sweep may keep for reuse beside them."""

from __future__ import annotations

import os

from pydig.transport.engine import REST_AT_MOST

# Standard streams, +sweep-state's file, imports, TLS, slack.
OTHER_DESCRIPTORS = 64
# Those, and the sockets the engine keeps for reuse by default (REST_AT_MOST): what the
# ceiling leaves of the process's descriptors.
RESERVED_DESCRIPTORS = OTHER_DESCRIPTORS + REST_AT_MOST


def _descriptor_limit() -> int | None:
    """The process's open-file limit; None when there is none (or it cannot be read).
    sysconf reads RLIMIT_NOFILE's soft limit, as resource.getrlimit() would: the
    resource module's import (a shared library loaded) costs a sweep's start 0.14 ms."""
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (OSError, ValueError):
        return None
    return None if limit < 0 else limit


def within_descriptors(ceiling: int) -> int:
    """The ceiling, lowered to what the process's open-file limit leaves for sockets."""
    limit = _descriptor_limit()
    return ceiling if limit is None else max(1, min(ceiling, limit - RESERVED_DESCRIPTORS))


def kept_within_descriptors(ceiling: int) -> int:
    """How many settled sockets the engine may keep for reuse (Engine.rest_at_most) beside
    `ceiling` lookups in flight: as many as the ceiling (a poll can settle as many as are
    in flight, and the lookups that follow take their sockets) where the open-file limit
    leaves room for them, never fewer than REST_AT_MOST (which RESERVED_DESCRIPTORS holds).
    A socket made and closed for a lookup costs the kernel three times what reuse does:
    with 64 kept, a /16 made a new one for as many as two addresses in three."""
    limit = _descriptor_limit()
    room = ceiling if limit is None else limit - OTHER_DESCRIPTORS - ceiling
    return max(REST_AT_MOST, min(ceiling, room))
