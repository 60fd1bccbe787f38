"""What a readable +trace found: each hop, each server asked there, and the chain of trust.

Filled in by pydig/lookup/diagnose.py and pydig/lookup/validate.py, shown by
pydig/render/hops.py (text and table) and pydig/render/json.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydig.immutable import immutable

VerdictStatus = Literal["secure", "insecure", "bogus", "indeterminate"]


@immutable(kw_only=True)
class ServerReport:
    """One server asked at one hop: how it answered, how fast, and what is wrong with it."""

    name: str  # the name server's name without the final dot, or its address
    address: str
    status: str  # the RCODE's name, or "timeout" / "error" when nothing usable came back
    flags: tuple[str, ...] = ()  # "aa", "tc"
    said: str = ""  # "referral to leaf.hier. (2 NS, glue)", "answer (1 record)", "NXDOMAIN"
    size: int | None = None  # bytes of the reply
    time_ms: float | None = None
    faults: tuple[str, ...] = ()  # one line each: "lame: REFUSED", "slow: 1002 ms"


@immutable(kw_only=True)
class HopReport:
    """One hop of the walk down from the root: the zone whose servers were asked."""

    hop: int
    zone: str  # the zone asked, with its final dot
    servers: tuple[ServerReport, ...]
    chosen: int | None = None  # the server whose reply the walk followed
    referral_zone: str | None = None  # where the reply sent the walk next
    referral: tuple[str, ...] = ()  # the NS names of that zone, as the parent gives them
    glue: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name server, its glue addresses)
    faults: tuple[str, ...] = ()  # about the hop as a whole: NS mismatch, missing glue...
    trust: tuple[str, ...] = ()  # the chain of trust at this zone, one finding a line


@immutable(kw_only=True)
class Verdict:
    """DNSSEC's verdict on the answer: where the chain of trust ends or breaks, and why."""

    status: VerdictStatus
    reason: str
    decides_status: bool = False  # +validate asked for it: bogus is exit status 13

    @property
    def bogus(self) -> bool:
        return self.status == "bogus"

    def text(self) -> str:
        return f"{self.status} ({self.reason})"


_WORST_FIRST: tuple[VerdictStatus, ...] = ("bogus", "indeterminate", "insecure", "secure")


def combined(verdicts: Sequence[Verdict]) -> Verdict:
    """The verdict on an answer whose RRsets were checked apart (a CNAME into another
    zone): the worst of them, with each distinct reason for it."""
    status = next(s for s in _WORST_FIRST if any(v.status == s for v in verdicts))
    reasons = dict.fromkeys(v.reason for v in verdicts if v.status == status)
    return Verdict(status=status, reason="; ".join(reasons))
