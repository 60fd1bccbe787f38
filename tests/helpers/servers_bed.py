"""Several named instances serving one zone, for +compare and +watch.

Each runs on its own loopback address, all on one port, inside a network namespace of
their own (as tests/helpers/hierarchy.py does): named listens only on addresses an interface
has, and +compare=ns asks the name servers' glue addresses, on the -p port.

    address     sync.test. (serial, www.sync.test. A)     acme.test.
    127.0.0.11  2026120710, 192.0.2.1                     serial 1
    127.0.0.12  2026120710, 192.0.2.1                     serial 1
    127.0.0.13  2026120709, 192.0.2.1  (one behind)       serial 1
    127.0.0.14  2026120710, 192.0.2.2  (another record)   -
    127.0.0.15  nothing listens: a server that is down (refused at once)
    127.0.0.16  a silent responder: reads every query, answers none (a timeout)

sync.test. names all five as its name servers, acme.test. the first three; lame.test.,
on 127.0.0.11 alone, names ns1.lame.test. and ns.nowhere.test., a name without an address.
noglue.test., on the first three, names ns1-ns3.sync.test. and ns.nowhere.test.: names in
another zone, whose addresses named leaves out of the NS reply (it adds only a zone's own
glue, minimal-responses or not), so +compare=ns must ask for them.
A test can rewrite a server's zone and have it reloaded (SIGHUP) to see +watch notice.

By hand:  PYTHONPATH=tests uv run python -m helpers.servers_bed   (prints the prefix to run with)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers.hierarchy import namespace, serve_by_hand
from helpers.testbed import Named, running_named

PORT = 5300
DOWN = "127.0.0.15"
SILENT = "127.0.0.16"
SERIAL = 2026120710
# address -> (sync.test serial, www.sync.test address); acme.test on the first three.
SYNC = {
    "127.0.0.11": (SERIAL, "192.0.2.1"),
    "127.0.0.12": (SERIAL, "192.0.2.1"),
    "127.0.0.13": (SERIAL - 1, "192.0.2.1"),
    "127.0.0.14": (SERIAL, "192.0.2.2"),
}
ACME = ("127.0.0.11", "127.0.0.12", "127.0.0.13")
ALL = (*SYNC, DOWN)
_SILENT_SCRIPT = """
import socket, sys
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
while True:
    udp.recv(65535)
"""


def sync_zone(serial: int, www: str) -> str:
    servers = "".join(f"\tIN NS\tns{n}\n" for n in range(1, len(ALL) + 1))
    glue = "".join(f"ns{n}\tIN A\t{address}\n" for n, address in enumerate(ALL, start=1))
    return (
        f"$TTL 300\n@\tIN SOA\tns1 hostmaster {serial} 7200 3600 1209600 300\n"
        f"{servers}{glue}www\tIN A\t{www}\n"
    )


def acme_zone(serial: int, challenge: str | None = None) -> str:
    servers = "".join(f"\tIN NS\tns{n}\n" for n in range(1, len(ACME) + 1))
    glue = "".join(f"ns{n}\tIN A\t{address}\n" for n, address in enumerate(ACME, start=1))
    txt = f'_acme-challenge\t5\tIN TXT\t"{challenge}"\n' if challenge else ""
    return f"$TTL 300\n@\tIN SOA\tns1 hostmaster {serial} 7200 3600 1209600 5\n{servers}{glue}{txt}"


LAME_ZONE = (
    "$TTL 300\n@\tIN SOA\tns1 hostmaster 1 7200 3600 1209600 300\n"
    "\tIN NS\tns1\n\tIN NS\tns.nowhere.test.\nns1\tIN A\t127.0.0.11\n"
)

# Name servers in another zone the same servers serve (sync.test.), and one nowhere.
NOGLUE_ZONE = (
    "$TTL 300\n@\tIN SOA\tns1.sync.test. hostmaster 1 7200 3600 1209600 300\n"
    + "".join(f"\tIN NS\tns{n}.sync.test.\n" for n in range(1, len(ACME) + 1))
    + "\tIN NS\tns.nowhere.test.\nwww\tIN A\t192.0.2.3\n"
)


@dataclass(frozen=True)
class ServerBed:
    port: int
    workdir: Path
    namespace_pid: int
    servers: dict[str, Named]

    def sandboxed(self, argv: Sequence[str]) -> list[str]:
        return ["nsenter", f"--target={self.namespace_pid}", "--net", "--mount", "--", *argv]

    def zone_file(self, address: str, zone: str) -> Path:
        return self.workdir / address / f"{zone}.zone"

    def reload(self, address: str, zone: str, text: str) -> None:
        """Rewrite one server's zone file and have that named load it again."""
        path = self.zone_file(address, zone)
        path.write_text(text)
        # named loads again only a file newer than the one it has: make sure this one is.
        later = time.time() + 2
        os.utime(path, (later, later))
        pid = int((self.servers[address].workdir / "named.pid").read_text())
        os.kill(pid, signal.SIGHUP)


@contextlib.contextmanager
def _silent(bed: ServerBed) -> Iterator[None]:
    command = bed.sandboxed([sys.executable, "-c", _SILENT_SCRIPT, SILENT, str(bed.port)])
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
            yield
        finally:
            process.kill()


@contextlib.contextmanager
def running_servers() -> Iterator[ServerBed]:
    workdir = Path(tempfile.mkdtemp(prefix="pydig-servers-"))
    (workdir / "hosts").write_text("127.0.0.1\tlocalhost\n")
    (workdir / "resolv.conf").write_text(f"nameserver {DOWN}\noptions timeout:1 attempts:1\n")
    try:
        with contextlib.ExitStack() as stack:
            pid = stack.enter_context(namespace(workdir, (*ALL, SILENT)))
            servers: dict[str, Named] = {}
            bed = ServerBed(port=PORT, workdir=workdir, namespace_pid=pid, servers=servers)
            for address, (serial, www) in SYNC.items():
                (workdir / address).mkdir()
                bed.zone_file(address, "sync.test").write_text(sync_zone(serial, www))
                zones = {"sync.test": bed.zone_file(address, "sync.test")}
                if address == "127.0.0.11":
                    bed.zone_file(address, "lame.test").write_text(LAME_ZONE)
                    zones["lame.test"] = bed.zone_file(address, "lame.test")
                if address in ACME:
                    bed.zone_file(address, "acme.test").write_text(acme_zone(1))
                    zones["acme.test"] = bed.zone_file(address, "acme.test")
                    bed.zone_file(address, "noglue.test").write_text(NOGLUE_ZONE)
                    zones["noglue.test"] = bed.zone_file(address, "noglue.test")
                servers[address] = stack.enter_context(
                    running_named(
                        address, port=PORT, ipv6=False, zones=zones,
                        command_prefix=bed.sandboxed([]),
                    )
                )  # fmt: skip
            stack.enter_context(_silent(bed))
            yield bed
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    serve_by_hand(running_servers(), lambda running: f"servers on port {running.port}")
