"""Invocation -> [Lookup]: which servers, which port, and the query message itself."""

from __future__ import annotations

import copy
import functools
import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rdata
import dns.rdatatype
import dns.rrset

from pydig import __version__
from pydig.cli.rcfile import ResolvConf
from pydig.cli.values import name_error_reason
from pydig.errors import PydigError, UsageError
from pydig.immutable import immutable, replace
from pydig.model.edns import QueryOptions, build_options
from pydig.model.exchange import Lookup, Mode, Server
from pydig.model.invocation import GlobalSettings, Query, QuerySettings
from pydig.model.rules import LookupRules, SearchList
from pydig.model.secure import TsigSecret
from pydig.wire.cookies import new_client_cookie
from pydig.wire.idn import name_from_text, to_ace
from pydig.wire.protocol import AA, AD, CD, CO, DO, RA, RD, TC, Z_FLAG, pick_query_id
from pydig.wire.templates import Templates, template_of

UDP_TIMEOUT = 5
TCP_TIMEOUT = 10
DEFAULT_TRIES = 3
DEFAULT_UDP_SIZE = 1232
MAX_UDP_QUERY = 512  # dig sends a bigger query over TCP
FALLBACK_NAMESERVERS = ("127.0.0.1", "::1")  # what BIND uses when resolv.conf names none

Resolver: TypeAlias = "Callable[[str], list[str]]"
_TEMPLATES = Templates()  # the queries of a run, by shape


class BadNameError(PydigError):
    """A query name that is not a legal DNS name."""


