"""dig's command-line grammar: tokens -> Invocation | Help | Version.

Pure: it never prints, reads files or exits; bad input raises UsageError or
OptionValueError.  The order rules are dig's: options before the first name set
the defaults of every lookup, options after a name change that lookup only, and
a few settings (+short, +cmd, -p, +timeout, -4/-6, -b, -f) are global wherever
they appear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import dns.rdataclass
import dns.rdatatype

from pydig.cli.model import GlobalSettings, Help, Invocation, Query, QuerySettings, Version
from pydig.cli.plusopts import lookup_plus_option
from pydig.cli.values import (
    parse_port,
    parse_source,
    parse_uint,
    rdclass_from_word,
    rdtype_from_word,
    reverse_name,
)
from pydig.errors import OptionValueError, UsageError

# -4 -6 -d -h -i -m -n -r -u -v take no value and may be run together ("-4u").
FLAG_LETTERS = "46dhimnruv"
VALUE_LETTERS = "bcfkpqtxy"

MAX_TIMEOUT = 0xFFFF
MAX_TRIES = 0xFFFFFFFF
MAX_UDP_SIZE = 0xFFFF
MAX_EDNS_VERSION = 255

# Options of dig 9.18 that later pydig work brings; until then they are refused clearly.
NOT_YET = frozenset(
    {
        "badcookie", "besteffort", "coflag", "crypto", "defname", "dns64prefix", "domain",
        "ednsflags", "ednsnegotiation", "ednsopt", "expandaaaa", "expire", "fail",
        "fuzztime", "header-only", "https", "https-get", "https-post", "http-plain",
        "http-plain-get", "http-plain-post", "idnin", "idnout", "keepalive", "keepopen",
        "ndots", "nssearch", "onesoa", "opcode", "padding", "qid", "raflag",
        "rrcomments", "search", "showbadcookie", "showsearch", "split", "subnet",
        "tcflag", "tls", "tls-ca", "tls-certfile", "tls-hostname", "tls-keyfile",
        "trace", "ttlunits", "unknownformat", "yaml", "zflag",
    }
)  # fmt: skip


# Options dig 9.18 still accepts but ignores, with a warning.
OBSOLETE = {
    "dscp": ";; +dscp option is obsolete and has no effect",
    "mapped": ";; +mapped option is deprecated",
    "sigchase": ";; +sigchase option is deprecated",
    "topdown": ";; +topdown option is deprecated",
    "trusted-key": ";; +trusted-key option is deprecated",
    "unexpected": ";; +unexpected option is deprecated",
}


class _NeedsValue(Exception):
    """dig's need_value: reported as an invalid option."""


@dataclass
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


Handler = Callable[[_State, bool, str | None], None]


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
            comments=False, stats=False,
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
    size = None if value is None else parse_uint(value, MAX_UDP_SIZE, "buffer size")
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


def _ignore_value(handler: Handler) -> Handler:
    return handler


PLUS_HANDLERS: dict[str, Handler] = {
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
    "comments": _comments,
    "cookie": _cookie,
    "dnssec": _dnssec,
    "edns": _edns,
    "identify": _display_switch("identify"),
    "ignore": _setting_switch("ignore"),
    "multiline": _display_switch("multiline"),
    "nsid": _nsid,
    "qr": _display_switch("qr"),
    "question": _question,
    "rdflag": _setting_switch("recurse"),
    "recurse": _setting_switch("recurse"),
    "retry": _retry,
    "short": _short,
    "stats": _display_switch("stats"),
    "tcp": _tcp,
    "timeout": _timeout,
    "tries": _tries,
    "ttlid": _ttlid,
    "vc": _tcp,
}


def _invalid_plus(word: str) -> UsageError:
    return UsageError(f"Invalid option: +{word}", show_usage=True)


def _plus_option(state: _State, text: str) -> None:
    word, has_value, value_text = text.partition("=")
    value = value_text if has_value else None
    on = not word.lower().startswith("no")
    name = word if on else word[2:]
    option = lookup_plus_option(name)
    if option is None:
        raise _invalid_plus(word)
    if option.canonical in OBSOLETE:
        state.warn(OBSOLETE[option.canonical])
        return
    if option.canonical in NOT_YET:
        raise UsageError(f"+{option.canonical} is not supported by this version of pydig")
    try:
        PLUS_HANDLERS[option.canonical](state, on, value)
    except _NeedsValue:
        raise _invalid_plus(word) from None


def _set_type(state: _State, word: str, rdtype: dns.rdatatype.RdataType) -> None:
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
    state.update(rdclass=rdclass, rdclass_set=True)


def _reverse_option(state: _State, value: str, *, config_only: bool) -> None:
    name = reverse_name(value)
    if config_only:
        return
    state.add_query(name)
    changes: dict[str, Any] = {}
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
                raise UsageError("-4 and -6 cannot be used together")
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
    else:  # -k, -y: TSIG
        raise UsageError(f"-{letter} is not supported by this version of pydig")
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
            state.update(rdclass=rdclass, rdclass_set=True)
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
    argv: Sequence[str], *, rc_lines: Sequence[Sequence[str]] = ()
) -> Invocation | Help | Version:
    """Parse dig's command line; `rc_lines` are the words of ~/.pydigrc, one list per line.

    The rc file is read first, as dig reads ~/.digrc, but only if the command
    line has no -r; callers pass it and this function drops it when -r is there.
    """
    state = _State(
        defaults=QuerySettings(),
        globals=GlobalSettings(),
        current=QuerySettings(),
        editing_defaults=True,
        need_clone=True,
    )
    if not _skips_rc(argv):
        for line in rc_lines:
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
        state.add_query(".")
        if not state.current.rdtype_set:
            state.update(rdtype=dns.rdatatype.NS, rdtype_set=True)
    return _invocation(state, tuple(argv), first=True)


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
    return _invocation(state, tuple(words), first=False)
