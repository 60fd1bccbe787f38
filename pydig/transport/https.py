"""DNS over HTTPS and over plain HTTP (+https, +http-plain): dnspython's dns.query.https.

Imported only when a lookup asks for it: dns.query and httpx2 take most of a
second to import.  One HTTP/2 request carries the query, as with dig; the URL
names the server's address, so nothing is ever looked up in the DNS on the way.
"""

from __future__ import annotations

import copy
import functools
import ssl
import time
from dataclasses import field
from typing import Any

import dns.exception
import dns.query
import httpx2

from pydig.immutable import mutable
from pydig.model.exchange import Lookup, Server
from pydig.model.secure import SecureSettings
from pydig.transport.sockets import CertificateRejected, ConnectFailed, ConnectionClosed, Timeout
from pydig.transport.tls import configure_context, rejection_line, verify_name


class HttpFailure(OSError):
    """The server answered with an HTTP error, or with something that is no DNS reply:
    dig reports both as "failure"."""

    def __init__(self) -> None:
        super().__init__(0, "failure")


class _PinnedNameContext(ssl.SSLContext):
    """A context that sends (and verifies) one name, whatever address httpx2 dials."""

    pinned_name: str | None = None

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        kwargs["server_hostname"] = self.pinned_name
        return super().wrap_socket(*args, **kwargs)


@functools.cache
def _https_context(settings: SecureSettings, name: str | None) -> ssl.SSLContext:
    context = _PinnedNameContext(ssl.PROTOCOL_TLS_CLIENT)
    context.pinned_name = name
    configure_context(context, settings, dot=False)
    return context


def url(lookup: Lookup, server: Server) -> str:
    """dig's isc_nm_http_makeuri: the address, the port and the path."""
    scheme = "http" if lookup.secure.http_plain else "https"
    host = f"[{server.address}]" if ":" in server.address else server.address
    return f"{scheme}://{host}:{lookup.port}{lookup.secure.https_path}"


def _client(lookup: Lookup, server: Server) -> httpx2.Client:
    settings = lookup.secure
    verify: ssl.SSLContext | bool = False
    if not settings.http_plain:
        verify = _https_context(settings, verify_name(settings, server) or settings.tls_hostname)
    transport = httpx2.HTTPTransport(
        verify=verify,
        http1=False,
        http2=True,  # HTTP/2 only, as dig (prior knowledge over plain HTTP)
        trust_env=False,  # never a proxy from the environment
        local_address=lookup.source[0] if lookup.source else None,
    )
    return httpx2.Client(transport=transport, trust_env=False)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _failure(exc: BaseException, lookup: Lookup, server: Server) -> BaseException:
    """dig's account of a failed DoH exchange, from httpx2's exception and its causes."""
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return CertificateRejected(rejection_line(cause, server.address, lookup.port))
    if isinstance(exc, httpx2.TimeoutException):
        return Timeout()
    if isinstance(exc, httpx2.ConnectError):
        for cause in causes:
            if isinstance(cause, ConnectionRefusedError):
                return ConnectFailed("connection refused")
            if isinstance(cause, ssl.SSLError):
                return ConnectFailed("TLS error")
            if isinstance(cause, OSError) and cause.strerror:
                return ConnectFailed(cause.strerror.lower())
        return ConnectFailed("unexpected error")
    if isinstance(exc, httpx2.TransportError):
        return ConnectionClosed()
    return HttpFailure()


@mutable
class HttpStream:
    """One DoH request and its reply, behind the same send/receive as a TCP stream."""

    lookup: Lookup
    server: Server
    label: str
    _replied: bool = field(default=False, init=False)

    def send(self, message: bytes, deadline: float) -> None:
        """Nothing goes out until receive(): the request carries the query and the reply."""

    def receive(self, deadline: float) -> bytes:
        if self._replied:  # one reply per request: a zone transfer ends here
            raise ConnectionClosed
        self._replied = True
        left = deadline - time.perf_counter()
        if left <= 0:
            raise Timeout
        # A copy that leaves TSIG alone: pydig checks the reply's signature itself, and
        # prints the reply even when it does not verify, as dig does.
        query = copy.copy(self.lookup.query)
        query.keyring = False
        try:
            with _client(self.lookup, self.server) as session:
                reply = dns.query.https(
                    query,
                    url(self.lookup, self.server),
                    timeout=left,
                    session=session,
                    post=not self.lookup.secure.https_get,
                    one_rr_per_rrset=True,
                    ignore_trailing=True,
                )
        except (httpx2.HTTPError, OSError, ValueError, dns.exception.DNSException) as exc:
            raise _failure(exc, self.lookup, self.server) from None
        if reply.wire is None:  # not reached: dnspython keeps the bytes it parsed
            raise HttpFailure
        return bytes(reply.wire)
