"""named with TSIG keys and DoT / DoH listeners on 127.0.0.1, for the -y/-k and +tls/+https tests.

Besides the project's zones it serves tsig.test, a zone only a holder of KEY_NAME may
transfer, big enough (TSIG_ZONE_RECORDS records) for the transfer to take several
messages, each signed.

By hand: `PYTHONPATH=tests uv run python -m helpers.secure_testbed` prints the ports and
serves until Ctrl-C.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers.certs import Certificates, make_certificates
from helpers.testbed import Named, free_port, running_named

KEY_NAME = "pydig-key"
KEY_ALGORITHM = "hmac-sha256"
SECRET = base64.b64encode(hashlib.sha256(b"pydig test key").digest()).decode()
MD5_KEY_NAME = "pydig-md5"
WRONG_SECRET = base64.b64encode(hashlib.sha256(b"not the key").digest()).decode()
TSIG_ZONE = "tsig.test"
TSIG_ZONE_RECORDS = 1500
HTTP_PATHS = ("/dns-query", "/alt-path")


@dataclass(frozen=True)
class SecureNamed:
    named: Named
    tls_port: int
    https_port: int
    http_port: int
    certs: Certificates
    key_file: Path  # a BIND key file holding KEY_NAME

    @property
    def port(self) -> int:
        return self.named.port


def key_statement(name: str, algorithm: str, secret: str) -> str:
    return f'key "{name}" {{\n\talgorithm {algorithm};\n\tsecret "{secret}";\n}};\n'


def _tsig_zone(path: Path) -> Path:
    lines = [
        "$TTL 600",
        f"@ IN SOA ns.{TSIG_ZONE}. admin.{TSIG_ZONE}. 1 3600 900 604800 600",
        f"@ IN NS ns.{TSIG_ZONE}.",
        "ns IN A 192.0.2.53",
        *(f'r{n} IN TXT "record {n} of the TSIG transfer test"' for n in range(TSIG_ZONE_RECORDS)),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@contextlib.contextmanager
def running_secure_named() -> Iterator[SecureNamed]:
    workdir = Path(tempfile.mkdtemp(prefix="pydig-secure-"))
    try:
        certs = make_certificates(workdir / "certs")
        key_file = workdir / "pydig-key.conf"
        key_file.write_text(key_statement(KEY_NAME, KEY_ALGORITHM, SECRET))
        tls_port, https_port, http_port = free_port(), free_port(), free_port()
        options = (
            f"listen-on port {tls_port} tls pydig-tls {{ 127.0.0.1; }};\n"
            f"listen-on port {https_port} tls pydig-tls http pydig-http {{ 127.0.0.1; }};\n"
            f"listen-on port {http_port} tls none http pydig-http {{ 127.0.0.1; }};\n"
        )
        endpoints = " ".join(f'"{path}";' for path in HTTP_PATHS)
        config = (
            key_statement(KEY_NAME, KEY_ALGORITHM, SECRET)
            + key_statement(MD5_KEY_NAME, "hmac-md5", SECRET)
            + f'tls pydig-tls {{ key-file "{certs.server_key}"; '
            f'cert-file "{certs.server_cert}"; }};\n'
            f"http pydig-http {{ endpoints {{ {endpoints} }}; }};\n"
            f'zone "{TSIG_ZONE}" {{ type primary; file "{_tsig_zone(workdir / "tsig.zone")}"; '
            f"allow-transfer {{ key {KEY_NAME}; }}; }};\n"
        )
        with running_named(extra_config=config, extra_options=options) as named:
            yield SecureNamed(
                named=named,
                tls_port=tls_port,
                https_port=https_port,
                http_port=http_port,
                certs=certs,
                key_file=key_file,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    with running_secure_named() as server:
        print(
            f"named on 127.0.0.1 port {server.port}, DoT {server.tls_port}, "
            f"DoH {server.https_port}, plain HTTP {server.http_port}\n"
            f"key: -y {KEY_ALGORITHM}:{KEY_NAME}:{SECRET}  -k {server.key_file}\n"
            f"CA: {server.certs.ca}",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
