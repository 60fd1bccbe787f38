"""The handlers of the +options that shape the query: EDNS and its options (+edns,
+bufsize, +dnssec, +cookie, +nsid, +subnet, +ednsopt, +ednsflags, +padding), the header's
opcode and id, +fuzztime, +dns64prefix.  Loaded when one of them is given (cli/parse.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.rdatatype

from pydig.cli.values import parse_uint
from pydig.errors import OptionValueError, UsageError

if TYPE_CHECKING:
    from pydig.cli.plus_state import Handler, PlusState

MAX_UDP_SIZE = 0xFFFF
DEFAULT_UDP_SIZE = 1232
MAX_EDNS_VERSION = 255
MAX_QID = 0xFFFF
DEFAULT_FUZZTIME = 0x622ACCE1  # what dig's +fuzztime alone claims: 2022-03-11 04:15:29 UTC


def _bufsize(state: PlusState, on: bool, value: str | None) -> None:
    if not on:
        raise state.needs_value()
    # dig's +bufsize alone sets its default size, which also sends EDNS after +noedns.
    size = DEFAULT_UDP_SIZE if value is None else parse_uint(value, MAX_UDP_SIZE, "buffer size")
    state.update(udp_size=size)


def _edns(state: PlusState, on: bool, value: str | None) -> None:
    if not on:
        state.update(edns=None)
        return
    version = 0 if value is None else parse_uint(value, MAX_EDNS_VERSION, "edns")
    state.update(edns=version)


def _dnssec(state: PlusState, on: bool, value: str | None) -> None:
    if on:
        state.ensure_edns()
    state.update(dnssec=on)


def _cookie(state: PlusState, on: bool, value: str | None) -> None:
    if on:
        state.ensure_edns()
    if value is not None:
        try:
            bytes.fromhex(value)
        except ValueError:
            raise UsageError(f"invalid cookie '{value}': bad hex encoding") from None
    state.update(cookie=on, cookie_hex=value)


def _nsid(state: PlusState, on: bool, value: str | None) -> None:
    if on:
        state.ensure_edns()
    state.update(nsid=on)


def _subnet(state: PlusState, on: bool, value: str | None) -> None:
    if not on:
        state.update(client_subnet=None)
        return
    from pydig.cli.edns import parse_client_subnet  # EDNS options' parsers: only when given

    state.ensure_edns()
    state.update(client_subnet=parse_client_subnet(state.required(on, value)))


def _ednsflags(state: PlusState, on: bool, value: str | None) -> None:
    if not on or value is None:
        state.update(ednsflags=0)
        return
    from pydig.cli.shaping import parse_ednsflags  # only for +ednsflags=N

    flags = parse_ednsflags(value)
    state.ensure_edns()
    state.update(ednsflags=flags)


def _ednsopt(state: PlusState, on: bool, value: str | None) -> None:
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


def _opcode(state: PlusState, on: bool, value: str | None) -> None:
    from pydig.cli.shaping import parse_opcode  # only for +opcode

    state.update(opcode=parse_opcode(state.required(True, value)) if on else 0)


def _qid(state: PlusState, on: bool, value: str | None) -> None:
    state.update(qid=parse_uint(state.required(True, value), MAX_QID, "qid") if on else None)


def _padding(state: PlusState, on: bool, value: str | None) -> None:
    from pydig.cli.edns import MAX_PADDING  # EDNS options' limits: only when given

    # dig turns EDNS on first, and then reads the value even for +nopadding=N.
    if on:
        state.ensure_edns()
    state.update(padding=parse_uint(state.required(True, value), MAX_PADDING, "padding"))


def _fuzztime(state: PlusState, on: bool, value: str | None) -> None:
    if not on:
        state.update(fuzztime=None)
        return
    seconds = DEFAULT_FUZZTIME if value is None else parse_uint(value, 0xFFFFFFFF, "fuzztime")
    state.update(fuzztime=seconds)


def _dns64prefix(state: PlusState, on: bool, value: str | None) -> None:
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


HANDLERS: dict[str, Handler] = {
    "bufsize": _bufsize,
    "edns": _edns,
    "dnssec": _dnssec,
    "cookie": _cookie,
    "nsid": _nsid,
    "subnet": _subnet,
    "ednsflags": _ednsflags,
    "ednsopt": _ednsopt,
    "opcode": _opcode,
    "qid": _qid,
    "padding": _padding,
    "fuzztime": _fuzztime,
    "dns64prefix": _dns64prefix,
}
