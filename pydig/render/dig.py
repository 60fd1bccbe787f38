"""dig 9.18's text, byte for byte: pure functions of an Exchange.

The layout follows BIND's bin/dig/dig.c (printmessage, received) and
lib/dns/message.c (section and OPT pseudosection text).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias, cast

import dns.edns
import dns.flags
import dns.opcode
import dns.rcode
import dns.rdatatype

from pydig.model.exchange import Lookup
from pydig.render.records.lines import LineTable, line_table, question_line, rr_lines
from pydig.render.records.style import RecordStyle, section_style
from pydig.render.records.wire_data import owner_text
from pydig.wire.cookies import CLIENT_COOKIE_SIZE, cookie_of
from pydig.wire.idn import name_text, showing_unicode, shown_in_unicode

if TYPE_CHECKING:
    from pydig.model.events import Exchange
    from pydig.model.exchange import Moment, Received
    from pydig.model.message import MessageView, RecordSet
from pydig.wire.lean_message import LeanMessage, LeanRecord, wire_labels
from pydig.wire.protocol import CO, DO, RA, RD, Z_FLAG, opcode_text

# dig.c's rcodetext, not dnspython's names: 11 is RESERVED11 (not DSOTYPENI), and dig
# names neither 17 to 22 (BADKEY...) nor anything past BADCOOKIE.
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
    return _counts(wire[4:12])


def _counts(data: bytes) -> tuple[int, int, int, int]:
    """The four counts from the header's bytes 4 to 12."""
    return (
        int.from_bytes(data[0:2], "big"),
        int.from_bytes(data[2:4], "big"),
        int.from_bytes(data[4:6], "big"),
        int.from_bytes(data[6:8], "big"),
    )


# The header flags in dig's order, as plain ints: an enum's & costs more than the line.
_FLAG_NAMES = tuple(
    (name, int(bit))
    for name, bit in (
        ("qr", dns.flags.QR), ("aa", dns.flags.AA), ("tc", dns.flags.TC),
        ("rd", dns.flags.RD), ("ra", dns.flags.RA), ("ad", dns.flags.AD),
        ("cd", dns.flags.CD),
    )
)  # fmt: skip


def flags_words(flags: int) -> str:
    """The header flags that are set, each after a space, in dig's order."""
    return "".join(f" {name}" for name, bit in _FLAG_NAMES if flags & bit)


def flags_text(flags: int) -> str:
    return flags_words(flags) + ("; MBZ: 0x4" if flags & Z_FLAG else "")


def _is_dot_local(message: MessageView) -> bool:
    """Whether a question's name is under local. (what Name.is_subdomain says, without
    its comparison of every label)."""
    for rrset in message.question:
        labels: Sequence[bytes]
        if isinstance(rrset, LeanRecord):
            if rrset.owner[-7:].lower() != b"\x05local\x00":  # how such a name's wire ends
                continue
            labels = wire_labels(rrset.owner) or []
        else:
            labels = rrset.name.labels
        if len(labels) >= 2 and labels[-1] == b"" and labels[-2].lower() == b"local":
            return True
    return False


def header_lines(message: MessageView, wire: bytes, *, is_query: bool) -> str:
    before_id, after_id = _header_around_id(
        int(message.rcode()), int(message.flags), wire[4:12], _is_dot_local(message), is_query
    )
    return f"{before_id}{message.id}{after_id}"


@functools.lru_cache(maxsize=256)
def _header_around_id(
    rcode: int, flags: int, counts: bytes, dot_local: bool, is_query: bool
) -> tuple[str, str]:
    """The header's lines before and after the ID, which is all that differs between the
    headers of most replies of a batch.  flags: the header's, the opcode among them (as a
    message's flags hold it); counts: the header's four, as bytes."""
    opcode = (flags >> 11) & 0xF
    text = ""
    if dot_local:
        text += (
            ";; WARNING: .local is reserved for Multicast DNS\n;; You are currently "
            "testing what happens when an mDNS query is leaked to DNS\n"
        )
    query_count, answer_count, authority_count, additional_count = _counts(counts)
    text += f";; ->>HEADER<<- opcode: {opcode_text(opcode)}, status: {rcode_text(rcode)}, id: "
    after_id = (
        f"\n;; flags:{flags_text(flags)}; QUERY: {query_count}, ANSWER: {answer_count}, "
        f"AUTHORITY: {authority_count}, ADDITIONAL: {additional_count}\n"
    )
    if not is_query and flags & RD and not flags & RA:
        after_id += ";; WARNING: recursion requested but not available\n"
    return text, after_id


