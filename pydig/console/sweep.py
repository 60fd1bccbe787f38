"""Reverse sweeps: `-x NETWORK` or `-x FIRST-LAST` asks for the PTR of every address.

Pure pieces only: reading the range, walking it in address order, the `+short` line for
one address and the tally behind the summary on stderr.  pydig.console.runner sends the lookups.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import dns.rcode
import dns.rdatatype

from pydig.errors import UsageError
from pydig.model.sweep import AddressRange, IPAddress
from pydig.render.records import short_rdata, short_style

if TYPE_CHECKING:
    from pydig.model.exchange import Exchange

DEFAULT_SWEEP_LIMIT = 65_536


def check_limit(sweep: AddressRange, limit: int | None) -> None:
    """Refuse a sweep larger than the cap (65,536 unless +sweep-limit says otherwise)."""
    cap = DEFAULT_SWEEP_LIMIT if limit is None else limit
    if sweep.size > cap:
        raise UsageError(
            f"-x {sweep.text} is {sweep.size:,} addresses, more than the sweep limit of "
            f"{cap:,}; raise it with +sweep-limit={sweep.size}"
        )


def _ptr_targets(exchange: Exchange) -> list[str]:
    """The PTR records of the last reply, as +short prints them."""
    replies = exchange.replies
    if exchange.failure is not None or exchange.cancelled or not replies:
        return []
    style = short_style(exchange.lookup.display)
    return [
        short_rdata(rdata, style)
        for rrset in replies[-1].message.answer
        if rrset.rdtype == dns.rdatatype.PTR
        for rdata in rrset
    ]


def outcome(exchange: Exchange) -> str:
    """What one address's lookup came to: "PTR", an rcode name, or "NOREPLY"."""
    replies = exchange.replies
    if exchange.failure is not None or exchange.cancelled or not replies:
        return "NOREPLY"
    if _ptr_targets(exchange):
        return "PTR"
    return dns.rcode.to_text(replies[-1].message.rcode())


def short_lines(address: IPAddress, exchange: Exchange, *, missing: bool) -> str:
    """`ADDRESS NAME` for each PTR; with +sweep-missing, `ADDRESS OUTCOME` when there is none."""
    targets = _ptr_targets(exchange)
    if targets:
        return "".join(f"{address} {target}\n" for target in targets)
    return f"{address} {outcome(exchange)}\n" if missing else ""


class Tally:
    """Counts outcomes as lookups finish (in any thread) for the summary line."""

    def __init__(self, sweep: AddressRange) -> None:
        self.sweep = sweep
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, outcome_text: str) -> None:
        with self._lock:
            self._counts[outcome_text] = self._counts.get(outcome_text, 0) + 1

    def summary(self) -> str:
        """`;; -x 192.0.2.0/24: 254 addresses, 6 with PTR, 248 NXDOMAIN`, failures last."""
        with self._lock:
            counts = dict(self._counts)
        parts = [f"{counts.pop('PTR', 0):,} with PTR"]
        if "NXDOMAIN" in counts:
            parts.append(f"{counts.pop('NXDOMAIN'):,} NXDOMAIN")
        if "NOERROR" in counts:
            parts.append(f"{counts.pop('NOERROR'):,} NOERROR without PTR")
        no_reply = counts.pop("NOREPLY", 0)
        parts += [f"{count:,} {name}" for name, count in sorted(counts.items())]
        if no_reply:
            parts.append(f"{no_reply:,} without reply")
        size = self.sweep.size
        noun = "address" if size == 1 else "addresses"
        return f";; -x {self.sweep.text}: {size:,} {noun}, {', '.join(parts)}\n"