def resolve_host(host: str) -> list[str]:
    """The addresses of an @server given by name (getaddrinfo, as dig does)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_UDP)
    except socket.gaierror as exc:
        raise UsageError(f"couldn't get address for '{host}': {exc.strerror}") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def _family_matches(address: str, ip_version: int | None) -> bool:
    return ip_version is None or ipaddress.ip_address(address).version == ip_version


def server_addresses(text: str, ip_version: int | None, resolver: Resolver) -> list[str]:
    """One @server as a list of addresses usable under -4 / -6, as dig finds them: under
    -6 an IPv4 address becomes IPv4-mapped (which dig then skips), under -4 an IPv6
    address is an error, and a name needs an address of the family."""
    try:
        literal = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        addresses = resolver(text)
    else:
        if ip_version == 4 and literal.version == 6:
            raise UsageError(f"couldn't get address for '{text}': address family not supported")
        if ip_version == 6 and literal.version == 4:
            return [f"::ffff:{literal}"]
        return [str(literal) if "%" not in text else text]
    if not addresses:
        raise UsageError(f"no valid addresses for '{text}'")
    usable = [address for address in addresses if _family_matches(address, ip_version)]
    if not usable:
        raise UsageError(f"couldn't get address for '{text}': not found")
    return usable


def _servers(
    settings: QuerySettings, globals_: GlobalSettings, resolv: ResolvConf, resolver: Resolver
) -> tuple[Server, ...]:
    if settings.servers:
        return tuple(
            Server(address=address, label=text)
            for text in settings.servers
            for address in server_addresses(text, globals_.ip_version, resolver)
        )
    configured = resolv.nameservers or FALLBACK_NAMESERVERS
    return tuple(
        Server(address=address, label=address)
        for address in configured
        if _family_matches(address, globals_.ip_version)
    )


def build_query(
    name: dns.name.Name, settings: QuerySettings, *, query_id: int, client_cookie: bytes
) -> dns.message.Message:
    """The query dig 9.18 would send, byte for byte apart from the id and cookie."""
    rdtype = settings.rdtype
    query = dns.message.make_query(name, rdtype, settings.rdclass, use_edns=False)
    query.id = query_id
    if settings.header_only:
        query.question = []  # +header-only: the header (and EDNS) alone
    flags = 0
    if settings.recurse and rdtype not in (dns.rdatatype.AXFR, dns.rdatatype.IXFR):
        flags |= RD
    if settings.aaonly:
        flags |= AA
    if settings.adflag:
        flags |= AD
    if settings.cdflag:
        flags |= CD
    if settings.raflag:
        flags |= RA
    if settings.tcflag:
        flags |= TC
    if settings.zflag:
        flags |= Z_FLAG
    query.flags = flags
    query.set_opcode(dns.opcode.Opcode(settings.opcode))
    if settings.ixfr_serial is not None:
        # dig's insert_soa: the serial we have, in an SOA with root names and zero timers.
        soa = dns.rdata.from_text(
            settings.rdclass, dns.rdatatype.SOA, f". . {settings.ixfr_serial} 0 0 0 0"
        )
        query.find_rrset(
            query.authority, name, settings.rdclass, dns.rdatatype.SOA, create=True
        ).add(soa, 0)
    # dig sends EDNS when any of these asks for it, even after +noedns.
    if (
        settings.edns is not None
        or settings.udp_size is not None
        or settings.dnssec
        or settings.client_subnet is not None
    ):
        cookie = None
        if settings.cookie:
            cookie = (
                bytes.fromhex(settings.cookie_hex)
                if settings.cookie_hex is not None
                else client_cookie
            )
        wanted = QueryOptions(
            nsid=settings.nsid,
            client_subnet=settings.client_subnet,
            cookie=cookie,
            expire=settings.expire,
            keepalive=settings.keepalive,
            extra=settings.ednsopts,
            padding=settings.padding,
        )
        ednsflags = settings.ednsflags & ~(DO | CO)
        ednsflags |= (DO if settings.dnssec else 0) | (CO if settings.coflag else 0)
        query.use_edns(
            settings.edns or 0,
            ednsflags,
            settings.udp_size if settings.udp_size is not None else DEFAULT_UDP_SIZE,
            options=build_options(wanted),
            pad=settings.padding,
        )
    return query


def asking(
    query: dns.message.Message,
    name: dns.name.Name,
    *,
    query_id: int | None = None,
    rdtype: dns.rdatatype.RdataType | None = None,
) -> dns.message.Message:
    """A copy of the query asking about another name (an IXFR's SOA moves with it),
    under a new id if one is given, for another type if one is given; a signed query
    is signed again."""
    again = copy.copy(query)
    again.sections = [list(section) for section in query.sections]  # not shared with query
    again.question = [
        dns.rrset.RRset(name, rrset.rdclass, rrset.rdtype if rdtype is None else rdtype)
        for rrset in query.question
    ]
    again.authority = [
        dns.rrset.from_rdata_list(name, rrset.ttl, list(rrset)) for rrset in query.authority
    ]
    if query_id is not None:
        again.id = query_id
    from pydig.wire.tsig import resign  # not on a plain lookup's way: TSIG's module waits

    resign(again)
    return again


def query_name(text: str) -> dns.name.Name:
    try:
        return name_from_text(text)
    except (dns.exception.DNSException, ValueError) as exc:
        reason = name_error_reason(text, exc)
        raise BadNameError(f"'{text}' is not a legal name ({reason})") from None


def lookup_rules(
    settings: QuerySettings, globals_: GlobalSettings, resolv: ResolvConf
) -> LookupRules:
    """How dig treats this lookup's replies, and the search list it may walk."""
    domains = (globals_.domain,) if globals_.domain is not None else resolv.search
    return LookupRules(
        ednsneg=settings.ednsneg,
        badcookie=settings.badcookie,
        showbadcookie=settings.showbadcookie,
        servfail_stops=settings.servfail_stops,
        best_effort=settings.besteffort,
        qid=settings.qid,
        cookie_hex=settings.cookie_hex if settings.cookie else None,
        idnin=settings.idnin,
        search=SearchList(
            use=globals_.search,
            show=globals_.showsearch,
            domains=domains,
            ndots=globals_.ndots if globals_.ndots is not None else resolv.ndots,
        ),
    )


def banner(query: Query, globals_: GlobalSettings, server_count: int) -> str:
    """dig's printgreeting: the banner, and on the first lookup the server count and options."""
    if query.banner_args is None:
        return ""
    return banner_text(query.banner_args, globals_, server_count, first=query.first)


def banner_text(
    banner_args: Sequence[str], globals_: GlobalSettings, server_count: int, *, first: bool
) -> str:
    """banner() of a query with these banner_args and first (a batch line's, without the
    Query made for it)."""
    if not globals_.cmd:
        return ""
    words = " " + " ".join(banner_args) if banner_args else ""
    lead = "\n" if first else ""
    text = f"{lead}; <<>> pydig {__version__} <<>>{words}\n"
    if first:
        if server_count:
            text += f"; ({server_count} server{'s' if server_count > 1 else ''} found)\n"
        text += f";; global options:{' +short' if globals_.short else ''} +cmd\n"
    return text


def plan_lookup(
    query: Query,
    globals_: GlobalSettings,
    resolv: ResolvConf,
    *,
    resolver: Resolver = resolve_host,
    server_count: int = 0,
    client_cookie: bytes | None = None,
) -> Lookup:
    """The lookup for one query; `client_cookie` is the run's (dig sends one for all)."""
    settings = query.settings
    shape = _shape(settings, globals_, resolv, resolver)
    name = query_name(to_ace(query.name) if settings.idnin else query.name)
    query_id = pick_query_id(settings.qid)
    client_cookie = client_cookie or new_client_cookie()
    secret = shape.secret
    wire = None
    if secret is None:
        message, wire = _from_template(name, settings, query_id, client_cookie)
    else:  # a signature covers the bytes: built whole
        from pydig.wire.tsig import sign_query  # TSIG's module only for -k or -y

        message = build_query(name, settings, query_id=query_id, client_cookie=client_cookie)
        sign_query(message, secret, time_signed=settings.fuzztime)
    lookup = Lookup(
        query=message,
        qname_text=query.name,
        banner=banner(query, globals_, server_count),
        **shape.fields,
    )
    if wire is not None:
        lookup.__dict__["query_wire"] = wire  # the cached_property, already known
    return _sent_by_size(lookup)


@immutable
class _Shape:
    """What a lookup's settings make of it, whatever its name: the same for every line of
    a batch that changes no option, so it is worked out once (`_shape`)."""

    fields: dict[str, Any]  # Lookup's fields, less the query, its name and the banner
    secret: TsigSecret | None


@functools.lru_cache(maxsize=64)
def _shape(
    settings: QuerySettings, globals_: GlobalSettings, resolv: ResolvConf, resolver: Resolver
) -> _Shape:
    is_transfer = settings.rdtype in (dns.rdatatype.AXFR, dns.rdatatype.IXFR)
    # dig forces TCP for AXFR.  DoT and DoH stay on their transport even after +notcp,
    # where dig would send plain UDP and still call it TLS or HTTPS.
    tcp = settings.tcp or settings.rdtype == dns.rdatatype.AXFR or settings.secure.encrypted_or_http
    timeout = globals_.timeout or resolv.timeout or (TCP_TIMEOUT if tcp else UDP_TIMEOUT)
    display = replace(
        settings.display,
        short=globals_.short,
        cmd=globals_.cmd,
        yaml=globals_.yaml,
        split=globals_.split,
        format=globals_.format,
    )
    fields = {
        "servers": _servers(settings, globals_, resolv, resolver),
        "port": globals_.port if globals_.port is not None else settings.secure.default_port(),
        "tcp": tcp,
        "ignore_truncation": settings.ignore,
        "timeout": float(timeout),
        "tries": settings.tries or resolv.attempts or DEFAULT_TRIES,
        "source": globals_.source,
        "display": display,
        "use_usec": settings.use_usec,
        "is_transfer": is_transfer and tcp,
        "ixfr_serial": settings.ixfr_serial,
        "secure": settings.secure,
        "rules": lookup_rules(settings, globals_, resolv),
        "keep_open": globals_.keepopen,
        "mode": _mode(settings),
        "ip_version": globals_.ip_version,
        "hop_settings": settings
        if settings.trace or settings.nssearch or settings.validate
        else None,
    }
    secret = None
    if globals_.tsig_key_file is not None or globals_.tsig_secret is not None:
        from pydig.wire.tsig import lookup_secret  # TSIG's module only for -k or -y

        secret = lookup_secret(globals_.tsig_key_file, globals_.tsig_secret)
    return _Shape(fields, secret)


def _from_template(
    name: dns.name.Name, settings: QuerySettings, query_id: int, client_cookie: bytes
) -> tuple[dns.message.Message, bytes]:
    """The query and its wire form: the first of its shape built whole, the others patched."""
    shape = (settings, client_cookie)
    template = _TEMPLATES.get(shape)
    if template is None:
        message = build_query(name, settings, query_id=query_id, client_cookie=client_cookie)
        return message, _TEMPLATES.add(shape, message)
    return asking(template.query, name, query_id=query_id), template.patched(name, query_id)


def _hops(settings: QuerySettings) -> bool:
    """Whether the lookup makes further lookups from its settings: +trace, +nssearch,
    +validate (which asks for each zone's keys)."""
    return settings.trace or settings.nssearch or settings.validate


def _mode(settings: QuerySettings) -> Mode:
    """dig lets +nssearch win when +trace is given too (it never prints the trace's replies)."""
    if settings.nssearch:
        return "nssearch"
    return "trace" if settings.trace else "plain"


def _sent_by_size(lookup: Lookup) -> Lookup:
    """dig sends a query too big for a UDP datagram over TCP."""
    return lookup.but(tcp=True) if len(lookup.query_wire) > MAX_UDP_QUERY else lookup


def renamed(
    lookup: Lookup, text: str, *, banner: str = "", query_id: int | None = None
) -> Lookup | None:
    """What plan_lookup makes of the same query for another ASCII name, with this banner,
    for a fraction of the cost: the next address of a sweep, the next name of a batch.
    None when it must be planned in full: a signed query (+fuzztime's time is planning's
    to apply), or one that went to TCP for its size, which another name may change.
    query_id: the ID the express lane already sent the query under."""
    if lookup.query.keyring is not None or len(lookup.query_wire) > MAX_UDP_QUERY:
        return None
    if query_id is None:
        query_id = pick_query_id(lookup.rules.qid)
    name = query_name(text)
    query = asking(lookup.query, name, query_id=query_id)
    renamed = lookup.but(query=query, qname_text=text, banner=banner)
    template = template_of(lookup.query, lookup.query_wire)
    if template is not None:
        renamed.__dict__["query_wire"] = template.patched(name, query_id)
    return _sent_by_size(renamed)


def asked_about(
    lookup: Lookup, name: dns.name.Name, rdtype: dns.rdatatype.RdataType | None = None
) -> Lookup:
    """The same lookup (servers, flags, transport) asking about another name, perhaps for
    another type, under a new id and without the banner: the next link of a sweep's
    CNAME chain, or +fcrdns's forward lookup of a PTR name."""
    query = asking(lookup.query, name, query_id=pick_query_id(None), rdtype=rdtype)
    return _sent_by_size(lookup.but(query=query, qname_text=name.to_text(), banner=""))
