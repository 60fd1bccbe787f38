"""Every option pydig takes, in one table: the parser's +option matching, -h, completion
and the manual's option list are built from it or checked against it.

A new +option is one entry here (in the theme -h shows it under) plus its handler in
cli/parse.py's PLUS_HANDLERS (or in the cli/plus_*.py of its job, which PLUS_HANDLERS
names); tests/test_help.py and tests/test_docs.py fail until -h, completion and the
manual agree with the table.

dig does not match "any unique prefix" in general: it walks a hand-written switch on the
first few letters (bin/dig/dig.c, plus_option) and then checks that what was typed is a
prefix of the full name.  Each +option records the letters dig's switch looks at
("dispatch"), so `+co` means +coflag, `+com` +comments and `+do` +dnssec, exactly as in
dig 9.18.  A dispatch ending in "$" matches only when the typed word ends there.

pydig's own options (`pydig_plus`) each begin where dig's switch gives up, so no word dig
accepts reaches them: after "co" dig knows only f/m/o ("col" and "con" are free), no dig
option starts with "j", after "t" only c/i/l/o/r/t ("ta" is free; "+t" stays invalid),
dig has no option in "sw", after "f" only a/u ("fc" is free), and after "ra" dig takes
only prefixes of "raflag" ("rat" is free).  tests/test_help.py checks every abbreviation
against dig.
"""

from __future__ import annotations

from pydig.immutable import immutable


@immutable(kw_only=True)
class PlusOption:
    """One +option: its full name, the letters dig dispatches on, the words it answers to,
    and how -h shows it."""

    canonical: str
    dispatch: tuple[str, ...]
    names: tuple[str, ...]
    shown: str  # the name -h shows (an alias, for some)
    switch: bool = False  # takes +no
    value: str = ""  # as -h shows it: "=N" (required), "[=N]" (optional), "" (none)
    pydig: bool = False  # pydig's own, not dig's
    obsolete: str = ""  # dig 9.18's warning for an option it accepts and ignores

    @property
    def needs_value(self) -> bool:
        return self.value.startswith("=")

    @property
    def syntax(self) -> str:
        return f"+{'[no]' if self.switch else ''}{self.shown}{self.value}"


def plus(
    canonical: str,
    *dispatch: str,
    shown: str | None = None,
    switch: bool = False,
    value: str = "",
    names: tuple[str, ...] = (),
    obsolete: str = "",
    pydig: bool = False,
) -> PlusOption:
    """One of dig's +options."""
    return PlusOption(
        canonical=canonical,
        dispatch=dispatch,
        names=names or (canonical,),
        shown=shown or canonical,
        switch=switch,
        value=value,
        pydig=pydig,
        obsolete=obsolete,
    )


def pydig_plus(
    canonical: str,
    *dispatch: str,
    shown: str | None = None,
    switch: bool = False,
    value: str = "",
    names: tuple[str, ...] = (),
) -> PlusOption:
    """One of pydig's own +options."""
    return plus(
        canonical, *dispatch, shown=shown, switch=switch, value=value, names=names, pydig=True
    )


@immutable
class Entry:
    """One line of -h, and the options it describes."""

    help: str
    plus: tuple[PlusOption, ...] = ()
    also: tuple[PlusOption, ...] = ()  # named in the help line only, e.g. "(+[no]rdflag)"
    dash: str = ""  # a -option's syntax: "-p port", "-4, -6"
    note: bool = False  # a note across the whole width, without a syntax column

    @property
    def syntax(self) -> str:
        if self.note:
            return ""
        return self.dash or ", ".join(option.syntax for option in self.plus)

    @property
    def takes_value(self) -> bool:
        """Whether the -option takes a value: "-p port" does."""
        return self.dash[2:3] == " " and self.dash[3:4].strip() != "" and bool(self.letters)

    @property
    def letters(self) -> tuple[str, ...]:
        """The one-letter options of this entry: "-4, -6" is 4 and 6 ("-p port" is p)."""
        options = (part.split(" ", 1)[0] for part in self.dash.split(", "))
        return tuple(option[1] for option in options if len(option) == 2 and option[0] == "-")


@immutable
class Theme:
    """A heading of -h and the entries under it."""

    title: str
    entries: tuple[Entry, ...]


