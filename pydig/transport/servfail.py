"""+nofail: a SERVFAIL reply sends the same query on to the lookup's next server.

dighost.c recv_done: with servfail_stops off, dig says ";; Got SERVFAIL reply
from ADDRESS, trying next server" and asks the next server; from the last
server it says ";; Got SERVFAIL reply from ADDRESS" and prints the reply.  Both
lines are comments, left out under +nocomments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.message
import dns.rcode

from pydig.model.exchange import Lookup, Reply, Server

if TYPE_CHECKING:
    from pydig.model.message import MessageView


class ServfailReply(Exception):
    """A SERVFAIL that +nofail does not accept from this server."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply)
        self.reply = reply


def moves_on(lookup: Lookup, message: MessageView) -> bool:
    """Whether this reply makes dig try the next server (or at least say so)."""
    return message.rcode() == dns.rcode.SERVFAIL and not lookup.rules.servfail_stops


def servfail_comment(lookup: Lookup, server: Server, *, trying_next: bool) -> str | None:
    """dig's line for it, or None under +nocomments."""
    if not lookup.display.comments:
        return None
    line = f";; Got SERVFAIL reply from {server.address}"
    return f"{line}, trying next server" if trying_next else line
