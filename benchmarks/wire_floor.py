"""The true floor: the leanest Python program for pydig's job, the line the goals are read against.

    python benchmarks/wire_floor.py SERVER PORT [--type PTR] [--dnspython] (NAME | -f FILE)...

Queries are built with struct (dig's: RD, EDNS with a 1232-byte payload and a client
cookie); each goes out from a random source port with a random ID (all the IDs drawn in
one call), up to IN_FLIGHT at once under one poll() loop, on non-blocking UDP sockets
that are kept: once its reply is in, a socket lets go of its server and port (connect()
to AF_UNSPEC, through ctypes) and its next connect() has the kernel choose a new random
port -- a third of what making and closing a socket costs the kernel (pydig does the
same past its first lookups); a socket that a datagram reached after its reply is closed;
each reply's header and answer section are read with struct, and `+short`'s lines (A,
AAAA, CNAME, PTR and NS data) are printed in input order, in one write for all that is
ready.  Nothing else: no dnspython, no dig checks beyond the ID and source, no retries (a
lost reply waits out TIMEOUT and prints nothing).
"""

from __future__ import annotations

import ctypes
import os
import select
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
COOKIE = os.urandom(8)
# OPT: root owner, type 41, payload 1232, no extended flags, the COOKIE option (10).
OPT = b"\x00" + struct.pack("!HHIH", 41, 1232, 0, 12) + struct.pack("!HH", 10, 8) + COOKIE


def query(name: str, ident: int, tail: bytes) -> bytes:
    labels = b"".join(
        bytes([len(label)]) + label for label in name.rstrip(".").encode().split(b".") if label
    )
    return HEADER.pack(ident, 0x0120, 1, 0, 0, 1) + labels + b"\x00" + tail


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
            lines.append(socket.inet_ntop(socket.AF_INET6, wire[offset : offset + 16]))
        elif rdtype in (2, 5, 12):
            lines.append(read_name(wire, offset)[0])
        offset += size
    return "".join(line + "\n" for line in lines)


def main() -> int:
    words = sys.argv[1:]
    with_dnspython = "--dnspython" in words
    server, port, type_name, names = arguments([word for word in words if word != "--dnspython"])
    tail = (dnspython_tail if with_dnspython else struct_tail)(TYPES[type_name])
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    idents = iter(struct.unpack(f"!{len(names)}H", os.urandom(2 * len(names))))
    poller = select.poll()  # registering a socket with poll() is no system call
    # By file descriptor, oldest first: (input index, ID, socket, deadline).
    waiting: dict[int, tuple[int, int, socket.socket, float]] = {}
    disconnect, unspecified = ctypes.CDLL(None).connect, ctypes.create_string_buffer(16)
    # Sockets let go since the last poll (by file descriptor), and those it found quiet.
    resting: dict[int, socket.socket] = {}
    spare: list[socket.socket] = []
    results: dict[int, str] = {}
    next_name = printed = 0
    out = sys.stdout
    while printed < len(names):
        deadline = time.monotonic() + TIMEOUT
        while next_name < len(names) and len(waiting) < IN_FLIGHT:
            ident = next(idents)
            if spare:
                sock = spare.pop()  # still registered
            else:
                sock = socket.socket(family, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK)
                poller.register(sock.fileno(), select.POLLIN)
            sock.connect((server, port))
            sock.send(query(names[next_name], ident, tail))
            waiting[sock.fileno()] = (next_name, ident, sock, deadline)
            next_name += 1
        checked, resting = resting, {}
        for descriptor, _ in poller.poll(TIMEOUT * 1000):
            if descriptor in checked:  # a datagram that came before it let go
                poller.unregister(descriptor)
                checked.pop(descriptor).close()
                continue
            index, ident, sock, _ = waiting[descriptor]
            reply = sock.recv(65535)
            if len(reply) < HEADER.size or int.from_bytes(reply[:2], "big") != ident:
                continue  # not ours: keep waiting
            results[index] = short_lines(reply)
            del waiting[descriptor]
            disconnect(descriptor, unspecified, 16)
            resting[descriptor] = sock
        spare += checked.values()
        now = time.monotonic()
        while waiting and (oldest := next(iter(waiting.items())))[1][3] <= now:
            descriptor, (index, _, sock, _) = oldest
            results[index] = ""
            del waiting[descriptor]
            poller.unregister(descriptor)
            sock.close()
        ready = []
        while printed in results:
            ready.append(results.pop(printed))
            printed += 1
        if ready:
            out.write("".join(ready))
    return 0


if __name__ == "__main__":
    sys.exit(main())
