"""TLS for DNS over TLS and HTTPS: dig's client context and the DoT handshake.

This uses the ssl module directly rather than dns.query.tls: importing
dns.query loads httpx2 (most of a second), and dns.query.tls parses the reply
itself, where dig's checks (ID, question, TSIG, transfers) must see the bytes.
"""

from __future__ import annotations

import functools
import socket
import ssl
import time

from pydig.errors import ExitStatus, PydigError
from pydig.model.exchange import Lookup, Server
from pydig.model.secure import SecureSettings
from pydig.transport.sockets import CertificateRejected, ConnectFailed, Timeout

DOT_ALPN = "dot"
# OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH, which Python reports in its own words.
_HOSTNAME_MISMATCH = 62


class TlsSetupError(PydigError):
    """TLS context cannot be created (dig's words); pydig stops before sending anything."""

    status = ExitStatus.INTERNAL


def verify_name(settings: SecureSettings, server: Server) -> str | None:
    """The name the certificate must carry: +tls-hostname, else the @server as typed."""
    if not settings.tls_ca_set:
        return None
    return settings.tls_hostname or server.label


def _load_certificates(context: ssl.SSLContext, settings: SecureSettings) -> None:
    if settings.tls_ca_set:
        try:
            if settings.tls_ca_file is None:
                context.load_default_certs()
            else:
                context.load_verify_locations(cafile=settings.tls_ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise TlsSetupError(
                f"TLS context cannot be created: CA file '{settings.tls_ca_file}': {_why(exc)}"
            ) from None
    if (settings.tls_cert_file is None) != (settings.tls_key_file is None):
        raise TlsSetupError("+tls-certfile and +tls-keyfile must be given together")
    if settings.tls_cert_file is not None:
        try:
            context.load_cert_chain(settings.tls_cert_file, settings.tls_key_file)
        except (OSError, ssl.SSLError) as exc:
            raise TlsSetupError(
                f"TLS context cannot be created: client certificate "
                f"'{settings.tls_cert_file}' or key '{settings.tls_key_file}': {_why(exc)}"
            ) from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return str(exc.reason or exc).lower().replace("_", " ")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def configure_context(context: ssl.SSLContext, settings: SecureSettings, *, dot: bool) -> None:
    """dig's get_create_tls_context: verification only when a +tls-* option asked for it."""
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if settings.tls_ca_set:
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
        # RFC 8310: DoT checks the subjectAltName only; HTTPS may fall back to the subject.
        context.hostname_checks_common_name = not dot
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    _load_certificates(context, settings)
    if dot:
        context.set_alpn_protocols([DOT_ALPN])


@functools.cache
def dot_context(settings: SecureSettings) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    configure_context(context, settings, dot=True)
    return context


def rejection_line(exc: ssl.SSLCertVerificationError, address: str, port: int) -> str:
    """dig's line for a certificate that failed verification."""
    if exc.verify_code == _HOSTNAME_MISMATCH:
        reason = "hostname mismatch"
    else:
        reason = exc.verify_message or "certificate verify failed"
    return f";; TLS peer certificate verification for {address}#{port} failed: {reason}"


def _handshake_failure(exc: BaseException, lookup: Lookup, server: Server) -> BaseException:
    """What a failed handshake means to dig: a rejected certificate, else a failed connection."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CertificateRejected(rejection_line(exc, server.address, lookup.port))
    if isinstance(exc, TimeoutError | Timeout):
        return ConnectFailed("timed out")
    if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return ConnectFailed("end of file")
    if isinstance(exc, ConnectionResetError):
        return ConnectFailed("connection reset")
    if isinstance(exc, OSError):  # ssl.SSLError included
        return ConnectFailed("TLS error")
    return exc


def start_tls(
    sock: socket.socket, lookup: Lookup, server: Server, deadline: float
) -> ssl.SSLSocket:
    """Wrap a connected TCP socket and finish the handshake before the deadline."""
    settings = lookup.secure
    name = verify_name(settings, server) or settings.tls_hostname
    tls = dot_context(settings).wrap_socket(
        sock, server_hostname=name, do_handshake_on_connect=False
    )
    try:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise Timeout
        tls.settimeout(left)
        tls.do_handshake()
    except BaseException as exc:
        tls.close()
        failure = _handshake_failure(exc, lookup, server)
        if failure is exc:
            raise
        raise failure from None
    return tls
