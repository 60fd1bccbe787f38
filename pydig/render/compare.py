"""+compare and +watch as text: dig-like comments and records, +short lines, +json objects.

A comparison prints each group of servers that agree, the records they gave, the servers
not reached, and the verdict; +watch prints one such block each time what the servers say
changes, headed by the time.  A plain +watch (one lookup, no +compare) prints its block
without the server list and the verdict.  +table is in render/compare_table.py.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydig.errors import ExitStatus
from pydig.model.comparison import Comparison, Group, Observed
from pydig.model.display import DisplayOptions
from pydig.model.events import Note
from pydig.render.dig import rcode_text, record_lines
from pydig.render.json import JSONObject, reply_object
from pydig.render.records.mnemonics import class_text, type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import section_style, short_style
from pydig.wire.idn import name_text


def first_observed(comparison: Comparison) -> Observed:
    if comparison.groups:
        return comparison.groups[0].members[0]
    return comparison.unreached[0]


def display_of(comparison: Comparison) -> DisplayOptions:
    return first_observed(comparison).exchange.lookup.display


def question_text(comparison: Comparison) -> str:
    """ "example.test. IN SOA": the question every server was asked."""
    query = first_observed(comparison).exchange.lookup.query
    if not query.question:
        return "(no question)"
    rrset = query.question[0]
    return f"{name_text(rrset.name)} {class_text(rrset.rdclass)} {type_text(rrset.rdtype)}"


def failure_reason(observed: Observed) -> str:
    """Why a server gave no usable reply: dig's error lines, in one."""
    exchange = observed.exchange
    lines = [event.text for event in exchange.events if isinstance(event, Note)]
    lines.append(exchange.failure or ";; no reply")
    return "; ".join(line.lstrip("; ").rstrip() for line in lines)


def serial_text(comparison: Comparison, group: Group) -> str:
    if group.serial is None:
        return ""
    if not group.behind:
        return f"serial {group.serial}" + (" (newest)" if len(comparison.groups) > 1 else "")
    within = " (within +serial-lag)" if group.behind <= comparison.serial_lag else ""
    return f"serial {group.serial}, {group.behind} behind{within}"


def status_words(comparison: Comparison, group: Group) -> str:
    message = group.reply.message
    records = sum(len(rrset) for rrset in message.answer)
    words = [rcode_text(message.rcode()), _plural(records, "answer")]
    serial = serial_text(comparison, group)
    return ", ".join([*words, serial] if serial else words)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def verdict_text(comparison: Comparison) -> str:
    if comparison.unreached:
        missed = f"{_plural(len(comparison.unreached), 'server')} not reached"
        heard = comparison.observed - len(comparison.unreached)
        if not heard:
            return missed
        return f"{missed}; {_plural(heard, 'server')} {comparison.verdict}"
    if comparison.verdict == "agree":
        return f"all {_plural(comparison.observed, 'server')} agree"
    return f"the answers of {_plural(comparison.observed, 'server')} differ"


def comparison_text(comparison: Comparison, *, several: bool, watching: bool = False) -> str:
    """dig-like text: a block per group (servers, status, records), then the verdict."""
    style = section_style(display_of(comparison))
    lines: list[str] = []
    if several:
        lines.append(
            f";; COMPARE {question_text(comparison)}: {_plural(comparison.observed, 'server')}"
        )
    for group in comparison.groups:
        if several:
            servers = ", ".join(member.server_text for member in group.members)
            lines.append(f";; {_plural(len(group.members), 'server')}: {servers}")
        lines.append(f";; status: {status_words(comparison, group)}")
        for rrset in group.reply.message.answer:
            lines += record_lines(rrset, 1, style)
        lines.append("")
    for observed in comparison.unreached:
        prefix = f"not reached: {observed.server_text}: " if several else ""
        lines.append(f";; {prefix}{failure_reason(observed)}")
    if comparison.unreached:
        lines.append("")
    if several:
        code = "" if watching else f" (exit status {int(comparison.status)})"
        lines += [f";; VERDICT: {verdict_text(comparison)}{code}", ""]
    return "\n".join(lines) + "\n"


def comparison_short(comparison: Comparison, *, several: bool, prefix: str = "") -> str:
    """+short: a line per record ("SERVER DATA" when several servers were asked); a line
    with the RCODE for an answer without records, "no reply" for a server not reached."""
    style = short_style(display_of(comparison))
    lines: list[str] = []
    for group in comparison.groups:
        message = group.reply.message
        data = [rdata_text(rdata, style) for rrset in message.answer for rdata in rrset]
        for member in group.members:
            lead = f"{prefix}{member.server_text} " if several else prefix
            lines += [lead + text for text in data or [rcode_text(message.rcode())]]
    for observed in comparison.unreached:
        lines.append(f"{prefix}{observed.server_text} no reply" if several else f"{prefix}no reply")
    return "".join(line + "\n" for line in lines)


def comparison_object(comparison: Comparison, *, time: datetime | None = None) -> JSONObject:
    """+json: one object with the verdict, the groups and every server's reply."""
    value: JSONObject = {}
    if time is not None:
        value["time"] = time.isoformat()
    value.update(
        question=question_text(comparison),
        verdict=comparison.verdict,
        exitStatus=int(comparison.status),
        newestSerial=comparison.newest,
        serialLag=comparison.serial_lag,
        groups=[
            {
                "servers": [member.server_text for member in group.members],
                "status": rcode_text(group.reply.message.rcode()),
                "serial": group.serial,
                "behind": group.behind,
                "answers": [
                    rdata_text(rdata) for rrset in group.reply.message.answer for rdata in rrset
                ],
            }
            for group in comparison.groups
        ],
        unreached=[
            {"server": observed.server_text, "error": failure_reason(observed)}
            for observed in comparison.unreached
        ],
        replies=[
            reply_object(member.reply)
            for group in comparison.groups
            for member in group.members
            if member.reply
        ],
    )
    return value


def comparison_json(comparison: Comparison, *, time: datetime | None = None) -> str:
    return json.dumps(comparison_object(comparison, time=time), separators=(",", ":")) + "\n"


def time_text(time: datetime) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC")


def watch_heading(time: datetime, *, first: bool) -> str:
    return f";; WATCH {time_text(time)}: {'first look' if first else 'changed'}\n"


def watch_end(
    time: datetime, *, timed_out: bool, status: ExitStatus, waited: float, until: str | None
) -> str:
    """The last line of a watch: what ended it, after how long, and the exit status."""
    if timed_out:
        reason = f"+watch-timeout after {waited:.0f} s"
        if until is not None:
            reason += f", +watch-until={until} not met"
    else:
        reason = f"+watch-until={until} met after {waited:.0f} s"
    return f";; WATCH {time_text(time)}: {reason} (exit status {int(status)})\n"


def watch_end_object(
    time: datetime, *, timed_out: bool, status: ExitStatus, until: str | None
) -> str:
    """+json's last object of a watch."""
    value = {
        "time": time.isoformat(),
        "watchEnded": "timeout" if timed_out else "met",
        "until": until,
        "exitStatus": int(status),
    }
    return json.dumps(value, separators=(",", ":")) + "\n"
