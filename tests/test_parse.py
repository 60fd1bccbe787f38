"""dig's command-line grammar, one case per line: parse_argv and parse_batch_line, no network.

Every expectation here is what dig 9.18 does with the same words (checked against
dig 9.18.49 by hand: its question lines, its servers, its errors); where pydig
deliberately parts from dig the case says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dns.rdataclass
import dns.rdatatype
import pytest

from pydig.cli.parse import parse_argv, parse_batch_line
from pydig.errors import ExitStatus, OptionValueError, PydigError, UsageError
from pydig.model.invocation import Help, Invocation, Query, Version

V6_REVERSE = "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."


def invocation(argv: str, rc: Sequence[str] = ()) -> Invocation:
    """parse_argv of space-separated words, with ~/.digrc lines `rc`."""
    result = parse_argv(argv.split(), rc_lines=[line.split() for line in rc])
    assert isinstance(result, Invocation), result
    return result


def questions(queries: Sequence[Query]) -> list[tuple[str, str, str]]:
    """(name, type, class) of each lookup, as dig's question lines would show them."""
    return [
        (
            query.name,
            dns.rdatatype.to_text(query.settings.rdtype),
            dns.rdataclass.to_text(query.settings.rdclass),
        )
        for query in queries
    ]


def pick(parsed: Invocation, path: str) -> Any:
    """A field of a parse result by a short path.

    The first part picks the record: `g` the globals, `defaults` the defaults,
    `Q1` the second Query itself, `q1` its settings, `d1` its display options.
    """
    head, _, rest = path.partition(".")
    record: object
    if head == "g":
        record = parsed.globals
    elif head == "defaults":
        record = parsed.defaults
    else:
        query = parsed.queries[int(head[1:])]
        record = {"Q": query, "q": query.settings, "d": query.settings.display}[head[0]]
    for part in rest.split("."):
        record = getattr(record, part)
    return record


# --- which word is a name, a type or a class --------------------------------------------

POSITIONAL = [
    pytest.param("example.test", [("example.test", "A", "IN")], id="name-alone-is-A-IN"),
    pytest.param("", [(".", "NS", "IN")], id="nothing-is-root-NS"),
    pytest.param(". ns", [(".", "NS", "IN")], id="seed-root-ns"),
    pytest.param("mx linuxvoice.test", [("linuxvoice.test", "MX", "IN")], id="type-first"),
    pytest.param("linuxvoice.test IN MX", [("linuxvoice.test", "MX", "IN")], id="class-type"),
    pytest.param("linuxvoice.test MX IN", [("linuxvoice.test", "MX", "IN")], id="type-class"),
    pytest.param("in mx linuxvoice.test", [("linuxvoice.test", "MX", "IN")], id="both-first"),
    pytest.param("linuxvoice.test ch txt", [("linuxvoice.test", "TXT", "CH")], id="lower-case"),
    pytest.param("x.test TYPE65280", [("x.test", "TYPE65280", "IN")], id="TYPEnnn"),
    pytest.param("CLASS1 x.test", [("x.test", "A", "IN")], id="CLASSnnn"),
    pytest.param("x.test CLASS3", [("x.test", "A", "CH")], id="CLASS3-is-CH"),
    pytest.param("-q mx", [("mx", "A", "IN")], id="q-takes-a-type-word-as-name"),
    pytest.param("mx -q a", [("a", "MX", "IN")], id="q-name-after-type"),
    pytest.param("host a b mx", [("host", "A", "IN"), ("b", "MX", "IN")], id="two-lookups"),
    pytest.param(
        "-t mx example.test txt",
        [("example.test", "MX", "IN"), ("txt", "MX", "IN")],
        id="t-closes-positional-type",
    ),
    pytest.param(
        "example.test -t mx a.test txt",
        [("example.test", "MX", "IN"), ("a.test", "A", "IN"), ("txt", "A", "IN")],
        id="t-after-name-is-local-and-closes",
    ),
    pytest.param(
        "-c in a.test hs", [("a.test", "A", "IN"), ("hs", "A", "IN")], id="c-closes-class"
    ),
    pytest.param(
        "-c CH version.bind TXT",
        [("version.bind", "A", "CH"), ("TXT", "A", "CH")],
        id="c-CH-then-TXT-is-a-name",
    ),
    pytest.param("a.test -t mx -t txt", [("a.test", "TXT", "IN")], id="last-t-wins"),
    pytest.param("axfr example.test mx", [("example.test", "MX", "IN")], id="last-type-wins"),
    pytest.param("-x 192.0.2.10", [("10.2.0.192.in-addr.arpa.", "PTR", "IN")], id="x-ipv4"),
    pytest.param("-x 2001:db8::10", [(V6_REVERSE, "PTR", "IN")], id="x-ipv6-nibbles"),
    pytest.param("-x ::1", [("1." + "0." * 31 + "ip6.arpa.", "PTR", "IN")], id="x-ipv6-short"),
    pytest.param(
        "-t txt -x 192.0.2.10", [("10.2.0.192.in-addr.arpa.", "TXT", "IN")], id="x-keeps-t"
    ),
    pytest.param("-x 192.0.2.10 -t a", [("10.2.0.192.in-addr.arpa.", "A", "IN")], id="t-after-x"),
    pytest.param(
        "-x 192.0.2.10 -x 192.0.2.80",
        [("10.2.0.192.in-addr.arpa.", "PTR", "IN"), ("80.2.0.192.in-addr.arpa.", "PTR", "IN")],
        id="two-x",
    ),
    # dig asks for the root's NS whenever no name is given, whatever type was set.
    pytest.param("a", [(".", "NS", "IN")], id="type-word-alone-is-root-NS"),
    pytest.param("-t mx", [(".", "NS", "IN")], id="t-alone-is-root-NS"),
]


