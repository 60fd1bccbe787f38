"""What dig's text makes once and uses again, because a batch's replies repeat most of
theirs: what follows a lean record's or a question's owner (render/records/lines.py), the
header around its ID, a lean reply's OPT pseudosection and the WHEN line's time
(render/dig.py), a name's text (wire/idn.py), a lean owner's by its wire form and a
section the lean reader shares (render/records/lines.py), what dig's text reads of a
lookup (the sections it shows, their headings, the cookie its query sent), the
SERVER and WHEN lines, the local zone of an event's second (model/exchange.py), and an IN
A address written without the renderers' machinery.  What is used again must be what
would be made afresh: never the text of another owner, TTL, class, type, data, style,
+idnout setting, flag, count, cookie, lookup, server, port, transport, second or zone.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.update
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.immutable import replace
from pydig.lookup.plan import plan_lookup
from pydig.model.display import DisplayOptions
from pydig.model.events import Reply
from pydig.model.exchange import LocalTime, Lookup, Server, local_time
from pydig.model.invocation import Invocation
from pydig.render import dig
from pydig.render.dig import header_lines, message_text, opt_pseudosection, stats_text, when_text
from pydig.render.records.lines import line_table, question_line, rr_lines
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle, section_style
from pydig.render.records.wire_data import owner_text
from pydig.wire.idn import IdnError, name_text, shown_in_unicode, spelled
from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage, LeanRecord

# Neighbours differ in one thing: the owner (same width, or its case), the TTL, the data,
# the class, the type, the width; a name in the data shows +idnout.
RECORDS = (
    ("a.test.", 300, "IN", "A", "192.0.2.1"),
    ("b.test.", 300, "IN", "A", "192.0.2.1"),
    ("B.test.", 300, "IN", "A", "192.0.2.1"),
    ("b.test.", 301, "IN", "A", "192.0.2.1"),
    ("b.test.", 301, "IN", "A", "192.0.2.2"),
    ("b.test.", 301, "HS", "A", "\\# 4 c0000202"),  # 192.0.2.2
    ("b.test.", 301, "IN", "AAAA", "2001:db8::2"),
    ("a-much-longer-owner.test.", 301, "IN", "AAAA", "2001:db8::2"),
    ("b.test.", 301, "IN", "NS", "xn--bcher-kva.test."),
    ("b.test.", 301, "IN", "NS", "xn--bcher-kva.tesu."),
    ("b.test.", 86400, "IN", "MX", "10 xn--bcher-kva.test."),
)
STYLES = {
    "default": DisplayOptions(),
    "multiline": DisplayOptions(multiline=True),
    "nottlid noclass": DisplayOptions(ttlid=False, show_class=False),
    "ttlunits": DisplayOptions(ttlunits=True),
    "yaml": DisplayOptions(yaml=True),
}


def lean_record(owner: str, ttl: int, rdclass: str, rdtype: str, data: str) -> LeanRecord:
    """The record as the lean reader reads it from a reply that answers with it."""
    query = dns.message.make_query(owner, rdtype, rdclass)
    reply = dns.message.make_response(query)
    reply.answer.append(dns.rrset.from_text(owner, ttl, rdclass, rdtype, data))
    lean = read_lean(reply.to_wire())
    assert lean is not None
    return lean.answer[0]


def afresh(style: RecordStyle) -> RecordStyle:
    """An equal style of its own, whose lines are all made anew."""
    return replace(style)


@pytest.mark.parametrize("display", STYLES.values(), ids=STYLES.keys())
@pytest.mark.parametrize("unicode", [False, True], ids=["ace", "idnout"])
def test_a_record_line_is_used_again_only_for_the_same_record(
    display: DisplayOptions, unicode: bool
) -> None:
    style = section_style(display)
    records = [lean_record(*fields) for fields in RECORDS]
    with shown_in_unicode(unicode):
        for record in [*records, *reversed(records), *records]:
            line = line_table(style).lean_lines([record])
            assert line == line_table(afresh(style)).lean_lines([record])
            assert line == rr_lines(record.name, record.ttl, record.rdclass, record, style) + "\n"
        assert line_table(style).lean_lines(records) == "".join(
            line_table(afresh(style)).lean_lines([record]) for record in records
        )


def test_names_in_the_data_follow_idnout() -> None:
    record = lean_record("b.test.", 60, "IN", "NS", "xn--bcher-kva.test.")
    style = section_style(DisplayOptions())
    with shown_in_unicode(True):
        assert line_table(style).lean_lines([record]) == "b.test.\t\t\t60\tIN\tNS\tbücher.test.\n"
    assert (
        line_table(style).lean_lines([record]) == "b.test.\t\t\t60\tIN\tNS\txn--bcher-kva.test.\n"
    )


@pytest.mark.parametrize("display", STYLES.values(), ids=STYLES.keys())
def test_a_question_line_is_used_again_only_for_the_same_question(
    display: DisplayOptions,
) -> None:
    style = section_style(display)
    questions = [
        (dns.name.from_text(owner), dns.rdataclass.from_text(cls), dns.rdatatype.from_text(rdtype))
        for owner, _, cls, rdtype, _ in RECORDS
    ]
    for question in [*questions, *reversed(questions)]:
        assert question_line(*question, style) == question_line(*question, afresh(style))


def reply_wire(
    *, query_id: int = 1, rcode: int = 0, aa: bool = True, answers: int = 1,
    cookie: bytes | None = None, payload: int = 1232, dnssec: bool = False,
    nsid: bytes | None = None,
) -> bytes:  # fmt: skip
    query = dns.message.make_query("a.test.", "A", use_edns=0)
    reply = dns.message.make_response(query)
    reply.id = query_id
    reply.set_rcode(dns.rcode.Rcode.make(rcode))
    if aa:
        reply.flags |= dns.flags.AA
    options: list[dns.edns.Option] = []
    if cookie is not None:
        options.append(dns.edns.GenericOption(dns.edns.OptionType.COOKIE, cookie))
    if nsid is not None:
        options.append(dns.edns.GenericOption(dns.edns.OptionType.NSID, nsid))
    reply.use_edns(0, dns.flags.DO if dnssec else 0, payload, options=options)
    for number in range(answers):
        reply.answer.append(dns.rrset.from_text("a.test.", 60, "IN", "A", f"192.0.2.{number}"))
    return reply.to_wire()


CLIENT = bytes(range(8))
REPLIES = [
    reply_wire(cookie=CLIENT + b"server-1"),
    reply_wire(cookie=CLIENT + b"server-2"),
    reply_wire(cookie=b"other-cl" + b"server-2"),
    reply_wire(cookie=CLIENT + b"server-2", payload=4096),
    reply_wire(cookie=CLIENT + b"server-2", dnssec=True),
    reply_wire(cookie=CLIENT + b"server-2", nsid=b"ns1"),
    reply_wire(nsid=b"ns1"),
    reply_wire(query_id=2),
    reply_wire(query_id=2, rcode=3),
    reply_wire(query_id=2, rcode=3, aa=False),
    reply_wire(query_id=2, rcode=3, aa=False, answers=2),
]


def both_ways(wire: bytes) -> tuple[LeanMessage, dns.message.Message]:
    lean = read_lean(wire)
    assert isinstance(lean, LeanMessage)
    return lean, dns.message.from_wire(wire, one_rr_per_rrset=True)


def test_an_opt_pseudosection_is_used_again_only_for_the_same_opt_record() -> None:
    for wire in [*REPLIES, *reversed(REPLIES)]:
        lean, full = both_ways(wire)
        for sent in (None, CLIENT, b"other-cl"):
            for comments in (True, False):
                made = opt_pseudosection(lean, comments=comments, sent_cookie=sent)
                assert made == opt_pseudosection(full, comments=comments, sent_cookie=sent)


def test_the_header_around_its_id_is_the_reply_s_own() -> None:
    texts = {header_lines(both_ways(wire)[0], wire, is_query=False) for wire in REPLIES * 2}
    assert len(texts) == 5  # the cookies and the EDNS options are not in the header
    lean, _ = both_ways(reply_wire(query_id=65535, rcode=3, aa=False, answers=2))
    assert header_lines(lean, reply_wire(answers=2), is_query=False) == (
        ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 65535\n"
        ";; flags: qr rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n"
        ";; WARNING: recursion requested but not available\n"
    )


WHEN = datetime(2026, 12, 7, 18, 30, 59, 999_999, tzinfo=UTC)


@pytest.mark.parametrize(
    "later",
    [
        WHEN.replace(microsecond=0),  # the same second
        WHEN + timedelta(microseconds=1),  # the next one
        WHEN.astimezone(timezone(timedelta(hours=1), "CET")),  # the same time elsewhere
        WHEN.replace(tzinfo=timezone(timedelta(0), "GMT")),  # the same offset, named apart
        WHEN.replace(tzinfo=None),  # no zone
        WHEN.replace(year=2027),
    ],
)
def test_the_when_line_s_time_is_its_own_second_s(later: datetime) -> None:
    for when in (WHEN, later, WHEN):
        assert when_text(when) == when.strftime("%a %b %d %H:%M:%S %Z %Y")


@pytest.mark.parametrize("zone", ["UTC", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3", "Asia/Kolkata"])
@pytest.mark.parametrize("timestamp", [0.0, 1_796_668_259.5, 1_774_746_000.0, 1_792_890_000.9])
def test_an_express_answer_s_when_line_is_a_reply_s(
    zone: str, timestamp: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FullAnswer's LocalTime (no datetime loaded) shows the WHEN line local_time()'s
    datetime shows for a Reply, in every zone, on either side of a change of offset."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        express, reply = LocalTime(timestamp), local_time(timestamp)
        shown = "%a %b %d %H:%M:%S %Z %Y"  # when_text()'s, which keeps one text a second
        assert express.strftime(shown) == reply.strftime(shown)
        assert express.tzname() == reply.tzname()
        fields = ("second", "minute", "hour", "day", "month", "year")  # when_text()'s key
        assert [getattr(express, name) for name in fields] == [
            getattr(reply, name) for name in fields
        ]
    finally:
        monkeypatch.undo()
        time.tzset()


LABELS = st.binary(min_size=1, max_size=8) | st.sampled_from(
    [b"a", b"xn--bcher-kva", b"_tcp", b"*", b"a.b", b"a b", b"\\", b"@", b"$", b'"', b"\xff"]
)


@settings(max_examples=500)
@given(labels=st.lists(LABELS, max_size=5), absolute=st.booleans())
def test_a_name_is_spelled_as_dnspython_spells_it(labels: list[bytes], absolute: bool) -> None:
    name = dns.name.Name([*labels, b""] if absolute else labels)
    assert spelled(name) == name.to_text()


@pytest.mark.parametrize("text", [".", "@", "example.test", "example.test.", "a\\.b.test."])
def test_names_dnspython_spells_on_its_own(text: str) -> None:
    name = dns.name.empty if text == "@" else dns.name.from_text(text, origin=None)
    assert spelled(name) == name.to_text()


@settings(max_examples=300)
@given(names=st.lists(st.lists(LABELS, max_size=4), min_size=1, max_size=6))
def test_a_lean_owner_s_text_is_its_own_name_s(names: list[list[bytes]]) -> None:
    """owner_text() spells a wire form as name_text() spells its Name, again and again,
    under either +idnout setting (a name of broken Punycode fails alike)."""
    wires = [dns.name.Name([*labels, b""]).to_wire() for labels in names]
    for unicode in (False, True, False):
        with shown_in_unicode(unicode):
            for wire in [*wires, *reversed(wires)]:
                assert _spelled_both_ways(wire)


def _spelled_both_ways(wire: bytes) -> bool:
    name = dns.name.from_wire(wire, 0)[0]
    try:
        expected = name_text(name)
    except IdnError:
        with pytest.raises(IdnError):
            owner_text(wire)
        return True
    return owner_text(wire) == expected


def tail_reply(name: str, *, ttl: int = 60, address: str = "192.0.2.53") -> bytes:
    """A reply whose authority and additional sections (a zone's server and its
    address, with no pointer back into the question) repeat from one name to the next."""
    reply = dns.message.make_response(dns.message.make_query(name, "A"))
    reply.answer.append(dns.rrset.from_text(name, 60, "IN", "A", "192.0.2.1"))
    reply.authority.append(dns.rrset.from_text("test.", ttl, "IN", "NS", "ns.test."))
    reply.additional.append(dns.rrset.from_text("ns.test.", ttl, "IN", "A", address))
    return reply.to_wire()


@pytest.mark.parametrize("display", STYLES.values(), ids=STYLES.keys())
@pytest.mark.parametrize("unicode", [False, True], ids=["ace", "idnout"])
def test_a_shared_section_s_text_is_used_again_only_for_the_same_records(
    display: DisplayOptions, unicode: bool
) -> None:
    """The lean reader shares the sections replies repeat (as tuples): their text is
    made once, and is what their records make afresh; a reply whose sections differ in
    a TTL or an address never shows another's."""
    style = section_style(display)
    replies = [
        tail_reply("a.example."),
        tail_reply("b.example."),
        tail_reply("c.example.", ttl=61),
        tail_reply("d.example.", address="192.0.2.54"),
        tail_reply("e.example."),
    ]
    with shown_in_unicode(unicode):
        for wire in [*replies, *reversed(replies)]:
            lean = read_lean(wire)
            assert lean is not None
            for section in (lean.authority, lean.additional):
                assert isinstance(section, tuple)  # shared
                made = line_table(style).lean_lines(section)
                assert made == line_table(afresh(style)).lean_lines(list(section))
                assert made == "".join(
                    rr_lines(record.name, record.ttl, record.rdclass, record, style) + "\n"
                    for record in section
                )
    first, again = read_lean(replies[0]), read_lean(replies[-1])
    assert first is not None and again is not None
    assert first.authority is again.authority  # read once, for both