_OBSOLETE = (
    plus("dscp", "ds", switch=True, obsolete=";; +dscp option is obsolete and has no effect"),
    plus("mapped", "ma", switch=True, obsolete=";; +mapped option is deprecated"),
    plus("sigchase", "si", switch=True, obsolete=";; +sigchase option is deprecated"),
    plus("topdown", "to", switch=True, obsolete=";; +topdown option is deprecated"),
    plus("trusted-key", "tru", switch=True, obsolete=";; +trusted-key option is deprecated"),
    plus("unexpected", "une", switch=True, obsolete=";; +unexpected option is deprecated"),
)
_OBSOLETE_NOTE = (
    "Obsolete, accepted and ignored with a warning as in dig 9.18: "
    + ", ".join(f"+{option.canonical}" for option in _OBSOLETE)
    + "."
)

THEMES: tuple[Theme, ...] = (
    Theme(
        "What to look up",
        (
            Entry("look up this name, even one that looks like a type", dash="-q name"),
            Entry("query type; -t ixfr=N asks for changes since serial N", dash="-t type"),
            Entry("query class", dash="-c class"),
            Entry("reverse lookup (PTR); a range or network is a sweep", dash="-x addr"),
            Entry('batch mode: one command line per line ("-" is stdin)', dash="-f file"),
            Entry(
                "use resolv.conf's search list (+[no]defname)",
                plus=(plus("search", "se", switch=True),),
                also=(plus("defname", "de", switch=True),),
            ),
            Entry(
                "search this domain",
                plus=(plus("domain", "do", value="=name"),),
            ),
            Entry(
                "dots a name needs to be tried as it is first",
                plus=(plus("ndots", "nd", value="=N"),),
            ),
            Entry(
                "search, showing the intermediate results",
                plus=(plus("showsearch", "shows", switch=True),),
            ),
            Entry(
                "trace the delegation down from the root",
                plus=(plus("trace", "tra", switch=True),),
            ),
            # dig's switch takes "tra" to +trace and "tru" to +trusted-key, then insists on
            # a prefix of that name: "trace-" and "trust-" never get that far in dig.  After
            # "v" dig knows only +vc, so "va" is free ("+v" stays +vc).
            Entry(
                "+trace, every server at every hop, faults flagged",
                plus=(pydig_plus("trace-all", "trace-", switch=True),),
            ),
            Entry(
                "DNSSEC verdict: secure, insecure or bogus, and why",
                plus=(pydig_plus("validate", "va", switch=True),),
            ),
            Entry(
                "DS / DNSKEY records to start validating from [root]",
                plus=(pydig_plus("trust-anchor", "trust-", value="=FILE"),),
            ),
            Entry(
                "ask every authoritative server for the SOA",
                plus=(plus("nssearch", "nss", switch=True),),
            ),
            Entry(
                "send a query without a question section",
                plus=(plus("header-only", "he", switch=True),),
            ),
            Entry(
                "set the opcode of the query",
                plus=(plus("opcode", "op", switch=True, value="=N"),),
            ),
            Entry(
                "use this query ID",
                plus=(plus("qid", "qi", value="=N"),),
            ),
        ),
    ),
    Theme(
        "Servers and transport",
        (
            Entry("send queries to this port [53]", dash="-p port"),
            Entry("use IPv4 only, IPv6 only", dash="-4, -6"),
            Entry("send from this local address and port", dash="-b addr[#port]"),
            Entry(
                "use TCP (ANY and ixfr= use it unless +notcp)",
                plus=(
                    plus("tcp", "tcp", switch=True),
                    plus("vc", "v", switch=True),
                ),
            ),
            Entry(
                "keep a truncated UDP reply, no retry over TCP",
                plus=(plus("ignore", "i", switch=True),),
            ),
            Entry(
                "seconds to wait for a reply (+time=T) [5]",
                plus=(plus("timeout", "ti", value="=T"),),
            ),
            Entry(
                "UDP attempts [3]",
                plus=(plus("tries", "tri", value="=N"),),
            ),
            Entry(
                "UDP retries, tries less one [2]",
                plus=(plus("retry", "ret", value="=N", names=("retry", "retries")),),
            ),
            Entry(
                "stop at SERVFAIL instead of trying the next server",
                plus=(plus("fail", "fa", switch=True),),
            ),
            Entry(
                "keep the TCP connection open between queries",
                plus=(plus("keepopen", "keepo", switch=True),),
            ),
            Entry(
                "EDNS UDP buffer size [1232]",
                plus=(plus("bufsize", "bu", value="[=B]"),),
            ),
            Entry(
                "DNS over TLS",
                plus=(plus("tls", "tls$", switch=True),),
            ),
            Entry(
                "check the server's TLS certificate",
                plus=(plus("tls-ca", "tls-ca", switch=True, value="[=file]"),),
            ),
            Entry(
                "the name the certificate must carry",
                plus=(plus("tls-hostname", "tls-h", switch=True, value="=name"),),
            ),
            Entry(
                "client TLS certificate chain",
                plus=(plus("tls-certfile", "tls-ce", switch=True, value="=file"),),
            ),
            Entry(
                "client TLS private key",
                plus=(plus("tls-keyfile", "tls-k", switch=True, value="=file"),),
            ),
            Entry(
                "DNS over HTTPS, with POST",
                plus=(plus("https", "ht", switch=True, value="[=path]"),),
            ),
            Entry(
                "DNS over HTTPS with GET",
                plus=(plus("https-get", "https-g", switch=True),),
            ),
            Entry(
                "DNS over HTTPS with POST",
                plus=(plus("https-post", "https-p", switch=True),),
            ),
            Entry(
                "DNS over plain HTTP, with POST",
                plus=(plus("http-plain", "http-plain$", switch=True, value="[=path]"),),
            ),
            Entry(
                "DNS over plain HTTP with GET",
                plus=(plus("http-plain-get", "http-plain-g", switch=True),),
            ),
            Entry(
                "DNS over plain HTTP with POST",
                plus=(plus("http-plain-post", "http-plain-p", switch=True),),
            ),
        ),
    ),
    Theme(
        "Flags in the query",
        (
            Entry(
                "recursion desired, RD (+[no]rdflag) [on]",
                plus=(plus("recurse", "rec", switch=True),),
                also=(plus("rdflag", "rd", switch=True),),
            ),
            Entry(
                "authoritative answer, AA (+[no]aaonly)",
                plus=(
                    plus("aaonly", "aa", shown="aaflag", switch=True, names=("aaonly", "aaflag")),
                ),
            ),
            Entry(
                "authentic data, AD [on]",
                plus=(plus("adflag", "adf", "ad$", switch=True),),
            ),
            Entry(
                "checking disabled, CD",
                plus=(plus("cdflag", "cdf", "cd$", switch=True),),
            ),
            Entry(
                "recursion available, RA",
                plus=(plus("raflag", "ra", switch=True),),
            ),
            Entry(
                "truncated, TC",
                plus=(plus("tcflag", "tcf", switch=True),),
            ),
            Entry(
                "the reserved Z bit",
                plus=(plus("zflag", "z", switch=True),),
            ),
        ),
    ),
    Theme(
        "EDNS",
        (
            Entry(
                "EDNS version [0]; +noedns sends none",
                plus=(plus("edns", "edns$", switch=True, value="[=N]"),),
            ),
            Entry(
                "ask for DNSSEC records, DO (+do)",
                plus=(plus("dnssec", "dnss", "do$", switch=True, names=("dnssec", "do")),),
            ),
            Entry(
                "compact denial of existence OK, CO",
                plus=(plus("coflag", "cof", "co$", switch=True),),
            ),
            Entry(
                "set the undefined EDNS flag bits",
                plus=(plus("ednsflags", "ednsf", value="=N"),),
            ),
            Entry(
                "negotiate the EDNS version",
                plus=(plus("ednsnegotiation", "ednsn", switch=True),),
            ),
            Entry(
                "send an EDNS option (+noednsopt clears them)",
                plus=(plus("ednsopt", "ednso", value="=code[:hex]"),),
            ),
            Entry(
                "send a DNS COOKIE [on]",
                plus=(plus("cookie", "coo", switch=True, value="[=hex]"),),
            ),
            Entry(
                "retry a BADCOOKIE reply with the new cookie",
                plus=(plus("badcookie", "ba", switch=True),),
            ),
            Entry(
                "ask for the name server ID",
                plus=(plus("nsid", "nsi", switch=True),),
            ),
            Entry(
                "ask for the zone's expire timer",
                plus=(plus("expire", "expi", switch=True),),
            ),
            Entry(
                "ask for EDNS TCP keepalive",
                plus=(plus("keepalive", "keepa", switch=True),),
            ),
            Entry(
                "send an EDNS client subnet",
                plus=(plus("subnet", "su", value="=addr[/len]"),),
            ),
            Entry(
                "pad the query to a multiple of N bytes",
                plus=(plus("padding", "p", value="=N"),),
            ),
            Entry(
                "ask ipv4only.arpa for the DNS64 prefixes",
                plus=(plus("dns64prefix", "dns6", switch=True),),
            ),
        ),
    ),
    Theme(
        "Signing",
        (
            Entry("sign with the TSIG key in this file", dash="-k keyfile"),
            Entry("sign with this TSIG key (base64)", dash="-y [hmac:]name:key"),
            Entry(
                "sign at this fixed time, for testing",
                plus=(plus("fuzztime", "fu", switch=True, value="[=T]"),),
            ),
        ),
    ),
    Theme(
        "What to show",
        (
            Entry(
                "every section, comment and statistic at once",
                plus=(plus("all", "al", switch=True),),
            ),
            Entry(
                "the banner with the version and command line",
                plus=(plus("cmd", "cm", switch=True),),
            ),
            Entry(
                "the header and section comments",
                plus=(plus("comments", "com", switch=True),),
            ),
            Entry(
                "the question section",
                plus=(plus("question", "qu", switch=True),),
            ),
            Entry(
                "the answer section",
                plus=(plus("answer", "an", switch=True),),
            ),
            Entry(
                "the authority section",
                plus=(plus("authority", "au", switch=True),),
            ),
            Entry(
                "the additional section",
                plus=(plus("additional", "add", switch=True),),
            ),
            Entry(
                "the query time, server, date and size",
                plus=(plus("stats", "st", switch=True),),
            ),
            Entry(
                "the answers' data only",
                plus=(plus("short", "shor", switch=True),),
            ),
            Entry(
                "which server answered, with +short",
                plus=(plus("identify", "ide", switch=True),),
            ),
            Entry(
                "the query too, before it is sent",
                plus=(plus("qr", "qr", switch=True),),
            ),
            Entry(
                "a BADCOOKIE reply too, before the retry",
                plus=(plus("showbadcookie", "showb", switch=True),),
            ),
            Entry(
                "one SOA record only in a zone transfer",
                plus=(plus("onesoa", "on", switch=True),),
            ),
            Entry(
                "show what can be read of a malformed reply",
                plus=(plus("besteffort", "be", switch=True),),
            ),
            Entry("query times in microseconds", dash="-u"),
        ),
    ),
    Theme(
        "How records look",
        (
            Entry(
                "TTLs (+ttl) [on]",
                plus=(plus("ttlid", "ttl$", "ttli", switch=True, names=("ttl", "ttlid")),),
            ),
            Entry(
                "TTLs in units: 1h30m",
                plus=(plus("ttlunits", "ttlu", switch=True),),
            ),
            Entry(
                "classes (+cl) [on]",
                plus=(plus("class", "cl", switch=True, names=("cl", "class")),),
            ),
            Entry(
                "long records over several lines, commented",
                plus=(plus("multiline", "mu", switch=True),),
            ),
            Entry(
                "per-record comments (key ids, SOA timers)",
                plus=(plus("rrcomments", "rr", switch=True),),
            ),
            Entry(
                "keys, signatures and digests [on]",
                plus=(plus("crypto", "cr", switch=True),),
            ),
            Entry(
                "split hex and base64 into W-character chunks",
                plus=(plus("split", "sp", switch=True, value="=W"),),
            ),
            Entry(
                "IPv6 addresses in full",
                plus=(plus("expandaaaa", "expa", switch=True),),
            ),
            Entry(
                'every rdata in RFC 3597 "unknown" form',
                plus=(plus("unknownformat", "unk", switch=True),),
            ),
            Entry(
                "accept internationalized names",
                plus=(plus("idnin", "idni", switch=True),),
            ),
            Entry(
                "show internationalized names in Unicode",
                plus=(plus("idnout", "idno", switch=True),),
            ),
        ),
    ),
    Theme(
        "pydig's views",
        (
            Entry(
                "colour (+colour) [on at a terminal, unless NO_COLOR]",
                plus=(pydig_plus("color", "col", switch=True, names=("color", "colour")),),
            ),
            Entry(
                "each reply as a table",
                plus=(pydig_plus("table", "ta", switch=True),),
            ),
            Entry(
                "each reply as one JSON line (RFC 8427 names)",
                plus=(pydig_plus("json", "j", switch=True),),
            ),
            Entry(
                "the replies as YAML, as dig does",
                plus=(plus("yaml", "y", switch=True),),
            ),
        ),
    ),
    Theme(
        "Many lookups",
        (
            Entry(
                "lookups in flight at once, printed in order [32; a sweep: 1024]",
                plus=(pydig_plus("concurrency", "conc", value="=N"),),
            ),
            Entry(
                "most addresses a reverse sweep may cover [65536]",
                plus=(pydig_plus("sweep-limit", "sweep-l", value="=N"),),
            ),
            Entry(
                "list addresses without a PTR too, with their status",
                plus=(pydig_plus("sweep-missing", "sweep-m", switch=True),),
            ),
            Entry(
                "follow CNAME/DNAME delegations of a sweep [on]",
                plus=(pydig_plus("sweep-follow", "sweep-f", switch=True),),
            ),
            Entry(
                "record a sweep's progress; run again to resume",
                plus=(pydig_plus("sweep-state", "sweep-s", value="=FILE"),),
            ),
            Entry(
                "check each PTR name's A/AAAA maps back to the address",
                # After "f" dig knows only a/u: "+fc" is free.
                plus=(pydig_plus("fcrdns", "fc", switch=True),),
            ),
            Entry(
                "at most N queries a second in a sweep",
                # After "ra" dig only checks that the word is a prefix of "raflag": "+rat"
                # was invalid, and "+ra" stays +raflag.
                plus=(pydig_plus("rate", "rat", value="=N"),),
            ),
        ),
    ),
    # "+com" is +comments in dig and "+comp" invalid there; after "s", "e" is +search
    # ("+ser" invalid); dig has no option in "rc" or in "w".
    Theme(
        "Testing servers",
        (
            Entry(
                "ask every @server (=ns: every name server of the zone, for its SOA), "
                "group the answers, give a verdict",
                plus=(pydig_plus("compare", "comp", switch=True, value="[=ns]"),),
            ),
            Entry(
                "TTLs count in +compare",
                plus=(pydig_plus("compare-ttl", "compare-t", switch=True),),
            ),
            Entry(
                "SOA serials up to N behind the newest agree [0]",
                plus=(pydig_plus("serial-lag", "ser", value="=N"),),
            ),
            Entry(
                "ask every S seconds [the TTL], print each change",
                plus=(pydig_plus("watch", "wa", switch=True, value="[=S]"),),
            ),
            Entry(
                "stop when: changed, agree (+compare), or a record",
                plus=(pydig_plus("watch-until", "watch-u", value="=W"),),
            ),
            Entry(
                "give up after S seconds (exit status 12)",
                plus=(pydig_plus("watch-timeout", "watch-t", value="=S"),),
            ),
            Entry(
                "exit status from the RCODE: 20 NODATA, else 20 + RCODE",
                plus=(pydig_plus("rcode-exit", "rc", switch=True),),
            ),
        ),
    ),
    Theme(
        "Other",
        (
            Entry("this help", dash="-h"),
            Entry("the version", dash="-v"),
            Entry("do not read ~/.pydigrc or ~/.digrc", dash="-r"),
            Entry("accepted and ignored, as in dig", dash="-d, -i, -m, -n"),
            Entry(_OBSOLETE_NOTE, plus=_OBSOLETE, note=True),
        ),
    ),
)

PLUS_OPTIONS: tuple[PlusOption, ...] = tuple(
    sorted(
        (
            option
            for theme in THEMES
            for entry in theme.entries
            for option in (*entry.plus, *entry.also)
        ),
        key=lambda option: option.canonical,
    )
)
DIG_PLUS_OPTIONS = tuple(option for option in PLUS_OPTIONS if not option.pydig)
PYDIG_PLUS_OPTIONS = tuple(option for option in PLUS_OPTIONS if option.pydig)
_DASH_ENTRIES = tuple(entry for theme in THEMES for entry in theme.entries if entry.dash)
# "-p port" takes a value; "-4, -6" and "-u" do not.
VALUE_LETTERS = "".join(entry.letters[0] for entry in _DASH_ENTRIES if entry.takes_value)
FLAG_LETTERS = "".join(
    letter for entry in _DASH_ENTRIES if not entry.takes_value for letter in entry.letters
)