@pytest.mark.parametrize(("argv", "expected"), POSITIONAL)
def test_positional_words(argv: str, expected: list[tuple[str, str, str]]) -> None:
    assert questions(invocation(argv).queries) == expected


# --- what each option sets, and for which lookup ----------------------------------------

FIELDS = [
    # Options before the first name set the defaults; after a name, that lookup only.
    pytest.param("+tcp a.test b.test", "q1.tcp", True, id="tcp-before-names-for-all"),
    pytest.param("a.test +tcp b.test", "q0.tcp", True, id="tcp-after-name-local"),
    pytest.param("a.test +tcp b.test", "q1.tcp", False, id="tcp-local-not-next"),
    pytest.param("a.test +tcp b.test", "defaults.tcp", False, id="tcp-local-not-defaults"),
    pytest.param("-t mx a.test b.test", "q1.rdtype", dns.rdatatype.MX, id="t-default-for-all"),
    pytest.param("a.test +nocomments b.test", "d1.comments", True, id="display-local"),
    # Global wherever they appear.
    pytest.param("a.test +short b.test", "g.short", True, id="short-global"),
    pytest.param("a.test +short b.test", "d0.comments", False, id="short-sections-local"),
    pytest.param("a.test +short b.test", "d1.comments", True, id="short-not-next-sections"),
    pytest.param("a.test -p 5353 b.test", "g.port", 5353, id="p-global"),
    pytest.param("a.test +time=2", "g.timeout", 2, id="timeout-global"),
    pytest.param("a.test +time=0", "g.timeout", 1, id="timeout-at-least-1"),
    pytest.param("a.test +nocmd", "g.cmd", False, id="nocmd-global"),
    pytest.param("a.test -4", "g.ip_version", 4, id="4-global"),
    pytest.param("-6 a.test", "g.ip_version", 6, id="6-global"),
    pytest.param("-f batch.txt", "g.batch_file", "batch.txt", id="f-global"),
    pytest.param("-r a.test", "g.read_rc", False, id="r"),
    pytest.param("-b 127.0.0.1#5300 x.test", "g.source", ("127.0.0.1", 5300), id="b-address-port"),
    pytest.param("-u a.test", "q0.use_usec", True, id="u"),
    pytest.param("-4u a.test", "q0.use_usec", True, id="flags-run-together"),
    pytest.param("-4u a.test", "g.ip_version", 4, id="flags-run-together-4"),
    pytest.param("-p53 a.test", "g.port", 53, id="attached-port"),
    pytest.param("-tmx a.test", "q0.rdtype", dns.rdatatype.MX, id="attached-type"),
    # Tries, retries, sizes.
    pytest.param("+tries=2 x.test", "q0.tries", 2, id="tries"),
    pytest.param("+tries=0 x.test", "q0.tries", 1, id="tries-at-least-1"),
    pytest.param("+retry=0 x.test", "q0.tries", 1, id="retry-0-is-one-try"),
    pytest.param("+retry=2 x.test", "q0.tries", 3, id="retry-2-is-3-tries"),
    pytest.param("+bufsize=512 x.test", "q0.udp_size", 512, id="bufsize"),
    # dig sets its default size (which also sends EDNS after +noedns).
    pytest.param("+bufsize x.test", "q0.udp_size", 1232, id="bufsize-no-value-default"),
    # dig takes an empty value as none at all (it sends its default 1232).
    pytest.param("+bufsize= x.test", "q0.udp_size", 1232, id="bufsize-empty-value-is-default"),
    pytest.param("+edns= x.test", "q0.edns", 0, id="edns-empty-value-is-0"),
    pytest.param("+edns=1 x.test", "q0.edns", 1, id="edns-1"),
    pytest.param("+noedns x.test", "q0.edns", None, id="noedns"),
    pytest.param("+noedns +dnssec x.test", "q0.edns", 0, id="dnssec-turns-edns-on"),
    pytest.param("+noedns +nsid x.test", "q0.edns", 0, id="nsid-turns-edns-on"),
    pytest.param(
        "+cookie=0123456789abcdef x.test", "q0.cookie_hex", "0123456789abcdef", id="cookie"
    ),
    pytest.param("+nocookie x.test", "q0.cookie", False, id="nocookie"),
    pytest.param("linuxvoice.test ANY", "q0.tcp", True, id="any-goes-over-tcp"),
    pytest.param("+notcp linuxvoice.test ANY", "q0.tcp", False, id="any-notcp"),
    pytest.param("ixfr=5 example.test", "q0.ixfr_serial", 5, id="ixfr-serial"),
    # dig's +option abbreviations: its switch on the first letters, then a prefix check.
    pytest.param("+nocom x.test", "d0.comments", False, id="com-is-comments"),
    pytest.param("+co x.test", "q0.coflag", True, id="co-is-coflag"),
    pytest.param("+co x.test", "d0.comments", True, id="co-is-not-comments"),
    pytest.param("+nocof x.test", "q0.coflag", False, id="cof-is-coflag"),
    pytest.param("+do x.test", "q0.dnssec", True, id="do-is-dnssec"),
    pytest.param("+dnss x.test", "q0.dnssec", True, id="dnss-is-dnssec"),
    pytest.param("+noad x.test", "q0.adflag", False, id="ad-is-adflag"),
    pytest.param("+noadf x.test", "q0.adflag", False, id="adf-is-adflag"),
    pytest.param("+noadd x.test", "d0.additional", False, id="add-is-additional"),
    pytest.param("+noadd x.test", "q0.adflag", True, id="add-is-not-adflag"),
    pytest.param("+i x.test", "q0.ignore", True, id="i-is-ignore"),
    pytest.param("+nottl x.test", "d0.ttlid", False, id="ttl-is-ttlid"),
    pytest.param("+nottli x.test", "d0.ttlid", False, id="ttli-is-ttlid"),
    pytest.param("+shor x.test", "g.short", True, id="shor-is-short"),
    pytest.param("+nocl x.test", "d0.show_class", False, id="cl-is-class"),
    pytest.param("+cd x.test", "q0.cdflag", True, id="cd-is-cdflag"),
    pytest.param("+v x.test", "q0.tcp", True, id="v-is-vc"),
    pytest.param("+ide x.test", "d0.identify", True, id="ide-is-identify"),
    pytest.param("+mu x.test", "d0.multiline", True, id="mu-is-multiline"),
    pytest.param("+noqu x.test", "d0.question", False, id="qu-is-question"),
    pytest.param("+norec x.test", "q0.recurse", False, id="rec-is-recurse"),
    pytest.param("+nord x.test", "q0.recurse", False, id="rd-is-rdflag"),
    pytest.param("+nost x.test", "d0.stats", False, id="st-is-stats"),
    pytest.param("+ti=3 x.test", "g.timeout", 3, id="ti-is-timeout"),
    pytest.param("+tri=2 x.test", "q0.tries", 2, id="tri-is-tries"),
    pytest.param("+retries=1 x.test", "q0.tries", 2, id="retries-is-retry"),
    pytest.param("+nsi x.test", "q0.nsid", True, id="nsi-is-nsid"),
    pytest.param("+bu=512 x.test", "q0.udp_size", 512, id="bu-is-bufsize"),
    pytest.param("+aa x.test", "q0.aaonly", True, id="aa-is-aaonly"),
    pytest.param("+aaflag x.test", "q0.aaonly", True, id="aaflag"),
    pytest.param("+NOcomments x.test", "d0.comments", False, id="no-prefix-any-case"),
    pytest.param("+comM x.test", "d0.comments", True, id="case-free-after-switch-letters"),
    # +noall, +short and their company.
    pytest.param("+noall +answer x.test", "d0.answer", True, id="noall-answer-answer"),
    pytest.param("+noall +answer x.test", "d0.comments", False, id="noall-answer-comments"),
    pytest.param("+noall +answer x.test", "d0.question", False, id="noall-answer-question"),
    pytest.param("+noall +answer x.test", "d0.authority", False, id="noall-answer-authority"),
    pytest.param("+noall +answer x.test", "d0.additional", False, id="noall-answer-additional"),
    pytest.param("+noall +answer x.test", "d0.stats", False, id="noall-answer-stats"),
    pytest.param("+noall +answer x.test", "g.cmd", False, id="noall-clears-cmd"),
    pytest.param("+noall +answer x.test", "d0.ttlid", True, id="noall-keeps-ttlid"),
    pytest.param("+noall +all x.test", "d0.authority", True, id="all-after-noall"),
    pytest.param("+noanswer +short x.test", "d0.answer", True, id="short-forces-answer"),
    pytest.param("+short x.test", "d0.question", False, id="short-no-question"),
    pytest.param("+short x.test", "d0.authority", False, id="short-no-authority"),
    pytest.param("+short x.test", "d0.additional", False, id="short-no-additional"),
    pytest.param("+short x.test", "d0.comments", False, id="short-no-comments"),
    pytest.param("+short x.test", "d0.stats", False, id="short-no-stats"),
    pytest.param("+short x.test", "g.cmd", False, id="short-clears-cmd"),
    pytest.param("+short +noshort x.test", "g.short", False, id="noshort"),
    pytest.param("+short +noshort x.test", "d0.comments", False, id="noshort-leaves-sections"),
    pytest.param("example.test AXFR", "d0.comments", False, id="axfr-quiet-comments"),
    pytest.param("example.test AXFR", "d0.question", False, id="axfr-quiet-question"),
    # @servers: before a name for every lookup, after it for that lookup, in order.
    pytest.param("@127.0.0.1 x.test", "q0.servers", ("127.0.0.1",), id="server"),
    pytest.param("a @127.0.0.1", "q0.servers", ("127.0.0.1",), id="server-after-name"),
    pytest.param("@127.0.0.1 x.test", "g.server_arg", "127.0.0.1", id="server-arg"),
    pytest.param(
        "@127.0.0.2 @127.0.0.1 x.test", "q0.servers", ("127.0.0.2", "127.0.0.1"), id="two-servers"
    ),
    pytest.param("@127.0.0.2 @127.0.0.1 x.test", "g.server_arg", "127.0.0.1", id="last-server-arg"),
    pytest.param(
        "@127.0.0.2 a.test @127.0.0.1 b.test",
        "q0.servers",
        ("127.0.0.2", "127.0.0.1"),
        id="local-added",
    ),
    pytest.param(
        "@127.0.0.2 a.test @127.0.0.1 b.test", "q1.servers", ("127.0.0.2",), id="local-not-next"
    ),
    pytest.param("@::1 x.test", "q0.servers", ("::1",), id="server-ipv6"),
    pytest.param("a.test b.test", "q1.servers", (), id="no-server"),
]


