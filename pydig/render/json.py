"""+json: one JSON object per line (JSON Lines) for each message, and one for each failure.

Member names follow RFC 8427 ("Representing DNS Messages in JSON") for the message:
ID, QR, Opcode, AA, TC, RD, RA, AD, CD, RCODE, the four counts, QNAME/QTYPE/QCLASS (with
their *name twins), questionRRs, answerRRs, authorityRRs, additionalRRs (a TSIG record
last, as on the wire; the OPT pseudo-record is not there but in "edns"), dateString,
dateSeconds and messageOctetsHEX.  Each record has NAME, TYPE, TYPEname, CLASS, CLASSname,
TTL, RDATAHEX (uncompressed) and rdata<TYPE> with dig's presentation of the data.  pydig
adds its own, in camelCase without the RFC's capitals: each record's "fields" (its data
field by field: render/rdata_fields.py), "edns" ({version, flags, udp, options: [{code,
name, value, dataHEX}]}) when the message has EDNS, status, server, port, transport,
queryTimeMs, notes; a failed lookup is {"QNAME", ..., "servers", "port", "transport",
"error", "notes"}.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import dns.flags
import dns.message
import dns.rrset

from pydig.model.diagnosis import HopReport, ServerReport
from pydig.model.events import Answer, Exchange, Note, QuerySent, Reply
from pydig.model.message import as_rdata
from pydig.render.dig import header_counts, option_line, rcode_text
from pydig.render.rdata_fields import rdata_fields
from pydig.render.records.mnemonics import class_text, type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle
from pydig.wire.decode import parse_any_opcode
from pydig.wire.idn import shown_in_unicode

if TYPE_CHECKING:
    from pydig.model.message import MessageView, RecordSet

JSONObject = dict[str, Any]

# Presentation text for rdata<TYPE>: one line, base64 and hex never split.
_RDATA_STYLE = RecordStyle(split=0)


def render_json(exchange: Exchange) -> Iterator[str]:
    """The JSON Lines for one lookup: its messages in order, then its failure if it failed.
    Notes met on the way ("Truncated, retrying in TCP mode.") go in the last object.
    Names stay in their ASCII form whatever +idnout says: this is for programs."""
    with shown_in_unicode(False):
        yield from _lines(exchange)


def _lines(exchange: Exchange) -> Iterator[str]:
    for value in exchange_objects(exchange):
        yield json.dumps(value, separators=(",", ":")) + "\n"


def exchange_objects(exchange: Exchange) -> list[JSONObject]:
    """The objects of one lookup (names in their ASCII form): a reverse sweep nests them
    in the object of its address."""
    objects: list[JSONObject] = [hop_object(hop) for hop in exchange.hops]
    hop_count = len(objects)
    notes: list[str] = []
    lookup = exchange.lookup
    for event in exchange.events:
        if isinstance(event, Note):
            notes.append(_note_text(event.text))
        elif isinstance(event, QuerySent) and lookup.display.qr:
            objects.append(query_object(lookup.query))
        elif isinstance(event, Answer):
            objects.append(reply_object(event.reply))
    if exchange.failure is not None or exchange.cancelled or not exchange.replies:
        # No reply: the lookup failed, or no server was usable ("No acceptable nameservers").
        objects.append(failure_object(exchange, notes))
    elif notes and len(objects) > hop_count:
        objects[-1]["notes"] = notes
    if exchange.verdict is not None and objects:
        objects[-1]["dnssec"] = {
            "status": exchange.verdict.status,
            "reason": exchange.verdict.reason,
        }
    return objects


def query_object(query: dns.message.Message) -> JSONObject:
    """+qr's query as it went out: read back from its wire form, which is where dnspython
    adds the EDNS padding (as it is, without judging it as a reply)."""
    wire = query.to_wire()
    return message_object(parse_any_opcode(wire), wire)


def reply_object(reply: Reply) -> JSONObject:
    value = message_object(reply.message, reply.wire)
    value.update(
        dateString=reply.received_at.isoformat(),
        dateSeconds=round(reply.received_at.timestamp(), 6),
        status=rcode_text(reply.message.rcode()),
        server=reply.server.address,
        port=reply.port,
        transport=reply.transport,
        queryTimeMs=round(reply.elapsed * 1000, 3),
    )
    return value


def hop_object(hop: HopReport) -> JSONObject:
    """One hop of a readable +trace: the zone asked, the server followed (status, server,
    queryTimeMs, as for a reply), where it referred to, the glue, every server asked and
    every fault found, and the chain of trust at the zone."""
    chosen = hop.servers[hop.chosen] if hop.chosen is not None else None
    return {
        "hop": hop.hop,
        "zone": hop.zone,
        "status": chosen.status if chosen is not None else "no reply",
        "server": chosen.address if chosen is not None else None,
        "queryTimeMs": chosen.time_ms if chosen is not None else None,
        "referral": (
            {"zone": hop.referral_zone, "NS": list(hop.referral)} if hop.referral_zone else None
        ),
        "glue": {name: list(addresses) for name, addresses in hop.glue},
        "servers": [_server_object(server) for server in hop.servers],
        "faults": [*hop.faults, *(f for server in hop.servers for f in server.faults)],
        "dnssec": list(hop.trust),
    }


def _server_object(server: ServerReport) -> JSONObject:
    return {
        "name": server.name,
        "server": server.address,
        "status": server.status,
        "flags": list(server.flags),
        "said": server.said,
        "size": server.size,
        "queryTimeMs": server.time_ms,
        "faults": list(server.faults),
    }


def message_object(message: MessageView, wire: bytes) -> JSONObject:
    """A message in RFC 8427's members; the counts are the header's, as dig shows them."""
    counts = header_counts(wire)
    flags = message.flags
    value: JSONObject = {
        "ID": message.id,
        "QR": bool(flags & dns.flags.QR),
        "Opcode": int(message.opcode()),
        "AA": bool(flags & dns.flags.AA),
        "TC": bool(flags & dns.flags.TC),
        "RD": bool(flags & dns.flags.RD),
        "RA": bool(flags & dns.flags.RA),
        "AD": bool(flags & dns.flags.AD),
        "CD": bool(flags & dns.flags.CD),
        "RCODE": int(message.rcode()),
        "QDCOUNT": counts[0],
        "ANCOUNT": counts[1],
        "NSCOUNT": counts[2],
        "ARCOUNT": counts[3],
    }
    if message.question:
        value.update(_question_members(message.question[0]))
    value["questionRRs"] = [_question_object(rrset) for rrset in message.question]
    value["answerRRs"] = _records(message.answer)
    value["authorityRRs"] = _records(message.authority)
    tsig = [message.tsig] if message.tsig is not None else []
    value["additionalRRs"] = _records([*message.additional, *tsig])
    if message.edns >= 0:
        value["edns"] = edns_object(message)
    value["messageOctetsHEX"] = wire.hex().upper()
    return value


def failure_object(exchange: Exchange, notes: list[str]) -> JSONObject:
    """A lookup that ended without a usable reply: what was asked, where, and why not."""
    lookup = exchange.lookup
    value: JSONObject = {}
    if lookup.query.question:
        value.update(_question_members(lookup.query.question[0]))
    else:
        value["QNAME"] = lookup.qname_text
    value.update(
        servers=[server.address for server in lookup.servers],
        port=lookup.port,
        transport=lookup.secure.label() or ("TCP" if lookup.tcp else "UDP"),
        error=_failure_text(exchange, notes),
        notes=notes,
    )
    return value


def _failure_text(exchange: Exchange, notes: list[str]) -> str:
    if exchange.failure is not None:
        return _note_text(exchange.failure)
    return notes[-1] if notes else "lookup cancelled"


def _note_text(line: str) -> str:
    """A line as dig prints it, without its leading ";; "."""
    return line.lstrip("; ").strip()


def _question_members(rrset: RecordSet) -> JSONObject:
    """The message's own QNAME, QTYPE, QTYPEname, QCLASS and QCLASSname."""
    return {f"Q{key}": value for key, value in _question_object(rrset).items()}


