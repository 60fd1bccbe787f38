"""pydig's usage text (dig's words and layout, for errors) and its -h help, grouped by theme.

The help is built from one table of (syntax, description) entries so that it always fits
80 columns; tests/test_help.py checks that every option the parser knows is in it.
"""

from __future__ import annotations

import textwrap

USAGE = """\
Usage:  pydig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]
"""

SHORT_USAGE = (
    USAGE
    + """
Use "pydig -h" (or "pydig -h | more") for complete list of options
"""
)

WIDTH = 79  # a full 80th column makes some terminals wrap
SYNTAX_WIDTH = 22  # the option column, after a two-space indent

HEAD = """\
Usage:  pydig [@server] [name] [type] [class] [-option ...] [+queryopt ...]
        pydig [global options] name [local options] [name [local options] ...]
        pydig -h | -v

  @server   the name server to ask, by address or name [/etc/resolv.conf's]
  name      the domain name to look up [the root zone's NS records]
  type      A, AAAA, MX, NS, SOA, TXT, PTR, ANY, AXFR, ixfr=N, TYPEnnn... [A]
  class     IN, CH, HS, CLASSnnn [IN]

Options before the first name set every lookup; after a name, that lookup only.
+short, +cmd, +timeout, +yaml, -p, -4, -6, -b and -f are global wherever given.
+[no]keyword and +keyword=value options abbreviate exactly as in dig 9.18.
"""

GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "What to look up",
        (
            ("-q name", "look up this name, even one that looks like a type"),
            ("-t type", "query type; -t ixfr=N asks for changes since serial N"),
            ("-c class", "query class"),
            ("-x addr", "reverse lookup (PTR); a range or network is a sweep"),
            ("-f file", 'batch mode: one command line per line ("-" is stdin)'),
            ("+[no]search", "use resolv.conf's search list (+[no]defname)"),
            ("+domain=name", "search this domain"),
            ("+ndots=N", "dots a name needs to be tried as it is first"),
            ("+[no]showsearch", "search, showing the intermediate results"),
            ("+[no]trace", "trace the delegation down from the root"),
            ("+[no]nssearch", "ask every authoritative server for the SOA"),
            ("+[no]header-only", "send a query without a question section"),
            ("+[no]opcode=N", "set the opcode of the query"),
            ("+qid=N", "use this query ID"),
        ),
    ),
    (
        "Servers and transport",
        (
            ("-p port", "send queries to this port [53]"),
            ("-4, -6", "use IPv4 only, IPv6 only"),
            ("-b addr[#port]", "send from this local address and port"),
            ("+[no]tcp, +[no]vc", "use TCP (ANY and ixfr= use it unless +notcp)"),
            ("+[no]ignore", "keep a truncated UDP reply, no retry over TCP"),
            ("+timeout=T", "seconds to wait for a reply (+time=T) [5]"),
            ("+tries=N", "UDP attempts [3]"),
            ("+retry=N", "UDP retries, tries less one [2]"),
            ("+[no]fail", "stop at SERVFAIL instead of trying the next server"),
            ("+[no]keepopen", "keep the TCP connection open between queries"),
            ("+bufsize[=B]", "EDNS UDP buffer size [1232]"),
            ("+[no]tls", "DNS over TLS"),
            ("+[no]tls-ca[=file]", "check the server's TLS certificate"),
            ("+[no]tls-hostname=name", "the name the certificate must carry"),
            ("+[no]tls-certfile=file", "client TLS certificate chain"),
            ("+[no]tls-keyfile=file", "client TLS private key"),
            ("+[no]https[=path]", "DNS over HTTPS, with POST"),
            ("+[no]https-get", "DNS over HTTPS with GET"),
            ("+[no]https-post", "DNS over HTTPS with POST"),
            ("+[no]http-plain[=path]", "DNS over plain HTTP, with POST"),
            ("+[no]http-plain-get", "DNS over plain HTTP with GET"),
            ("+[no]http-plain-post", "DNS over plain HTTP with POST"),
        ),
    ),
    (
        "Flags in the query",
        (
            ("+[no]recurse", "recursion desired, RD (+[no]rdflag) [on]"),
            ("+[no]aaflag", "authoritative answer, AA (+[no]aaonly)"),
            ("+[no]adflag", "authentic data, AD [on]"),
            ("+[no]cdflag", "checking disabled, CD"),
            ("+[no]raflag", "recursion available, RA"),
            ("+[no]tcflag", "truncated, TC"),
            ("+[no]zflag", "the reserved Z bit"),
        ),
    ),
    (
        "EDNS",
        (
            ("+[no]edns[=N]", "EDNS version [0]; +noedns sends none"),
            ("+[no]dnssec", "ask for DNSSEC records, DO (+do)"),
            ("+[no]coflag", "compact denial of existence OK, CO"),
            ("+ednsflags=N", "set the undefined EDNS flag bits"),
            ("+[no]ednsnegotiation", "negotiate the EDNS version"),
            ("+ednsopt=code[:hex]", "send an EDNS option (+noednsopt clears them)"),
            ("+[no]cookie[=hex]", "send a DNS COOKIE [on]"),
            ("+[no]badcookie", "retry a BADCOOKIE reply with the new cookie"),
            ("+[no]nsid", "ask for the name server ID"),
            ("+[no]expire", "ask for the zone's expire timer"),
            ("+[no]keepalive", "ask for EDNS TCP keepalive"),
            ("+subnet=addr[/len]", "send an EDNS client subnet"),
            ("+padding=N", "pad the query to a multiple of N bytes"),
            ("+[no]dns64prefix", "ask ipv4only.arpa for the DNS64 prefixes"),
        ),
    ),
    (
        "Signing",
        (
            ("-k keyfile", "sign with the TSIG key in this file"),
            ("-y [hmac:]name:key", "sign with this TSIG key (base64)"),
            ("+[no]fuzztime[=T]", "sign at this fixed time, for testing"),
        ),
    ),
    (
        "What to show",
        (
            ("+[no]all", "every section, comment and statistic at once"),
            ("+[no]cmd", "the banner with the version and command line"),
            ("+[no]comments", "the header and section comments"),
            ("+[no]question", "the question section"),
            ("+[no]answer", "the answer section"),
            ("+[no]authority", "the authority section"),
            ("+[no]additional", "the additional section"),
            ("+[no]stats", "the query time, server, date and size"),
            ("+[no]short", "the answers' data only"),
            ("+[no]identify", "which server answered, with +short"),
            ("+[no]qr", "the query too, before it is sent"),
            ("+[no]showbadcookie", "a BADCOOKIE reply too, before the retry"),
            ("+[no]onesoa", "one SOA record only in a zone transfer"),
            ("+[no]besteffort", "show what can be read of a malformed reply"),
            ("-u", "query times in microseconds"),
        ),
    ),
    (
        "How records look",
        (
            ("+[no]ttlid", "TTLs (+ttl) [on]"),
            ("+[no]ttlunits", "TTLs in units: 1h30m"),
            ("+[no]class", "classes (+cl) [on]"),
            ("+[no]multiline", "long records over several lines, commented"),
            ("+[no]rrcomments", "per-record comments (key ids, SOA timers)"),
            ("+[no]crypto", "keys, signatures and digests [on]"),
            ("+[no]split=W", "split hex and base64 into W-character chunks"),
            ("+[no]expandaaaa", "IPv6 addresses in full"),
            ("+[no]unknownformat", 'every rdata in RFC 3597 "unknown" form'),
            ("+[no]idnin", "accept internationalized names"),
            ("+[no]idnout", "show internationalized names in Unicode"),
        ),
    ),
    (
        "pydig's views",
        (
            ("+[no]color", "colour (+colour) [on at a terminal, unless NO_COLOR]"),
            ("+[no]table", "each reply as a table"),
            ("+[no]json", "each reply as one JSON line (RFC 8427 names)"),
            ("+[no]yaml", "the replies as YAML, as dig does"),
        ),
    ),
    (
        "Many lookups",
        (
            ("+concurrency=N", "lookups in flight at once, printed in order [16]"),
            ("+sweep-limit=N", "most addresses a reverse sweep may cover [65536]"),
            ("+[no]sweep-missing", "list addresses without a PTR too"),
        ),
    ),
    (
        "Other",
        (
            ("-h", "this help"),
            ("-v", "the version"),
            ("-r", "do not read ~/.pydigrc or ~/.digrc"),
            ("-d, -i, -m, -n", "accepted and ignored, as in dig"),
            (
                "",
                "Obsolete, accepted and ignored with a warning as in dig 9.18: +dscp, "
                "+mapped, +sigchase, +topdown, +trusted-key, +unexpected.",
            ),
        ),
    ),
)

TAIL = """
Colour: on at a terminal; NO_COLOR, FORCE_COLOR and TERM=dumb are honoured.
Completion: pydig --install-completion (bash, zsh, fish).  Manual: man pydig
"""


def _entry(syntax: str, description: str) -> list[str]:
    """One option: syntax in its column, the description beside it, wrapped under it; an
    entry without syntax is a note across the whole width."""
    if not syntax:
        return textwrap.wrap(description, WIDTH, initial_indent="  ", subsequent_indent="  ")
    indent = " " * (2 + SYNTAX_WIDTH + 1)
    if len(syntax) <= SYNTAX_WIDTH:
        first = f"  {syntax:<{SYNTAX_WIDTH}} "
        return textwrap.wrap(description, WIDTH, initial_indent=first, subsequent_indent=indent)
    return [f"  {syntax}", *textwrap.wrap(description, WIDTH, initial_indent=indent)]


def help_text() -> str:
    lines = [HEAD.rstrip("\n")]
    for title, entries in GROUPS:
        lines += ["", f"{title}:"]
        for syntax, description in entries:
            lines += _entry(syntax, description)
    return "\n".join(lines) + "\n" + TAIL


HELP = help_text()