def cookie_status(data: bytes, sent_cookie: bytes | None) -> str:
    if sent_cookie is None:
        return ""
    size = CLIENT_COOKIE_SIZE
    if len(data) < size or data[:size] != sent_cookie[:size]:
        return " (bad)"
    return " (good)" if len(data) >= 16 else " (echoed)"


def option_line(code: int, data: bytes, *, sent_cookie: bytes | None) -> str:
    """One EDNS option as message.c prints it in the OPT pseudosection."""
    if code == dns.edns.OptionType.COOKIE:
        body = f" {data.hex()}" if data else ""
        return f"; COOKIE:{body}{cookie_status(data, sent_cookie) if data else ''}\n"
    from pydig.render.option_text import option_text  # what a plain reply seldom has

    return option_text(code, data)


# The OPT pseudosections of lean replies already made, by the OPT record's TTL field,
# class (the UDP payload) and data, the cookie sent and whether comments are shown: a
# batch's replies repeat theirs (a server's cookie changes once a second).
_OPT_TEXTS: dict[tuple[int, int, bytes, bytes | None, bool], str] = {}
_OPT_TEXTS_KEPT = 256  # then the table starts again


def opt_pseudosection(message: MessageView, *, comments: bool, sent_cookie: bytes | None) -> str:
    opt = message.opt if isinstance(message, LeanMessage) else None
    if opt is None:
        return _opt_text(message, comments=comments, sent_cookie=sent_cookie)
    key = (opt.ttl, opt.rdclass, opt.data, sent_cookie, comments)
    text = _OPT_TEXTS.get(key)
    if text is None:
        if len(_OPT_TEXTS) >= _OPT_TEXTS_KEPT:
            _OPT_TEXTS.clear()
        text = _OPT_TEXTS[key] = _opt_text(message, comments=comments, sent_cookie=sent_cookie)
    return text


def _opt_text(message: MessageView, *, comments: bool, sent_cookie: bytes | None) -> str:
    if message.edns < 0:
        return ""
    text = ";; OPT PSEUDOSECTION:\n" if comments else ""
    flags = message.ednsflags
    text += f"; EDNS: version: {message.edns}, flags:"
    if flags & DO:
        text += " do"
    if flags & CO:
        text += " co"
    must_be_zero = flags & 0xFFFF & ~(DO | CO)
    text += f"; MBZ: 0x{must_be_zero:04x}, udp: " if must_be_zero else "; udp: "
    text += f"{message.payload}\n"
    for option in message.options:
        text += option_line(int(option.otype), option.to_wire() or b"", sent_cookie=sent_cookie)
    if message.pad:
        # Our own padded query: dig shows its PAD option empty, as it was built.
        text += option_line(dns.edns.OptionType.PADDING, b"", sent_cookie=None)
    return text


def has_section(message: MessageView, index: int, *, is_query: bool) -> bool:
    """Whether dns_message_sectiontotext prints this section at all.  dig's own query always
    lists its name in the question section, even with +header-only, where the name has no
    type: the QUESTION heading then appears with nothing under it."""
    return bool(message.sections[index]) or (is_query and index == 0)


def shown_rrsets(
    message: MessageView, index: int, lookup: Lookup, *, message_number: int
) -> Sequence[RecordSet]:
    """The RRsets of a section that dig prints.  +onesoa on an AXFR keeps only the first
    SOA of the answer section in the first message and none in later ones."""
    rrsets = message.sections[index]
    if index != 1 or not lookup.display.onesoa or not _asks_axfr(lookup):
        return rrsets
    shown, seen_soa = [], False
    for rrset in rrsets:
        if rrset.rdtype == dns.rdatatype.SOA:
            if message_number > 0 or seen_soa:
                continue
            seen_soa = True
        shown.append(rrset)
    return shown


