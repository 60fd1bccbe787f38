"""A DNS hierarchy of our own on loopback, for +trace and +nssearch.

Separate named instances serve a root, a TLD and leaf zones, each on its own loopback
address and all on one port (dig's +trace asks every name server on the -p port):

    127.0.0.2  .             a.root-servers.hier
    127.0.0.3  hier.         ns.nic.hier
    127.0.0.4  leaf.hier.    ns.leaf.hier, ns1.multi.hier
               multi.hier.
    127.0.0.5  multi.hier.   ns2.multi.hier, ns1.partial.hier, ns01-22.many.hier
               partial.hier.
               many.hier.
    127.0.0.6  (nothing)     ns.dead.hier, ns1.gone.hier
    127.0.0.7  (nothing)     ns2.gone.hier

The zones are in fixtures/zones/hierarchy/, with glue for every name server; each run
signs them with fresh keys (DS records in the parents), as +trace sets +dnssec.

Everything runs in a network namespace of its own (unshare --net --mount), entered with
nsenter: named only listens on addresses an interface has, so the namespace's loopback
gets 127.0.0.2-7; and dig +trace / +nssearch look name server names up with
getaddrinfo(), so the namespace has its own /etc/hosts, made from the zones' glue, and
its own /etc/resolv.conf.  The namespace has no interface but loopback: nothing sent
in it can leave the machine, whatever a program resolves.

By hand:  PYTHONPATH=tests uv run python -m helpers.hierarchy
(prints the prefix that runs a command inside)
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import dns.name
import dns.rdatatype
import dns.zone

from helpers.testbed import running_named

ROOT = Path(__file__).resolve().parents[2]
HIERARCHY_ZONES = ROOT / "fixtures" / "zones" / "hierarchy"

# address -> {zone name: zone file in fixtures/zones/hierarchy}
SERVERS: dict[str, dict[str, str]] = {
    "127.0.0.2": {".": "root.zone"},
    "127.0.0.3": {"hier": "hier.zone"},
    "127.0.0.4": {"leaf.hier": "leaf.hier.zone", "multi.hier": "multi.hier.zone"},
    "127.0.0.5": {
        "multi.hier": "multi.hier.zone",
        "partial.hier": "partial.hier.zone",
        "many.hier": "many.hier.zone",
    },
}
ROOT_SERVER = "127.0.0.2"
DEAD_SERVERS = ("127.0.0.6", "127.0.0.7")  # ns.dead.hier, ns[12].gone.hier: nothing listens
# Not 53, so that a test shows every hop is asked on the -p port.  The namespace is
# ours alone, so a fixed port is always free.
PORT = 5300

# The namespace's first process: loopback up with our addresses, our hosts file and
# resolv.conf over the system's; then it waits until its stdin closes (so it never
# outlives the test run).  $1: hosts, $2: resolv.conf, the rest: addresses.
_NAMESPACE_SCRIPT = """
hosts=$1; resolv=$2; shift 2
ip link set lo up || exit 1
for address; do ip addr add "$address/32" dev lo || exit 1; done
mount --bind "$hosts" /etc/hosts && mount --bind "$resolv" /etc/resolv.conf || exit 1
echo ready
exec cat >/dev/null
"""


class SandboxUnavailable(RuntimeError):
    """The network namespace cannot be made here (needs root and util-linux)."""


@dataclass(frozen=True)
class Hierarchy:
    port: int
    workdir: Path
    namespace_pid: int

    @property
    def hosts(self) -> Path:
        return self.workdir / "hosts"

    @property
    def resolv_conf(self) -> Path:
        return self.workdir / "resolv.conf"

    def sandboxed(self, argv: Sequence[str]) -> list[str]:
        """argv, run inside the hierarchy's network and mount namespace."""
        return ["nsenter", f"--target={self.namespace_pid}", "--net", "--mount", "--", *argv]


def glue_addresses(
    zone_dir: Path = HIERARCHY_ZONES, servers: dict[str, dict[str, str]] = SERVERS
) -> dict[str, list[str]]:
    """Every name server named in the zones, with the addresses its glue gives it."""
    targets: set[dns.name.Name] = set()
    addresses: dict[dns.name.Name, list[str]] = {}
    for files in servers.values():
        for origin, file in files.items():
            zone = dns.zone.from_file(
                str(zone_dir / file), origin=dns.name.from_text(origin), relativize=False
            )
            for name, rdataset in zone.iterate_rdatasets():
                if rdataset.rdtype == dns.rdatatype.NS:
                    targets.update(rdata.target for rdata in rdataset)
                elif rdataset.rdtype == dns.rdatatype.A:
                    known = addresses.setdefault(name, [])
                    known.extend(r.address for r in rdataset if r.address not in known)
    return {
        target.to_text(omit_final_dot=True): addresses[target]
        for target in sorted(targets)
        if target in addresses
    }


