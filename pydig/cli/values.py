"""Parsing the values given to options: numbers, types, classes, addresses."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype

from pydig.errors import OptionValueError, UsageError
from pydig.model.sweep import IPAddress

MAX_PORT = 0xFFFF


def parse_uint(value: str, maximum: int, what: str, *, base: int = 10) -> int:
    """A number as dig's parse_uint reads it; errors say what and why, as dig does."""
    try:
        number = int(value, base)
        if number < 0 or value.strip() != value or value.startswith(("+", "-")):
            raise ValueError
    except ValueError:
        raise OptionValueError(f"invalid {what} '{value}': not a valid number") from None
    if number > maximum:
        raise OptionValueError(f"invalid {what} '{value}': out of range")
    return number


def parse_port(value: str) -> int:
    try:
        return parse_uint(value, MAX_PORT, "port number")
    except OptionValueError as exc:
        raise UsageError(exc.message) from None


def rdtype_from_word(word: str) -> dns.rdatatype.RdataType | None:
    """The type a word names (A, mx, TYPE123), or None when it is not a type."""
    try:
        return dns.rdatatype.from_text(word)
    except (dns.exception.DNSException, ValueError):
        return None


def rdclass_from_word(word: str) -> dns.rdataclass.RdataClass | None:
    """The class a word names (IN, ch, CLASS3), or None when it is not a class."""
    try:
        return dns.rdataclass.from_text(word)
    except (dns.exception.DNSException, ValueError):
        return None


def name_error_reason(text: str, error: Exception) -> str:
    """Why a name cannot be a DNS name, in dig's words ("label too long")."""
    if isinstance(error, dns.name.LabelTooLong):
        return "label too long"
    if isinstance(error, dns.name.NameTooLong):
        return "ran out of space"  # BIND fills a 255-byte buffer and runs out
    if isinstance(error, dns.name.EmptyLabel):
        return "empty label"
    if isinstance(error, dns.name.BadEscape):
        trailing = len(text) - len(text.rstrip("\\"))
        return "unexpected end of input" if trailing % 2 else "bad escape"
    reason = str(error).rstrip(".") or type(error).__name__
    return reason[0].lower() + reason[1:]


def reverse_name(address: str) -> str:
    """The in-addr.arpa / ip6.arpa name for -x; unlike dig, refuse what is not an address."""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise UsageError(f"Invalid IP address {address}") from None
    import dns.reversename  # only for -x: a plain lookup does without it

    return str(dns.reversename.from_address(address))


def address_reverse_name(address: IPAddress) -> str:
    """reverse_name() of an address already parsed."""
    number = int(address)
    return next(reverse_names(type(address), number, number))[1]


# The longest reverse name in wire form: ip6.arpa's, 32 one-nibble labels.
LONGEST_REVERSE_WIRE = 32 * 2 + len(b"\x03ip6\x04arpa\x00")

# The first labels of a reverse name, by the address's last byte (one decimal label under
# in-addr.arpa, two nibbles under ip6.arpa): as text, with the dot after them, and in
# wire form.
_Heads = tuple[list[str], list[bytes]]


def _heads(texts: list[str]) -> _Heads:
    wires = [
        b"".join(bytes((len(label),)) + label.encode() for label in text.split(".")[:-1])
        for text in texts
    ]
    return texts, wires


_DECIMAL_HEADS = _heads([f"{byte}." for byte in range(256)])
_NIBBLE_HEADS = _heads([f"{byte & 15:x}.{byte >> 4:x}." for byte in range(256)])


def reverse_names(kind: type[IPAddress], first: int, last: int) -> Iterator[tuple[int, str, bytes]]:
    """The numbers of the addresses of one kind (IPv4Address or IPv6Address) from first to
    last, in order, each with the name -x asks for its address (reverse_name()'s text) and
    that name's wire form: the first labels from a table, the rest made by dnspython once
    for every 256 addresses (a block wholly IPv4-mapped, or not: dnspython writes those
    under in-addr.arpa)."""
    for block in range(first >> 8, (last >> 8) + 1):
        base = block << 8
        (texts, wires), suffix, suffix_wire = _block_names(kind(base))
        for byte in range(max(first - base, 0), min(last - base, 0xFF) + 1):
            yield base | byte, texts[byte] + suffix, wires[byte] + suffix_wire


def _block_names(first: IPAddress) -> tuple[_Heads, str, bytes]:
    """For the 256 addresses from `first` (its last byte 0): their first labels, and the
    rest of their reverse names as text and in wire form."""
    import dns.reversename  # only for a sweep: a plain lookup does without it

    name = dns.reversename.from_address(str(first))
    heads = _DECIMAL_HEADS if name.labels[-3] == b"in-addr" else _NIBBLE_HEADS
    wire = name.to_wire()
    assert wire is not None  # uncompressed, without a file: bytes
    return heads, name.to_text()[len(heads[0][0]) :], wire[len(heads[1][0]) :]


def parse_source(value: str) -> tuple[str, int]:
    """-b address[#port]."""
    address, _, port_text = value.partition("#")
    port = parse_port(port_text) if port_text else 0
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise UsageError(f"invalid address {address}") from None
    return address, port