@pytest.mark.parametrize(("argv", "path", "expected"), FIELDS)
def test_fields(argv: str, path: str, expected: object) -> None:
    assert pick(invocation(argv), path) == expected


# --- errors ------------------------------------------------------------------------------

ERRORS = [
    pytest.param("+bogus x.test", UsageError, "Invalid option: +bogus", id="unknown-plus"),
    pytest.param("+sho x.test", UsageError, "Invalid option: +sho", id="sho-is-not-short"),
    pytest.param("+Short x.test", UsageError, "Invalid option: +Short", id="switch-case-sensitive"),
    pytest.param("+SHORT x.test", UsageError, "Invalid option: +SHORT", id="upper-case"),
    pytest.param("+Com x.test", UsageError, "Invalid option: +Com", id="Com"),
    pytest.param("+noCOMMENTS x.test", UsageError, "Invalid option: +noCOMMENTS", id="noCOMMENTS"),
    pytest.param("+commentsx x.test", UsageError, "Invalid option: +commentsx", id="too-long"),
    pytest.param("+tr x.test", UsageError, "Invalid option: +tr", id="tr-ambiguous"),
    pytest.param("+t x.test", UsageError, "Invalid option: +t", id="t-too-short"),
    pytest.param("+c x.test", UsageError, "Invalid option: +c", id="c-too-short"),
    pytest.param("+d x.test", UsageError, "Invalid option: +d", id="d-too-short"),
    pytest.param("+id x.test", UsageError, "Invalid option: +id", id="id-too-short"),
    pytest.param("+nod x.test", UsageError, "Invalid option: +nod", id="nod"),
    pytest.param("+ret x.test", UsageError, "Invalid option: +ret", id="retry-needs-value"),
    pytest.param("+tries x.test", UsageError, "Invalid option: +tries", id="tries-needs-value"),
    pytest.param("+tries= x.test", UsageError, "Invalid option: +tries", id="tries-empty-value"),
    pytest.param("+time= x.test", UsageError, "Invalid option: +time", id="time-empty-value"),
    pytest.param("+noretry=1 x.test", UsageError, "Invalid option: +noretry", id="noretry"),
    pytest.param("+nobufsize x.test", UsageError, "Invalid option: +nobufsize", id="nobufsize"),
    pytest.param("+bufsize=70000 x.test", OptionValueError, "buffer size", id="bufsize-range"),
    pytest.param("+bufsize=0x10 x.test", OptionValueError, "buffer size", id="bufsize-hex"),
    pytest.param("+tries=-1 x.test", OptionValueError, "tries", id="tries-negative"),
    pytest.param("+edns=256 x.test", OptionValueError, "edns", id="edns-range"),
    pytest.param("-p 70000 x.test", UsageError, "port", id="port-range"),
    pytest.param("-p x x.test", UsageError, "port", id="port-not-a-number"),
    pytest.param("-4 -6 x.test", UsageError, "-4 and -6", id="4-and-6"),
    pytest.param("-46 x.test", UsageError, "-4 and -6", id="46-together"),
    pytest.param("-6 a -4", UsageError, "-4 and -6", id="6-then-4"),
    pytest.param("a -t", UsageError, "-t", id="t-without-value"),
    pytest.param("-z x.test", UsageError, "Invalid option: -z", id="unknown-dash"),
    # pydig refuses what is not an address; dig 9.18 would ask for 1.1.1.999.in-addr.arpa.
    pytest.param("-x 999.1.1.1", UsageError, "999.1.1.1", id="x-not-an-address"),
]


