"""dig's checks on each message that arrives for a lookup, in dig's order and words.

BIND 9.18 dighost.c recv_done: the header's size, the ID, the QR bit, the parse,
the opcode, the question.  Over UDP a message that fails a check is ignored and
dig keeps waiting until the deadline, so a stray or forged datagram never ends a
query early; over TCP most failures end the lookup.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import dns.flags
import dns.message
import dns.opcode
import dns.rdataclass
import dns.rdatatype

from pydig import EnumBody, enumeration
from pydig.immutable import immutable
from pydig.wire.protocol import HEADER_SIZE, QR, opcode_text

if TYPE_CHECKING:
    from pydig.model.message import MessageView
    from pydig.wire.decode import Decoded


@enumeration(enum.Enum)
class Action(EnumBody):
    ACCEPT = "accept"  # the reply to this query
    IGNORE = "ignore"  # not a reply to this query: keep waiting (UDP) or reading (TCP)
    CANCEL = "cancel"  # dig gives up on the lookup, without another try


@immutable
class Verdict:
    """What to do with a reply that came back, and the lines dig writes about it."""

    action: Action
    notes: tuple[str, ...] = ()  # dig's warning lines, in order
    decoded: Decoded | None = None  # set when the action is ACCEPT
    id_warned: bool = False  # a transfer's ID mismatch was reported (dig says it once)


@immutable(kw_only=True)
class Context:
    """What dig knows about the exchange when a message arrives."""

    tcp: bool
    transfer_started: bool = False  # a zone transfer has had its first SOA
    id_warned: bool = False  # a transfer ID mismatch was reported already
    best_effort: bool = True  # +nobesteffort: a malformed reply is a bad packet


def _name_text(name: dns.name.Name) -> str:
    """BIND's dns_name_format: no final dot, except for the root."""
    return name.to_text(omit_final_dot=True)


def question_mismatches(query: dns.message.Message, reply: MessageView) -> list[str]:
    """dig's line for each question of the reply that is not the one asked."""
    if not query.question:  # +header-only asked no question
        return []
    asked = query.question[0]
    return [
        f";; ;; Question section mismatch: got {_name_text(rrset.name)}/"
        f"{dns.rdatatype.to_text(dns.rdatatype.RdataType.make(rrset.rdtype))}/"
        f"{dns.rdataclass.to_text(dns.rdataclass.RdataClass.make(rrset.rdclass))}"
        for rrset in reply.question
        if (rrset.name, rrset.rdtype, rrset.rdclass) != (asked.name, asked.rdtype, asked.rdclass)
    ]


def _id_check(query_id: int, wire: bytes, context: Context) -> Verdict | None:
    """None when the ID is acceptable; otherwise what dig does about it."""
    reply_id = int.from_bytes(wire[:2], "big")
    if reply_id == query_id:
        return None
    if not context.tcp:
        return Verdict(
            Action.IGNORE, (f";; Warning: ID mismatch: expected ID {query_id}, got {reply_id}",)
        )
    if not context.transfer_started:
        return Verdict(
            Action.CANCEL, (f";; ERROR: ID mismatch: expected ID {query_id}, got {reply_id}",)
        )
    if context.id_warned:
        return Verdict(Action.ACCEPT)
    warning = f";; WARNING: ID mismatch: expected ID {query_id}, got {reply_id}"
    return Verdict(Action.ACCEPT, (warning,), id_warned=True)


def screen(query: dns.message.Message, wire: bytes, context: Context) -> Verdict:
    """What dig does with one message that arrived for `query`."""
    if len(wire) < HEADER_SIZE:
        if context.tcp:
            return Verdict(Action.CANCEL, (";; ERROR: short (< header size) message",))
        return Verdict(Action.IGNORE, (";; Warning: short (< header size) message received",))
    id_verdict = _id_check(query.id, wire, context) or Verdict(Action.ACCEPT)
    if id_verdict.action is Action.CANCEL:
        return id_verdict
    notes = list(id_verdict.notes)
    flags = int.from_bytes(wire[2:4], "big")
    if not flags & QR:
        notes.append(";; Warning: query response not set")
    if id_verdict.action is Action.IGNORE:
        return Verdict(Action.IGNORE, tuple(notes))
    id_warned = id_verdict.id_warned
    opcode = dns.opcode.from_flags(flags)
    if opcode != query.opcode():
        # Checked before parsing, where dig checks after: another opcode's rules for the
        # sections (UPDATE's, say) say nothing about whether this is our answer.
        notes.append(
            f";; Warning: Opcode mismatch: expected {opcode_text(query.opcode())}, "
            f"got {opcode_text(opcode)}"
        )
        return Verdict(Action.IGNORE, tuple(notes), id_warned=id_warned)
    # dnspython's parse, for what the lean reader leaves (plain_reply): a plain lookup's
    # reply never comes here
    from pydig.wire.decode import BadPacket, decode_reply, malformed_warning

    try:
        decoded = decode_reply(wire, best_effort=context.best_effort)
    except BadPacket as exc:
        notes.append(exc.report())
        return Verdict(Action.CANCEL, tuple(notes))
    if decoded.malformed:
        notes.append(malformed_warning())
    mismatches = question_mismatches(query, decoded.message)
    if mismatches:
        notes.extend(mismatches)
        action = Action.CANCEL if context.tcp else Action.IGNORE
        return Verdict(action, tuple(notes), id_warned=id_warned)
    return Verdict(Action.ACCEPT, tuple(notes), decoded, id_warned=id_warned)