def planned(client_cookie: bytes = CLIENT) -> Lookup:
    """A plain lookup, sending this client cookie (planning sends nothing)."""
    parsed = parse_argv(["@127.0.0.1", "-p", "53", "a.test"])
    assert isinstance(parsed, Invocation)
    return plan_lookup(parsed.queries[0], parsed.globals, ResolvConf(), client_cookie=client_cookie)


def test_a_reply_s_cookie_is_judged_by_its_own_lookup_s() -> None:
    """The cookie a lookup sent is worked out once for a run of its replies: never
    another lookup's, nor an equal lookup's of its own."""
    wire = reply_wire(cookie=CLIENT + b"server-1")
    lean, _ = both_ways(wire)
    ours, theirs = planned(), planned(b"other-cl")
    for lookup, status in [(ours, "good"), (theirs, "bad"), (replace(ours), "good")] * 2:
        text = message_text(lean, wire, lookup, is_query=False)
        assert f"; COOKIE: {(CLIENT + b'server-1').hex()} ({status})\n" in text


def update_reply_wire() -> bytes:
    """A reply to an UPDATE: its sections have names of their own."""
    update = dns.update.UpdateMessage("test.")
    update.add("a.test.", 60, "A", "192.0.2.1")
    return dns.message.make_response(update).to_wire()


