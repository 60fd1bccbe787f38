"""dig's +option names and how dig matches abbreviations of them.

dig does not match "any unique prefix" in general: it walks a hand-written
switch on the first few letters (bin/dig/dig.c, plus_option) and then checks
that what was typed is a prefix of the full name.  Each entry below records the
letters dig's switch looks at ("dispatch"), so `+co` means +coflag, `+com`
+comments and `+do` +dnssec, exactly as in dig 9.18.  A dispatch ending in "$"
matches only when the typed word ends there.
"""

from __future__ import annotations

from pydig.immutable import immutable


@immutable
class PlusOption:
    """One +option: its full name, the names dig dispatches on, and the words it answers to."""

    canonical: str
    dispatch: tuple[str, ...]
    names: tuple[str, ...]


def _opt(canonical: str, *dispatch: str, names: tuple[str, ...] = ()) -> PlusOption:
    return PlusOption(canonical, dispatch, names or (canonical,))


DIG_PLUS_OPTIONS: tuple[PlusOption, ...] = (
    _opt("aaonly", "aa", names=("aaonly", "aaflag")),
    _opt("additional", "add"),
    _opt("adflag", "adf", "ad$"),
    _opt("all", "al"),
    _opt("answer", "an"),
    _opt("authority", "au"),
    _opt("badcookie", "ba"),
    _opt("besteffort", "be"),
    _opt("bufsize", "bu"),
    _opt("cdflag", "cdf", "cd$"),
    _opt("class", "cl", names=("cl", "class")),
    _opt("cmd", "cm"),
    _opt("coflag", "cof", "co$"),
    _opt("comments", "com"),
    _opt("cookie", "coo"),
    _opt("crypto", "cr"),
    _opt("defname", "de"),
    _opt("dns64prefix", "dns6"),
    _opt(
        "dnssec", "dnss", "do$", names=("dnssec", "do")
    ),  # dig jumps here for "+do" without FULLCHECK
    _opt("domain", "do"),
    _opt("dscp", "ds"),
    _opt("edns", "edns$"),
    _opt("ednsflags", "ednsf"),
    _opt("ednsnegotiation", "ednsn"),
    _opt("ednsopt", "ednso"),
    _opt("expandaaaa", "expa"),
    _opt("expire", "expi"),
    _opt("fail", "fa"),
    _opt("fuzztime", "fu"),
    _opt("header-only", "he"),
    _opt("https", "ht", names=("https",)),
    _opt("https-get", "https-g"),
    _opt("https-post", "https-p"),
    _opt("http-plain", "http-plain$"),
    _opt("http-plain-get", "http-plain-g"),
    _opt("http-plain-post", "http-plain-p"),
    _opt("identify", "ide"),
    _opt("idnin", "idni"),
    _opt("idnout", "idno"),
    _opt("ignore", "i"),
    _opt("keepalive", "keepa"),
    _opt("keepopen", "keepo"),
    _opt("mapped", "ma"),
    _opt("multiline", "mu"),
    _opt("ndots", "nd"),
    _opt("nsid", "nsi"),
    _opt("nssearch", "nss"),
    _opt("onesoa", "on"),
    _opt("opcode", "op"),
    _opt("padding", "p"),
    _opt("qid", "qi"),
    _opt("qr", "qr"),
    _opt("question", "qu"),
    _opt("raflag", "ra"),
    _opt("rdflag", "rd"),
    _opt("recurse", "rec"),
    _opt("retry", "ret", names=("retry", "retries")),
    _opt("rrcomments", "rr"),
    _opt("search", "se"),
    _opt("short", "shor"),
    _opt("showbadcookie", "showb"),
    _opt("showsearch", "shows"),
    _opt("sigchase", "si"),
    _opt("split", "sp"),
    _opt("stats", "st"),
    _opt("subnet", "su"),
    _opt("tcflag", "tcf"),
    _opt("tcp", "tcp"),
    _opt("timeout", "ti"),
    _opt("tls", "tls$"),
    _opt("tls-ca", "tls-ca"),
    _opt("tls-certfile", "tls-ce"),
    _opt("tls-hostname", "tls-h"),
    _opt("tls-keyfile", "tls-k"),
    _opt("topdown", "to"),
    _opt("trace", "tra"),
    _opt("tries", "tri"),
    _opt("trusted-key", "tru"),
    _opt("ttlid", "ttl$", "ttli", names=("ttl", "ttlid")),
    _opt("ttlunits", "ttlu"),
    _opt("unexpected", "une"),
    _opt("unknownformat", "unk"),
    _opt("vc", "v"),
    _opt("yaml", "y"),
    _opt("zflag", "z"),
)

# pydig's own options.  Each dispatch begins where dig's switch gives up, so no word dig
# accepts reaches them: after "co" dig knows only f/m/o ("col" is free), no dig option
# starts with "j", and after "t" only c/i/l/o/r/t ("ta" is free; "+t" stays invalid).
# tests/test_help.py checks every abbreviation against the dig-only table and dig itself.
PYDIG_PLUS_OPTIONS: tuple[PlusOption, ...] = (
    _opt("color", "col", names=("color", "colour")),
    _opt("json", "j"),
    _opt("table", "ta"),
    # After "co" "n" is free too ("+con" stays invalid); dig has no option in "sw".
    _opt("concurrency", "conc"),
    _opt("sweep-limit", "sweep-l"),
    _opt("sweep-missing", "sweep-m"),
)

PLUS_OPTIONS = DIG_PLUS_OPTIONS + PYDIG_PLUS_OPTIONS


def _dispatch_length(word: str, dispatch: str) -> int:
    """How many letters of `word` dig's switch consumed to reach this entry; -1 if none."""
    if dispatch.endswith("$"):
        return len(word) + 1 if word == dispatch[:-1] else -1
    # dig's switch compares letters case-sensitively.
    return len(dispatch) if word.startswith(dispatch) else -1


def lookup_plus_option(
    word: str, options: tuple[PlusOption, ...] = PLUS_OPTIONS
) -> PlusOption | None:
    """The option dig would pick for `word` (without "+" and "no"), or None."""
    best: PlusOption | None = None
    best_length = 0
    for option in options:
        length = max(_dispatch_length(word, d) for d in option.dispatch)
        if length > best_length:
            best, best_length = option, length
    if best is None:
        return None
    lowered = word.lower()
    # dig's FULLCHECK: what was typed must be a prefix of one of the full names.
    if any(name.startswith(lowered) for name in best.names):
        return best
    return None