@pytest.mark.parametrize(("argv", "error", "text"), ERRORS)
def test_errors(argv: str, error: type[PydigError], text: str) -> None:
    with pytest.raises(error) as raised:
        parse_argv(argv.split())
    assert text in raised.value.message


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        pytest.param("+bogus x.test", ExitStatus.USAGE, id="invalid-option-1"),
        pytest.param("-p 70000 x.test", ExitStatus.USAGE, id="bad-port-1"),
        pytest.param("+bufsize=70000 x.test", ExitStatus.INTERNAL, id="bad-bufsize-10"),
        pytest.param("-x 999.1.1.1", ExitStatus.USAGE, id="bad-reverse-1"),
    ],
)
def test_error_status(argv: str, status: ExitStatus) -> None:
    with pytest.raises(PydigError) as raised:
        parse_argv(argv.split())
    assert raised.value.status == status


def test_invalid_plus_option_shows_usage() -> None:
    with pytest.raises(UsageError) as raised:
        parse_argv(["+bogus", "a"])
    assert raised.value.show_usage


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param("-h", Help(), id="h"),
        pytest.param("a.test -h", Help(), id="h-after-name"),
        pytest.param("-v", Version(), id="v"),
        pytest.param("-4v", Version(), id="v-in-flags"),
    ],
)
def test_help_and_version(argv: str, expected: Help | Version) -> None:
    assert parse_argv(argv.split()) == expected


