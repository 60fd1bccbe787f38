"""What the command line asks for, as immutable records (dig's dig_lookup_t and globals,
and what a run that tests servers asks for: +compare, +serial-lag, +watch and its ends)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, TypeAlias

import dns.rdataclass
import dns.rdatatype

from pydig.immutable import immutable
from pydig.model.display import DisplayOptions, OutputFormat
from pydig.model.edns import ClientSubnet, EdnsOption
from pydig.model.secure import SecureSettings, TsigSecret

if TYPE_CHECKING:
    from typing import Literal

    from pydig.model.sweep import AddressRange

# The largest +sweep-limit (GlobalSettings.sweep_limit): 4,294,967,295 addresses, an IPv4
# /0, an IPv6 /96.  Here, not with its handler (cli/plus_runs.py), which a sweep that does
# not give it never loads.
MAX_SWEEP_LIMIT = 0xFFFFFFFF


# Quoted: typing's Literal[] costs a start more than Checks' class.
CompareMode: TypeAlias = 'Literal["servers", "ns"]'
# +watch-until's two words; any other value is an rdata in presentation form.
UNTIL_CHANGED = "changed"
UNTIL_AGREE = "agree"


@immutable(kw_only=True)
class Checks:
    """+compare, +compare-ttl, +serial-lag, +watch*: how the answers are compared and
    how long they are watched.  The default record asks for nothing of the kind."""

    compare: CompareMode | None = None  # the @servers, or every address of the zone's NS set
    compare_ttl: bool = False
    serial_lag: int = 0  # SOA serials this far behind the newest still agree
    watch: bool = False
    watch_interval: int | None = None  # None: the answer's TTL, within bounds
    watch_until: str | None = None  # UNTIL_CHANGED, UNTIL_AGREE or an rdata's text
    watch_timeout: int | None = None

    @property
    def active(self) -> bool:
        return self.compare is not None or self.watch


@immutable(kw_only=True)
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
    # The special modes (pydig/modes): iterate from the root, or ask every name server.
    trace: bool = False
    nssearch: bool = False
    # A readable +trace and DNSSEC validation (pydig/lookup/diagnose.py, validate.py):
    # +trace-all asks every server at every hop; +validate checks the chain of trust from
    # the root's key, or from the DS / DNSKEY records in the file +trust-anchor names.
    trace_all: bool = False
    validate: bool = False
    trust_anchor: str | None = None
    use_usec: bool = False
    sweep: AddressRange | None = None  # -x NETWORK or -x FIRST-LAST: a PTR lookup per address
    header_only: bool = False  # +header-only: a query with no question section
    # Query shaping: header bits, opcode, id and EDNS options (dig's setup_lookup).
    opcode: int = 0
    qid: int | None = None  # None: a random id
    raflag: bool = False
    tcflag: bool = False
    zflag: bool = False
    coflag: bool = False
    ednsflags: int = 0
    client_subnet: ClientSubnet | None = None
    expire: bool = False
    keepalive: bool = False
    ednsopts: tuple[EdnsOption, ...] = ()
    padding: int = 0
    fuzztime: int | None = None  # +fuzztime: the time a TSIG signature claims
    # What dig does with some replies (recv_done).
    ednsneg: bool = True  # BADVERS: retry with the server's EDNS version
    badcookie: bool = True  # BADCOOKIE: retry with the new server cookie
    showbadcookie: bool = False
    servfail_stops: bool = True  # +nofail: SERVFAIL moves on to the next server
    besteffort: bool = True
    idnin: bool = False  # the default is decided at parse time: on for a terminal
    secure: SecureSettings = field(default_factory=SecureSettings)  # +tls*, +https*
    checks: Checks = field(default_factory=Checks)  # +compare, +watch: testing servers


@immutable(kw_only=True)
class Query:
    """One lookup asked for on the command line or in a batch file."""

    name: str
    settings: QuerySettings
    # The words dig echoes in its "; <<>> DiG … <<>>" banner, on the first
    # lookup of the command line and of each batch line.
    banner_args: tuple[str, ...] | None = None
    first: bool = False  # the command line's first lookup: the full banner
    origin: str | None = None  # "file:line" for lookups from a batch file


@immutable(kw_only=True)
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
    yaml: bool = False  # +yaml: dig's yaml is one global switch
    format: OutputFormat = "dig"  # +json / +table: pydig's views are global too
    # Names (dig's usesearch, showsearch, domainopt, ndots) and +keepopen.
    search: bool = False
    showsearch: bool = False
    domain: str | None = None
    ndots: int | None = None  # None: resolv.conf's
    keepopen: bool = False
    split: int | None = None  # +split=W, rounded up to a multiple of 4; 0 is +nosplit
    # TSIG: -k's key file wins over -y's key, as in dig.
    tsig_key_file: str | None = None
    tsig_secret: TsigSecret | None = None
    # Speed and scale (pydig/console/runner.py, pydig/console/sweep.py): lookups in flight at once
    # (None: the default, 1: one at a time as dig), and how reverse sweeps report.
    concurrency: int | None = None
    sweep_limit: int | None = None  # None: 65,536 addresses
    sweep_missing: bool = False
    sweep_follow: bool = True  # follow CNAME / DNAME chains (RFC 2317) from the same servers
    sweep_state: str | None = None  # +sweep-state=FILE: what is finished, to resume from
    fcrdns: bool = False  # ask each PTR name's A / AAAA and say whether it maps back
    rate: int | None = None  # +rate=N: at most N queries a second; None: no cap
    rcode_exit: bool = False  # +rcode-exit: the reply's RCODE decides the exit status


@immutable(kw_only=True)
class Invocation:
    """A parsed command line or batch line: its lookups, the globals, and what dig warned."""

    queries: tuple[Query, ...]
    globals: GlobalSettings
    defaults: QuerySettings  # what each batch-file line starts from
    warnings: tuple[str, ...] = ()  # lines dig writes to stderr and goes on


@immutable
class Help:
    """-h: print the help and exit."""


@immutable
class Version:
    """-v: print the version and exit."""