def idn_data_reply_wire() -> bytes:
    """A reply with a name in its records' data that +idnout shows in Unicode."""
    reply = dns.message.make_response(dns.message.make_query("a.test.", "NS"))
    reply.answer.append(dns.rrset.from_text("a.test.", 60, "IN", "NS", "xn--bcher-kva.test."))
    return reply.to_wire()


# Neighbours differ in one thing dig's text reads of a lookup.
SHAPES = [
    DisplayOptions(),
    DisplayOptions(comments=False),
    DisplayOptions(question=False),
    DisplayOptions(authority=False, additional=False),
    DisplayOptions(short=True),
    DisplayOptions(short=True, answer=False),
    DisplayOptions(onesoa=True, comments=False),
]


def test_what_a_lookup_s_text_reads_of_it_is_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """What dig's text works out once for a lookup's replies (the sections it shows, their
    headings, its lines under either +idnout setting, the cookie sent) is never another
    lookup's, nor an equal lookup's of its own, and an UPDATE's sections keep their own
    names under any lookup."""
    ours = planned()
    lookups = [replace(ours, display=display) for display in SHAPES]
    lookups += [planned(b"other-cl"), replace(ours)]
    wires = [tail_reply("xn--bcher-kva.test."), update_reply_wire()]
    wires += [reply_wire(cookie=CLIENT + b"server-1"), idn_data_reply_wire()]
    expected = {}
    for lookup in lookups:
        for wire in wires:
            for unicode in (False, True):
                monkeypatch.setattr(dig, "_last_shape", None)  # made afresh
                with shown_in_unicode(unicode):
                    made = message_text(read_lean(wire), wire, lookup, is_query=False)
                expected[id(lookup), wire, unicode] = made
    texts = {
        tuple(text for key, text in expected.items() if key[0] == id(lookup)) for lookup in lookups
    }
    assert len(texts) == len(lookups) - 2  # +onesoa asks an AXFR; replace(ours) is ours
    assert ";; ZONE SECTION:" in expected[id(lookups[0]), wires[1], False]
    assert "bücher.test." in expected[id(lookups[0]), wires[0], True]
    assert "NS\tbücher.test." in expected[id(lookups[0]), wires[3], True]
    for lookup in [*lookups, *reversed(lookups), *lookups]:
        for wire in [*wires, *wires]:
            for unicode in (False, True, False):
                with shown_in_unicode(unicode):
                    made = message_text(read_lean(wire), wire, lookup, is_query=False)
                assert made == expected[id(lookup), wire, unicode]


