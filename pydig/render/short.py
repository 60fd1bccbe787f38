"""+short's text of a reply: its answer's rdata, one a line (dig's say_message), apart
from dig.py's full text, which a lookup under +short never loads."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import dns.rdatatype

from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import short_style
from pydig.wire.idn import shown_in_unicode
from pydig.wire.lean_message import LeanMessage

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydig.model.exchange import Lookup, Received
    from pydig.model.message import MessageView, RecordData


def short_answer(message: MessageView, lookup: Lookup, reply: Received | None) -> str:
    display = lookup.display
    style = short_style(display)
    typed = display.short_types  # dig's say_message in +trace / +nssearch mode
    identified = display.identify and reply is not None
    data: Iterable[RecordData]
    if isinstance(message, LeanMessage):  # its records are their own data, one each
        data = message.sections[1]
    else:
        data = itertools.chain.from_iterable(message.answer)
    lines = []
    for rdata in data:
        line = rdata_text(rdata, style)
        if typed:
            line = f"{dns.rdatatype.to_text(dns.rdatatype.RdataType.make(rdata.rdtype))} {line}"
        if identified:
            assert reply is not None
            line += f" from server {reply.server.address} in {elapsed_text(reply, lookup)}."
        lines.append(line + "\n")
    return "".join(lines)


def short_text(message: LeanMessage, lookup: Lookup) -> str:
    """All that +short prints of a reply that ends a lookup plainly, when nothing else is
    asked for (no +identify, no +dns64prefix): what render() gives for its exchange,
    without one (the express lane's, which reads every such reply leanly).  The runner
    prints the plain text of such a reply itself (Runner._shows()); this is for the
    rest: +rcode-exit, colour, +idnout."""
    display = lookup.display
    if not display.answer:
        return ""
    with shown_in_unicode(display.idnout):
        return short_answer(message, lookup, None)


def elapsed_text(reply: Received, lookup: Lookup) -> str:
    """A reply's round trip as +identify and dig's statistics say it."""
    micro = int(reply.elapsed * 1_000_000)
    return f"{micro} us" if lookup.use_usec else f"{micro // 1000} ms"
