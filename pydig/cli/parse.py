"""dig's command-line grammar: tokens -> Invocation | Help | Version.

Pure: it never prints, reads files or exits; bad input raises UsageError or
OptionValueError.  The order rules are dig's: options before the first name set
the defaults of every lookup, options after a name change that lookup only, and
a few settings (+short, +cmd, -p, +timeout, -4/-6, -b, -f) are global wherever
they appear.

The handlers of the +options a plain command line gives are here: +short, +[no]all,
+[no]cmd, +[no]comments, +[no]question, the switches of one section, field or flag,
+tcp, +timeout, +tries, +retry, +keepopen.  Those of the others live in a module of
their job (cli/plus_display.py, plus_shaping.py, plus_search.py, plus_trace.py,
plus_runs.py, plus_checks.py, secure_options.py), loaded when one of its options is
given, so that a lookup's start reads none of them.  They see the parse in progress (_State) through
cli/plus_state.py's Protocol, and so import nothing of this module.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import dns.rdataclass
import dns.rdatatype

from pydig.cli.values import (
    parse_port,
    parse_source,
    parse_sweep,
    parse_uint,
    rdclass_from_word,
    rdtype_from_word,
    reverse_name,
)
from pydig.errors import OptionValueError, PydigError, UsageError
from pydig.immutable import mutable, replace
from pydig.model.display import DisplayOptions
from pydig.model.invocation import GlobalSettings, Help, Invocation, Query, QuerySettings, Version

if TYPE_CHECKING:  # what a handler is given: a Protocol, for the type checker only
    from pydig.cli.plus_state import Handler, PlusState


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

    def required(self, on: bool, value: str | None) -> str:
        """dig's rule for options that take a value: none given, or +noX=, is invalid."""
        if value is None or not on:
            raise _NeedsValue
        return value

    def needs_value(self) -> Exception:
        """What a handler raises for dig's need_value: reported as an invalid option."""
        return _NeedsValue()

    def ensure_edns(self) -> None:
        """+dnssec, +cookie and +nsid turn EDNS back on after +noedns, as in dig."""
        if self.current.edns is None:
            self.update(edns=0)


def _display_switch(field: str) -> Handler:
    def handle(state: PlusState, on: bool, value: str | None) -> None:
        state.update_display(**{field: on})

    return handle


def _setting_switch(field: str) -> Handler:
    def handle(state: PlusState, on: bool, value: str | None) -> None:
        state.update(**{field: on})

    return handle


def _comments(state: PlusState, on: bool, value: str | None) -> None:
    state.update_display(comments=on)
    if state.editing_defaults:
        state.update_globals(transfer_comments=on)


def _question(state: PlusState, on: bool, value: str | None) -> None:
    state.update_display(question=on)
    if state.editing_defaults:
        state.update_globals(transfer_question=on)


def _all(state: PlusState, on: bool, value: str | None) -> None:
    state.update(display=state.current.display.with_all(on))
    state.update_globals(cmd=on)


