"""dig 9.18's text, byte for byte: pure functions of an Exchange.

The layout follows BIND's bin/dig/dig.c (printmessage, received) and
lib/dns/message.c (section and OPT pseudosection text).
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rrset
import dns.wire

from pydig.exchange import Answer, Exchange, Lookup, Note, QuerySent, Reply
from pydig.render.records import question_line, rr_lines, short_rdata
from pydig.render.style import DisplayOptions

# EDNS option codes dig names in the OPT pseudosection.
NSID, EXPIRE, COOKIE, KEEPALIVE, PADDING, KEY_TAG, EDE = 3, 9, 10, 11, 12, 14, 15
CLIENT_SUBNET, CLIENT_TAG, SERVER_TAG = 8, 16, 17

EDE_TEXT = (
    "Other", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type", "Stale Answer",
    "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
    "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
    "NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered",
    "Prohibited", "Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported",
    "No Reachable Authority", "Network Error", "Invalid Data",
)  # fmt: skip

OPCODE_TEXT = (
    "QUERY", "IQUERY", "STATUS", "RESERVED3", "NOTIFY", "UPDATE", "RESERVED6", "RESERVED7",
    "RESERVED8", "RESERVED9", "RESERVED10", "RESERVED11", "RESERVED12", "RESERVED13",
    "RESERVED14", "RESERVED15",
)  # fmt: skip

RCODE_TEXT = {
    0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED",
    6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE",
    11: "RESERVED11", 12: "RESERVED12", 13: "RESERVED13", 14: "RESERVED14", 15: "RESERVED15",
    16: "BADVERS", 23: "BADCOOKIE",
}  # fmt: skip

SECTION_TITLES = ("QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL")
UPDATE_TITLES = ("ZONE", "PREREQUISITE", "UPDATE", "ADDITIONAL")


def rcode_text(rcode: int) -> str:
    """dig's rcode_totext: a number it has no name for is shown as "?N"."""
    return RCODE_TEXT.get(rcode, f"?{rcode}")


def header_counts(wire: bytes) -> tuple[int, int, int, int]:
    """The four counts as the header states them, which may differ from what parsed."""
    return (
        int.from_bytes(wire[4:6], "big"),
        int.from_bytes(wire[6:8], "big"),
        int.from_bytes(wire[8:10], "big"),
        int.from_bytes(wire[10:12], "big"),
    )


def flags_text(flags: int) -> str:
    names = [
        name
        for name, bit in (
            ("qr", dns.flags.QR), ("aa", dns.flags.AA), ("tc", dns.flags.TC),
            ("rd", dns.flags.RD), ("ra", dns.flags.RA), ("ad", dns.flags.AD),
            ("cd", dns.flags.CD),
        )
        if flags & bit
    ]  # fmt: skip
    text = "".join(f" {name}" for name in names)
    if flags & 0x0040:
        text += "; MBZ: 0x4"
    return text


def _is_dot_local(message: dns.message.Message) -> bool:
    local = dns.name.from_text("local.")
    return any(rrset.name.is_subdomain(local) for rrset in message.question)


def header_lines(message: dns.message.Message, wire: bytes, *, is_query: bool) -> str:
    text = ""
    if _is_dot_local(message):
        text += (
            ";; WARNING: .local is reserved for Multicast DNS\n;; You are currently "
            "testing what happens when an mDNS query is leaked to DNS\n"
        )
    query_count, answer_count, authority_count, additional_count = header_counts(wire)
    text += (
        f";; ->>HEADER<<- opcode: {OPCODE_TEXT[message.opcode()]}, "
        f"status: {rcode_text(message.rcode())}, id: {message.id}\n"
        f";; flags:{flags_text(message.flags)}; QUERY: {query_count}, ANSWER: {answer_count}, "
        f"AUTHORITY: {authority_count}, ADDITIONAL: {additional_count}\n"
    )
    if not is_query and message.flags & dns.flags.RD and not message.flags & dns.flags.RA:
        text += ";; WARNING: recursion requested but not available\n"
    return text


def _printable(data: bytes) -> str:
    return "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in data)


def _hex_bytes(data: bytes) -> str:
    return "".join(f"{byte:02x} " for byte in data)


def _cookie_status(data: bytes, sent_cookie: bytes | None) -> str:
    if sent_cookie is None:
        return ""
    if len(data) < 8 or data[:8] != sent_cookie[:8]:
        return " (bad)"
    return " (good)" if len(data) >= 16 else " (echoed)"


