"""The rdata text of every type, from the record's uncompressed wire form (BIND's per-type
totext functions in lib/dns/rdata/): here an IN A record's, the commonest, in the plain
form; every other record's is rdata_common.py's, loaded when the first is met, so that
+short of an address loads neither it nor the field readers it needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dns.rdataclass
import dns.rdatatype

from pydig.render.records.style import PLAIN, RecordStyle
from pydig.wire.lean_message import LeanRecord

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydig.model.message import RecordData

_IN, _A = int(dns.rdataclass.IN), int(dns.rdatatype.A)
OCTETS = [str(octet) for octet in range(256)]  # an IPv4 address's octets as text

# rdata_common.typed_text, kept once imported: an import statement costs every record
_typed_text: Callable[[bytes, int, int, RecordStyle], str] | None = None


def rdata_text(rdata: RecordData, record_style: RecordStyle = PLAIN) -> str:
    """The rdata as dig presents it in this style (BIND's rdata_totext)."""
    global _typed_text
    # a lean record's data as it stands: its to_wire() is a Python call (and never None)
    data = rdata.data if type(rdata) is LeanRecord else rdata.to_wire() or b""
    rdtype = rdata.rdtype
    if rdtype == _A and rdata.rdclass == _IN and len(data) == 4 and not record_style.unknownformat:
        # the commonest record: rdata_common's _a's text, with no WireData (and no
        # socket.inet_ntoa, whose C formatting of the four octets costs more than
        # looking them up)
        octets = OCTETS
        return f"{octets[data[0]]}.{octets[data[1]]}.{octets[data[2]]}.{octets[data[3]]}"
    if _typed_text is None:
        from pydig.render.records.rdata_common import typed_text

        _typed_text = typed_text
    return _typed_text(data, rdata.rdclass, rdtype, record_style)
