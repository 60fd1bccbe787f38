"""-y and -k: reading keys, signing queries once, checking replies, and dig's lines about it.

The end-to-end tests ask the `secure_named` fixture (tests/helpers/secure_testbed.py): named with
the key pydig-key, and the zone tsig.test that only a holder of that key may transfer.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import dns.message
import dns.rcode
import dns.tsig
import pytest
from helpers.secure_testbed import (
    KEY_ALGORITHM,
    KEY_NAME,
    MD5_KEY_NAME,
    SECRET,
    TSIG_ZONE,
    TSIG_ZONE_RECORDS,
    WRONG_SECRET,
    SecureNamed,
    key_statement,
)

from pydig.app import run
from pydig.cli.parse import parse_argv
from pydig.environment import Environment
from pydig.errors import ExitStatus, UsageError
from pydig.model.invocation import Invocation
from pydig.model.secure import TsigSecret
from pydig.wire.tsig import (
    CLOCK_SKEW,
    EXPECTED_TSIG,
    PEER_ERROR,
    VERIFY_FAILURE,
    ReplyVerifier,
    TsigKeyError,
    lookup_secret,
    parse_y_option,
    read_key_file,
    sign_query,
    tsig_key,
)

KEY = TsigSecret(name=dns.name.from_text(KEY_NAME), algorithm=KEY_ALGORITHM, secret=b"k" * 32)


@pytest.mark.parametrize(
    ("value", "algorithm", "name"),
    [
        (f"hmac-sha256:{KEY_NAME}:{SECRET}", "hmac-sha256", KEY_NAME),
        (f"{KEY_NAME}:{SECRET}", "hmac-md5", KEY_NAME),  # dig 9.18's default algorithm
        (f"HMAC-SHA512:{KEY_NAME}:{SECRET}", "hmac-sha512", KEY_NAME),
        (f"hmac-sha1:name.example:{SECRET}", "hmac-sha1", "name.example"),
        (f"::{KEY_NAME}::{SECRET}", "hmac-md5", KEY_NAME),  # strtok skips empty fields
    ],
)
def test_y_option_is_read_as_dig_splits_it(value: str, algorithm: str, name: str) -> None:
    secret = parse_y_option(value)
    assert (secret.algorithm, secret.name, secret.secret) == (
        algorithm,
        dns.name.from_text(name),
        dns.tsig.Key(name, SECRET).secret,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("justaname", "-y needs [alg:]name:secret"),
        (f"hmac-sha999:{KEY_NAME}:{SECRET}", "unknown TSIG algorithm 'hmac-sha999'"),
        (f"hmac-sha256-128:{KEY_NAME}:{SECRET}", "truncated TSIG MACs"),
        (f"{KEY_NAME}:not*base64", "is not valid base64"),
        (f"hmac-sha256:bad..name:{SECRET}", "'bad..name' is not a legal TSIG key name"),
        (f"hmac-sha256:{KEY_NAME}:{SECRET}:more", "is not valid base64"),
    ],
)
def test_bad_y_option_is_a_usage_error(value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_y_option(value)


def test_key_file_in_bind_format(tmp_path: Path) -> None:
    path = tmp_path / "key.conf"
    path.write_text(
        "# made by tsig-keygen\n/* a comment */\n"
        + key_statement(KEY_NAME, "HMAC-SHA384", SECRET)
        + "// trailing\n"
    )
    secret = read_key_file(str(path))
    assert (secret.name, secret.algorithm) == (dns.name.from_text(KEY_NAME), "hmac-sha384")


def test_key_file_from_dnssec_keygen(tmp_path: Path) -> None:
    (tmp_path / "Kpydig-key.+163+01234.private").write_text(
        f"Private-key-format: v1.3\nAlgorithm: 163 (HMAC_SHA256)\nKey: {SECRET}\nBits: AAA=\n"
    )
    secret = read_key_file(str(tmp_path / "Kpydig-key.+163+01234.key"))
    assert (secret.name, secret.algorithm) == (dns.name.from_text(KEY_NAME), "hmac-sha256")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('key "k" { algorithm hmac-sha256; };', "key must have algorithm and secret"),
        ('key "k" { algorithm hmac-sha256; secret "@@"; };', "is not valid base64"),
        ('key "k" { algorithm rsa; secret "AAAA"; };', "unknown TSIG algorithm 'rsa'"),
        ('zone "k" { };', "expected key"),
        ('key "k" { algorithm hmac-sha256 secret "AAAA"; };', "expected ';'"),
    ],
)
def test_bad_key_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / f"bad{abs(hash(text))}.conf"
    path.write_text(text)
    with pytest.raises(TsigKeyError, match=message):
        read_key_file(str(path))


def test_missing_key_file() -> None:
    with pytest.raises(TsigKeyError, match="couldn't read key from /nonexistent/key"):
        read_key_file("/nonexistent/key")


def test_dash_k_and_dash_y_are_global_and_k_wins(tmp_path: Path) -> None:
    path = tmp_path / "key.conf"
    path.write_text(key_statement("file-key", "hmac-sha256", SECRET))
    parsed = parse_argv(["example.test", "-y", f"{KEY_NAME}:{SECRET}", "-k", str(path)])
    assert isinstance(parsed, Invocation)
    settings = parsed.globals
    assert settings.tsig_secret is not None and settings.tsig_key_file == str(path)
    secret = lookup_secret(settings.tsig_key_file, settings.tsig_secret)
    assert secret is not None and secret.name == dns.name.from_text("file-key")


def _signed_query() -> dns.message.Message:
    query = dns.message.make_query("example.test", "A")
    sign_query(query, KEY)
    return query


def test_query_is_signed_once_and_resent_unchanged() -> None:
    query = _signed_query()
    wire = query.to_wire()
    assert query.to_wire() == wire
    assert query.tsig is not None and query.mac == query.tsig[0].mac
    parsed = dns.message.from_wire(wire, keyring=tsig_key(KEY))  # the MAC verifies
    assert parsed.had_tsig


def _reply(query: dns.message.Message, key: dns.tsig.Key | None, error: int = 0) -> bytes:
    response = dns.message.make_response(query)
    response.keyring = None
    response.tsig = None
    if key is not None:
        response.use_tsig(key, original_id=query.id, tsig_error=error)
        response.request_mac = query.mac
    return response.to_wire()


def test_verifier_accepts_a_good_reply() -> None:
    query = _signed_query()
    verifier = ReplyVerifier.for_query(query, transfer=False)
    assert verifier is not None
    assert verifier.check(_reply(query, tsig_key(KEY))) is None


@pytest.mark.parametrize(
    ("key", "error", "reason"),
    [
        (None, 0, EXPECTED_TSIG),
        (dns.tsig.Key(KEY_NAME, b"x" * 32, "hmac-sha256"), 0, VERIFY_FAILURE),
        (dns.tsig.Key("other-key", b"k" * 32, "hmac-sha256"), 0, VERIFY_FAILURE),
        (dns.tsig.Key(KEY_NAME, b"k" * 32, dns.tsig.HMAC_MD5), 0, VERIFY_FAILURE),
        (tsig_key(KEY), dns.rcode.BADSIG, PEER_ERROR),
        (tsig_key(KEY), dns.rcode.BADKEY, PEER_ERROR),
        (tsig_key(KEY), dns.rcode.BADTIME, CLOCK_SKEW),  # dig: "clocks are unsynchronized"
    ],
)
def test_verifier_gives_digs_reason(key: dns.tsig.Key | None, error: int, reason: str) -> None:
    query = _signed_query()
    verifier = ReplyVerifier.for_query(query, transfer=False)
    assert verifier is not None
    assert verifier.check(_reply(query, key, error)) == reason


def test_verifier_reports_clock_skew() -> None:
    query = _signed_query()
    response = dns.message.make_response(query)
    response.use_tsig(tsig_key(KEY), original_id=query.id, fudge=0)  # no skew allowed
    response.request_mac = query.mac
    wire = response.to_wire()
    verifier = ReplyVerifier.for_query(query, transfer=False)
    assert verifier is not None
    time.sleep(1.1)  # a second later: beyond a fudge of 0
    assert verifier.check(wire) == CLOCK_SKEW


def test_unsigned_query_has_no_verifier() -> None:
    query = dns.message.make_query("example.test", "A")
    assert ReplyVerifier.for_query(query, transfer=False) is None


def pydig(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(list(args), Environment(stdout=stdout, stderr=stderr, home=None))
    return status, stdout.getvalue(), stderr.getvalue()


def _server(secure_named: SecureNamed) -> list[str]:
    return ["-r", "@127.0.0.1", "-p", str(secure_named.port)]


def test_signed_query_shows_the_tsig_pseudosection(secure_named: SecureNamed) -> None:
    status, out, err = pydig(
        *_server(secure_named), "-y", f"{KEY_ALGORITHM}:{KEY_NAME}:{SECRET}", "linuxvoice.test"
    )
    assert (status, err) == (0, "")
    assert ";; TSIG PSEUDOSECTION:\npydig-key.\t\t0\tANY\tTSIG\thmac-sha256. " in out
    assert " NOERROR 0 \n\n;; Query time:" in out
    assert "WARNING" not in out.replace("WARNING: recursion", "")


def test_md5_is_the_default_algorithm(secure_named: SecureNamed) -> None:
    status, out, _ = pydig(
        *_server(secure_named), "-y", f"{MD5_KEY_NAME}:{SECRET}", "+short", "linuxvoice.test"
    )
    assert (status, out) == (0, "192.0.2.80\n")


def test_wrong_secret_is_reported_as_dig_does(secure_named: SecureNamed) -> None:
    status, out, _ = pydig(
        *_server(secure_named),
        "-y",
        f"{KEY_ALGORITHM}:{KEY_NAME}:{WRONG_SECRET}",
        "linuxvoice.test",
    )
    assert status == 0
    assert out.startswith(";; Couldn't verify signature: tsig indicates error\n\n; <<>> pydig")
    assert " BADSIG 0 \n" in out
    assert ";; MSG SIZE  rcvd: " in out
    assert out.endswith(";; WARNING -- Some TSIG could not be validated\n\n")


def test_key_file_signs_a_transfer_of_many_messages(secure_named: SecureNamed) -> None:
    status, out, err = pydig(
        *_server(secure_named), "-k", str(secure_named.key_file), TSIG_ZONE, "AXFR"
    )
    assert (status, err) == (0, "")
    records = TSIG_ZONE_RECORDS + 4  # the SOA twice, the NS and its address
    assert f";; XFR size: {records} records (messages " in out
    messages = int(out.split("(messages ")[1].split(",")[0])
    assert messages > 1 and out.count("\tTSIG\thmac-sha256. ") == messages
    assert "Couldn't verify" not in out and "WARNING" not in out


def test_transfer_without_the_key_is_refused(secure_named: SecureNamed) -> None:
    _, out, _ = pydig(*_server(secure_named), TSIG_ZONE, "AXFR")
    assert "; Transfer failed." in out


def test_bad_key_stops_before_anything_is_sent(tmp_path: Path, secure_named: SecureNamed) -> None:
    path = tmp_path / "broken.conf"
    path.write_text(f'key "{KEY_NAME}" {{ algorithm hmac-sha256; }};')
    status, out, err = pydig(*_server(secure_named), "-k", str(path), "linuxvoice.test")
    assert (status, out) == (int(ExitStatus.INTERNAL), "")
    assert err == f"pydig: couldn't read key from {path}: key must have algorithm and secret\n"


def test_fuzztime_fixes_the_time_signed() -> None:
    query = dns.message.make_query("example.test", "A")
    sign_query(query, KEY, time_signed=0x622ACCE1)
    wire = query.to_wire()
    parsed = dns.message.from_wire(wire, keyring=False)
    assert parsed.tsig is not None and parsed.tsig[0].time_signed == 0x622ACCE1
    assert query.to_wire() == wire
    with pytest.raises(dns.tsig.BadTime):  # checked after the MAC, which verified
        dns.message.from_wire(wire, keyring=tsig_key(KEY))
