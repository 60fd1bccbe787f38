"""dig 9.18's +yaml output, byte for byte: pure functions of an Exchange.

The layout follows BIND's bin/dig/dig.c (the yaml branch of printmessage and dig_error)
and lib/dns/message.c (dns_message_headertotext, dns_message_pseudosectiontoyaml and
dns_message_sectiontotext with DNS_STYLEFLAG_YAML).  Every message is one "- type: MESSAGE"
item; dig's warnings and comments are left out, its errors become "- type: DIG_ERROR".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import dns.edns
import dns.flags
import dns.message
import dns.opcode

from pydig.model.events import Answer, Exchange, Note, QuerySent
from pydig.model.exchange import Lookup, Server
from pydig.render.dig import (
    RCODE_TEXT,
    SECTION_TITLES,
    Banner,
    cookie_status,
    flags_words,
    has_section,
    header_counts,
    record_lines,
    section_titles,
    shown_rrsets,
)
from pydig.render.option_text import (
    EDE_TEXT,
    LLQ_SIZE,
    ecs_text,
    hex_bytes,
    is_utf8,
    llq_text,
    printable,
)
from pydig.render.records.fields import ttl_text
from pydig.render.records.style import section_style
from pydig.render.short import short_answer
from pydig.wire.cookies import cookie_of
from pydig.wire.protocol import CLIENT_TAG, KEY_TAG, LLQ, SERVER_TAG, Z_FLAG, opcode_text

if TYPE_CHECKING:
    from pydig.model.message import MessageView

INDENT = "  "  # message.c's indent string for YAML
DATA_DEPTH = 3  # dig.c sets msg->indent.count to 3: the message data sits three levels in


def _line(depth: int, text: str) -> str:
    return INDENT * depth + text + "\n"


def yaml_item(text: str) -> str:
    """A record or question as a YAML list item: single-quoted, quotes doubled
    (masterdump.c's yaml_stringify)."""
    return "- '" + text.replace("'", "''") + "'"


def timestamp(when: datetime, *, usec: bool) -> str:
    """isc_time_formatISO8601ms / ...us: UTC, milliseconds (microseconds with -u)."""
    utc = when.astimezone(UTC)
    fraction = f"{utc.microsecond:06d}" if usec else f"{utc.microsecond // 1000:03d}"
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + fraction + "Z"


def _message_type(message: MessageView, *, is_query: bool) -> str:
    recursive = bool(message.flags & dns.flags.RD)
    if is_query:
        return "RECURSIVE_QUERY" if recursive else "AUTH_QUERY"
    if recursive and message.flags & dns.flags.RA:
        return "RECURSIVE_RESPONSE"
    return "AUTH_RESPONSE"


def _address_text(address: str) -> str:
    # isc_sockaddr_format gives "::" for the unspecified IPv6 address; dig adds a 0
    return "::0" if address == "::" else address


def _socket_lines(lookup: Lookup, server: Server, transport: str) -> str:
    """Where the message went or came from, and the local end dig bound (-b), which is the
    unspecified address and port 0 unless -b named them."""
    v6 = ":" in server.address
    text = _line(2, f"socket_family: {'INET6' if v6 else 'INET'}")
    text += _line(2, f"socket_protocol: {transport}")
    text += _line(2, f'response_address: "{server.address}"')
    text += _line(2, f"response_port: {lookup.port}")
    source, source_port = lookup.source or ("::" if v6 else "0.0.0.0", 0)
    text += _line(2, f'query_address: "{_address_text(source)}"')
    return text + _line(2, f"query_port: {source_port}")


def _header(message: MessageView, wire: bytes) -> str:
    """dns_message_headertotext in YAML; an unknown status is a bare number here."""
    update = message.opcode() == dns.opcode.UPDATE
    rcode = message.rcode()
    text = _line(DATA_DEPTH, f"opcode: {opcode_text(message.opcode())}")
    text += _line(DATA_DEPTH, f"status: {RCODE_TEXT.get(rcode, str(rcode))}")
    text += _line(DATA_DEPTH, f"id: {message.id}")
    text += _line(DATA_DEPTH, f"flags:{flags_words(message.flags)}")
    if message.flags & Z_FLAG:
        text += _line(DATA_DEPTH, "MBZ: 0x4")
    names = ("ZONE", "PREREQ", "UPDATE", "ADDITIONAL") if update else SECTION_TITLES
    for name, count in zip(names, header_counts(wire), strict=True):
        text += _line(DATA_DEPTH, f"{name}: {count}")
    return text


def _opt_pseudosection(message: MessageView, *, sent_cookie: bytes | None) -> str:
    if message.edns < 0:
        return ""
    flags = message.ednsflags
    text = _line(DATA_DEPTH, "OPT_PSEUDOSECTION:") + _line(DATA_DEPTH + 1, "EDNS:")
    depth = DATA_DEPTH + 2
    text += _line(depth, f"version: {message.edns}")
    names = (" do" if flags & dns.flags.DO else "") + (" co" if flags & dns.flags.CO else "")
    text += _line(depth, f"flags:{names}")
    must_be_zero = flags & 0xFFFF & ~(dns.flags.DO | dns.flags.CO)
    if must_be_zero:
        text += _line(depth, f"MBZ: 0x{must_be_zero:04x}")
    text += _line(depth, f"udp: {message.payload}")
    for option in message.options:
        data = option.to_wire() or b""
        text += _option(int(option.otype), data, depth=depth, sent_cookie=sent_cookie)
    return text


_LABELS = {
    LLQ: "LLQ:",
    dns.edns.OptionType.NSID: "NSID:",
    dns.edns.OptionType.COOKIE: "COOKIE:",
    dns.edns.OptionType.ECS: "CLIENT-SUBNET:",
    dns.edns.OptionType.EXPIRE: "EXPIRE:",
    dns.edns.OptionType.KEEPALIVE: "TCP-KEEPALIVE:",
    dns.edns.OptionType.PADDING: "PAD:",
    KEY_TAG: "KEY-TAG:",
    dns.edns.OptionType.EDE: "EDE:",
    CLIENT_TAG: "CLIENT-TAG:",
    SERVER_TAG: "SERVER-TAG:",
}


def _option(code: int, data: bytes, *, depth: int, sent_cookie: bytes | None) -> str:
    """One EDNS option as dns_message_pseudosectiontoyaml writes it, quirks included: a
    malformed CLIENT-SUBNET breaks its line early, and an EDE without extra text is followed
    by an empty line."""
    head = INDENT * depth + _LABELS.get(code, f"OPT={code}:")
    number = int.from_bytes(data, "big")
    if code == LLQ and len(data) == LLQ_SIZE:
        return head + llq_text(data) + "\n"
    if code == dns.edns.OptionType.ECS:
        ecs = ecs_text(data)
        if ecs is not None:
            return head + ecs + "\n"
        head += "\n"
    if code == dns.edns.OptionType.EXPIRE and len(data) == 4:
        return f"{head} {number} ({ttl_text(number, verbose=True)})\n"
    if code == dns.edns.OptionType.KEEPALIVE and len(data) == 2:
        return f"{head} {number // 10}.{number % 10} secs\n"
    if code == KEY_TAG and data and len(data) % 2 == 0:
        tags = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        return head + ",".join(f" {tag}" for tag in tags) + "\n"
    if code in (CLIENT_TAG, SERVER_TAG) and len(data) == 2:
        return f"{head} {number}\n"
    extra_text = False
    if code == dns.edns.OptionType.EDE and len(data) >= 2:
        info = int.from_bytes(data[:2], "big")
        meaning = f" ({EDE_TEXT[info]})" if info < len(EDE_TEXT) else ""
        head += "\n" + INDENT * (depth + 1) + f"INFO-CODE: {info}{meaning}\n"
        data = data[2:]
        if data:
            head += INDENT * (depth + 1) + "EXTRA-TEXT:"
            extra_text = True
    if not data:
        return head + "\n"
    utf8 = extra_text and is_utf8(data)
    body = "" if utf8 else (data.hex() if code == dns.edns.OptionType.COOKIE else hex_bytes(data))
    head += " " + body
    if code == dns.edns.OptionType.COOKIE:
        return head + cookie_status(data, sent_cookie) + "\n"
    if code == dns.edns.OptionType.ECS:
        return head + "\n"
    text = printable(data, utf8=utf8)
    return head + (f'"{text}"' if extra_text else f'("{text}")') + "\n"


def _sections(
    message: MessageView, lookup: Lookup, *, is_query: bool, message_number: int,
    short_text: str,
) -> str:  # fmt: skip
    display = lookup.display
    style = section_style(display)
    titles = section_titles(message)
    wanted = (display.question, display.answer, display.authority, display.additional)
    text = ""
    for index, shown in enumerate(wanted):
        if not shown or (display.short and index != 1):
            continue
        if display.short:
            text += short_text  # +short's plain lines, even inside YAML
            continue
        if not has_section(message, index, is_query=is_query):
            continue
        text += _line(DATA_DEPTH, f"{titles[index]}_SECTION:")
        rrsets = shown_rrsets(message, index, lookup, message_number=message_number)
        for rrset in rrsets:
            for line in record_lines(rrset, index, style):
                text += _line(DATA_DEPTH + 1, yaml_item(line))
    if display.additional and not display.short and message.tsig is not None:
        # message.c leaves the record at the title's depth and ends with an empty line
        text += _line(DATA_DEPTH, "TSIG_PSEUDOSECTION:")
        for line in record_lines(message.tsig, 3, style):
            text += _line(DATA_DEPTH, yaml_item(line))
        text += "\n"
    return text


def message_yaml(
    message: MessageView,
    wire: bytes,
    lookup: Lookup,
    *,
    is_query: bool,
    server: Server,
    transport: str,
    sent_at: datetime | None,
    received_at: datetime | None = None,
    message_number: int = 0,
    short_text: str = "",
) -> str:
    """One message as dig's printmessage writes it with +yaml."""
    usec = lookup.use_usec
    text = "- type: MESSAGE\n  message:\n"
    text += _line(2, f"type: {_message_type(message, is_query=is_query)}")
    if sent_at is not None:
        text += _line(2, f"query_time: !!timestamp {timestamp(sent_at, usec=usec)}")
    if received_at is not None:
        text += _line(2, f"response_time: !!timestamp {timestamp(received_at, usec=usec)}")
    text += _line(2, f"message_size: {len(wire)}b")
    text += _socket_lines(lookup, server, transport)
    text += _line(2, "query_message_data:" if is_query else "response_message_data:")
    text += _header(message, wire)
    if lookup.display.comments and not lookup.display.short:
        sent = None if is_query else cookie_of(lookup.query)
        text += _opt_pseudosection(message, sent_cookie=sent)
    return text + _sections(
        message, lookup, is_query=is_query, message_number=message_number, short_text=short_text
    )


def dig_error(text: str) -> str:
    """dig_error in YAML: the message as a literal block."""
    return f"- type: DIG_ERROR\n  message: |\n    {text.removeprefix(';; ')}\n"


def render_yaml(exchange: Exchange) -> Iterator[str]:
    """Every piece of text dig +yaml prints for one lookup, in order."""
    lookup = exchange.lookup
    banner = Banner(lookup)  # a banner only when +cmd came after +yaml

    replies_so_far = 0
    for event in exchange.events:
        if isinstance(event, Note):
            if event.error:
                yield dig_error(event.text)
            elif not event.text.startswith(";;"):
                yield event.text + "\n"  # "; Transfer failed." is printed plainly
        elif isinstance(event, QuerySent):
            if lookup.display.qr and event.server is not None:
                query = event.query or lookup.query  # a retry may have changed it
                yield banner.take() + message_yaml(
                    query,
                    query.to_wire(),
                    lookup,
                    is_query=True,
                    server=event.server,
                    transport=event.transport,
                    sent_at=event.sent_at,
                )
        elif isinstance(event, Answer):
            reply = event.reply
            yield banner.take() + message_yaml(
                reply.message,
                reply.wire,
                lookup,
                is_query=False,
                server=reply.server,
                transport=reply.transport,
                sent_at=reply.received_at - timedelta(seconds=reply.elapsed),
                received_at=reply.received_at,
                message_number=replies_so_far,
                short_text=short_answer(reply.message, lookup, reply),
            )
            replies_so_far += 1
    if exchange.failure is not None:
        if exchange.banner_before_failure:
            yield banner.left
        yield dig_error(exchange.failure)
