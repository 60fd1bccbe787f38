"""A throw-away certificate authority for the DoT and DoH tests, made with the openssl CLI.

The CA signs a server certificate for ns.pydig.test, 127.0.0.1 and ::1 (what named's
tls block serves) and a client certificate (for +tls-certfile / +tls-keyfile).  Keys are
P-256 and everything is valid for two days: enough for any test run.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SERVER_NAME = "ns.pydig.test"
DAYS = "2"


class CertificatesUnavailable(RuntimeError):
    """The openssl command is missing or failed."""


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA certificate: what +tls-ca= names
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path  # a CA that signed nothing here: verification against it fails


def _openssl(*args: str) -> None:
    binary = shutil.which("openssl")
    if binary is None:
        raise CertificatesUnavailable("openssl is not installed (apt-get install openssl)")
    done = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CertificatesUnavailable(f"openssl {args[0]} failed: {done.stderr.strip()}")


def _new_ca(directory: Path, name: str) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(key), "-out", str(cert), "-days", DAYS, "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign",
    )  # fmt: skip
    return cert, key


def _signed(
    directory: Path, name: str, ca: tuple[Path, Path], subject: str, extensions: str
) -> tuple[Path, Path]:
    cert, key, request = (directory / f"{name}{suffix}" for suffix in (".pem", ".key", ".csr"))
    _openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(key), "-out", str(request), "-subj", f"/CN={subject}",
    )  # fmt: skip
    extfile = directory / f"{name}.ext"
    extfile.write_text(extensions)
    _openssl(
        "x509", "-req", "-in", str(request), "-CA", str(ca[0]), "-CAkey", str(ca[1]),
        "-CAcreateserial", "-out", str(cert), "-days", DAYS, "-extfile", str(extfile),
    )  # fmt: skip
    return cert, key


def make_certificates(directory: Path) -> Certificates:
    directory.mkdir(parents=True, exist_ok=True)
    ca = _new_ca(directory, "pydig-test-ca")
    other_ca, _ = _new_ca(directory, "pydig-other-ca")
    server_cert, server_key = _signed(
        directory, "server", ca, SERVER_NAME,
        f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1,IP:::1\n"
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )  # fmt: skip
    client_cert, client_key = _signed(
        directory, "client", ca, "pydig client",
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
    )  # fmt: skip
    return Certificates(
        ca=ca[0],
        server_cert=server_cert,
        server_key=server_key,
        client_cert=client_cert,
        client_key=client_key,
        other_ca=other_ca,
    )
