"""+nofail: a SERVFAIL reply sends the same query on to the lookup's next server.

dighost.c recv_done: with servfail_stops off, dig says ";; Got SERVFAIL reply
from ADDRESS, trying next server" and asks the next server; from the last
server it says ";; Got SERVFAIL reply from ADDRESS" and prints the reply.  Both
lines are comments, left out under +nocomments.  Whether a reply moves on is
send.moves_on's to say; this module is loaded only once one does (or with TCP's).
"""

from __future__ import annotations

from pydig.model.events import Reply
from pydig.model.exchange import Lookup, Server


class ServfailReply(Exception):
    """A SERVFAIL that +nofail does not accept from this server."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply)
        self.reply = reply


def servfail_comment(lookup: Lookup, server: Server, *, trying_next: bool) -> str | None:
    """dig's line for it, or None under +nocomments."""
    if not lookup.display.comments:
        return None
    line = f";; Got SERVFAIL reply from {server.address}"
    return f"{line}, trying next server" if trying_next else line
