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

import socket
import sys

from pydig.coldstart import exit_now, lean_imports

with lean_imports():
    import dns.message


def arguments(words: list[str]) -> tuple[str, int, str, list[str]]:
    """SERVER PORT [--type TYPE] (NAME | -f FILE)...: read by hand, as argparse alone
    would add to the start of a one-lookup run what pydig does not pay."""
    server, port, *rest = words
    rdtype, names = "A", []
    while rest:
        word = rest.pop(0)
        if word == "--type":
            rdtype = rest.pop(0)
        elif word == "-f":
            with open(rest.pop(0), encoding="ascii") as lines:
                names.extend(line.strip() for line in lines if line.strip())
        else:
            names.append(word)
    return server, int(port), rdtype, names


def main() -> int:
    server, port, rdtype, names = arguments(sys.argv[1:])
    out = sys.stdout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.connect((server, port))
        for name in names:
            query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
            sock.send(query.to_wire())
            reply = dns.message.from_wire(sock.recv(65535))
            out.write(reply.to_text() + "\n\n")
    return 0


if __name__ == "__main__":
    exit_now(main())