def hosts_text(glue: dict[str, list[str]]) -> str:
    lines = ["127.0.0.1\tlocalhost"]
    lines += [f"{address}\t{name}" for name, found in glue.items() for address in found]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def namespace(workdir: Path, addresses: Sequence[str]) -> Iterator[int]:
    """A network and mount namespace set up for the hierarchy; yields a pid inside it."""
    if shutil.which("unshare") is None or shutil.which("nsenter") is None:
        raise SandboxUnavailable("unshare and nsenter are needed (util-linux)")
    holder = subprocess.Popen(
        [
            "unshare", "--net", "--mount", "--", "sh", "-c", _NAMESPACE_SCRIPT, "namespace",
            str(workdir / "hosts"), str(workdir / "resolv.conf"), *addresses,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        if holder.stdout.readline() != b"ready\n":
            holder.wait(timeout=10)
            assert holder.stderr is not None
            reason = holder.stderr.read().decode(errors="replace").strip()
            raise SandboxUnavailable(f"no network namespace (root needed?): {reason}")
        yield holder.pid
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        try:
            holder.wait(timeout=10)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()


def _zone_slug(name: str) -> str:
    return "root" if name == "." else name


def signing_tools() -> tuple[str, str]:
    tools = [shutil.which("dnssec-keygen"), shutil.which("dnssec-signzone")]
    if None in tools:
        raise SandboxUnavailable("dnssec-keygen and dnssec-signzone are needed (bind9-utils)")
    keygen, signzone = (str(tool) for tool in tools)
    return keygen, signzone


def run_tool(command: Sequence[str], name: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SandboxUnavailable(f"{command[0]} failed for {name}: {done.stderr}")
    return done.stdout


def sign_zone(workdir: Path, name: str, text: str, *, signzone_args: Sequence[str] = ()) -> Path:
    """The zone's text signed with a fresh key (its DS records left in workdir/dsset-NAME.);
    the signed file."""
    keygen, signzone = signing_tools()
    slug = _zone_slug(name)
    unsigned = workdir / f"{slug}.zone"
    unsigned.write_text(text)
    keys = workdir / "keys" / slug
    keys.mkdir(parents=True)
    run_tool([keygen, "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", str(keys), name], name)
    run_tool(
        [
            signzone, "-q", "-S", "-z", "-K", str(keys), "-d", str(workdir), "-o", name,
            "-f", str(workdir / f"{slug}.signed"), *signzone_args, str(unsigned),
        ],
        name,
    )  # fmt: skip
    return workdir / f"{slug}.signed"


def sign_zones(workdir: Path) -> dict[str, Path]:
    """Every zone of the hierarchy signed with a fresh key (children first, so that each
    parent carries its children's DS records): +trace sets +dnssec, so the replies show
    DNSKEY-signed data as real ones do.  Returns zone name -> signed zone file."""
    files = {name: file for zones in SERVERS.values() for name, file in zones.items()}
    names = {name: dns.name.from_text(name) for name in files}
    signed: dict[str, Path] = {}
    for name in sorted(files, key=lambda zone: -len(names[zone].labels)):
        text = (HIERARCHY_ZONES / files[name]).read_text()
        for child in signed:
            if names[child].parent() == names[name]:
                text += (workdir / f"dsset-{child}.").read_text()
        signed[name] = sign_zone(workdir, name, text)
    return signed


@contextlib.contextmanager
def running_hierarchy() -> Iterator[Hierarchy]:
    """Start every server of the hierarchy in its namespace; stop them afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="pydig-hierarchy-"))
    (workdir / "hosts").write_text(hosts_text(glue_addresses()))
    # A name the hosts file lacks goes to the root server's address on port 53, where
    # nothing listens: an error at once.
    (workdir / "resolv.conf").write_text(
        f"nameserver {ROOT_SERVER}\noptions timeout:1 attempts:1\n"
    )
    try:
        signed = sign_zones(workdir)
        with contextlib.ExitStack() as stack:
            pid = stack.enter_context(namespace(workdir, [*SERVERS, *DEAD_SERVERS]))
            hierarchy = Hierarchy(port=PORT, workdir=workdir, namespace_pid=pid)
            for address, zones in SERVERS.items():
                stack.enter_context(
                    running_named(
                        address,
                        port=PORT,
                        ipv6=False,
                        zones={name: signed[name] for name in zones},
                        command_prefix=hierarchy.sandboxed([]),
                    )
                )
            yield hierarchy
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class _Bed(Protocol):
    port: int

    def sandboxed(self, argv: Sequence[str]) -> list[str]: ...


_B = TypeVar("_B", bound=_Bed)


def serve_by_hand(bed: contextlib.AbstractContextManager[_B], what: Callable[[_B], str]) -> None:
    """A test bed run from a shell (`python -m helpers.<bed>`) until Ctrl-C: what it is,
    and the prefix that runs a command in its namespace."""
    with bed as running:
        prefix = shlex.join(running.sandboxed([]))
        print(f"{what(running)}; run commands as:\n{prefix} dig ...", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    serve_by_hand(running_hierarchy(), lambda running: f"hierarchy on port {running.port}")
