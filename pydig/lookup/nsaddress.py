"""A name server's addresses, found as dig finds them (BIND's bind9_getaddresses).

dig +trace and +nssearch do not use the glue in a referral: they give each name
server's name to getaddrinfo(), that is to /etc/hosts and the system resolver.  An
address literal is used as it is.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

MAX_ADDRESSES = 20  # dig's DIG_MAX_ADDRESSES: addresses kept for one name

NameServerResolver = Callable[[str, int | None], list[str]]

_NOT_FOUND = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class AddressLookupFailed(Exception):
    """getaddrinfo found nothing; the text is BIND's result text ("not found", "failure")."""


def _literal(host: str) -> str | None:
    """An address literal as dig keeps it (an IPv6 scope stays), else None."""
    address, _, scope = host.partition("%")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    if scope and parsed.version != 6:
        return None
    return host if scope else str(parsed)


def _getaddrinfo(host: str, family: int, flags: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, family, socket.SOCK_STREAM, 0, flags)
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_BADFLAGS and flags:
            return _getaddrinfo(host, family, 0)  # BIND retries without AI_ADDRCONFIG
        raise AddressLookupFailed("not found" if exc.errno in _NOT_FOUND else "failure") from None
    except (UnicodeError, ValueError):  # a name the system resolver cannot take
        raise AddressLookupFailed("failure") from None
    return [str(info[4][0]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


def name_server_addresses(host: str, ip_version: int | None) -> list[str]:
    """The addresses dig would send to for the name server `host` (a name without its
    final dot): at most twenty, in getaddrinfo's order; -4 / -6 restrict the family."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    family = {4: socket.AF_INET, 6: socket.AF_INET6}.get(ip_version or 0, socket.AF_UNSPEC)
    flags = socket.AI_ADDRCONFIG if family == socket.AF_UNSPEC else 0
    addresses = _getaddrinfo(host, family, flags)
    if not addresses:
        raise AddressLookupFailed("not found")
    return addresses[:MAX_ADDRESSES]
