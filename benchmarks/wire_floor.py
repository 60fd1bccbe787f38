"""The true floor: the leanest Python program for pydig's job, the line the goals are read against.

    python benchmarks/wire_floor.py SERVER PORT [--type PTR] [--dnspython] (NAME | -f FILE)...

Queries are built with struct (dig's: RD, EDNS with a 1232-byte payload and a client
cookie); each goes out on a non-blocking UDP socket of its own (a random source port, a
random ID), up to IN_FLIGHT at once under one `selectors` loop; each reply's header and
answer section are read with struct, and `+short`'s lines (A, AAAA, CNAME, PTR and NS
data) are printed in input order.  Nothing else: no dnspython, no dig checks beyond the
ID and source, no retries (a lost reply waits out TIMEOUT and prints nothing).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import selectors
import socket
import struct
import sys
import time

from floor_arguments import arguments

IN_FLIGHT = 64
TIMEOUT = 5.0
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "PTR": 12, "AAAA": 28}
HEADER = struct.Struct("!HHHHHH")
RECORD = struct.Struct("!HHIH")
COOKIE = secrets.token_bytes(8)
# OPT: root owner, type 41, payload 1232, no extended flags, the COOKIE option (10).
OPT = b"\x00" + struct.pack("!HHIH", 41, 1232, 0, 12) + struct.pack("!HH", 10, 8) + COOKIE


def query(name: str, tail: bytes) -> tuple[int, bytes]:
    ident = int.from_bytes(os.urandom(2), "big")
    labels = b"".join(
        bytes([len(label)]) + label for label in name.rstrip(".").encode().split(b".") if label
    )
    return ident, HEADER.pack(ident, 0x0120, 1, 0, 0, 1) + labels + b"\x00" + tail


def struct_tail(rdtype: int) -> bytes:
    """What follows the question's name: its type and class, then the OPT record."""
    return struct.pack("!HH", rdtype, 1) + OPT


def dnspython_tail(rdtype: int) -> bytes:
    """The same bytes from a query dnspython builds, as pydig's templates are built (with
    --dnspython): the floor of a program that must import dnspython to make its queries."""
    from pydig.coldstart import lean_imports

    with lean_imports():
        import dns.edns
        import dns.flags
        import dns.message

    made = dns.message.make_query(
        "a.", rdtype, use_edns=0, payload=1232, options=[dns.edns.GenericOption(10, COOKIE)]
    )
    made.flags |= dns.flags.AD
    return made.to_wire()[HEADER.size + 3 :]  # after b"\x01a\x00"


def read_name(wire: bytes, offset: int) -> tuple[str, int]:
    """A name (compression followed) and the offset after it in the record."""
    labels, end = [], None
    while True:
        length = wire[offset]
        if length >= 0xC0:
            if end is None:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | wire[offset + 1]
            continue
        if length == 0:
            return ".".join(labels) + ".", end if end is not None else offset + 1
        labels.append(wire[offset + 1 : offset + 1 + length].decode("latin-1"))
        offset += 1 + length


def short_lines(wire: bytes) -> str:
    _, _, questions, answers, _, _ = HEADER.unpack_from(wire)
    offset = HEADER.size
    for _ in range(questions):
        offset = read_name(wire, offset)[1] + 4
    lines = []
    for _ in range(answers):
        offset = read_name(wire, offset)[1]
        rdtype, _, _, size = RECORD.unpack_from(wire, offset)
        offset += RECORD.size
        if rdtype == 1:
            lines.append(socket.inet_ntop(socket.AF_INET, wire[offset : offset + 4]))
        elif rdtype == 28:
            lines.append(str(ipaddress.IPv6Address(wire[offset : offset + 16])))
        elif rdtype in (2, 5, 12):
            lines.append(read_name(wire, offset)[0])
        offset += size
    return "".join(line + "\n" for line in lines)


def main() -> int:
    words = sys.argv[1:]
    with_dnspython = "--dnspython" in words
    server, port, type_name, names = arguments([word for word in words if word != "--dnspython"])
    tail = (dnspython_tail if with_dnspython else struct_tail)(TYPES[type_name])
    selector = selectors.DefaultSelector()
    results: dict[int, str] = {}
    deadlines: dict[int, tuple[float, socket.socket]] = {}
    next_name = printed = 0
    out = sys.stdout
    while printed < len(names):
        while next_name < len(names) and len(deadlines) < IN_FLIGHT:
            ident, wire = query(names[next_name], tail)
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setblocking(False)
            sock.connect((server, port))
            sock.send(wire)
            selector.register(sock, selectors.EVENT_READ, (next_name, ident))
            deadlines[next_name] = (time.monotonic() + TIMEOUT, sock)
            next_name += 1
        for key, _ in selector.select(TIMEOUT):
            index, ident = key.data
            reply = key.fileobj.recv(65535)  # type: ignore[union-attr]
            if len(reply) < HEADER.size or int.from_bytes(reply[:2], "big") != ident:
                continue  # not ours: keep waiting
            results[index] = short_lines(reply)
            selector.unregister(key.fileobj)
            key.fileobj.close()  # type: ignore[union-attr]
            del deadlines[index]
        now = time.monotonic()
        for index in [index for index, (deadline, _) in deadlines.items() if deadline <= now]:
            results[index] = ""
            selector.unregister(deadlines[index][1])
            deadlines.pop(index)[1].close()
        while printed in results:
            out.write(results.pop(printed))
            printed += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
