"""TSIG for -y and -k: the key, signing the query once, and checking every reply.

dig signs with dnspython-compatible HMAC keys only.  Unlike dig, which prints a
warning and sends the query unsigned when a key cannot be used, pydig stops
with an error before anything is sent.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from pathlib import Path

import dns.exception
import dns.message
import dns.name
import dns.rrset
import dns.tsig

from pydig.errors import ExitStatus, PydigError, UsageError
from pydig.immutable import mutable
from pydig.model.secure import TsigSecret
from pydig.wire import bind_options  # noqa: F401 - dnspython parses replies here: BIND's option rules

# dig's names (parse_hmac) -> the algorithm names on the wire.
ALGORITHMS: dict[str, dns.name.Name] = {
    "hmac-md5": dns.tsig.HMAC_MD5,
    "hmac-sha1": dns.tsig.HMAC_SHA1,
    "hmac-sha224": dns.tsig.HMAC_SHA224,
    "hmac-sha256": dns.tsig.HMAC_SHA256,
    "hmac-sha384": dns.tsig.HMAC_SHA384,
    "hmac-sha512": dns.tsig.HMAC_SHA512,
}
DEFAULT_Y_ALGORITHM = "hmac-md5"  # dig 9.18's -y default when no algorithm is named
FUDGE = 300  # seconds, as dig

# K*.private files name the algorithm by DST number.
_DST_ALGORITHMS = {
    157: "hmac-md5",
    161: "hmac-sha1",
    162: "hmac-sha224",
    163: "hmac-sha256",
    164: "hmac-sha384",
    165: "hmac-sha512",
}
_TRUNCATED = re.compile(r"(hmac-(?:md5|sha1|sha224|sha256|sha384|sha512))-\d+", re.IGNORECASE)
_KEY_PAIR_FILE = re.compile(r"K(?P<name>.+)\.\+(?P<alg>\d{3})\+\d{5}(?:\.key|\.private)?")

# dig's texts for dns_tsig_verify's results.
VERIFY_FAILURE = "tsig verify failure"
PEER_ERROR = "tsig indicates error"
EXPECTED_TSIG = "expected a TSIG or SIG(0)"
CLOCK_SKEW = "clocks are unsynchronized"


class TsigKeyError(PydigError):
    """The TSIG key cannot be used (dig's fatal errors exit 10)."""

    status = ExitStatus.INTERNAL


def tsig_key(secret: TsigSecret) -> dns.tsig.Key:
    return dns.tsig.Key(secret.name, secret.secret, ALGORITHMS[secret.algorithm])


def algorithm_from_text(text: str, error: type[PydigError]) -> str:
    lowered = text.lower()
    if lowered in ALGORITHMS:
        return lowered
    truncated = _TRUNCATED.fullmatch(lowered)
    if truncated:
        raise error(f"truncated TSIG MACs ('{text}') are not supported; use {truncated.group(1)}")
    raise error(f"unknown TSIG algorithm '{text}'")


def secret_from_base64(text: str, key_name: str, error: type[PydigError]) -> bytes:
    """The secret's bytes; BIND's decoder skips white space, and so does this one."""
    compact = "".join(text.split())
    try:
        secret = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise error(f"the secret of TSIG key '{key_name}' is not valid base64") from None
    if not secret:
        raise error(f"the secret of TSIG key '{key_name}' is empty")
    return secret


def key_name_from_text(text: str, error: type[PydigError]) -> dns.name.Name:
    try:
        return dns.name.from_text(text)
    except (dns.exception.DNSException, ValueError):
        raise error(f"'{text}' is not a legal TSIG key name") from None


def _y_words(value: str) -> tuple[str, str, str] | None:
    """(algorithm, name, secret) split as dig's strtok calls split -y's value."""
    rest = value.lstrip(":")
    first, _, rest = rest.partition(":")
    rest = rest.lstrip(":")
    if not first or not rest:
        return None
    second, _, third = rest.partition(":")
    if third:
        return first, second, third
    return DEFAULT_Y_ALGORITHM, first, second


def parse_y_option(value: str) -> TsigSecret:
    """-y [alg:]name:secret, checked completely before anything is sent."""
    words = _y_words(value)
    if words is None:
        raise UsageError(f"-y needs [alg:]name:secret, not '{value}'", show_usage=True)
    algorithm, name, secret = words
    return TsigSecret(
        name=key_name_from_text(name, UsageError),
        algorithm=algorithm_from_text(algorithm, UsageError),
        secret=secret_from_base64(secret, name, UsageError),
    )


_CONF_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|//[^\n]*|/\*.*?\*/|"(?P<quoted>[^"]*)"|(?P<punct>[{};])|(?P<word>[^\s{};"]+)""",
    re.DOTALL,
)


def _conf_tokens(text: str) -> list[str]:
    """The words, quoted strings and {};  of a named.conf-style file, comments dropped."""
    tokens: list[str] = []
    position = 0
    while position < len(text):
        match = _CONF_TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"unexpected '{text[position]}'")
        position = match.end()
        for group in ("quoted", "punct", "word"):
            if match.group(group) is not None:
                tokens.append(match.group(group))
    return tokens


def _parse_key_statement(tokens: list[str]) -> tuple[str, dict[str, str]]:
    """key "name" { algorithm a; secret "s"; };  ->  (name, {clause: value})."""
    if len(tokens) < 3 or tokens[0].lower() != "key" or tokens[2] != "{":
        raise ValueError('expected key "name" { algorithm ...; secret "..."; };')
    name, clauses, index = tokens[1], {}, 3
    while index < len(tokens) and tokens[index] != "}":
        if index + 2 >= len(tokens) or tokens[index + 2] != ";":
            raise ValueError(f"expected ';' after '{tokens[index]}'")
        clauses[tokens[index].lower()] = tokens[index + 1]
        index += 3
    if index >= len(tokens):
        raise ValueError("missing '}'")
    return name, clauses