SERVER = Server(address="127.0.0.1", label="127.0.0.1")
OTHER = Server(address="127.0.0.2", label="localhost")
# Neighbours differ in one thing the SERVER and WHEN lines show.
REPLIES_FROM = [
    (SERVER, 53, "UDP", WHEN),
    (SERVER, 5300, "UDP", WHEN),
    (SERVER, 5300, "TCP", WHEN),
    (Server(address="127.0.0.2", label="127.0.0.1"), 5300, "TCP", WHEN),
    (OTHER, 5300, "TCP", WHEN),
    (OTHER, 5300, "TCP", WHEN + timedelta(seconds=1)),
    (OTHER, 5300, "TCP", WHEN.astimezone(timezone(timedelta(hours=1), "CET"))),
]


def test_the_server_and_when_lines_are_the_reply_s_own() -> None:
    lookup = planned()
    wire = REPLIES[0]
    lean, _ = both_ways(wire)
    for server, port, transport, when in [*REPLIES_FROM, *reversed(REPLIES_FROM)]:
        reply = Reply(
            message=lean, wire=wire, server=server, port=port, transport=transport,
            elapsed=0.0042, received_at=when,
        )  # fmt: skip
        assert stats_text(lookup, (reply,)) == (
            ";; Query time: 4 msec\n"
            f";; SERVER: {server.address}#{port}({server.label}) ({transport})\n"
            f";; WHEN: {when.strftime('%a %b %d %H:%M:%S %Z %Y')}\n"
            f";; MSG SIZE  rcvd: {len(wire)}\n\n"
        )


