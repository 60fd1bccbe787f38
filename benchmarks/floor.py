"""dnspython alone: the least time a program that does its DNS wire work with dnspython
can take for the same lookups, on one core.

    python benchmarks/floor.py SERVER PORT [--type PTR] (NAME | -f FILE)...

For each name it makes a query, sends it over UDP, reads the reply, has dnspython parse
it and prints dnspython's own text for it; nothing else: no option parsing, none of
dig's checks on a reply, no dig formatting, no retries.  It imports dnspython as lean as
pydig does.  The benchmarks time it beside dig and pydig, so that a goal out of reach of
any program built on dnspython (and of Python's start) shows as such.
"""

from __future__ import annotations

import argparse
import socket
import sys

from pydig.coldstart import exit_now, lean_imports

with lean_imports():
    import dns.message
    import dns.rdatatype


def names(arguments: list[str], files: list[str]) -> list[str]:
    found = list(arguments)
    for path in files:
        with open(path, encoding="ascii") as lines:
            found.extend(line.strip() for line in lines if line.strip())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("server")
    parser.add_argument("port", type=int)
    parser.add_argument("names", nargs="*")
    parser.add_argument("-f", dest="files", action="append", default=[])
    parser.add_argument("--type", default="A")
    args = parser.parse_args()
    rdtype = dns.rdatatype.from_text(args.type)
    out = sys.stdout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.connect((args.server, args.port))
        for name in names(args.names, args.files):
            query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
            sock.send(query.to_wire())
            reply = dns.message.from_wire(sock.recv(65535))
            out.write(reply.to_text() + "\n\n")
    return 0


if __name__ == "__main__":
    exit_now(main())