def _read_conf_key(path: str, text: str) -> TsigSecret:
    try:
        name, clauses = _parse_key_statement(_conf_tokens(text))
    except ValueError as exc:
        raise TsigKeyError(f"couldn't read key from {path}: {exc}") from None
    if "algorithm" not in clauses or "secret" not in clauses:
        raise TsigKeyError(f"couldn't read key from {path}: key must have algorithm and secret")
    return TsigSecret(
        name=key_name_from_text(name, TsigKeyError),
        algorithm=algorithm_from_text(clauses["algorithm"], TsigKeyError),
        secret=secret_from_base64(clauses["secret"], name, TsigKeyError),
    )


def _read_private_key(path: Path, name: str, number: int) -> TsigSecret:
    """A Kname.+163+12345.private file as dnssec-keygen wrote HMAC keys."""
    algorithm = _DST_ALGORITHMS.get(number)
    if algorithm is None:
        raise TsigKeyError(f"{path}: only HMAC keys can sign with TSIG (SIG(0) is not supported)")
    private = path.with_name(path.name.removesuffix(".key").removesuffix(".private") + ".private")
    try:
        lines = private.read_text().splitlines()
    except OSError as exc:
        raise TsigKeyError(f"couldn't read key from {private}: {exc.strerror}") from None
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    if "Key" not in fields:
        raise TsigKeyError(f"couldn't read key from {private}: no Key: line")
    return TsigSecret(
        name=key_name_from_text(name, TsigKeyError),
        algorithm=algorithm,
        secret=secret_from_base64(fields["Key"], name, TsigKeyError),
    )


@functools.cache
def read_key_file(path_text: str) -> TsigSecret:
    """-k: a BIND key file (key "name" { ... };) or an HMAC K*.+NNN+NNNNN key pair."""
    path = Path(path_text)
    pair = _KEY_PAIR_FILE.fullmatch(path.name)
    if pair is not None:
        return _read_private_key(path, pair.group("name"), int(pair.group("alg")))
    try:
        text = path.read_text()
    except OSError as exc:
        raise TsigKeyError(f"couldn't read key from {path_text}: {exc.strerror}") from None
    return _read_conf_key(path_text, text)


def lookup_secret(key_file: str | None, secret: TsigSecret | None) -> TsigSecret | None:
    """The key every lookup is signed with: -k wins over -y, as in dig."""
    if key_file is not None:
        return read_key_file(key_file)
    return secret


def sign_query(
    query: dns.message.Message, secret: TsigSecret, *, time_signed: int | None = None
) -> None:
    """Sign the query once, as dig does when it renders it; every send reuses those bytes.

    time_signed is +fuzztime's fixed time; None signs with the current time."""
    query.use_tsig(tsig_key(secret), fudge=FUDGE)
    if time_signed is None:
        _freeze_signature(query)
        return
    assert query.tsig is not None
    placeholder = query.tsig
    query.tsig = None
    unsigned = query.to_wire()  # what dnspython signs: the message before its TSIG
    query.tsig = placeholder
    signed, _ = dns.tsig.sign(  # type: ignore[no-untyped-call]
        unsigned, query.keyring, placeholder[0], time_signed, b""
    )
    query.tsig = dns.rrset.from_rdata(placeholder.name, 0, signed)
    query.want_tsig_sign = False


def _freeze_signature(query: dns.message.Message) -> None:
    query.to_wire()  # computes the MAC and stores the signed TSIG record in query.tsig
    # Without this, each later to_wire() would sign again with a new time and MAC; the
    # stored record is what +qr prints and what the reply's MAC is chained to.
    query.want_tsig_sign = False


def resign(query: dns.message.Message) -> None:
    """Sign a changed copy of a signed query again (a new ID or EDNS version); else nothing."""
    if isinstance(query.keyring, dns.tsig.Key):
        query.use_tsig(query.keyring, fudge=FUDGE)
        _freeze_signature(query)


@mutable
class ReplyVerifier:
    """dig's dns_tsig_verify for each reply to a signed query.

    The messages of a zone transfer chain their MACs, so one verifier serves one
    transfer from its first message to its last.
    """

    key: dns.tsig.Key
    request_mac: bytes
    transfer: bool
    context: dns.tsig.HMACTSig | dns.tsig.GSSTSig | None = None
    messages: int = 0

    @classmethod
    def for_query(cls, query: dns.message.Message, *, transfer: bool) -> ReplyVerifier | None:
        if not isinstance(query.keyring, dns.tsig.Key):
            return None
        return cls(key=query.keyring, request_mac=query.mac or b"", transfer=transfer)

    def check(self, wire: bytes) -> str | None:
        """None when the reply's TSIG verifies, else dig's reason."""
        first = self.messages == 0
        self.messages += 1
        try:
            message = dns.message.from_wire(
                wire,
                keyring=self.key,
                request_mac=self.request_mac,
                tsig_ctx=self.context,
                multi=self.transfer,
                one_rr_per_rrset=True,
                ignore_trailing=True,
            )
        except (dns.tsig.BadTime, dns.tsig.PeerBadTime):  # our clock or the server's
            return CLOCK_SKEW
        except dns.tsig.PeerError:
            return PEER_ERROR
        except dns.exception.FormError as exc:
            return EXPECTED_TSIG if "requires a TSIG" in str(exc) else VERIFY_FAILURE
        except (dns.exception.DNSException, ValueError, KeyError, EOFError):
            return VERIFY_FAILURE
        self.context = message.tsig_ctx
        if first and not message.had_tsig:
            return EXPECTED_TSIG
        return None
