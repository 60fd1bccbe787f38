"""`-x` with a range: a network (`192.0.2.0/24`) or `FIRST-LAST`, read into an AddressRange."""

from __future__ import annotations

import ipaddress

from pydig.errors import UsageError
from pydig.model.sweep import AddressRange


def parse_sweep(text: str) -> AddressRange:
    """`192.0.2.0/24`, `2001:db8::/120` or `192.0.2.10-192.0.2.40`.

    An IPv4 network of more than two addresses leaves out its network and broadcast
    addresses, which name no host (a /24 is 254 lookups, a /20 4,094); IPv6 has no
    broadcast address, so an IPv6 network is swept whole.
    """
    if "/" in text:
        return _network(text)
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
    return AddressRange(text, first, last)


def _network(text: str) -> AddressRange:
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise UsageError(f"Invalid network {text}") from None
    first, last = network.network_address, network.broadcast_address
    if network.version == 4 and network.num_addresses > 2:
        first, last = first + 1, last - 1
    return AddressRange(text, first, last)
