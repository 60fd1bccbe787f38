"""A second DNS hierarchy on loopback, with faults planted for a readable +trace to find.

Like tests/hierarchy.py (named instances in a network namespace of their own, all on one
port), with a TLD "flt." that delegates one child zone per fault:

    127.0.0.2  .                  a.root-servers.flt
    127.0.0.3  flt.               ns.nic.flt
    127.0.0.4  good.flt.          healthy: signed, DS in the parent
               lame.flt.          ns1 here, ns2 on 127.0.0.5, which does not serve it
               slow.flt.          served to the world by 127.0.0.6, a relay a second late
               mismatch.flt.      the parent lists ns1 and ns2, the zone ns1 and ns3
               noglue.flt.        ns.noglue.flt has no glue in the parent
               badds.flt.         the parent's DS is of a key the zone does not use
               expired.flt.       every signature expired in 2020
               unsigned.flt.      not signed, no DS
               split.flt.         not signed; ns2 (127.0.0.5) serves another copy
               nsec3.flt.         healthy, signed with NSEC3 (NSEC elsewhere)
               noproof.flt.       signed, but its NSEC records (but two) taken out, and the
                                  signature of tampered.noproof.flt.'s NSEC spoilt
               badglue.flt.       not signed; the parent's glue for its server is stale
               nodsproof.flt.     not signed, and the parent's NSEC record for it is gone
    127.0.0.5  split.flt.         the other copy; anything else REFUSED
               badglue.flt.       where its server really is (the zone's own A record)
    127.0.0.6  a slow relay       to 127.0.0.4 (tests/helpers/slow_relay.py)
    127.0.0.7  a resolver         recursion from 127.0.0.2 (its hints), no validation

The root's DS set (the trust anchor for +trust-anchor) is `Faults.anchor`.

By hand:  PYTHONPATH=tests uv run python -m helpers.faults_hierarchy
          (prints the prefix that runs a command inside, and the trust anchor file)
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers.hierarchy import (
    Hierarchy,
    SandboxUnavailable,
    glue_addresses,
    hosts_text,
    namespace,
    run_tool,
    serve_by_hand,
    sign_zone,
)
from helpers.testbed import running_named

ROOT = Path(__file__).resolve().parents[2]
ZONES = ROOT / "fixtures" / "zones" / "faults"
PORT = 5300
RELAY_DELAY = 1.0  # seconds the slow server takes (faults.SLOW_MS is half a second)

CHILDREN = (
    "good", "lame", "slow", "mismatch", "noglue", "badds", "expired", "unsigned", "split",
    "nsec3", "noproof", "badglue", "nodsproof",
)  # fmt: skip
UNSIGNED = ("unsigned", "split", "badglue", "nodsproof")
SERVERS: dict[str, dict[str, str]] = {
    "127.0.0.2": {".": "root.zone"},
    "127.0.0.3": {"flt": "flt.zone"},
    "127.0.0.4": {f"{child}.flt": f"{child}.flt.zone" for child in CHILDREN},
    "127.0.0.5": {"split.flt": "split.flt.other.zone", "badglue.flt": "badglue.flt.zone"},
}
OTHER_COPY = "127.0.0.5"  # serves its zone files as they are
SLOW_RELAY = "127.0.0.6"
RESOLVER = "127.0.0.7"
# Signatures that expired long ago (dnssec-signzone -s / -e; -P: no check afterwards).
EXPIRED = ("-P", "-s", "20200101000000", "-e", "20200201000000")
# NSEC3 with a salt and one extra iteration; a record a line, to take the NSEC ones out.
FULL = ("-O", "full")
SIGNING = {"expired": EXPIRED, "nsec3": ("-3", "c0ffee", "-H", "1"), "noproof": FULL}
NOPROOF_KEPT = ("noproof.flt.", "tampered.noproof.flt.")  # the owners whose NSEC is kept
SPOILT = "tampered.noproof.flt."  # the owner whose NSEC record's signature is spoilt
# Where a resolver finds a name server (its zone's own record), not the parent's glue.
RESOLVED = {"ns.badglue.flt": ["127.0.0.5"]}


@dataclass(frozen=True)
class Faults(Hierarchy):
    @property
    def anchor(self) -> Path:
        """The root's DS records: a trust anchor file for +trust-anchor."""
        return self.workdir / "dsset-."


def _text(file: str) -> str:
    return (ZONES / file).read_text()


def _stray_ds(workdir: Path) -> str:
    """A DS record for badds.flt of a key the zone is never signed with."""
    keys = workdir / "keys" / "stray"
    keys.mkdir(parents=True)
    keygen = shutil.which("dnssec-keygen")
    dsfromkey = shutil.which("dnssec-dsfromkey")
    if keygen is None or dsfromkey is None:
        raise SandboxUnavailable("dnssec-keygen and dnssec-dsfromkey are needed (bind9-utils)")
    name = run_tool(
        [keygen, "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", str(keys), "badds.flt"],
        "badds.flt",
    ).strip()
    return run_tool([dsfromkey, "-2", str(keys / f"{name}.key")], "badds.flt")


