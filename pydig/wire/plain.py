"""A reply that is plainly the answer to a query: what send.py asks of each reply before
it has screen.py judge it (and the express lane, of the lean reader itself), apart from
screen.py's machinery (its enum and records), which a lookup the lane ends never loads."""

from __future__ import annotations

from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage
from pydig.wire.protocol import HEADER_SIZE

_UPPER_RCODE = 0xFF000000  # the OPT record's TTL: the extended RCODE's upper eight bits


def plain_reply(query: bytes, reply: bytes, *, answer_only: bool = False) -> LeanMessage | None:
    """The reply's lean records when it is plainly the answer to this query (its wire
    form, opcode QUERY): the query's ID, QR, no TC, NOERROR or NXDOMAIN (the extended
    RCODE too), the question the same bytes as the query's, a reply the lean reader is
    sure of.  Such a reply is one screen() accepts without a word and decodes by the
    lean reader, which is what it then comes to; None for any other, which screen()
    judges (and over UDP, a truncated one goes to TCP).  answer_only: as read_lean's."""
    if query[4:6] != b"\0\1":
        return None  # no question (+header-only): nothing to hold the reply's to
    end = HEADER_SIZE
    while query[end]:  # a query's name is never compressed
        end += 1 + query[end]
    end += 5  # the root label, then the type and class
    message = read_lean(reply, answer_only=answer_only, query=query, question_end=end)
    if message is None or not plain_rcode(message):
        return None
    return message


def plain_rcode(message: LeanMessage) -> bool:
    """Whether the reply's RCODE is the header's (NOERROR or NXDOMAIN, as read_lean holds
    a plain answer to): its OPT record, if any, adds no upper bits."""
    return message.opt is None or not message.opt.ttl & _UPPER_RCODE