# --- warnings: dig writes them to stderr and carries on ------------------------------------

WARNINGS = [
    pytest.param("a.test", (), id="none"),
    pytest.param("a.test mx txt", (";; Warning, extra type option",), id="extra-type"),
    pytest.param("a a a", (";; Warning, extra type option",) * 2, id="extra-types"),
    pytest.param("a.test -t mx -t a", (";; Warning, extra type option",), id="extra-t"),
    pytest.param("a.test in ch", (";; Warning, extra class option",), id="extra-class"),
    pytest.param("+sigchase a", (";; +sigchase option is deprecated",), id="sigchase"),
    pytest.param("+ma a", (";; +mapped option is deprecated",), id="mapped"),
]


@pytest.mark.parametrize(("argv", "expected"), WARNINGS)
def test_warnings(argv: str, expected: tuple[str, ...]) -> None:
    assert invocation(argv).warnings == expected


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param("-t bogus a", "invalid type bogus", id="bad-type"),
        pytest.param("-c bogus a", "invalid class bogus", id="bad-class"),
        pytest.param("-t bogus -t mx a", "invalid type bogus", id="bad-type-before-good"),
    ],
)
def test_invalid_type_or_class_is_refused(argv: str, message: str) -> None:
    """dig warns and carries on; pydig refuses, as its man page says."""
    with pytest.raises(UsageError, match=message):
        invocation(argv)


