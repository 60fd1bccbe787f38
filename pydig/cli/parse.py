"""dig's command-line grammar: tokens -> Invocation | Help | Version.

Pure: it never prints, reads files or exits; bad input raises UsageError or
OptionValueError.  The order rules are dig's: options before the first name set
the defaults of every lookup, options after a name change that lookup only, and
a few settings (+short, +cmd, -p, +timeout, -4/-6, -b, -f) are global wherever
they appear.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeAlias

import dns.rdataclass
import dns.rdatatype

from pydig.cli.values import (
    parse_port,
    parse_source,
    parse_uint,
    rdclass_from_word,
    rdtype_from_word,
    reverse_name,
)
from pydig.errors import OptionValueError, PydigError, UsageError
from pydig.immutable import mutable, replace
from pydig.model.checks import CompareMode
from pydig.model.display import DisplayOptions, OutputFormat
from pydig.model.invocation import GlobalSettings, Help, Invocation, Query, QuerySettings, Version

MAX_TIMEOUT = 0xFFFF
MAX_TRIES = 0xFFFFFFFF
MAX_UDP_SIZE = 0xFFFF
DEFAULT_UDP_SIZE = 1232
MAX_EDNS_VERSION = 255
MAX_QID = 0xFFFF
MAX_NDOTS = 0xFFFF
DEFAULT_FUZZTIME = 0x622ACCE1  # what dig's +fuzztime alone claims: 2022-03-11 04:15:29 UTC


class _NeedsValue(Exception):
    """dig's need_value: reported as an invalid option."""


@mutable
class _State:
    """The parse in progress: dig's default_lookup, the lookup being edited, the globals."""

    defaults: QuerySettings
    globals: GlobalSettings
    current: QuerySettings
    editing_defaults: bool
    need_clone: bool
    open_type_class: bool = True
    queries: list[tuple[str, QuerySettings]] | None = None
    warnings: list[str] | None = None

    def __post_init__(self) -> None:
        self.queries = []
        self.warnings = []

    def warn(self, line: str) -> None:
        assert self.warnings is not None
        self.warnings.append(line)

    def update(self, **changes: Any) -> None:
        self.current = replace(self.current, **changes)
        self._store()

    def update_display(self, **changes: Any) -> None:
        self.update(display=replace(self.current.display, **changes))

    def update_globals(self, **changes: Any) -> None:
        self.globals = replace(self.globals, **changes)

    def _store(self) -> None:
        assert self.queries is not None
        if self.editing_defaults:
            self.defaults = self.current
        elif self.queries and self.need_clone:
            name, _ = self.queries[-1]
            self.queries[-1] = (name, self.current)

    def add_query(self, name: str) -> None:
        assert self.queries is not None
        if self.need_clone:
            self.current = self.defaults
        self.need_clone = True
        self.editing_defaults = False
        self.queries.append((name, self.current))


Handler: TypeAlias = "Callable[[_State, bool, str | None], None]"


def _display_switch(field: str) -> Handler:
    def handle(state: _State, on: bool, value: str | None) -> None:
        state.update_display(**{field: on})

    return handle


def _setting_switch(field: str) -> Handler:
    def handle(state: _State, on: bool, value: str | None) -> None:
        state.update(**{field: on})

    return handle


def _comments(state: _State, on: bool, value: str | None) -> None:
    state.update_display(comments=on)
    if state.editing_defaults:
        state.update_globals(transfer_comments=on)


def _question(state: _State, on: bool, value: str | None) -> None:
    state.update_display(question=on)
    if state.editing_defaults:
        state.update_globals(transfer_question=on)


def _required(on: bool, value: str | None) -> str:
    """dig's rule for options that take a value: none given, or +noX=, is invalid."""
    if value is None or not on:
        raise _NeedsValue
    return value


def _all(state: _State, on: bool, value: str | None) -> None:
    state.update(display=state.current.display.with_all(on))
    state.update_globals(cmd=on)