def _asks_axfr(lookup: Lookup) -> bool:
    question = lookup.query.question
    return bool(question) and question[0].rdtype == dns.rdatatype.AXFR


def section_text(
    message: MessageView, index: int, lookup: Lookup, lines: LineTable, heading: str, *,
    is_query: bool, message_number: int = 0,
) -> str:  # fmt: skip
    """A section as dns_message_sectiontotext writes it, its records in the lines' style,
    under its heading (";; ANSWER SECTION:" and its line end, of section_titles(); empty
    without +comments, and then no blank line ends the section either)."""
    rrsets = message.sections[index]
    if not rrsets and not has_section(message, index, is_query=is_query):
        return ""
    if index == 1 and lookup.display.onesoa:
        rrsets = shown_rrsets(message, index, lookup, message_number=message_number)
    text = heading
    if index == 0:
        for rrset in rrsets:
            owner = (
                owner_text(rrset.owner) if isinstance(rrset, LeanRecord) else name_text(rrset.name)
            )
            text += lines.question(owner, rrset.rdclass, rrset.rdtype) + "\n"
    elif isinstance(message, LeanMessage):
        text += lines.lean_lines(cast("Sequence[LeanRecord]", rrsets))
    else:
        for rrset in rrsets:
            text += "".join(line + "\n" for line in record_lines(rrset, index, lines.style))
    return text + "\n" if heading else text


def section_titles(message: MessageView) -> tuple[str, str, str, str]:
    """The sections' names: an UPDATE's are its own."""
    return UPDATE_TITLES if message.opcode() == dns.opcode.UPDATE else SECTION_TITLES


def record_lines(rrset: RecordSet, index: int, style: RecordStyle) -> list[str]:
    """The lines of one RRset (the question's when index is 0), without line ends."""
    if index == 0:
        return [question_line(rrset.name, rrset.rdclass, rrset.rdtype, style)]
    return [rr_lines(rrset.name, rrset.ttl, rrset.rdclass, rdata, style) for rdata in rrset]


def message_text(
    message: MessageView, wire: bytes, lookup: Lookup, *, is_query: bool,
    reply: Received | None = None, message_number: int = 0,
) -> str:  # fmt: skip
    """dig's printmessage, without the banner; message_number counts the replies before
    this one (a zone transfer has several)."""
    shape = _shape(lookup)
    if shape.dns64:
        from pydig.wire.dns64 import prefixes_text  # only for +dns64prefix

        # dig prints only the prefixes, after the blank line that ends its headers.
        blank = "\n" if shape.headers else ""
        return blank + (prefixes_text(message) if lookup.display.answer else "")
    text = ""
    if shape.headers:
        text = ";; Sending:\n" if is_query else ";; Got answer:\n"
        text += header_lines(message, wire, is_query=is_query)
        if not is_query and message.edns < 0:
            text += _edns_warning(message, lookup)
        if reply is not None and reply.extra_bytes:
            # dig.c tests the count twice, so it always says "bytes", even for one.
            text += f";; WARNING: Message has {reply.extra_bytes} extra bytes at end\n"
        sent = None if is_query else shape.sent_cookie
        text += "\n" + opt_pseudosection(message, comments=True, sent_cookie=sent)
    if shape.short:
        from pydig.render.short import short_answer  # +short's own lines (with +trace...)

        return text + short_answer(message, lookup, reply) if shape.answer else text
    lines = shape.lines[showing_unicode()]
    for index, heading in shape.headings[section_titles(message)]:
        text += section_text(
            message, index, lookup, lines, heading, is_query=is_query,
            message_number=message_number,
        )  # fmt: skip
    if shape.additional and message.tsig is not None:  # each message of a transfer has its own
        text += tsig_pseudosection(message, lookup)
    return text


