"""Parsing the values given to options: numbers, types, classes, addresses."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype

from pydig.errors import OptionValueError, UsageError

if TYPE_CHECKING:  # a sweep's: a plain lookup never loads it
    from pydig.model.sweep import AddressRange, IPAddress

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
    if "." in word:  # a name's (no type has one): dnspython's refusal costs an exception
        return None
    try:
        return dns.rdatatype.from_text(word)
    except (dns.exception.DNSException, ValueError):
        return None


def rdclass_from_word(word: str) -> dns.rdataclass.RdataClass | None:
    """The class a word names (IN, ch, CLASS3), or None when it is not a class."""
    if "." in word:  # a name's, as for types
        return None
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
    from pydig.wire.reverse import reverse_names  # only for a sweep: its tables cost a start

    number = int(address)
    return next(reverse_names(type(address), number, number))[1]


def parse_sweep(text: str) -> AddressRange:
    """`-x` with a range: a network (`192.0.2.0/24`, `2001:db8::/120`) or `FIRST-LAST`
    (`192.0.2.10-192.0.2.40`).

    An IPv4 network of more than two addresses leaves out its network and broadcast
    addresses, which name no host (a /24 is 254 lookups, a /20 4,094); IPv6 has no
    broadcast address, so an IPv6 network is swept whole.
    """
    from pydig.model.sweep import AddressRange  # only for a sweep

    first, last = _network_ends(text) if "/" in text else _range_ends(text)
    return AddressRange(text, first, last)


def _range_ends(text: str) -> tuple[IPAddress, IPAddress]:
    first_text, _, last_text = text.partition("-")
    try:
        first = ipaddress.ip_address(first_text)
        last = ipaddress.ip_address(last_text)
    except ValueError:
        raise UsageError(f"Invalid address range {text}") from None
    if first.version != last.version:
        raise UsageError(f"Invalid address range {text}: IPv4 and IPv6 mixed")
    if last < first:  # type: ignore[operator]  # same version, checked above
        raise UsageError(f"Invalid address range {text}: {last} comes before {first}")
    return first, last


def _network_ends(text: str) -> tuple[IPAddress, IPAddress]:
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise UsageError(f"Invalid network {text}") from None
    first, last = network.network_address, network.broadcast_address
    if network.version == 4 and network.num_addresses > 2:
        first, last = first + 1, last - 1
    return first, last


def parse_source(value: str) -> tuple[str, int]:
    """-b address[#port]."""
    address, _, port_text = value.partition("#")
    port = parse_port(port_text) if port_text else 0
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise UsageError(f"invalid address {address}") from None
    return address, port