def _short(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(short=on)
    if on:
        state.update_globals(cmd=False)
        state.update_display(
            answer=True, additional=False, authority=False, question=False,
            comments=False, stats=False, rrcomments=False,
        )  # fmt: skip


def _cmd(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(cmd=on)


def _tcp(state: _State, on: bool, value: str | None) -> None:
    state.update(tcp=on, tcp_set=True)


def _class(state: _State, on: bool, value: str | None) -> None:
    state.update_display(show_class=on)


def _ttlid(state: _State, on: bool, value: str | None) -> None:
    state.update_display(ttlid=on)


def _timeout(state: _State, on: bool, value: str | None) -> None:
    seconds = parse_uint(_required(on, value), MAX_TIMEOUT, "timeout")
    state.update_globals(timeout=max(seconds, 1))


def _tries(state: _State, on: bool, value: str | None) -> None:
    tries = parse_uint(_required(on, value), MAX_TRIES, "tries")
    state.update(tries=max(tries, 1))


def _retry(state: _State, on: bool, value: str | None) -> None:
    state.update(tries=parse_uint(_required(on, value), MAX_TRIES - 1, "retries") + 1)


def _bufsize(state: _State, on: bool, value: str | None) -> None:
    if not on:
        raise _NeedsValue
    # dig's +bufsize alone sets its default size, which also sends EDNS after +noedns.
    size = DEFAULT_UDP_SIZE if value is None else parse_uint(value, MAX_UDP_SIZE, "buffer size")
    state.update(udp_size=size)


def _edns(state: _State, on: bool, value: str | None) -> None:
    if not on:
        state.update(edns=None)
        return
    version = 0 if value is None else parse_uint(value, MAX_EDNS_VERSION, "edns")
    state.update(edns=version)


def _ensure_edns(state: _State) -> None:
    """+dnssec, +cookie and +nsid turn EDNS back on after +noedns, as in dig."""
    if state.current.edns is None:
        state.update(edns=0)


def _dnssec(state: _State, on: bool, value: str | None) -> None:
    if on:
        _ensure_edns(state)
    state.update(dnssec=on)


def _cookie(state: _State, on: bool, value: str | None) -> None:
    if on:
        _ensure_edns(state)
    if value is not None:
        try:
            bytes.fromhex(value)
        except ValueError:
            raise UsageError(f"invalid cookie '{value}': bad hex encoding") from None
    state.update(cookie=on, cookie_hex=value)


def _nsid(state: _State, on: bool, value: str | None) -> None:
    if on:
        _ensure_edns(state)
    state.update(nsid=on)


def _ttlunits(state: _State, on: bool, value: str | None) -> None:
    # dig: +[no]ttlunits also brings the TTL back after +nottlid
    state.update_display(ttlunits=on, ttlid=True)


def _yaml(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(yaml=on)
    if on:
        state.update_globals(cmd=False)
        state.update_display(stats=False, rrcomments=False)


MAX_SPLIT = 1023


def _split(state: _State, on: bool, value: str | None) -> None:
    """dig's +split: rounded up to a multiple of 4 with a warning; +split alone changes nothing."""
    if not on:
        if value:
            raise _NeedsValue  # dig: +nosplit=W is an invalid option
        state.update_globals(split=0)
        return
    if not value:
        return
    width = parse_uint(value, MAX_SPLIT, "split")
    rounded = (width + 3) // 4 * 4
    if rounded != width:
        state.warn(f";; Warning, split must be a multiple of 4; adjusting to {rounded}")
    state.update_globals(split=rounded)


def _view(view: OutputFormat) -> Handler:
    """+json, +table: pydig's own views, global wherever they appear (a stream that mixes
    JSON and text is of no use); +nojson, +notable go back to dig's text."""

    def handle(state: _State, on: bool, value: str | None) -> None:
        if on:
            state.update_globals(format=view)
        elif state.globals.format == view:
            state.update_globals(format="dig")

    return handle


def _trace(state: _State, on: bool, value: str | None) -> None:
    """dig's +trace: the display and query settings it implies (dig.c, case "trace")."""
    state.update(trace=on)
    state.update_display(short_types=state.current.trace or state.current.nssearch)
    if on:
        _ensure_edns(state)  # dig turns DNSSEC on, and DNSSEC needs EDNS
        state.update(recurse=True, dnssec=True, cookie=True)
        state.update_globals(search=False)
        state.update_display(
            identify=True, comments=False, rrcomments=None, stats=False,
            additional=False, authority=True, question=False,
        )  # fmt: skip


def _trace_all(state: _State, on: bool, value: str | None) -> None:
    """+trace-all: +trace, asking every server at every hop; +notrace-all only the latter."""
    if on:
        _trace(state, on, value)
    state.update(trace_all=on)


def _trust_anchor(state: _State, on: bool, value: str | None) -> None:
    state.update(trust_anchor=_required(on, value))


def _nssearch(state: _State, on: bool, value: str | None) -> None:
    """dig's +nssearch: an NS query, then short answers; +short becomes global."""
    state.update(nssearch=on)
    state.update_display(short_types=state.current.trace or state.current.nssearch)
    if on:
        state.update(recurse=True, rdtype=dns.rdatatype.NS, rdtype_set=True)
        state.update_display(
            identify=True, stats=False, comments=False, additional=False,
            authority=False, question=False, rrcomments=None,
        )  # fmt: skip
        state.update_globals(short=True)


def _subnet(state: _State, on: bool, value: str | None) -> None:
    if not on:
        state.update(client_subnet=None)
        return
    from pydig.cli.edns import parse_client_subnet  # EDNS options' parsers: only when given

    _ensure_edns(state)
    state.update(client_subnet=parse_client_subnet(_required(on, value)))


def _ednsflags(state: _State, on: bool, value: str | None) -> None:
    if not on or value is None:
        state.update(ednsflags=0)
        return
    from pydig.cli.shaping import parse_ednsflags  # only for +ednsflags=N

    flags = parse_ednsflags(value)
    _ensure_edns(state)
    state.update(ednsflags=flags)


def _ednsopt(state: _State, on: bool, value: str | None) -> None:
    if not on:
        state.update(ednsopts=())
        return
    from pydig.cli.edns import MAX_EDNSOPTS, NoCodePoint, parse_ednsopt  # only for +ednsopt

    if len(state.current.ednsopts) >= MAX_EDNSOPTS:
        raise UsageError("too many ednsopts")
    try:
        option = parse_ednsopt(value)
    except NoCodePoint:
        raise OptionValueError("ednsopt no code point specified") from None
    state.update(ednsopts=(*state.current.ednsopts, option))


def _opcode(state: _State, on: bool, value: str | None) -> None:
    from pydig.cli.shaping import parse_opcode  # only for +opcode

    state.update(opcode=parse_opcode(_required(True, value)) if on else 0)


def _qid(state: _State, on: bool, value: str | None) -> None:
    state.update(qid=parse_uint(_required(True, value), MAX_QID, "qid") if on else None)


def _padding(state: _State, on: bool, value: str | None) -> None:
    from pydig.cli.edns import MAX_PADDING  # EDNS options' limits: only when given

    # dig turns EDNS on first, and then reads the value even for +nopadding=N.
    if on:
        _ensure_edns(state)
    state.update(padding=parse_uint(_required(True, value), MAX_PADDING, "padding"))


def _fuzztime(state: _State, on: bool, value: str | None) -> None:
    if not on:
        state.update(fuzztime=None)
        return
    seconds = DEFAULT_FUZZTIME if value is None else parse_uint(value, 0xFFFFFFFF, "fuzztime")
    state.update(fuzztime=seconds)


def _dns64prefix(state: _State, on: bool, value: str | None) -> None:
    """dig queues a lookup of ipv4only.arpa/AAAA at once; later options change that lookup."""
    if not on:
        return
    state.add_query("ipv4only.arpa")
    state.update(rdtype=dns.rdatatype.AAAA, rdtype_set=True)
    state.update_display(
        dns64prefix=True, answer=True, additional=False, authority=False, question=False,
        comments=False, stats=False, rrcomments=False,
    )  # fmt: skip
    state.update_globals(cmd=False)


def _search(state: _State, on: bool, value: str | None) -> None:
    """+[no]search and +[no]defname: dig ignores them in a +trace lookup."""
    if not state.current.trace:
        state.update_globals(search=on)


def _showsearch(state: _State, on: bool, value: str | None) -> None:
    if not state.current.trace:
        state.update_globals(search=on, showsearch=on)


def _domain(state: _State, on: bool, value: str | None) -> None:
    value = _required(True, value)
    if not on:
        raise _NeedsValue
    state.update_globals(domain=value)


def _ndots(state: _State, on: bool, value: str | None) -> None:
    value = _required(True, value)
    if not on:
        raise _NeedsValue
    state.update_globals(ndots=parse_uint(value, MAX_NDOTS, "ndots"))


def _keepopen(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(keepopen=on)


MAX_CONCURRENCY = 1024
MAX_SWEEP_LIMIT = 0xFFFFFFFF  # the largest +sweep-limit: 4,294,967,295 addresses


def _concurrency(state: _State, on: bool, value: str | None) -> None:
    """+concurrency=N lookups in flight at once; +noconcurrency is one at a time, as dig."""
    if not on:
        state.update_globals(concurrency=1)
        return
    count = parse_uint(_required(on, value), MAX_CONCURRENCY, "concurrency")
    state.update_globals(concurrency=max(count, 1))


def _sweep_limit(state: _State, on: bool, value: str | None) -> None:
    limit = parse_uint(_required(on, value), MAX_SWEEP_LIMIT, "sweep limit")
    state.update_globals(sweep_limit=limit)


def _sweep_missing(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(sweep_missing=on)


def _sweep_follow(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(sweep_follow=on)


def _sweep_state(state: _State, on: bool, value: str | None) -> None:
    """+sweep-state=FILE records a sweep's progress; +nosweep-state records none."""
    state.update_globals(sweep_state=_required(on, value) if on else None)


def _fcrdns(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(fcrdns=on)


MAX_RATE = 1_000_000


def _rate(state: _State, on: bool, value: str | None) -> None:
    """+rate=N queries a second at most; +norate (or +rate=0) sets no cap."""
    rate = parse_uint(_required(on, value), MAX_RATE, "rate") if on else 0
    state.update_globals(rate=rate or None)


MAX_WATCH_SECONDS = 0xFFFFFFFF
COMPARE_MODES: dict[str | None, CompareMode] = {None: "servers", "servers": "servers", "ns": "ns"}


def _update_checks(state: _State, **changes: Any) -> None:
    state.update(checks=replace(state.current.checks, **changes))


def _compare(state: _State, on: bool, value: str | None) -> None:
    """+compare (the @servers), +compare=ns (the zone's name servers), +nocompare."""
    if not on:
        _update_checks(state, compare=None)
        return
    mode = COMPARE_MODES.get(value.lower() if value is not None else None)
    if mode is None:
        raise UsageError(f"+compare: '{value}' is not 'servers' or 'ns'")
    _update_checks(state, compare=mode)


def _compare_ttl(state: _State, on: bool, value: str | None) -> None:
    _update_checks(state, compare_ttl=on)


def _serial_lag(state: _State, on: bool, value: str | None) -> None:
    lag = parse_uint(_required(on, value), 0x7FFFFFFF, "serial lag") if on else 0
    _update_checks(state, serial_lag=lag)


def _watch(state: _State, on: bool, value: str | None) -> None:
    """+watch, +watch=SECONDS (between lookups), +nowatch."""
    if not on:
        _update_checks(state, watch=False, watch_interval=None, watch_until=None,
                       watch_timeout=None)  # fmt: skip
        return
    interval = None if value is None else parse_uint(value, MAX_WATCH_SECONDS, "watch")
    _update_checks(state, watch=True, watch_interval=None if interval is None else max(interval, 1))


def _watch_until(state: _State, on: bool, value: str | None) -> None:
    _update_checks(state, watch=True, watch_until=_required(on, value))


def _watch_timeout(state: _State, on: bool, value: str | None) -> None:
    seconds = parse_uint(_required(on, value), MAX_WATCH_SECONDS, "watch timeout")
    _update_checks(state, watch=True, watch_timeout=seconds)


def _rcode_exit(state: _State, on: bool, value: str | None) -> None:
    state.update_globals(rcode_exit=on)


def _ignore_value(handler: Handler) -> Handler:
    return handler


def _secure_option(option: str) -> Handler:
    """+tls*, +https*, +http-plain*: the transport settings, and TCP as dig sets it."""

    def handle(state: _State, on: bool, value: str | None) -> None:
        from pydig.cli import secure_options  # only when one of these options is given

        change = secure_options.tls_option if option in _TLS_OPTIONS else secure_options.http_option
        changed = change(state.current, option, on, value)
        state.update(secure=changed.secure, tcp=changed.tcp)

    return handle


_TLS_OPTIONS = ("tls", "tls-ca", "tls-certfile", "tls-hostname", "tls-keyfile")
_HTTP_OPTIONS = (
    "https",
    "https-get",
    "https-post",
    "http-plain",
    "http-plain-get",
    "http-plain-post",
)

PLUS_HANDLERS: dict[str, Handler] = {
    # Query shaping and names (dig.c plus_option; see the handlers above).
    "badcookie": _setting_switch("badcookie"),
    "besteffort": _setting_switch("besteffort"),
    "coflag": _setting_switch("coflag"),
    "defname": _search,
    "dns64prefix": _dns64prefix,
    "domain": _domain,
    "ednsflags": _ednsflags,
    "ednsnegotiation": _setting_switch("ednsneg"),
    "ednsopt": _ednsopt,
    "expire": _setting_switch("expire"),
    "fail": _setting_switch("servfail_stops"),
    "fuzztime": _fuzztime,
    "idnin": _setting_switch("idnin"),
    "idnout": _display_switch("idnout"),
    "keepalive": _setting_switch("keepalive"),
    "keepopen": _keepopen,
    "ndots": _ndots,
    "opcode": _opcode,
    "padding": _padding,
    "qid": _qid,
    "raflag": _setting_switch("raflag"),
    "search": _search,
    "serial-lag": _serial_lag,
    "showbadcookie": _setting_switch("showbadcookie"),
    "showsearch": _showsearch,
    "subnet": _subnet,
    "tcflag": _setting_switch("tcflag"),
    "zflag": _setting_switch("zflag"),
    # The rest.
    "aaonly": _setting_switch("aaonly"),
    "additional": _display_switch("additional"),
    "adflag": _setting_switch("adflag"),
    "all": _all,
    "answer": _display_switch("answer"),
    "authority": _display_switch("authority"),
    "bufsize": _bufsize,
    "cdflag": _setting_switch("cdflag"),
    "class": _class,
    "cmd": _cmd,
    "color": _display_switch("color"),
    "comments": _comments,
    "compare": _compare,
    "compare-ttl": _compare_ttl,
    "concurrency": _concurrency,
    "cookie": _cookie,
    "crypto": _display_switch("crypto"),
    "dnssec": _dnssec,
    "edns": _edns,
    "expandaaaa": _display_switch("expandaaaa"),
    "header-only": _setting_switch("header_only"),
    "identify": _display_switch("identify"),
    "ignore": _setting_switch("ignore"),
    "json": _view("json"),
    "multiline": _display_switch("multiline"),
    "nsid": _nsid,
    "nssearch": _nssearch,
    "onesoa": _display_switch("onesoa"),
    "qr": _display_switch("qr"),
    "rcode-exit": _rcode_exit,
    "question": _question,
    "rdflag": _setting_switch("recurse"),
    "recurse": _setting_switch("recurse"),
    "retry": _retry,
    "rrcomments": _display_switch("rrcomments"),
    "short": _short,
    "split": _split,
    "stats": _display_switch("stats"),
    "sweep-limit": _sweep_limit,
    "sweep-missing": _sweep_missing,
    "sweep-follow": _sweep_follow,
    "sweep-state": _sweep_state,
    "fcrdns": _fcrdns,
    "rate": _rate,
    "table": _view("table"),
    "tcp": _tcp,
    "timeout": _timeout,
    "trace": _trace,
    "trace-all": _trace_all,
    "trust-anchor": _trust_anchor,
    "tries": _tries,
    "ttlid": _ttlid,
    "ttlunits": _ttlunits,
    "unknownformat": _display_switch("unknownformat"),
    "validate": _setting_switch("validate"),
    "vc": _tcp,
    "watch": _watch,
    "watch-timeout": _watch_timeout,
    "watch-until": _watch_until,
    "yaml": _yaml,
    **{option: _secure_option(option) for option in (*_TLS_OPTIONS, *_HTTP_OPTIONS)},
}


# dig's -options (the option table's letters, cli/options.py, to which tests/test_help.py
# holds these): here, not in plusindex.py, so that a command line without an abbreviated
# +word loads no index of +words.
FLAG_LETTERS = "46uhvrdimn"  # -options without a value
VALUE_LETTERS = "qtcxfpbky"  # -options with one


def _invalid_plus(word: str) -> UsageError:
    return UsageError(f"Invalid option: +{word}", show_usage=True)


def _unknown_plus(word: str) -> UsageError:
    """dig's words and usage text; pydig adds a hint for a near miss ("+shrot")."""
    from pydig.cli.plusopts import near_miss

    negated = word.lower().startswith("no")
    meant = near_miss(word[2:] if negated else word)
    hint = f"did you mean +{'no' if negated else ''}{meant}?" if meant else ""
    return UsageError(f"Invalid option: +{word}", show_usage=True, hint=hint)


def _plus_option(state: _State, text: str) -> None:
    word, _, value_text = text.partition("=")
    value = value_text or None  # dig's strtok: "+name=" gives no value at all
    on = not word.lower().startswith("no")
    name = word if on else word[2:]
    # An option's whole name is that option (tests/test_help.py holds it for every one),
    # so "+short" needs no index; an abbreviation or a misspelling loads it.
    handler = PLUS_HANDLERS.get(name)
    if handler is None:
        from pydig.cli.plusopts import plus_word  # the +word index

        option = plus_word(name)
        if option is None:
            raise _unknown_plus(word)
        canonical, obsolete = option
        if obsolete:
            state.warn(obsolete)
            return
        handler = PLUS_HANDLERS[canonical]
    try:
        handler(state, on, value)
    except _NeedsValue:
        raise _invalid_plus(word) from None


def _set_type(state: _State, word: str, rdtype: dns.rdatatype.RdataType) -> None:
    if state.current.rdtype_set:
        state.warn(";; Warning, extra type option")
    changes: dict[str, Any] = {"rdtype": rdtype, "rdtype_set": True, "ixfr_serial": None}
    if rdtype == dns.rdatatype.AXFR:
        _quiet_transfer(state)
    elif rdtype == dns.rdatatype.ANY and not state.current.tcp_set:
        changes["tcp"] = True
    state.update(**changes)


def _quiet_transfer(state: _State) -> None:
    """dig shows a transfer without comments or question unless +comments / +question came
    before the first name."""
    state.update_display(
        question=state.globals.transfer_question, comments=state.globals.transfer_comments
    )


def _ixfr(state: _State, word: str) -> None:
    try:
        serial = parse_uint(word[5:], 0xFFFFFFFF, "serial number")
    except OptionValueError as exc:
        raise UsageError(f"Couldn't parse serial number: {exc.message}") from None
    state.update(rdtype=dns.rdatatype.IXFR, rdtype_set=True, ixfr_serial=serial)
    _quiet_transfer(state)
    if not state.current.tcp_set:
        state.update(tcp=True)


def _type_option(state: _State, value: str) -> None:
    state.open_type_class = False
    if value.lower().startswith("ixfr="):
        _ixfr(state, value)
        return
    rdtype = rdtype_from_word(value)
    if rdtype is None or rdtype == dns.rdatatype.IXFR:
        raise UsageError(f"invalid type {value}")
    _set_type(state, value, rdtype)


def _class_option(state: _State, value: str) -> None:
    state.open_type_class = False
    rdclass = rdclass_from_word(value)
    if rdclass is None:
        raise UsageError(f"invalid class {value}")
    _set_class(state, rdclass)


def _set_class(state: _State, rdclass: dns.rdataclass.RdataClass) -> None:
    if state.current.rdclass_set:
        state.warn(";; Warning, extra class option")
    state.update(rdclass=rdclass, rdclass_set=True)


def _reverse_option(state: _State, value: str, *, config_only: bool) -> None:
    sweep = None
    if "/" in value or "-" in value:  # a network or a range: pydig's reverse sweep
        from pydig.cli.sweep import parse_sweep

        sweep = parse_sweep(value)
    name = reverse_name(value) if sweep is None else value
    if config_only:
        return
    state.add_query(name)
    changes: dict[str, Any] = {} if sweep is None else {"sweep": sweep}
    if not state.current.rdtype_set:
        changes["rdtype"] = dns.rdatatype.PTR
    if not state.current.rdclass_set:
        changes["rdclass"] = dns.rdataclass.IN
    if changes:
        state.update(**changes)


def _dash_option(
    state: _State, text: str, following: str | None, *, config_only: bool
) -> tuple[bool, Help | Version | None]:
    """One "-x…" word; returns whether the next word was used as its value."""
    rest = text
    while rest and rest[0] in FLAG_LETTERS:
        letter, rest = rest[0], rest[1:]
        if letter == "h":
            return False, Help()
        if letter == "v":
            return False, Version()
        if letter in "46":
            wanted = int(letter)
            if state.globals.ip_version not in (None, wanted):
                raise UsageError("only one of -4 and -6 allowed")
            state.update_globals(ip_version=wanted)
        elif letter == "r":
            state.update_globals(read_rc=False)
        elif letter == "u":
            state.update(use_usec=True)
        if not rest:
            return False, None
    letter, attached = rest[0], rest[1:]
    uses_next = not attached
    value = attached or following
    if letter not in VALUE_LETTERS:
        raise UsageError(f"Invalid option: -{rest}", show_usage=True)
    if value is None:
        raise UsageError(f"option -{letter} needs a value", show_usage=True)
    if letter == "p":
        state.update_globals(port=parse_port(value))
    elif letter == "b":
        state.update_globals(source=parse_source(value))
    elif letter == "f":
        state.update_globals(batch_file=value)
    elif letter == "t":
        _type_option(state, value)
    elif letter == "c":
        _class_option(state, value)
    elif letter == "q":
        if not config_only:
            state.add_query(value)
    elif letter == "x":
        _reverse_option(state, value, config_only=config_only)
    elif letter == "k":  # TSIG: read before the first lookup is sent
        state.update_globals(tsig_key_file=value)
    else:  # -y [alg:]name:secret
        from pydig.wire.tsig import parse_y_option  # TSIG's module only when -y asks for it

        state.update_globals(tsig_secret=parse_y_option(value))
    return uses_next, None


def _positional(state: _State, word: str, *, config_only: bool) -> None:
    if state.open_type_class:
        if word.lower().startswith("ixfr="):
            _ixfr(state, word)
            return
        rdtype = rdtype_from_word(word)
        if rdtype is not None and rdtype != dns.rdatatype.IXFR:
            _set_type(state, word, rdtype)
            return
        rdclass = rdclass_from_word(word)
        if rdclass is not None:
            _set_class(state, rdclass)
            return
    if not config_only:
        state.add_query(word)


def _server(state: _State, address: str) -> None:
    if not address:
        raise UsageError("no valid addresses for ''")
    state.update(servers=(*state.current.servers, address))
    state.update_globals(server_arg=address)


def _parse_words(
    state: _State, words: Sequence[str], *, config_only: bool
) -> Help | Version | None:
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        index += 1
        if word.startswith("%"):
            break
        if word.startswith("@"):
            _server(state, word[1:])
        elif word.startswith("+"):
            _plus_option(state, word[1:])
        elif word.startswith("-") and len(word) > 1:
            used_next, early = _dash_option(state, word[1:], following, config_only=config_only)
            if early is not None:
                return early
            index += used_next
        else:
            _positional(state, word, config_only=config_only)
    return None


def _queries(state: _State, banner_args: tuple[str, ...], *, first: bool) -> tuple[Query, ...]:
    assert state.queries is not None
    return tuple(
        Query(
            name=name,
            settings=settings,
            banner_args=banner_args if position == 0 else None,
            first=first and position == 0,
        )
        for position, (name, settings) in enumerate(state.queries)
    )


def parse_argv(
    argv: Sequence[str],
    *,
    rc_lines: Sequence[Sequence[str]] = (),
    rc_name: str = "~/.pydigrc",
    idn: bool = False,
) -> Invocation | Help | Version:
    """Parse dig's command line; `rc_lines` are the words of ~/.pydigrc, one list per line.

    The rc file is read first, as dig reads ~/.digrc, but only if the command
    line has no -r; callers pass it and this function drops it when -r is there.
    An error in it names `rc_name` and the line.
    `idn` is where +idnin and +idnout start: dig turns them on when its standard
    output is a terminal (and IDN_DISABLE is not set).
    """
    start = QuerySettings(idnin=idn, display=DisplayOptions(idnout=idn))
    state = _State(
        defaults=start,
        globals=GlobalSettings(),
        current=start,
        editing_defaults=True,
        need_clone=True,
    )
    if not _skips_rc(argv):
        for number, line in enumerate(rc_lines, start=1):
            with errors_located(f"{rc_name}:{number}"):
                early = _parse_words(state, line, config_only=True)
            if early is not None:
                return early
            state.open_type_class = True
    state.current = state.defaults
    early = _parse_words(state, argv, config_only=False)
    if early is not None:
        return early
    assert state.queries is not None
    if not state.queries and state.globals.batch_file is None:
        # No name: dig asks for the root's NS records.
        state.add_query(".")  # dig asks for the root's NS records, whatever type was set
        state.update(rdtype=dns.rdatatype.NS, rdtype_set=True)
    if state.globals.domain is not None:
        # dig_query_setup: +domain= on the command line replaces the search list and
        # turns searching on (in a batch-file line it is never looked at again).
        state.update_globals(search=True)
    return _invocation(state, tuple(argv), first=True)


@contextlib.contextmanager
def errors_located(origin: str) -> Iterator[None]:
    """Errors in a line of a file start with "file:line: " and come without the usage
    text, which is about the command line (dig says neither)."""
    try:
        yield
    except PydigError as error:
        error.args = (f"{origin}: {error.message}", *error.args[1:])
        if isinstance(error, UsageError):
            error.show_usage = False
        raise


def _invocation(state: _State, words: tuple[str, ...], *, first: bool) -> Invocation:
    assert state.warnings is not None
    return Invocation(
        queries=_queries(state, words, first=first),
        globals=state.globals,
        defaults=state.defaults,
        warnings=tuple(state.warnings),
    )


def _skips_rc(argv: Sequence[str]) -> bool:
    """dig honours -r only as a flag word before any "%": -r, -4r, -ur…"""
    for word in argv:
        if word.startswith("%"):
            return False
        if word.startswith("-") and not word.startswith("--"):
            flags = word[1:]
            for letter in flags:
                if letter == "r":
                    return True
                if letter not in FLAG_LETTERS:
                    break
    return False


@functools.cache
def _plain_name() -> re.Pattern[str]:
    """One dotted name of letters, digits, "_" and "-": never an option, a server, a type
    or a class (none of those has a dot).  Compiled when a batch first needs it
    (re.IGNORECASE's would take half a millisecond)."""
    return re.compile(r"[a-zA-Z0-9_][a-zA-Z0-9_-]*\.[a-zA-Z0-9_.-]*")


def plain_name(words: Sequence[str]) -> str | None:
    """The name of a batch line that is one plain name and nothing else: it parses to the
    query of the last such line with only the name (and the banner's words) changed, so a
    batch of names is parsed once, not once a line.  No IDN: A-labels (xn--, any case)
    are checked when planned."""
    if len(words) != 1:
        return None
    word = words[0]
    if _plain_name().fullmatch(word) is None or ("--" in word and "xn--" in word.lower()):
        return None
    return word


def parse_batch_line(
    words: Sequence[str], *, defaults: QuerySettings, global_settings: GlobalSettings
) -> Invocation:
    """One line of a -f batch file: it starts from the command line's defaults."""
    state = _State(
        defaults=defaults,
        globals=global_settings,
        current=defaults,
        editing_defaults=False,
        need_clone=False,
    )
    early = _parse_words(state, words, config_only=False)
    if early is not None:
        raise UsageError("-h and -v are not allowed in a batch file")
    # dig takes +domain= from the command line only (dig_query_setup).
    state.update_globals(domain=global_settings.domain)
    return _invocation(state, tuple(words), first=False)
