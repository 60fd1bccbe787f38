"""dnspython alone: the least time a program that does its DNS wire work with dnspython
can take for the same lookups, on one core.

    python benchmarks/floor.py SERVER PORT [--type PTR] (NAME | -f FILE)...

For each name it makes a query with dnspython, sends it over UDP, reads the reply, and
has dnspython's wire parser read every name and record of it, printing each record's
text as dnspython writes it.  It uses the parser's parts (`dns.wire.Parser`, names,
record data), not `dns.message.from_wire`, which builds RRsets and hashes every record
on the way (three times the cost for a small reply).  Nothing else: no option parsing,
none of dig's checks on a reply, no dig formatting, no retries, and it imports
dnspython as lean as pydig does.  The benchmarks time it beside dig and pydig, so that
a goal out of reach of any program built on dnspython (and of Python's start) shows as
such.
"""

from __future__ import annotations

import socket
import struct
import sys

from floor_arguments import arguments

from pydig.coldstart import exit_now, lean_imports

with lean_imports():
    import dns.message
    import dns.rdata
    import dns.wire

HEADER = struct.Struct("!HHHHHH")
QUESTION = "!HH"  # type, class
RECORD = "!HHIH"  # type, class, TTL, data length


def main() -> int:
    server, port, rdtype, names = arguments(sys.argv[1:])
    out = sys.stdout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.connect((server, port))
        for name in names:
            query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
            sock.send(query.to_wire())
            out.write(reply_text(sock.recv(65535)))
    return 0


def reply_text(wire: bytes) -> str:
    """Every record of the reply, one line each, read with dnspython's wire parser."""
    query_id, flags, questions, *counts = HEADER.unpack_from(wire)
    parser = dns.wire.Parser(wire, HEADER.size)
    lines = [f";; id {query_id}, flags {flags:#06x}"]
    for _ in range(questions):
        name = parser.get_name(decompress=True)
        rdtype, rdclass = parser.get_struct(QUESTION)
        lines.append(f";{name} {rdclass} {rdtype}")
    for _ in range(sum(counts)):
        name = parser.get_name(decompress=True)
        rdtype, rdclass, ttl, size = parser.get_struct(RECORD)
        with parser.restrict_to(size):
            rdata = dns.rdata.from_wire_parser(rdclass, rdtype, parser)
        lines.append(f"{name} {ttl} {rdata.rdclass.name} {rdata.rdtype.name} {rdata}")
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    exit_now(main())