def option_line(code: int, data: bytes, *, sent_cookie: bytes | None) -> str:
    """One EDNS option as message.c prints it in the OPT pseudosection."""
    if code == COOKIE:
        body = f" {data.hex()}" if data else ""
        return f"; COOKIE:{body}{_cookie_status(data, sent_cookie) if data else ''}\n"
    if code == EXPIRE and len(data) == 4:
        seconds = int.from_bytes(data, "big")
        return f"; EXPIRE: {seconds} ({ttl_words(seconds)})\n"
    if code == KEEPALIVE and len(data) == 2:
        tenths = int.from_bytes(data, "big")
        return f"; TCP KEEPALIVE: {tenths // 10}.{tenths % 10} secs\n"
    if code == PADDING:
        return f"; PAD: ({len(data)} bytes)\n" if data else "; PAD:\n"
    if code == KEY_TAG and data and len(data) % 2 == 0:
        tags = ",".join(
            f" {int.from_bytes(data[i : i + 2], 'big')}" for i in range(0, len(data), 2)
        )
        return f"; KEY-TAG:{tags}\n"
    if code in (CLIENT_TAG, SERVER_TAG) and len(data) == 2:
        label = "CLIENT-TAG" if code == CLIENT_TAG else "SERVER-TAG"
        return f"; {label}: {int.from_bytes(data, 'big')}\n"
    if code == EDE:
        return _ede_line(data)
    if code == CLIENT_SUBNET:
        return _ecs_line(data)
    label = {NSID: "; NSID:", EXPIRE: "; EXPIRE:", KEEPALIVE: "; TCP KEEPALIVE:"}.get(
        code, f"; OPT={code}:"
    )
    if not data:
        return f"{label}\n"
    return f'{label} {_hex_bytes(data)}("{_printable(data)}")\n'


def _ede_line(data: bytes) -> str:
    if len(data) == 1:
        char = chr(data[0]) if 0x20 <= data[0] < 0x7F else "."
        return f'; EDE: {data[0]:02x} ("{char}")\n'
    if not data:
        return "; EDE:\n"
    info = int.from_bytes(data[:2], "big")
    text = f"; EDE: {info}"
    if info < len(EDE_TEXT):
        text += f" ({EDE_TEXT[info]})"
    extra = data[2:]
    if not extra:
        return text + "\n"
    try:
        return f"{text}: ({extra.decode('utf-8')})\n"
    except UnicodeDecodeError:
        return f'{text}: {_hex_bytes(extra)}("{_printable(extra)}")\n'


def _ecs_line(data: bytes) -> str:
    try:
        option = dns.edns.ECSOption.from_wire_parser(dns.edns.OptionType.ECS, dns.wire.Parser(data))
    except (dns.exception.DNSException, ValueError, EOFError):  # malformed: hex, as in dig
        return f"; CLIENT-SUBNET: {_hex_bytes(data)}\n"
    assert isinstance(option, dns.edns.ECSOption)
    return f"; CLIENT-SUBNET: {option.address}/{option.srclen}/{option.scopelen}\n"


def ttl_words(seconds: int) -> str:
    """BIND's dns_ttl_totext in verbose form: "1 week 2 days 3 hours"."""
    parts = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    if seconds or not parts:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(parts)


def sent_client_cookie(query: dns.message.Message) -> bytes | None:
    for option in query.options:
        if option.otype == COOKIE:
            return option.to_wire() or b""
    return None


def opt_pseudosection(
    message: dns.message.Message, *, comments: bool, sent_cookie: bytes | None
) -> str:
    if message.edns < 0:
        return ""
    text = ";; OPT PSEUDOSECTION:\n" if comments else ""
    flags = message.ednsflags
    text += f"; EDNS: version: {message.edns}, flags:"
    if flags & dns.flags.DO:
        text += " do"
    if flags & 0x4000:
        text += " co"
    must_be_zero = flags & 0xFFFF & ~(dns.flags.DO | 0x4000)
    text += f"; MBZ: 0x{must_be_zero:04x}, udp: " if must_be_zero else "; udp: "
    text += f"{message.payload}\n"
    for option in message.options:
        text += option_line(int(option.otype), option.to_wire() or b"", sent_cookie=sent_cookie)
    return text


def section_text(message: dns.message.Message, index: int, display: DisplayOptions) -> str:
    rrsets: list[dns.rrset.RRset] = message.sections[index]
    if not rrsets:
        return ""
    titles = UPDATE_TITLES if message.opcode() == dns.opcode.UPDATE else SECTION_TITLES
    text = f";; {titles[index]} SECTION:\n" if display.comments else ""
    for rrset in rrsets:
        if index == 0:
            text += question_line(
                rrset.name, rrset.rdclass, rrset.rdtype, ttlid=display.ttlid,
                show_class=display.show_class, multiline=display.multiline,
            ) + "\n"  # fmt: skip
            continue
        for rdata in rrset:
            text += rr_lines(
                rrset.name, rrset.ttl, rrset.rdclass, rdata,
                ttlid=display.ttlid, show_class=display.show_class,
                multiline=display.multiline,
            ) + "\n"  # fmt: skip
    if display.comments:
        text += "\n"
    return text


