"""dig's limits on the lookups one command-line name may cost (BIND 9.18 dighost.c).

Apart from followup.py, so that a plain lookup, which counts its lookups too (search
domains, BADCOOKIE retries), loads nothing of +trace and +nssearch.
"""

from __future__ import annotations

from pydig.immutable import mutable

LOOKUP_LIMIT = 64  # dig's LOOKUP_LIMIT: lookups one command-line name may cost


@mutable
class LookupCounter:
    """dig's lookup_counter, which every new lookup of one command-line name raises."""

    count: int = 0

    def add(self) -> str | None:
        """Count one more lookup; dig's fatal message when that is one too many."""
        self.count += 1
        return "too many lookups" if self.count > LOOKUP_LIMIT else None
