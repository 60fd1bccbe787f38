"""An A record's text is what socket.inet_ntoa writes, for every octet value."""

from __future__ import annotations

import random
import socket

from pydig.render.records.rdata import rdata_text
from pydig.wire.lean_message import LeanRecord


def test_an_address_reads_as_inet_ntoa_writes_it() -> None:
    chooser = random.Random(4)
    addresses = [bytes((octet, 255 - octet, octet // 2, 0)) for octet in range(256)]
    addresses += [chooser.randbytes(4) for _ in range(2000)]
    for data in addresses:
        assert rdata_text(LeanRecord(b"\0", 1, 1, 0, data)) == socket.inet_ntoa(data)