def _cmd(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(cmd=on)


def _short(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(short=on)
    if on:
        state.update_globals(cmd=False)
        state.update_display(
            answer=True, additional=False, authority=False, question=False,
            comments=False, stats=False, rrcomments=False,
        )  # fmt: skip


MAX_TIMEOUT = 0xFFFF
MAX_TRIES = 0xFFFFFFFF


def _tcp(state: PlusState, on: bool, value: str | None) -> None:
    state.update(tcp=on, tcp_set=True)


def _timeout(state: PlusState, on: bool, value: str | None) -> None:
    seconds = parse_uint(state.required(on, value), MAX_TIMEOUT, "timeout")
    state.update_globals(timeout=max(seconds, 1))


def _tries(state: PlusState, on: bool, value: str | None) -> None:
    tries = parse_uint(state.required(on, value), MAX_TRIES, "tries")
    state.update(tries=max(tries, 1))


def _retry(state: PlusState, on: bool, value: str | None) -> None:
    state.update(tries=parse_uint(state.required(on, value), MAX_TRIES - 1, "retries") + 1)


def _keepopen(state: PlusState, on: bool, value: str | None) -> None:
    state.update_globals(keepopen=on)


# The modules of the +options a plain command line seldom gives, by their job: each is
# loaded when one of its options is, and its HANDLERS holds them.
def _family(family: str) -> dict[str, Handler]:
    if family == "shaping":
        from pydig.cli.plus_shaping import HANDLERS
    elif family == "search":
        from pydig.cli.plus_search import HANDLERS
    elif family == "trace":
        from pydig.cli.plus_trace import HANDLERS
    elif family == "runs":
        from pydig.cli.plus_runs import HANDLERS
    elif family == "checks":
        from pydig.cli.plus_checks import HANDLERS
    elif family == "display":
        from pydig.cli.plus_display import HANDLERS
    else:
        from pydig.cli.secure_options import HANDLERS
    return HANDLERS


# Each +option by its canonical name: its handler, or the family (cli/plus_FAMILY.py)
# whose HANDLERS has it.
PLUS_HANDLERS: dict[str, Handler | str] = {
    # Query shaping and names (dig.c plus_option).
    "badcookie": _setting_switch("badcookie"),
    "besteffort": _setting_switch("besteffort"),
    "coflag": _setting_switch("coflag"),
    "defname": "search",
    "dns64prefix": "shaping",
    "domain": "search",
    "ednsflags": "shaping",
    "ednsnegotiation": _setting_switch("ednsneg"),
    "ednsopt": "shaping",
    "expire": _setting_switch("expire"),
    "fail": _setting_switch("servfail_stops"),
    "fuzztime": "shaping",
    "idnin": _setting_switch("idnin"),
    "idnout": _display_switch("idnout"),
    "keepalive": _setting_switch("keepalive"),
    "keepopen": _keepopen,
    "ndots": "search",
    "opcode": "shaping",
    "padding": "shaping",
    "qid": "shaping",
    "raflag": _setting_switch("raflag"),
    "search": "search",
    "serial-lag": "checks",
    "showbadcookie": _setting_switch("showbadcookie"),
    "showsearch": "search",
    "subnet": "shaping",
    "tcflag": _setting_switch("tcflag"),
    "zflag": _setting_switch("zflag"),
    # The rest.
    "aaonly": _setting_switch("aaonly"),
    "additional": _display_switch("additional"),
    "adflag": _setting_switch("adflag"),
    "all": _all,
    "answer": _display_switch("answer"),
    "authority": _display_switch("authority"),
    "bufsize": "shaping",
    "cdflag": _setting_switch("cdflag"),
    "class": "display",
    "cmd": _cmd,
    "color": _display_switch("color"),
    "comments": _comments,
    "compare": "checks",
    "compare-ttl": "checks",
    "concurrency": "runs",
    "cookie": "shaping",
    "crypto": _display_switch("crypto"),
    "dnssec": "shaping",
    "edns": "shaping",
    "expandaaaa": _display_switch("expandaaaa"),
    "header-only": _setting_switch("header_only"),
    "identify": _display_switch("identify"),
    "ignore": _setting_switch("ignore"),
    "json": "display",
    "multiline": _display_switch("multiline"),
    "nsid": "shaping",
    "nssearch": "trace",
    "onesoa": _display_switch("onesoa"),
    "qr": _display_switch("qr"),
    "rcode-exit": "checks",
    "question": _question,
    "rdflag": _setting_switch("recurse"),
    "recurse": _setting_switch("recurse"),
    "retry": _retry,
    "rrcomments": _display_switch("rrcomments"),
    "short": _short,
    "split": "display",
    "stats": _display_switch("stats"),
    "sweep-limit": "runs",
    "sweep-missing": "runs",
    "sweep-follow": "runs",
    "sweep-state": "runs",
    "fcrdns": "runs",
    "rate": "runs",
    "table": "display",
    "tcp": _tcp,
    "timeout": _timeout,
    "trace": "trace",
    "trace-all": "trace",
    "trust-anchor": "trace",
    "tries": _tries,
    "ttlid": "display",
    "ttlunits": "display",
    "unknownformat": _display_switch("unknownformat"),
    "validate": _setting_switch("validate"),
    "vc": _tcp,
    "watch": "checks",
    "watch-timeout": "checks",
    "watch-until": "checks",
    "yaml": "display",
    "tls": "secure",
    "tls-ca": "secure",
    "tls-certfile": "secure",
    "tls-hostname": "secure",
    "tls-keyfile": "secure",
    "https": "secure",
    "https-get": "secure",
    "https-post": "secure",
    "http-plain": "secure",
    "http-plain-get": "secure",
    "http-plain-post": "secure",
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
        name = canonical
        handler = PLUS_HANDLERS[name]
    if isinstance(handler, str):
        handler = _family(handler)[name]
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
