"""dnspython taught BIND 9.18's rules for EDNS options (wire/options.py's bind_accepts):
imported by every module that has dnspython parse a message (decode.py, tsig.py, +trace's
delegation.py, and the lean reader before it hands dnspython a record), registered as
it is imported.  A plain answer, which the lean reader reads, never loads it.

Every option either has is parsed here: BIND's verdict, then the bytes as a
GenericOption.  An option BIND refuses is kept as a RefusedOption, which the decoder
turns into a bad packet (";; Got bad packet: malformed OPT option"), as in dig; a query
read back from its own wire form (+json's +qr) keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable

import dns.edns
import dns.wire

from pydig.wire.options import CLIENT_SUBNET, COOKIE, EDE, EXPIRE, bind_accepts
from pydig.wire.protocol import CLIENT_TAG, KEY_TAG, LLQ, SERVER_TAG


class RefusedOption(dns.edns.GenericOption):
    """An option BIND's parser refuses, as its bytes."""


class BindOption(dns.edns.GenericOption):
    """Reads an option as its bytes, a RefusedOption if BIND's checks fail."""

    @classmethod
    def from_wire_parser(
        cls, otype: dns.edns.OptionType | str, parser: dns.wire.Parser
    ) -> dns.edns.Option:
        code = dns.edns.OptionType.make(otype)
        data = parser.get_remaining()
        kind = dns.edns.GenericOption if bind_accepts(code, data) else RefusedOption
        return kind(code, data)


def any_refused(options: Iterable[dns.edns.Option]) -> bool:
    return any(isinstance(option, RefusedOption) for option in options)


def register() -> None:
    """Parse with BindOption every option BIND checks or dnspython has a class for."""
    checked = {LLQ, CLIENT_SUBNET, EXPIRE, COOKIE, KEY_TAG, EDE, CLIENT_TAG, SERVER_TAG}
    for otype in dns.edns.OptionType:
        if otype in checked or dns.edns.get_option_class(otype) is not dns.edns.GenericOption:
            dns.edns.register_type(BindOption, otype)
    for code in checked:
        dns.edns.register_type(BindOption, dns.edns.OptionType.make(code))


register()
