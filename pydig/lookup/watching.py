"""+watch's rules: how long to wait between looks, and when to stop.  Pure."""

from __future__ import annotations

import dns.exception
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from pydig.errors import UsageError
from pydig.immutable import immutable
from pydig.model.comparison import Comparison
from pydig.model.invocation import UNTIL_AGREE, UNTIL_CHANGED, Checks

# Without +watch=SECONDS the answer's smallest TTL is the interval, within these bounds;
# with no TTL to go by (no reply, no records), the fallback.
MIN_INTERVAL = 1
MAX_INTERVAL = 60
FALLBACK_INTERVAL = 5


@immutable(kw_only=True)
class Condition:
    """+watch-until: what ends the watch (None: only Ctrl-C or +watch-timeout)."""

    until: str | None = None
    wanted: dns.rdata.Rdata | None = None  # +watch-until=VALUE, parsed for the type asked

    def met(self, comparison: Comparison, first: Comparison) -> bool:
        if self.wanted is not None:
            return comparison.every_server_has(self.wanted)
        if self.until == UNTIL_CHANGED:
            return not comparison.unreached and comparison.state != first.state
        if self.until == UNTIL_AGREE:
            return comparison.status == 0
        return False


def condition(
    checks: Checks, *, rdclass: dns.rdataclass.RdataClass, rdtype: dns.rdatatype.RdataType
) -> Condition:
    """The condition +watch-until names; a VALUE is read as an rdata of the type asked."""
    until = checks.watch_until
    if until == UNTIL_AGREE and checks.compare is None:
        raise UsageError("+watch-until=agree needs +compare")
    if until is None or until in (UNTIL_CHANGED, UNTIL_AGREE):
        return Condition(until=until)
    import pydig.wire.rdtypes  # noqa: F401 - VALUE may be an MB or MINFO record: taught them

    try:
        wanted = dns.rdata.from_text(rdclass, rdtype, until)
    except (dns.exception.DNSException, ValueError) as exc:
        raise UsageError(f"+watch-until: '{until}' is not a valid record: {exc}") from None
    return Condition(until=until, wanted=wanted)


def interval(checks: Checks, comparison: Comparison) -> int:
    """Seconds until the next look: +watch=SECONDS, else the smallest TTL of the answers
    (of the authority section when there are none) within MIN_INTERVAL..MAX_INTERVAL."""
    if checks.watch_interval is not None:
        return checks.watch_interval
    ttls = [
        rrset.ttl
        for group in comparison.groups
        for rrset in group.reply.message.answer or group.reply.message.authority
    ]
    if not ttls:
        return FALLBACK_INTERVAL
    return min(max(min(ttls), MIN_INTERVAL), MAX_INTERVAL)