def _question_object(rrset: RecordSet) -> JSONObject:
    return {
        "NAME": rrset.name.to_text(),
        "TYPE": int(rrset.rdtype),
        "TYPEname": type_text(rrset.rdtype),
        "CLASS": int(rrset.rdclass),
        "CLASSname": class_text(rrset.rdclass),
    }


def edns_object(message: MessageView) -> JSONObject:
    """The OPT pseudo-record as what it means: dig's OPT PSEUDOSECTION, in members."""
    flags = message.ednsflags & 0xFFFF
    named = [name for bit, name in ((dns.flags.DO, "do"), (dns.flags.CO, "co")) if flags & bit]
    options = [(int(option.otype), option.to_wire() or b"") for option in message.options]
    return {
        "version": message.edns,
        "flags": named,
        "mbz": flags & ~(dns.flags.DO | dns.flags.CO),
        "udp": message.payload,
        "options": [_option_object(code, data) for code, data in options],
    }


def _option_object(code: int, data: bytes) -> JSONObject:
    """An option with dig's label and text for it ("COOKIE", "0123… (good)")."""
    line = option_line(code, data, sent_cookie=None).strip().removeprefix("; ")
    label, _, text = line.partition(":")
    return {"code": code, "name": label, "value": text.strip(), "dataHEX": data.hex().upper()}


def _records(rrsets: Sequence[RecordSet]) -> list[JSONObject]:
    records = []
    for rrset in rrsets:
        for rdata in rrset:
            type_name = type_text(rrset.rdtype)
            records.append(
                {
                    **_question_object(rrset),
                    "TTL": rrset.ttl,
                    "RDATAHEX": (rdata.to_wire() or b"").hex().upper(),
                    f"rdata{type_name}": rdata_text(rdata, _RDATA_STYLE),
                    "fields": rdata_fields(as_rdata(rdata)),
                }
            )
    return records