def short_answer(message: dns.message.Message, lookup: Lookup, reply: Reply | None) -> str:
    lines = []
    for rrset in message.answer:
        for rdata in rrset:
            line = short_rdata(rdata)
            if lookup.display.identify and reply is not None:
                line += f" from server {reply.server.address} in {_elapsed(reply, lookup)}."
            lines.append(line + "\n")
    return "".join(lines)


def _elapsed(reply: Reply, lookup: Lookup) -> str:
    micro = int(reply.elapsed * 1_000_000)
    return f"{micro} us" if lookup.use_usec else f"{micro // 1000} ms"


def message_text(
    message: dns.message.Message, wire: bytes, lookup: Lookup, *, is_query: bool,
    reply: Reply | None = None,
) -> str:  # fmt: skip
    """dig's printmessage, without the banner."""
    display = lookup.display
    text = ""
    if display.comments and not display.short:
        text += ";; Sending:\n" if is_query else ";; Got answer:\n"
        text += header_lines(message, wire, is_query=is_query)
        if (
            not is_query
            and lookup.query.edns >= 0
            and message.edns < 0
            and message.rcode() in (dns.rcode.FORMERR, dns.rcode.NOTIMP)
        ):
            retry = "+nodnssec " if lookup.query.ednsflags & dns.flags.DO else ""
            text += (
                f"\n;; WARNING: EDNS query returned status {rcode_text(message.rcode())}"
                f" - retry with '{retry}+noedns'\n"
            )
        text += "\n"
        sent = None if is_query else sent_client_cookie(lookup.query)
        text += opt_pseudosection(message, comments=True, sent_cookie=sent)
    if display.question and not display.short:
        text += section_text(message, 0, display)
    if display.answer:
        text += (
            short_answer(message, lookup, reply)
            if display.short
            else section_text(message, 1, display)
        )
    if not display.short:
        if display.authority:
            text += section_text(message, 2, display)
        if display.additional:
            text += section_text(message, 3, display)
    return text


def stats_text(exchange: Exchange, reply: Reply) -> str:
    """dig's received(): the statistics after an answer."""
    lookup = exchange.lookup
    display = lookup.display
    if display.short:
        return ""
    source = f"{reply.server.address}#{reply.port}"
    replies = exchange.replies
    if display.stats:
        when = reply.received_at.strftime("%a %b %d %H:%M:%S %Z %Y")
        text = (
            f";; Query time: {_query_time(reply, lookup)}\n"
            f";; SERVER: {source}({reply.server.label}) ({reply.transport})\n"
            f";; WHEN: {when}\n"
        )
        if lookup.is_transfer:
            records = sum(len(rrset) for r in replies for rrset in r.message.answer)
            size = sum(len(r.wire) for r in replies)
            text += f";; XFR size: {records} records (messages {len(replies)}, bytes {size})\n"
        else:
            text += f";; MSG SIZE  rcvd: {len(reply.wire)}\n"
        return text + "\n"
    if display.identify:
        size = sum(len(r.wire) for r in replies) if lookup.is_transfer else len(reply.wire)
        elapsed = _elapsed(reply, lookup)
        return f";; Received {size} bytes from {source}({reply.server.label}) in {elapsed}\n\n"
    return ""


def _query_time(reply: Reply, lookup: Lookup) -> str:
    micro = int(reply.elapsed * 1_000_000)
    return f"{micro} usec" if lookup.use_usec else f"{micro // 1000} msec"


def render_exchange(exchange: Exchange) -> Iterator[str]:
    """Every piece of text dig prints for one lookup, in order."""
    lookup = exchange.lookup
    banner_pending = lookup.banner

    def banner() -> str:
        nonlocal banner_pending
        text, banner_pending = banner_pending, ""
        return "" if lookup.display.short else text

    for event in exchange.events:
        if isinstance(event, Note):
            yield event.text + "\n"
        elif isinstance(event, QuerySent):
            if lookup.display.qr:
                wire = lookup.query.to_wire()
                yield banner() + message_text(lookup.query, wire, lookup, is_query=True)
                if lookup.display.stats:
                    yield f";; QUERY SIZE: {len(wire)}\n\n"
        elif isinstance(event, Answer):
            reply = event.reply
            yield banner() + message_text(
                reply.message, reply.wire, lookup, is_query=False, reply=reply
            )
    if exchange.failure is not None:
        if exchange.banner_before_failure:
            yield banner_pending  # dig prints it here whatever +short says
        yield exchange.failure + "\n"
        return
    replies = exchange.replies
    if replies and not exchange.cancelled:
        yield stats_text(exchange, replies[-1])