def _without_nsec(signed: Path, keep: Callable[[str], bool]) -> None:
    """The zone file without the NSEC records (and their signatures) of the owners `keep`
    says no to (named sends no signatures for a zone without its apex's)."""
    kept = []
    for line in signed.read_text().splitlines(keepends=True):
        fields = line.split()
        if (fields[3:4] != ["NSEC"] and fields[3:5] != ["RRSIG", "NSEC"]) or keep(fields[0]):
            kept.append(line)
    signed.write_text("".join(kept))


def _spoil_nsec_signature(signed: Path, owner: str) -> None:
    """The zone file with the signature of `owner`'s NSEC record changed by one bit (the
    records are one a line: -O full)."""
    lines = signed.read_text().splitlines(keepends=True)
    for index, line in enumerate(lines):
        fields = line.split()
        if fields[:1] == [owner] and fields[3:5] == ["RRSIG", "NSEC"]:
            signature = bytearray(base64.b64decode("".join(fields[12:])))
            signature[0] ^= 1
            fields[12:] = [base64.b64encode(bytes(signature)).decode("ascii")]
            lines[index] = " ".join(fields) + "\n"
    signed.write_text("".join(lines))


def sign(workdir: Path) -> dict[str, Path]:
    """The zones, children first, each fault planted as the hierarchy's table says."""
    signed: dict[str, Path] = {}
    ds_records = ""
    for child in CHILDREN:
        name = f"{child}.flt"
        text = _text(f"{name}.zone")
        if child in UNSIGNED:
            signed[name] = workdir / f"{name}.zone"
            signed[name].write_text(text)
            continue
        signed[name] = sign_zone(workdir, name, text, signzone_args=SIGNING.get(child, ()))
        if child == "noproof":
            _without_nsec(signed[name], NOPROOF_KEPT.__contains__)
            _spoil_nsec_signature(signed[name], SPOILT)
        ds_records += (
            _stray_ds(workdir) if child == "badds" else (workdir / f"dsset-{name}.").read_text()
        )
    signed["flt"] = sign_zone(workdir, "flt", _text("flt.zone") + ds_records, signzone_args=FULL)
    _without_nsec(signed["flt"], "nodsproof.flt.".__ne__)
    signed["."] = sign_zone(workdir, ".", _text("root.zone") + (workdir / "dsset-flt.").read_text())
    return signed


@contextlib.contextmanager
def _slow_relay(faults: Faults) -> Iterator[None]:
    relay = subprocess.Popen(
        faults.sandboxed(
            [
                sys.executable, str(Path(__file__).parent / "slow_relay.py"),
                SLOW_RELAY, str(PORT), "127.0.0.4", str(RELAY_DELAY),
            ]
        ),
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert relay.stdout is not None
        if relay.stdout.readline() != b"ready\n":
            raise SandboxUnavailable("the slow relay did not start")
        yield
    finally:
        relay.terminate()
        relay.wait(timeout=10)


@contextlib.contextmanager
def running_faults() -> Iterator[Faults]:
    """Start the hierarchy with its faults in its own namespace; stop it afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="pydig-faults-"))
    (workdir / "hosts").write_text(hosts_text(glue_addresses(ZONES, SERVERS) | RESOLVED))
    (workdir / "resolv.conf").write_text(f"nameserver {RESOLVER}\noptions timeout:1 attempts:1\n")
    (workdir / "hints").write_text(_text("root.zone"))
    try:
        signed = sign(workdir)
        with contextlib.ExitStack() as stack:
            addresses = [*SERVERS, SLOW_RELAY, RESOLVER]
            pid = stack.enter_context(namespace(workdir, addresses))
            faults = Faults(port=PORT, workdir=workdir, namespace_pid=pid)
            for address, zones in SERVERS.items():
                stack.enter_context(
                    running_named(
                        address, port=PORT, ipv6=False,
                        zones={
                            name: ZONES / file if address == OTHER_COPY else signed[name]
                            for name, file in zones.items()
                        },
                        command_prefix=faults.sandboxed([]),
                    )
                )  # fmt: skip
            stack.enter_context(
                running_named(
                    RESOLVER, port=PORT, ipv6=False, zones={}, recursion=True,
                    extra_options=f"port {PORT};",
                    extra_config=f'zone "." {{ type hint; file "{workdir / "hints"}"; }};',
                    command_prefix=faults.sandboxed([]),
                )
            )  # fmt: skip
            stack.enter_context(_slow_relay(faults))
            yield faults
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    serve_by_hand(
        running_faults(), lambda running: f"faults on port {running.port}; anchor {running.anchor}"
    )