# --- ~/.digrc ------------------------------------------------------------------------------

RC = [
    pytest.param(["+noall +answer"], "a.test", "d0.comments", False, id="rc-applies"),
    pytest.param(["+noall +answer"], "a.test", "d0.answer", True, id="rc-answer"),
    pytest.param(["+noall +answer"], "a.test", "g.cmd", False, id="rc-global"),
    pytest.param(["+noall +answer"], "-r a.test", "d0.comments", True, id="r-skips-rc"),
    pytest.param(["+noall +answer"], "a.test -r", "d0.comments", True, id="r-anywhere"),
    pytest.param(["+noall +answer"], "-4r a.test", "d0.comments", True, id="r-in-flags"),
    pytest.param(["+noall +answer"], "-ur a.test", "d0.comments", True, id="r-after-u"),
    pytest.param(["+short"], "+noshort a.test", "g.short", False, id="argv-after-rc"),
    pytest.param(["+tcp"], "a.test +notcp", "q0.tcp", False, id="argv-local-after-rc"),
    pytest.param(["+tcp"], "a.test b.test", "q1.tcp", True, id="rc-for-every-lookup"),
    pytest.param(["+tcp", "+nostats"], "a.test", "d0.stats", False, id="rc-two-lines"),
    pytest.param(["-t mx"], "a.test", "q0.rdtype", dns.rdatatype.MX, id="rc-t"),
    pytest.param(["mx"], "a.test", "q0.rdtype", dns.rdatatype.MX, id="rc-positional-type"),
    pytest.param(["-p 5353"], "a.test", "g.port", 5353, id="rc-port"),
    pytest.param(["a.test"], "b.test", "Q0.name", "b.test", id="rc-name-ignored"),
    pytest.param(["a.test"], "", "Q0.name", ".", id="rc-name-ignored-root"),
    pytest.param(["-q a.test"], "", "Q0.name", ".", id="rc-q-ignored"),
    pytest.param([""], "a.test", "d0.comments", True, id="rc-blank-line"),
]


@pytest.mark.parametrize(("rc", "argv", "path", "expected"), RC)
def test_rc_lines(rc: list[str], argv: str, path: str, expected: object) -> None:
    assert pick(invocation(argv, rc=rc), path) == expected


