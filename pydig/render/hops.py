"""A readable +trace as text and as a table, and +validate's verdict: pure renderers.

Text (+trace-all, +trace +validate): a comment block per hop, then dig's text for the
final reply, then the verdict.  +table: one table with a row per server asked at each
hop (its zone, status, flags, what it said, size, time and faults), the chain of trust
under it, then the final reply's own table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydig.model.diagnosis import HopReport, ServerReport, Verdict

HOP_COLUMNS = ("HOP", "ZONE", "SERVER", "STATUS", "SAID", "SIZE", "TIME", "FAULTS")


def time_text(time_ms: float | None) -> str:
    return "-" if time_ms is None else f"{time_ms:.0f} ms"


def size_text(size: int | None) -> str:
    return "-" if size is None else f"{size} B"


def server_text(server: ServerReport) -> str:
    if server.name == server.address:
        return server.address
    return f"{server.name} ({server.address})"


def status_text(server: ServerReport) -> str:
    return " ".join((server.status, *server.flags))


def verdict_line(verdict: Verdict) -> str:
    """The comment line +validate adds after a lookup's text."""
    return f";; DNSSEC: {verdict.text()}\n"


def hop_cells(hop: HopReport) -> Iterator[tuple[str, ...]]:
    """The table's rows for one hop: one per server asked, the one followed marked "*";
    the hop's own faults go in the first row."""
    for index, server in enumerate(hop.servers):
        marker = "*" if index == hop.chosen and len(hop.servers) > 1 else ""
        own = (*hop.faults, *server.faults) if index == 0 else server.faults
        yield (
            str(hop.hop) if index == 0 else "",
            hop.zone if index == 0 else "",
            marker + server_text(server),
            status_text(server),
            server.said,
            size_text(server.size),
            time_text(server.time_ms),
            "\n".join(own),
        )


def trust_lines(hops: Sequence[HopReport]) -> Iterator[str]:
    """The chain of trust, zone by zone: "ZONE: finding"."""
    for hop in hops:
        for line in hop.trust:
            yield f"{hop.zone}: {line}"


def hops_text(hops: Sequence[HopReport]) -> Iterator[str]:
    """The hops as comment lines: what +trace-all prints before the final reply."""
    for hop in hops:
        yield f";; hop {hop.hop}: {hop.zone}\n"
        for index, server in enumerate(hop.servers):
            marker = "*" if index == hop.chosen and len(hop.servers) > 1 else " "
            parts = (
                server_text(server), status_text(server), time_text(server.time_ms),
                size_text(server.size), server.said,
            )  # fmt: skip
            yield f";; {marker} {'  '.join(part for part in parts if part)}\n"
            for fault in server.faults:
                yield f";;     ! {fault}\n"
        if hop.glue:
            glue = "; ".join(f"{name} {' '.join(addresses)}" for name, addresses in hop.glue)
            yield f";;   glue: {glue}\n"
        for fault in hop.faults:
            yield f";;   ! {fault}\n"
        for line in hop.trust:
            yield f";;   dnssec: {line}\n"
