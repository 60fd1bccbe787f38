"""What the command line asks for, as immutable records (dig's dig_lookup_t and globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.rdataclass
import dns.rdatatype

from pydig.render.style import DisplayOptions


@dataclass(frozen=True, kw_only=True)
class QuerySettings:
    """Settings of one lookup; options before the first name set the defaults for all."""

    rdtype: dns.rdatatype.RdataType = dns.rdatatype.A
    rdtype_set: bool = False
    rdclass: dns.rdataclass.RdataClass = dns.rdataclass.IN
    rdclass_set: bool = False
    ixfr_serial: int | None = None
    servers: tuple[str, ...] = ()
    display: DisplayOptions = field(default_factory=DisplayOptions)
    tcp: bool = False
    tcp_set: bool = False
    ignore: bool = False
    tries: int | None = None  # None: resolv.conf's attempts, else 3
    udp_size: int | None = None  # None: 1232 when EDNS is on
    edns: int | None = 0  # None: +noedns
    recurse: bool = True
    dnssec: bool = False
    cdflag: bool = False
    adflag: bool = True
    aaonly: bool = False
    cookie: bool = True
    cookie_hex: str | None = None
    nsid: bool = False
    use_usec: bool = False


@dataclass(frozen=True, kw_only=True)
class Query:
    """One lookup asked for on the command line or in a batch file."""

    name: str
    settings: QuerySettings
    # The words dig echoes in its "; <<>> DiG … <<>>" banner, on the first
    # lookup of the command line and of each batch line.
    banner_args: tuple[str, ...] | None = None
    first: bool = False  # the command line's first lookup: the full banner
    origin: str | None = None  # "file:line" for lookups from a batch file


@dataclass(frozen=True, kw_only=True)
class GlobalSettings:
    """dig's process-wide settings: they apply to every lookup wherever they appear."""

    cmd: bool = True
    short: bool = False
    port: int | None = None
    timeout: int | None = None
    ip_version: int | None = None  # 4 or 6 with -4 / -6
    source: tuple[str, int] | None = None  # -b address[#port]
    batch_file: str | None = None
    read_rc: bool = True
    server_arg: str | None = None  # the last @server, for "; (N servers found)"
    # +comments / +question given before the first name: dig's pluscomm and plusquest,
    # which decide whether AXFR and IXFR output shows them.
    transfer_comments: bool = False
    transfer_question: bool = False


@dataclass(frozen=True, kw_only=True)
class Invocation:
    queries: tuple[Query, ...]
    globals: GlobalSettings
    defaults: QuerySettings  # what each batch-file line starts from
    warnings: tuple[str, ...] = ()  # lines dig writes to stderr and goes on


@dataclass(frozen=True)
class Help:
    """-h: print the help and exit."""


@dataclass(frozen=True)
class Version:
    """-v: print the version and exit."""
