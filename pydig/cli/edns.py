"""The values of +subnet and +ednsopt, parsed as dig 9.18 parses them (dig.c, dighost.c)."""

from __future__ import annotations

import contextlib
import socket

import dns.edns

from pydig.cli.values import parse_uint
from pydig.errors import OptionValueError, UsageError
from pydig.model.edns import ClientSubnet, EdnsOption
from pydig.wire.protocol import CLIENT_TAG, DEVICEID, KEY_TAG, LLQ, SERVER_TAG

OptionType = dns.edns.OptionType

MAX_EDNSOPTS = 100  # dig's EDNSOPT_OPTIONS
MAX_PADDING = 512  # dns_message_setpadding's cap
# isc_sockaddr_t text room in parse_netprefix: longer values are refused outright.
MAX_PREFIX_TEXT = len("xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:XXX.XXX.XXX.XXX/128")

# dighost.c optnames: the names +ednsopt accepts for a code, compared without case.
OPTION_CODES: dict[str, int] = {
    "LLQ": LLQ, "NSID": OptionType.NSID, "DAU": OptionType.DAU, "DHU": OptionType.DHU,
    "N3U": OptionType.N3U, "ECS": OptionType.ECS, "EXPIRE": OptionType.EXPIRE,
    "COOKIE": OptionType.COOKIE, "KEEPALIVE": OptionType.KEEPALIVE,
    "PADDING": OptionType.PADDING, "PAD": OptionType.PADDING, "CHAIN": OptionType.CHAIN,
    "KEY-TAG": KEY_TAG, "EDE": OptionType.EDE, "CLIENT-TAG": CLIENT_TAG,
    "SERVER-TAG": SERVER_TAG, "DEVICEID": DEVICEID,
}  # fmt: skip


def parse_client_subnet(value: str) -> ClientSubnet:
    """dig's parse_netprefix: "addr[/len]", "0", or an IPv4 prefix with fewer octets ("10/8").

    Its errors are fatal ones (exit status 1), worded as dig words them; two of dig's
    messages end in a newline of their own, so dig leaves a blank line after them.
    """
    if len(value) > MAX_PREFIX_TEXT:
        raise UsageError(f"invalid prefix '{value}'\n")
    if value == "0":
        return ClientSubnet(family=1, prefix=0, address=b"")
    text, slash, length_text = value.partition("/")
    prefix = None
    if slash:
        try:
            prefix = parse_uint(length_text, 0xFFFFFFFF, "prefix length")
        except OptionValueError as exc:
            reason = exc.message.rsplit(": ", 1)[-1]
            raise UsageError(f"invalid prefix length in '{value}': {reason}\n") from None
    with contextlib.suppress(OSError):
        address = socket.inet_pton(socket.AF_INET6, text)
        return ClientSubnet(
            family=2, prefix=min(128, 128 if prefix is None else prefix), address=address
        )
    # An IPv4 prefix may leave out trailing zero octets, but only when a length is given.
    for candidate in [text] + ([text + ".0" * n for n in (1, 2, 3)] if slash else []):
        with contextlib.suppress(OSError):
            address = socket.inet_pton(socket.AF_INET, candidate)
            return ClientSubnet(
                family=1, prefix=min(32, 32 if prefix is None else prefix), address=address
            )
    raise UsageError(f"invalid address '{value}'")


def parse_ednsopt(value: str | None) -> EdnsOption:
    """+ednsopt=code[:hexdata]: the code as a number or one of dig's names."""
    # dig splits with strtok(":"): leading colons are skipped, and nothing after the
    # first colon means no data.
    code_text, _, data_text = (value or "").lstrip(":").partition(":")
    if not code_text:
        raise NoCodePoint
    code = OPTION_CODES.get(code_text.upper())
    if code is None:
        try:
            code = parse_uint(code_text, 0xFFFF, "ednsopt")
        except OptionValueError:
            raise UsageError(f"bad edns code point: {code_text}") from None
    try:
        data = bytes.fromhex("".join(data_text.split()))
    except ValueError:
        raise UsageError("isc_hex_decodestring: bad hex encoding") from None
    return EdnsOption(code, data)


class NoCodePoint(Exception):
    """+ednsopt without a code: dig warns and exits with status 10."""
