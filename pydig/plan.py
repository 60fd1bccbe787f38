"""Invocation -> [Lookup]: which servers, which port, and the query message itself."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Callable
from dataclasses import replace

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rdata
import dns.rdatatype

from pydig import __version__
from pydig.cli.model import GlobalSettings, Query, QuerySettings
from pydig.errors import PydigError, UsageError
from pydig.exchange import Lookup, Server
from pydig.rcfile import ResolvConf

DNS_PORT = 53
UDP_TIMEOUT = 5
TCP_TIMEOUT = 10
DEFAULT_TRIES = 3
DEFAULT_UDP_SIZE = 1232
FALLBACK_NAMESERVERS = ("127.0.0.1", "::1")  # what BIND uses when resolv.conf names none

Resolver = Callable[[str], list[str]]


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
    """One @server as a list of addresses usable under -4 / -6."""
    try:
        literal = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        addresses = resolver(text)
    else:
        addresses = [str(literal) if "%" not in text else text]
    usable = [address for address in addresses if _family_matches(address, ip_version)]
    if not usable:
        if addresses and ip_version is not None:
            raise UsageError(f"address family of '{text}' does not match -{ip_version}")
        raise UsageError(f"no valid addresses for '{text}'")
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
    flags = 0
    if settings.recurse and rdtype not in (dns.rdatatype.AXFR, dns.rdatatype.IXFR):
        flags |= dns.flags.RD
    if settings.aaonly:
        flags |= dns.flags.AA
    if settings.adflag:
        flags |= dns.flags.AD
    if settings.cdflag:
        flags |= dns.flags.CD
    query.flags = flags
    if settings.ixfr_serial is not None:
        # dig's insert_soa: the serial we have, in an SOA with root names and zero timers.
        soa = dns.rdata.from_text(
            settings.rdclass, dns.rdatatype.SOA, f". . {settings.ixfr_serial} 0 0 0 0"
        )
        query.find_rrset(
            query.authority, name, settings.rdclass, dns.rdatatype.SOA, create=True
        ).add(soa, 0)
    if settings.edns is not None:
        options: list[dns.edns.Option] = []
        if settings.nsid:
            options.append(dns.edns.GenericOption(dns.edns.OptionType.NSID, b""))
        if settings.cookie:
            cookie = (
                bytes.fromhex(settings.cookie_hex)
                if settings.cookie_hex is not None
                else client_cookie
            )
            options.append(dns.edns.GenericOption(dns.edns.OptionType.COOKIE, cookie))
        query.use_edns(
            settings.edns,
            dns.flags.DO if settings.dnssec else 0,
            settings.udp_size if settings.udp_size is not None else DEFAULT_UDP_SIZE,
            options=options,
        )
    return query


def query_name(text: str) -> dns.name.Name:
    try:
        return dns.name.from_text(text)
    except (dns.exception.DNSException, ValueError) as exc:
        reason = str(exc).rstrip(".") or type(exc).__name__
        raise BadNameError(f"'{text}' is not a legal name ({reason})") from None


def banner(query: Query, globals_: GlobalSettings, server_count: int) -> str:
    """dig's printgreeting: the banner, and on the first lookup the server count and options."""
    if query.banner_args is None or not globals_.cmd:
        return ""
    words = "".join(f" {word}" for word in query.banner_args)
    lead = "\n" if query.first else ""
    text = f"{lead}; <<>> pydig {__version__} <<>>{words}\n"
    if query.first:
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
) -> Lookup:
    settings = query.settings
    is_transfer = settings.rdtype in (dns.rdatatype.AXFR, dns.rdatatype.IXFR)
    tcp = settings.tcp or settings.rdtype == dns.rdatatype.AXFR  # dig forces TCP for AXFR
    timeout = globals_.timeout or resolv.timeout or (TCP_TIMEOUT if tcp else UDP_TIMEOUT)
    display = replace(settings.display, short=globals_.short, cmd=globals_.cmd)
    return Lookup(
        query=build_query(
            query_name(query.name),
            settings,
            query_id=secrets.randbelow(0x10000),
            client_cookie=secrets.token_bytes(8),
        ),
        qname_text=query.name,
        servers=_servers(settings, globals_, resolv, resolver),
        port=globals_.port if globals_.port is not None else DNS_PORT,
        tcp=tcp,
        ignore_truncation=settings.ignore,
        timeout=float(timeout),
        tries=settings.tries or resolv.attempts or DEFAULT_TRIES,
        source=globals_.source,
        display=display,
        use_usec=settings.use_usec,
        banner=banner(query, globals_, server_count),
        is_transfer=is_transfer and tcp,
        ixfr_serial=settings.ixfr_serial,
    )