def test_rc_name_makes_no_lookup() -> None:
    assert questions(invocation("", rc=["a.test mx"]).queries) == [(".", "NS", "IN")]


# --- batch lines -------------------------------------------------------------------------

BATCH = [
    pytest.param("", "a.test mx", "Q0.name", "a.test", id="name"),
    pytest.param("", "a.test mx", "q0.rdtype", dns.rdatatype.MX, id="type"),
    pytest.param("+noall +answer", "a.test", "d0.comments", False, id="from-defaults"),
    pytest.param("+noall +answer", "a.test", "d0.answer", True, id="from-defaults-answer"),
    pytest.param("-t txt", "a.test", "q0.rdtype", dns.rdatatype.TXT, id="default-type"),
    pytest.param("-t txt", "a.test mx", "q0.rdtype", dns.rdatatype.MX, id="line-type-wins"),
    pytest.param("", "+tcp b.test", "q0.tcp", True, id="option-before-name"),
    pytest.param("", "b.test +tcp", "q0.tcp", True, id="option-after-name"),
    pytest.param("@127.0.0.1", "b.test", "q0.servers", ("127.0.0.1",), id="default-server"),
    pytest.param("", "b.test @127.0.0.1", "q0.servers", ("127.0.0.1",), id="line-server"),
    pytest.param("", "+short b.test", "g.short", True, id="short-global"),
    pytest.param("", "b.test -p 5353", "g.port", 5353, id="port-global"),
    pytest.param("", "-x 192.0.2.10", "Q0.name", "10.2.0.192.in-addr.arpa.", id="x"),
    pytest.param("", "-x 192.0.2.10", "q0.rdtype", dns.rdatatype.PTR, id="x-ptr"),
    pytest.param("", "a.test -t mx b.test", "q1.rdtype", dns.rdatatype.A, id="local-t"),
]


@pytest.mark.parametrize(("argv", "line", "path", "expected"), BATCH)
def test_batch_line(argv: str, line: str, path: str, expected: object) -> None:
    command_line = invocation(f"{argv} -f batch.txt")
    parsed = parse_batch_line(
        line.split(), defaults=command_line.defaults, global_settings=command_line.globals
    )
    assert pick(parsed, path) == expected


def test_batch_lines_start_from_the_defaults_each_time() -> None:
    command_line = invocation("+noall +answer -f batch.txt")
    first = parse_batch_line(
        ["+tcp", "+all", "a.test"],
        defaults=command_line.defaults,
        global_settings=command_line.globals,
    )
    second = parse_batch_line(
        ["b.test"], defaults=command_line.defaults, global_settings=first.globals
    )
    assert first.queries[0].settings.tcp
    assert first.queries[0].settings.display.comments
    assert not second.queries[0].settings.tcp
    assert not second.queries[0].settings.display.comments
    assert second.queries[0].settings == command_line.defaults


def test_batch_line_globals_carry_on() -> None:
    command_line = invocation("-f batch.txt")
    first = parse_batch_line(
        ["+short", "a.test"], defaults=command_line.defaults, global_settings=command_line.globals
    )
    second = parse_batch_line(
        ["b.test"], defaults=command_line.defaults, global_settings=first.globals
    )
    assert second.globals.short


def test_batch_file_alone_makes_no_lookup() -> None:
    assert invocation("-f batch.txt").queries == ()


def test_batch_line_has_no_full_banner() -> None:
    command_line = invocation("-f batch.txt")
    parsed = parse_batch_line(
        ["a.test", "mx"], defaults=command_line.defaults, global_settings=command_line.globals
    )
    assert parsed.queries[0].banner_args == ("a.test", "mx")
    assert not parsed.queries[0].first


def test_command_line_banner_is_the_argv() -> None:
    parsed = invocation("a.test mx b.test")
    assert [query.banner_args for query in parsed.queries] == [("a.test", "mx", "b.test"), None]
    assert [query.first for query in parsed.queries] == [True, False]


def test_batch_line_cannot_ask_for_help() -> None:
    command_line = invocation("-f batch.txt")
    with pytest.raises(UsageError):
        parse_batch_line(
            ["-h"], defaults=command_line.defaults, global_settings=command_line.globals
        )
