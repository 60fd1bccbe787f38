"""+compare's judgement, as records the later stages read: the servers' answers grouped,
and the verdict.  Pure: it reads the exchanges the servers' lookups made, nothing else.

Two servers agree when their replies have the same RCODE and the same answer records:
names compared without regard to case, TTLs left out unless +compare-ttl.  An SOA
record's serial is compared apart, with RFC 1982 arithmetic: servers whose answers
differ only in the serial agree when none is more than +serial-lag behind the newest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import dns.rdata
import dns.rdatatype

from pydig.errors import ExitStatus, reply_status
from pydig.immutable import immutable
from pydig.model.events import Exchange, Reply
from pydig.model.invocation import Checks
from pydig.model.message import as_rdata
from pydig.model.serials import newest_serial, serials_behind

Verdict = Literal["agree", "differ"]
# One answer record as compared: owner, class, type, TTL (None when ignored) and the
# rdata's canonical text (an SOA's with serial 0: its serial is compared apart).
RecordKey = tuple[str, int, int, int | None, str]
AnswerKey = tuple[int, tuple[RecordKey, ...]]


@immutable
class Observed:
    """One server asked: the exchange its lookup made (its lookup names the server)."""

    exchange: Exchange

    @property
    def reply(self) -> Reply | None:
        if self.exchange.failure is not None or self.exchange.cancelled:
            return None
        replies = self.exchange.replies
        return replies[-1] if replies else None

    @property
    def server_text(self) -> str:
        """ "address#port", and the name it was given by when that is not the address."""
        lookup = self.exchange.lookup
        server = lookup.servers[0]
        text = f"{server.address}#{lookup.port}"
        return text if server.label == server.address else f"{text} ({server.label})"


@immutable(kw_only=True)
class Group:
    """Servers with the same answer (and serial): the first one's reply stands for all."""

    members: tuple[Observed, ...]
    key: AnswerKey
    serial: int | None
    behind: int | None = None  # serials behind the newest, for an SOA answer

    @property
    def reply(self) -> Reply:
        reply = self.members[0].reply
        assert reply is not None
        return reply


@immutable(kw_only=True)
class Comparison:
    """What the servers said, grouped, and what that means."""

    groups: tuple[Group, ...]  # newest serial first, then the biggest group
    unreached: tuple[Observed, ...]
    verdict: Verdict
    newest: int | None  # the newest SOA serial, when the answers carry one
    serial_lag: int = 0

    @property
    def observed(self) -> int:
        return sum(len(group.members) for group in self.groups) + len(self.unreached)

    @property
    def status(self) -> ExitStatus:
        """9 when a server was not reached, 11 when answers differ, else 0."""
        if self.unreached:
            return ExitStatus.NO_REPLY
        return ExitStatus.OK if self.verdict == "agree" else ExitStatus.DIFFERENT

    def rcode_status(self) -> ExitStatus:
        """+rcode-exit: the status of the answer every server agrees on."""
        if self.status != ExitStatus.OK or not self.groups:
            return self.status
        return reply_status(self.groups[0].reply.message)

    @property
    def state(self) -> tuple[tuple[str, AnswerKey | None, int | None], ...]:
        """What +watch compares from one look to the next: every server's answer."""
        seen: list[tuple[str, AnswerKey | None, int | None]] = [
            (member.server_text, group.key, group.serial)
            for group in self.groups
            for member in group.members
        ]
        seen += [(member.server_text, None, None) for member in self.unreached]
        return tuple(sorted(seen, key=lambda item: item[0]))

    def every_server_has(self, wanted: dns.rdata.Rdata) -> bool:
        """Whether every server answered with `wanted` among its answer records."""
        return not self.unreached and all(
            any(
                wanted == as_rdata(rdata) for rrset in group.reply.message.answer for rdata in rrset
            )
            for group in self.groups
        )


def _soa_serial(rdata: dns.rdata.Rdata) -> tuple[str, int | None]:
    if rdata.rdtype == dns.rdatatype.SOA:
        return rdata.replace(serial=0).to_text(), int(rdata.serial)  # type: ignore[attr-defined]
    return rdata.to_text(), None


def answer_key(reply: Reply, *, with_ttl: bool) -> tuple[AnswerKey, int | None]:
    """What is compared of a reply, and the serial of an SOA answer."""
    records: list[RecordKey] = []
    serial: int | None = None
    for rrset in reply.message.answer:
        owner = rrset.name.canonicalize().to_text()
        for rdata in rrset:
            text, found = _soa_serial(as_rdata(rdata))
            serial = found if serial is None else serial
            ttl = rrset.ttl if with_ttl else None
            records.append((owner, rrset.rdclass, rrset.rdtype, ttl, text))
    return (reply.message.rcode(), tuple(sorted(records))), serial


def compare(exchanges: Sequence[Exchange], checks: Checks) -> Comparison:
    """The servers' answers grouped, and the verdict under +compare-ttl and +serial-lag."""
    grouped: dict[tuple[AnswerKey, int | None], list[Observed]] = {}
    unreached: list[Observed] = []
    for exchange in exchanges:
        observed = Observed(exchange)
        if observed.reply is None:
            unreached.append(observed)
            continue
        key = answer_key(observed.reply, with_ttl=checks.compare_ttl)
        grouped.setdefault(key, []).append(observed)
    serials = [serial for (_, serial) in grouped if serial is not None]
    newest = newest_serial(serials) if serials else None
    groups = [
        Group(members=tuple(members), key=key, serial=serial, behind=_behind(newest, serial))
        for (key, serial), members in grouped.items()
    ]
    groups.sort(key=lambda group: (group.behind or 0, -len(group.members)))
    return Comparison(
        groups=tuple(groups),
        unreached=tuple(unreached),
        verdict=_verdict(groups, newest, checks.serial_lag),
        newest=newest,
        serial_lag=checks.serial_lag,
    )


def _behind(newest: int | None, serial: int | None) -> int | None:
    return None if newest is None or serial is None else serials_behind(newest, serial)


def _verdict(groups: Sequence[Group], newest: int | None, lag: int) -> Verdict:
    if len({group.key for group in groups}) > 1:
        return "differ"  # more than the serial differs
    if len(groups) <= 1:
        return "agree"
    if newest is None:
        return "differ"  # serials RFC 1982 cannot order
    return "agree" if all((group.behind or 0) <= lag for group in groups) else "differ"