def _edns_warning(message: MessageView, lookup: Lookup) -> str:
    """dig's warning when an EDNS query's reply has no OPT record and a status that says
    the server may not know EDNS."""
    rcode = message.rcode()
    if lookup.query.edns < 0 or rcode not in (dns.rcode.FORMERR, dns.rcode.NOTIMP):
        return ""
    retry = "+nodnssec " if lookup.query.ednsflags & dns.flags.DO else ""
    return (
        f"\n;; WARNING: EDNS query returned status {rcode_text(rcode)}"
        f" - retry with '{retry}+noedns'\n"
    )


class _Shape:
    """What dig's text of a lookup's messages reads of the lookup, worked out once for it:
    its display's choices, its sections' headings and the cookie its query sent (by
    which a reply's COOKIE option is judged).  The Lookup is kept, so that its id is no
    other's; its query never changes once planned (as Lookup.query_wire says)."""

    __slots__ = (
        "additional", "answer", "dns64", "headers", "headings", "lines", "lookup",
        "sent_cookie", "short",
    )  # fmt: skip

    def __init__(self, lookup: Lookup) -> None:
        display = lookup.display
        self.lookup = lookup
        self.sent_cookie = cookie_of(lookup.query)
        self.dns64 = display.dns64prefix
        self.short = display.short
        self.headers = display.comments and not display.short  # the header and OPT lines
        self.answer = display.answer
        self.additional = display.additional  # and with it the TSIG pseudosection
        style = section_style(display)
        # Its lines, by whether names are shown in Unicode (+idnout): each line_table()'s.
        with shown_in_unicode(False):
            ace = line_table(style)
        with shown_in_unicode(True):
            self.lines = (ace, line_table(style))
        shown = (display.question, display.answer, display.authority, display.additional)

        def headings(titles: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
            """The shown sections, each with its heading (none without comments)."""
            return tuple(
                (index, f";; {title} SECTION:\n" if display.comments else "")
                for index, title in enumerate(titles)
                if shown[index]
            )

        # By section_titles(): a message's, or an UPDATE's.
        self.headings = {titles: headings(titles) for titles in (SECTION_TITLES, UPDATE_TITLES)}


# The shape of the last lookup whose message was printed: a batch's lines are printed by
# one lookup.
_last_shape: _Shape | None = None


def _shape(lookup: Lookup) -> _Shape:
    global _last_shape
    shape = _last_shape
    if shape is None or shape.lookup is not lookup:
        shape = _last_shape = _Shape(lookup)
    return shape


def tsig_pseudosection(message: MessageView, lookup: Lookup) -> str:
    """The TSIG record dig prints after the additional section."""
    if message.tsig is None:
        return ""
    display = lookup.display
    text = ";; TSIG PSEUDOSECTION:\n" if display.comments else ""
    text += "".join(line + "\n" for line in record_lines(message.tsig, 3, section_style(display)))
    return text + ("\n" if display.comments else "")


def stats_text(lookup: Lookup, replies: Sequence[Received]) -> str:
    """dig's received(): the statistics after an answer, the last of the replies."""
    reply = replies[-1]
    display = lookup.display
    if display.short:
        return ""
    if display.stats:
        micro = int(reply.elapsed * 1_000_000)
        took = f"{micro} usec" if lookup.use_usec else f"{micro // 1000} msec"
        text = f";; Query time: {took}\n{_server_and_when(reply)}"
        if lookup.is_transfer:
            records = sum(len(rrset) for r in replies for rrset in r.message.answer)
            size = sum(len(r.wire) for r in replies)
            text += f";; XFR size: {records} records (messages {len(replies)}, bytes {size})\n"
        else:
            text += f";; MSG SIZE  rcvd: {len(reply.wire)}\n"
        if reply.tsig_error or (len(replies) > 1 and any(r.tsig_error for r in replies)):
            text += ";; WARNING -- Some TSIG could not be validated\n"
        return text + "\n"
    if display.identify:
        size = sum(len(r.wire) for r in replies) if lookup.is_transfer else len(reply.wire)
        from pydig.render.short import elapsed_text  # +identify: dig's full text loads none

        elapsed = elapsed_text(reply, lookup)
        return f";; Received {size} bytes from {_source(reply)} in {elapsed}\n\n"
    return ""


def _source(reply: Received) -> str:
    """Where a reply came from, as the SERVER and +identify lines say it."""
    return f"{reply.server.address}#{reply.port}({reply.server.label})"


# The last SERVER and WHEN lines, by what they are made of: a batch's replies come from
# one server, by the hundred in the same second.
_last_lines: tuple[tuple[object, ...], str] = ((), "")


def _server_and_when(reply: Received) -> str:
    """The statistics' SERVER and WHEN lines."""
    global _last_lines
    when, server = reply.received_at, reply.server
    key = (server.address, server.label, reply.port, reply.transport, _when_key(when))
    if key != _last_lines[0]:
        text = f";; SERVER: {_source(reply)} ({reply.transport})\n;; WHEN: {when_text(when)}\n"
        _last_lines = (key, text)
    return _last_lines[1]


# The last WHEN line's time, by what its text is made of: a batch's replies come in the
# same second, by the hundred.
_WhenKey: TypeAlias = "tuple[int, int, int, int, int, int, str | None]"
_last_when: tuple[_WhenKey, str] = ((0,) * 6 + (None,), "")


def when_text(when: Moment) -> str:
    """A reply's time as the WHEN line shows it; strftime() once a second."""
    global _last_when
    key = _when_key(when)
    if key != _last_when[0]:
        _last_when = (key, when.strftime("%a %b %d %H:%M:%S %Z %Y"))
    return _last_when[1]


def _when_key(when: Moment) -> _WhenKey:
    """All that the WHEN line shows of a time."""
    return (when.second, when.minute, when.hour, when.day, when.month, when.year, when.tzname())


class Banner:
    """dig prints a lookup's "; <<>> DiG" banner once, with its first message, and not
    under +short; a lookup that fails prints what is left of it whatever +short says."""

    def __init__(self, lookup: Lookup) -> None:
        self.left = lookup.banner
        self._short = lookup.display.short

    def take(self) -> str:
        text, self.left = self.left, ""
        return "" if self._short else text


def render_exchange(exchange: Exchange) -> Iterator[str]:
    """Every piece of text dig prints for one lookup, in order."""
    # the general machine's records: a plain answer's text (answer_pieces) reads none
    from pydig.model.events import Answer, Note, QuerySent

    lookup = exchange.lookup
    banner = Banner(lookup)

    replies_so_far = 0
    for event in exchange.events:
        if isinstance(event, Note):
            yield event.text + "\n"
        elif isinstance(event, QuerySent):
            if lookup.display.qr:
                query = event.query or lookup.query
                wire = query.to_wire()
                yield banner.take() + message_text(query, wire, lookup, is_query=True)
                if lookup.display.stats:
                    yield f";; QUERY SIZE: {len(wire)}\n\n"
        elif isinstance(event, Answer):
            reply = event.reply
            if reply.tsig_error:  # dig says so before it prints the reply
                yield f";; Couldn't verify signature: {reply.tsig_error}\n"
            yield banner.take() + message_text(
                reply.message, reply.wire, lookup, is_query=False, reply=reply,
                message_number=replies_so_far,
            )  # fmt: skip
            replies_so_far += 1
    if exchange.failure is not None:
        if exchange.banner_before_failure:
            yield banner.left  # dig prints it here whatever +short says
        yield exchange.failure + "\n"
        return
    replies = exchange.replies
    if replies and not exchange.cancelled:
        for _ in range(exchange.statistics_shown):
            yield stats_text(lookup, replies)


def answer_pieces(reply: Received, lookup: Lookup, banner: str) -> tuple[str, str]:
    """All that dig prints for a lookup that one reply ends plainly, with its statistics
    once (no +qr, no TSIG, no search list: the express lane's lookups), when banner is
    its banner: the pieces render() gives for its exchange, made without one (or a
    Reply: a FullAnswer has what one would)."""
    display = lookup.display
    if showing_unicode() != display.idnout:  # a batch's every line is shown as it is
        with shown_in_unicode(display.idnout):
            return answer_pieces(reply, lookup, banner)
    text = message_text(reply.message, reply.wire, lookup, is_query=False, reply=reply)
    if not display.short:
        text = banner + text
    return text, stats_text(lookup, (reply,))
