"""What is wrong at one hop, each fault a one-line reason: pure checks of replies.

A lame server (no reply, REFUSED / SERVFAIL, or an answer without the AA flag), a slow
one, NS sets that differ between the parent's referral and the child's own servers,
missing or mismatched glue, and servers of one zone that disagree on the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dns.message
import dns.name
import dns.rcode

from pydig.lookup.delegation import Delegation, delegation, is_authoritative

SLOW_MS = 500.0  # a reply slower than this is flagged "slow"
_LAME_RCODES = {dns.rcode.REFUSED, dns.rcode.SERVFAIL, dns.rcode.NOTAUTH, dns.rcode.NOTIMP}


def server_faults(
    message: dns.message.Message | None,
    failure: str | None,
    zone: dns.name.Name,
    time_ms: float | None,
) -> tuple[str, ...]:
    """The faults of one server of `zone`, from its reply (None: it gave none)."""
    if message is None:
        return (f"lame: {failure or 'no reply'}",)
    faults = []
    rcode = message.rcode()
    if rcode in _LAME_RCODES:
        faults.append(f"lame: {dns.rcode.to_text(rcode)} for {zone}")
    elif delegation(message, zone) is None and not is_authoritative(message):
        faults.append(f"lame: not authoritative for {zone} (no AA flag)")
    if time_ms is not None and time_ms > SLOW_MS:
        faults.append(f"slow: {time_ms:.0f} ms (more than {SLOW_MS:.0f})")
    return tuple(faults)


def _names(names: Sequence[dns.name.Name]) -> str:
    return ", ".join(name.to_text() for name in sorted(names)) or "nothing"


def glue_faults(
    found: Delegation, resolved: Mapping[dns.name.Name, Sequence[str]]
) -> tuple[str, ...]:
    """Name servers inside the child zone without glue (nobody can reach them without
    it), and glue that differs from the addresses the name resolves to."""
    glue = dict(found.glue)
    faults = []
    for target in found.ns:
        given = glue.get(target, ())
        if not given and target.is_subdomain(found.zone):
            faults.append(
                f"missing glue: {target} is inside {found.zone} but the referral"
                " gives no address for it"
            )
        known = resolved.get(target)
        if given and known and set(given) != set(known):
            faults.append(
                f"glue mismatch: {target} has glue {', '.join(given)}"
                f" but resolves to {', '.join(known)}"
            )
    return tuple(faults)


def ns_mismatch(
    zone: dns.name.Name, parent: Sequence[dns.name.Name], child: Sequence[dns.name.Name]
) -> tuple[str, ...]:
    """The parent's NS set for `zone` against the one the zone's own servers give."""
    if not child or set(parent) == set(child):
        return ()
    return (f"NS mismatch: the parent lists {_names(parent)}; {zone} itself lists {_names(child)}",)


def disagreement(said: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """Servers of one zone that answer the same question differently: (server, what it
    said as delegation.answer_key) for each server that replied."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for server, key in said:
        groups.setdefault(key, []).append(server)
    if len(groups) < 2:
        return ()
    parts = [f"{', '.join(servers)} say {_summary(key)}" for key, servers in groups.items()]
    return ("servers disagree: " + "; ".join(parts),)


def _summary(key: tuple[str, ...]) -> str:
    rcode, *records = key
    if not records:
        return rcode
    shown = " | ".join(records[:3])
    return shown + (f" (+{len(records) - 3} more)" if len(records) > 3 else "")
