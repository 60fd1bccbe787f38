"""dig's per-lookup settings for DNS over TLS and HTTP(S): +tls*, +https*, +http-plain*.

The fields are dig's own (dig_lookup_t's tls_mode, tls_ca_set, https_mode,
http_plain, https_get…), so that every odd mix of options means what it means
in dig: "+http-plain +https" stays plain HTTP, and any +tls-* option turns on
certificate verification (dig follows kdig there).
"""

from __future__ import annotations

import dns.name

from pydig.immutable import immutable

DEFAULT_HTTP_PATH = "/dns-query"  # BIND's ISC_NM_HTTP_DEFAULT_PATH

DNS_PORT = 53
DOT_PORT = 853
HTTPS_PORT = 443
HTTP_PORT = 80

# RFC 3986 pchar, less the percent sign (checked with the two hex digits after it).
_PCHAR = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@"
)
_HEX = frozenset("0123456789abcdefABCDEF")


@immutable(kw_only=True)
class SecureSettings:
    """How a lookup is carried over TLS (+tls*) or HTTPS (+https*), and what is checked."""

    tls_mode: bool = False  # +tls
    tls_ca_set: bool = False  # verify the server's certificate
    tls_ca_file: str | None = None  # None: the system's CA store
    tls_hostname: str | None = None  # the name to verify; None: the @server as typed
    tls_cert_file: str | None = None  # client certificate
    tls_key_file: str | None = None  # its private key
    https_mode: bool = False  # +https / +http-plain
    https_path: str = DEFAULT_HTTP_PATH
    https_get: bool = False
    http_plain: bool = False

    @property
    def is_tls(self) -> bool:
        """dig_lookup_is_tls: +tls, or a +tls-* option without +https."""
        return self.tls_mode or (self.tls_ca_set and not self.https_mode)

    @property
    def is_http(self) -> bool:
        return self.https_mode and not self.is_tls

    @property
    def encrypted_or_http(self) -> bool:
        """Whether the query goes over DoT or DoH rather than plain UDP or TCP."""
        return self.is_tls or self.is_http

    def label(self) -> str | None:
        """What dig's SERVER line says for this transport; None for UDP and TCP."""
        if self.is_tls:
            return "TLS"
        if not self.https_mode:
            return None
        name = "HTTP" if self.http_plain else "HTTPS"
        return f"{name}-GET" if self.https_get else name

    def default_port(self) -> int:
        """dig's port when -p is not given."""
        if self.is_tls:
            return DOT_PORT
        if self.https_mode:
            return HTTP_PORT if self.http_plain else HTTPS_PORT
        return DNS_PORT


def is_valid_http_path(path: str) -> bool:
    """BIND's isc_nm_http_path_isvalid: an RFC 3986 path-absolute ("/" not followed by "/")."""
    if not path.startswith("/") or path.startswith("//"):
        return False
    index = 1
    while index < len(path):
        char = path[index]
        if char == "%":
            if len(path) < index + 3 or not set(path[index + 1 : index + 3]) <= _HEX:
                return False
            index += 3
            continue
        if char not in _PCHAR and char != "/":
            return False
        index += 1
    return True


@immutable(kw_only=True)
class TsigSecret:
    """A TSIG key as -y or a key file gives it."""

    name: dns.name.Name
    algorithm: str  # dig's name for it: a key of wire.tsig.ALGORITHMS
    secret: bytes
