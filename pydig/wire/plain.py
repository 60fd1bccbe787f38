"""A reply that is plainly the answer to a query: what the express lane asks of each
reply, and send.py of each before it has screen.py judge it, apart from screen.py's
machinery (its enum and records), which a lookup the lane ends never loads."""

from __future__ import annotations

import dns.rcode

from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage
from pydig.wire.protocol import HEADER_SIZE, QR, TC

# The header bits of a plain answer: QR, opcode QUERY, no TC; RCODE NOERROR or NXDOMAIN
# (plain ints, made of protocol.py's plain-int flags).
_CHECKED_BITS = QR | 0x7800 | TC | 0x000F
_UPPER_RCODE = 0xFF000000  # the OPT record's TTL: the extended RCODE's upper eight bits
_PLAIN_ANSWERS = frozenset({QR | int(dns.rcode.NOERROR), QR | int(dns.rcode.NXDOMAIN)})


def plain_reply(
    query: bytes, reply: bytes, *, answer_only: bool = False, question_end: int | None = None
) -> LeanMessage | None:
    """The reply's lean records when it is plainly the answer to this query (its wire
    form, opcode QUERY): the query's ID, QR, no TC, NOERROR or NXDOMAIN (the extended
    RCODE too), the question the same bytes as the query's, a reply the lean reader is
    sure of.  Such a reply is one screen() accepts without a word and decodes by the
    lean reader, which is what it then comes to; None for any other, which screen()
    judges (and over UDP, a truncated one goes to TCP).  answer_only: as read_lean's,
    the question and the records after the answer judged but not kept (for +short; the
    question is the query's own, byte for byte).  question_end: where the query's
    question ends, when the caller knows it asks one (the express lane's templates)."""
    end = question_end
    if end is None:
        if query[4:6] != b"\0\1":
            return None  # no question (+header-only): nothing to hold the reply's to
        end = HEADER_SIZE
        while query[end]:  # a query's name is never compressed
            end += 1 + query[end]
        end += 5  # the root label, then the type and class
    # byte by byte, not slices: each slice is a bytes object made (this runs every reply)
    if (
        len(reply) < end
        or reply[0] != query[0]  # the ID
        or reply[1] != query[1]
        or (reply[2] << 8 | reply[3]) & _CHECKED_BITS not in _PLAIN_ANSWERS
        or reply[4]  # one question
        or reply[5] != 1
        or not reply.startswith(query[HEADER_SIZE:end], HEADER_SIZE)
    ):
        return None
    message = read_lean(reply, answer_only=answer_only, name_end=end - 4)
    # The header's RCODE is NOERROR or NXDOMAIN: the extended one is too when the OPT
    # record adds no upper bits.
    if message is None or (message.opt is not None and message.opt.ttl & _UPPER_RCODE):
        return None
    return message
