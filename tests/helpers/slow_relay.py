"""A slow name server for tests/helpers/faults_hierarchy.py: relays UDP queries to a real one and
holds each reply back for a while.

    python tests/helpers/slow_relay.py LISTEN_ADDRESS PORT UPSTREAM_ADDRESS DELAY_SECONDS

Prints "ready" once it listens; runs until it is terminated.  Loopback only.
"""

from __future__ import annotations

import socket
import sys
import threading
import time


def _relay(
    listener: socket.socket, query: bytes, client: tuple[str, int], upstream: tuple[str, int],
    delay: float,
) -> None:  # fmt: skip
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
        out.settimeout(5)
        out.sendto(query, upstream)
        try:
            reply = out.recv(65535)
        except OSError:
            return
    time.sleep(delay)
    listener.sendto(reply, client)


def main(address: str, port: str, upstream: str, delay: str) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind((address, int(port)))
    print("ready", flush=True)
    while True:
        query, client = listener.recvfrom(65535)
        threading.Thread(
            target=_relay,
            args=(listener, query, client, (upstream, int(port)), float(delay)),
            daemon=True,
        ).start()


if __name__ == "__main__":
    main(*sys.argv[1:5])
