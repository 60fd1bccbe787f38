"""Record types from RFC 1035 that dnspython does not implement but dig prints.

Without a class of its own, dnspython keeps MB, MD, MF, MG, MR and MINFO as raw
bytes with the server's compression pointers still inside, so the names cannot
be recovered afterwards.  Registering name-carrying classes makes the message
parser decompress them like any other name.  Importing this module registers them:
wire/decode.py and wire/lean.py import it where they hand bytes to dnspython, not before
(registering asks dnspython to look for modules of its own for each type, and a lookup
whose reply the lean reader reads alone never needs them).
"""

from __future__ import annotations

import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.RP
import dns.rdtypes.nsbase


class MB(dns.rdtypes.nsbase.NSBase):
    """RFC 1035 mailbox domain name"""


class MD(dns.rdtypes.nsbase.NSBase):
    """RFC 1035 mail destination (obsolete)"""


class MF(dns.rdtypes.nsbase.NSBase):
    """RFC 1035 mail forwarder (obsolete)"""


class MG(dns.rdtypes.nsbase.NSBase):
    """RFC 1035 mail group member"""


class MR(dns.rdtypes.nsbase.NSBase):
    """RFC 1035 mail rename domain name"""


class MINFO(dns.rdtypes.ANY.RP.RP):
    """RFC 1035 mailbox information: two names, laid out as RP's"""


def register() -> None:
    """Teach dnspython these types once; later calls do nothing."""
    for implementation in (MB, MD, MF, MG, MR, MINFO):
        rdtype = dns.rdatatype.from_text(implementation.__name__)
        known = dns.rdata.get_rdata_class(dns.rdataclass.IN, rdtype)  # type: ignore[no-untyped-call]
        if known is dns.rdata.GenericRdata:
            dns.rdata.register_type(implementation, rdtype, implementation.__name__)


register()