@settings(max_examples=200)
@given(st.binary(min_size=4, max_size=4))
def test_an_address_record_s_text_is_what_its_renderer_makes(data: bytes) -> None:
    """rdata_text writes an IN A record's address without the renderers' machinery (the
    commonest record): the same text as dnspython's, every address; +unknownformat and
    the other classes' A records still go their own way."""
    address = dns.rdata.from_wire(dns.rdataclass.IN, dns.rdatatype.A, data, 0, 4)
    assert rdata_text(LeanRecord(b"\0", 1, 1, 0, data)) == address.to_text()
    unknown = RecordStyle(unknownformat=True)
    assert rdata_text(LeanRecord(b"\0", 1, 1, 0, data), unknown) == f"\\# 4 {data.hex().upper()}"
    chaos = rdata_text(LeanRecord(b"\0", 1, dns.rdataclass.CH, 0, b"\1a\0" + data[:2]))
    assert chaos == f"a. {int.from_bytes(data[:2], 'big'):o}"


# Around 2026's changes of daylight saving time in Berlin and New York (UTC).
ZONE_CHANGES = ("2026-03-29T01:00:00", "2026-10-25T01:00:00", "2026-03-08T07:00:00")
ZONE_CHANGES += ("2026-11-01T06:00:00",)


def test_a_local_time_s_zone_is_used_again_only_within_its_second_and_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """local_time keeps the local zone of the last second it met: every moment is given
    the zone astimezone() gives it, across changes of daylight saving time, and a change
    of TZ within the same second is the new zone's."""

    def spelled_out(moment: datetime) -> tuple[str, str | None]:
        return moment.isoformat(), moment.tzname()

    try:
        for zone in ("Europe/Berlin", "America/New_York", "UTC", "Europe/Berlin"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            for change in ZONE_CHANGES:
                start = datetime.fromisoformat(change).replace(tzinfo=UTC).timestamp()
                for step in range(-6, 6):
                    timestamp = start + step * 0.75
                    expected = datetime.fromtimestamp(timestamp).astimezone()
                    assert spelled_out(local_time(timestamp)) == spelled_out(expected)
                    assert spelled_out(local_time(timestamp)) == spelled_out(expected)
        now = time.time()
        for zone in ("Europe/Berlin", "America/New_York", "UTC"):  # within one second
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            expected = datetime.fromtimestamp(now).astimezone()
            assert spelled_out(local_time(now)) == spelled_out(expected)
    finally:
        monkeypatch.undo()
        time.tzset()
