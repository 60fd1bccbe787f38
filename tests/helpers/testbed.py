"""Start and stop BIND's named on loopback with the project's own zones.

Used by the pytest fixtures, the response recorder and the benchmarks, so that
every query any of them sends stays on 127.0.0.1 / ::1.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ZONES = ROOT / "fixtures" / "zones"

# zone name -> file in fixtures/zones
ZONE_FILES = {
    ".": "root.zone",
    "example.test": "example.test.zone",
    "linuxvoice.test": "linuxvoice.test.zone",
    "2.0.192.in-addr.arpa": "2.0.192.in-addr.arpa.zone",
    "8.b.d.0.1.0.0.2.ip6.arpa": "8.b.d.0.1.0.0.2.ip6.arpa.zone",
}


class NamedUnavailable(RuntimeError):
    """named is not installed or did not start."""


@dataclass(frozen=True)
class Named:
    address: str
    port: int
    workdir: Path

    def resolv_conf(self) -> Path:
        """A resolv.conf naming this server (the port still has to be given with -p)."""
        path = self.workdir / "resolv.conf"
        if not path.exists():
            path.write_text(f"nameserver {self.address}\n")
        return path


def named_binary() -> str | None:
    return shutil.which("named") or (
        "/usr/sbin/named" if os.path.exists("/usr/sbin/named") else None
    )


def _ephemeral_ports_start() -> int:
    """Where the kernel's range for "any port" (bind to port 0) begins."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port(address: str = "127.0.0.1") -> int:
    """A port free for both UDP and TCP on the address, below the kernel's range for
    "any port".  dig, like named, sets SO_REUSEPORT on its UDP socket, so the kernel may
    hand dig the very port a named run by the same user listens on: dig then sends its
    query to itself and prints it as the reply (";; Warning: query response not set"),
    by chance (2 of 100,000 lookups of dig -f against a named on a port in that range,
    none below it).  A port the kernel never hands out cannot collide."""
    start = _ephemeral_ports_start()
    for port in random.sample(range(max(1024, start - 12000), start), 50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            try:
                tcp.bind((address, port))
            except OSError:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((address, port))
                except OSError:
                    continue
            return port
    raise NamedUnavailable("no free port on loopback")


def _config(
    workdir: Path,
    address: str,
    port: int,
    extra: str,
    zones: Mapping[str, Path],
    ipv6: bool,
    options: str = "",
    recursion: bool = False,
) -> str:
    zone_lines = "\n".join(
        f'zone "{name}" {{ type primary; file "{path}"; check-names ignore; }};'
        for name, path in zones.items()
    )
    listen_v6 = "{ ::1; }" if ipv6 else "{ none; }"
    return f"""
options {{
    directory "{workdir}";
    pid-file "{workdir}/named.pid";
    listen-on port {port} {{ {address}; }};
    listen-on-v6 port {port} {listen_v6};
    recursion {"yes" if recursion else "no"};
    allow-recursion {{ {"any" if recursion else "none"}; }};
    // named 9.18 rotates RRsets (cyclic) by default; 'none' keeps zone-file order
    // so replies are the same run after run ('fixed' is compiled out of Debian's named).
    rrset-order {{ order none; }};
    allow-query {{ any; }};
    allow-transfer {{ any; }};
    dnssec-validation no;
    notify no;
    minimal-responses no;
    server-id "pydig-test-named";
    version "pydig-test";
    answer-cookie yes;
    rate-limit {{ responses-per-second 0; }};
{options}
}};
controls {{ }};
logging {{ channel default_log {{ file "{workdir}/named.log"; severity info; }};
           category default {{ default_log; }}; }};
{extra}
{zone_lines}
"""


def _wait_ready(address: str, port: int, proc: subprocess.Popen[bytes], deadline: float) -> None:
    # A DNS query for the SOA of example.test over TCP; named answers once zones are loaded.
    query = bytes.fromhex(
        "abcd01000001000000000000076578616d706c65047465737400000600 01".replace(" ", "")
    )
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise NamedUnavailable(f"named exited with status {proc.returncode}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection((address, port), timeout=0.5) as s,
        ):
            s.sendall(len(query).to_bytes(2, "big") + query)
            if s.recv(2):
                return
        time.sleep(0.05)
    raise NamedUnavailable("named did not answer within 15 seconds")


def _wait_logged_running(log: Path, proc: subprocess.Popen[bytes], deadline: float) -> None:
    """Wait for named -g to log "running" (it has loaded its zones and is listening): for a
    named in another network namespace, which no socket of ours can reach."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise NamedUnavailable(f"named exited with status {proc.returncode}")
        if log.exists() and " running\n" in log.read_text(errors="replace"):
            return
        time.sleep(0.05)
    raise NamedUnavailable("named did not start within 15 seconds")


@contextlib.contextmanager
def running_named(
    address: str = "127.0.0.1",
    extra_config: str = "",
    *,
    port: int | None = None,
    zones: Mapping[str, Path] | None = None,
    ipv6: bool = True,
    command_prefix: Sequence[str] = (),
    extra_options: str = "",
    recursion: bool = False,
) -> Iterator[Named]:
    """named on `address` (and ::1 unless ipv6 is false), on `port` or a free one.

    zones maps zone names to zone files (default: the project's own zones, ZONE_FILES).
    extra_options goes inside the options block (more listen-on lines: tls, http);
    extra_config after it (key, tls and http blocks, more zones).
    command_prefix runs named elsewhere, e.g. in a network namespace (nsenter …); then
    its log, not a query, tells when it is ready.  recursion makes it a resolver (give
    it a hint zone in extra_config).
    """
    binary = named_binary()
    if binary is None:
        raise NamedUnavailable("named is not installed (apt-get install bind9)")
    workdir = Path(tempfile.mkdtemp(prefix="pydig-named-"))
    if port is None:
        port = free_port(address)
    if zones is None:
        zones = {name: ZONES / file for name, file in ZONE_FILES.items()}
    conf = workdir / "named.conf"
    conf.write_text(
        _config(workdir, address, port, extra_config, zones, ipv6, extra_options, recursion)
    )
    proc = subprocess.Popen(
        [*command_prefix, binary, "-g", "-c", str(conf), "-n", "1"],
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "named.stderr", "wb"),  # noqa: SIM115 - lives as long as named
    )
    try:
        if command_prefix:
            _wait_logged_running(workdir / "named.stderr", proc, time.monotonic() + 15)
        else:
            _wait_ready(address, port, proc, time.monotonic() + 15)
        yield Named(address=address, port=port, workdir=workdir)
    except NamedUnavailable as exc:
        log = (workdir / "named.stderr").read_text(errors="replace")[-2000:]
        raise NamedUnavailable(f"{exc}\n{log}") from None
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    # By hand: PYTHONPATH=tests uv run python -m helpers.testbed (prints the port, serves
    # until Ctrl-C)
    with running_named() as named:
        print(f"named on {named.address} port {named.port}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
