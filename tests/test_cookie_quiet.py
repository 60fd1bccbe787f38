"""cookie_quiet (the express lane's check of a reply's cookie) says nothing exactly when
reply_cookie_warnings, dig's check, has nothing to say."""

from __future__ import annotations

import dns.edns
import dns.message
import pytest

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.lookup.plan import plan_lookup
from pydig.model.exchange import Lookup
from pydig.model.invocation import Invocation
from pydig.wire.cookies import cookie_of, cookie_quiet, echo_of, reply_cookie_warnings
from pydig.wire.lean import read_lean

CLIENT = bytes.fromhex("0123456789abcdef")
SERVER = bytes.fromhex("00112233445566778899aabbccddeeff")


def planned(*words: str) -> Lookup:
    parsed = parse_argv(["-r", "@127.0.0.1", "example.test", *words])
    assert isinstance(parsed, Invocation)
    return plan_lookup(parsed.queries[0], parsed.globals, ResolvConf(), client_cookie=CLIENT)


def reply_to(lookup: Lookup, cookies: list[bytes] | None) -> bytes:
    """A reply to the lookup's query: without an OPT record (None), or with these COOKIE
    options in order."""
    reply = dns.message.make_response(lookup.query)
    if cookies is None:
        reply.use_edns(False)
    else:
        options = [dns.edns.GenericOption(dns.edns.OptionType.COOKIE, c) for c in cookies]
        reply.use_edns(0, options=options)
    return reply.to_wire()


LOOKUPS = {
    "default": (),
    "no cookie": ("+nocookie",),
    "a cookie given": ("+cookie=" + CLIENT.hex() + SERVER.hex(),),
    "a short cookie given": ("+cookie=0102030405",),
    "no EDNS": ("+noedns",),
}
REPLIES: dict[str, list[bytes] | None] = {
    "no OPT": None,
    "no cookie": [],
    "echoed": [CLIENT + SERVER],
    "only the client's": [CLIENT],
    "another": [bytes(8) + SERVER],  # (a shorter one is BIND's bad packet: never lean)
    "echoed, then another": [CLIENT + SERVER, bytes(16)],
    "another, then echoed": [bytes(16), CLIENT + SERVER],
}


@pytest.mark.parametrize("words", LOOKUPS.values(), ids=LOOKUPS.keys())
@pytest.mark.parametrize("cookies", REPLIES.values(), ids=REPLIES.keys())
def test_cookie_quiet_is_dig_s_check_saying_nothing(
    words: tuple[str, ...], cookies: list[bytes] | None
) -> None:
    lookup = planned(*words)
    message = read_lean(reply_to(lookup, cookies))
    assert message is not None
    check = reply_cookie_warnings(lookup, message)
    expected = check is None or not check.warnings
    assert cookie_quiet(lookup, echo_of(cookie_of(lookup.query)), message) is expected
