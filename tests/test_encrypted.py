"""+tls*, +https*, +http-plain*: dig's option rules, and DoT / DoH against named's listeners.

The end-to-end tests ask the `secure_named` fixture (tests/helpers/secure_testbed.py): named with
a tls listener (DoT), tls+http (DoH) and plain http, serving a certificate that
tests/helpers/certs.py made for ns.pydig.test and 127.0.0.1.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.certs import SERVER_NAME
from helpers.secure_testbed import HTTP_PATHS, SecureNamed

from pydig.app import run
from pydig.cli.parse import parse_argv
from pydig.environment import Environment
from pydig.errors import ExitStatus, UsageError
from pydig.model.invocation import Invocation, QuerySettings
from pydig.model.secure import SecureSettings, is_valid_http_path


def settings_for(*words: str) -> QuerySettings:
    parsed = parse_argv([*words, "example.test"])
    assert isinstance(parsed, Invocation)
    return parsed.queries[0].settings


@pytest.mark.parametrize(
    ("words", "label", "port", "tcp"),
    [
        ((), None, 53, False),
        (("+tls",), "TLS", 853, True),
        (("+tls", "+notls"), None, 53, False),
        (("+tcp", "+notls"), None, 53, True),
        (("+tls-ca",), "TLS", 853, True),  # any +tls-* option means DoT with verification
        (("+tls-hostname=ns.pydig.test",), "TLS", 853, True),
        (("+https",), "HTTPS", 443, True),
        (("+https-get",), "HTTPS-GET", 443, True),
        (("+https-post",), "HTTPS", 443, True),
        (("+http-plain",), "HTTP", 80, True),
        (("+http-plain-get",), "HTTP-GET", 80, True),
        (("+http-plain-post",), "HTTP", 80, True),
        (("+https", "+nohttps"), None, 53, True),  # dig leaves TCP on
        (("+https-get", "+https"), "HTTPS-GET", 443, True),  # GET is never undone
        (("+http-plain", "+https"), "HTTP", 80, True),  # nor plain HTTP
        (("+https", "+tls"), "TLS", 853, True),  # TLS wins
        (("+tls-ca", "+https"), "HTTPS", 443, True),
        (("+ht",), "HTTPS", 443, True),
        (("+https-g",), "HTTPS-GET", 443, True),
        (("+http-plain-g",), "HTTP-GET", 80, True),
    ],
)
def test_transport_options_as_dig_reads_them(
    words: tuple[str, ...], label: str | None, port: int, tcp: bool
) -> None:
    settings = settings_for(*words)
    assert (settings.secure.label(), settings.secure.default_port(), settings.tcp) == (
        label,
        port,
        tcp,
    )


def test_https_path_and_tls_values() -> None:
    secure = settings_for(
        "+https=/alt-path", "+tls-ca=/ca.pem", "+tls-hostname=ns", "+tls-certfile=c",
        "+tls-keyfile=k",
    ).secure  # fmt: skip
    assert secure == SecureSettings(
        tls_ca_set=True, tls_ca_file="/ca.pem", tls_hostname="ns", tls_cert_file="c",
        tls_key_file="k", https_mode=True, https_path="/alt-path",
    )  # fmt: skip


def test_options_are_per_lookup() -> None:
    parsed = parse_argv(["a.test", "+tls", "b.test"])
    assert isinstance(parsed, Invocation)
    assert [q.settings.secure.is_tls for q in parsed.queries] == [True, False]


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("+https=a", ';; The given HTTP path "a" is not a valid absolute path\n'),
        ("+http-plain=//x", ';; The given HTTP path "//x" is not a valid absolute path\n'),
        ("+tls-hostname", ";; TLS hostname is not specified\nInvalid option: +tls-hostname"),
        ("+tls-certfile=", ";; TLS certificate file is not specified\n"),
        ("+tls-keyfile", ";; TLS private key file is not specified\n"),
    ],
)
def test_bad_values_are_refused_as_dig_does(word: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_argv([word, "example.test"])
    assert caught.value.show_usage and caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("path", "valid"),
    [
        ("/", True), ("/dns-query", True), ("/a//b", True), ("/%41", True), ("/a:b@c", True),
        ("/-._~!$&'()*+,;=", True), ("a", False), ("//x", False), ("/%zz", False),
        ("/a?b", False), ("/a#b", False), ("/a b", False), ("", False),
    ],
)  # fmt: skip
def test_http_path_rule(path: str, valid: bool) -> None:
    assert is_valid_http_path(path) is valid


def pydig(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(list(args), Environment(stdout=stdout, stderr=stderr, home=None))
    return status, stdout.getvalue(), stderr.getvalue()


def at(port: int) -> list[str]:
    return ["-r", "@127.0.0.1", "-p", str(port), "+noall", "+answer", "+stats"]


def server_line(port: int, transport: str) -> str:
    return f";; SERVER: 127.0.0.1#{port}(127.0.0.1) ({transport})\n"


ANSWER = "linuxvoice.test.\t600\tIN\tA\t192.0.2.80\n"


@pytest.mark.parametrize(
    ("option", "listener", "transport"),
    [
        ("+tls", "tls_port", "TLS"),
        ("+https", "https_port", "HTTPS"),
        ("+https-get", "https_port", "HTTPS-GET"),
        ("+https-post", "https_port", "HTTPS"),
        ("+http-plain", "http_port", "HTTP"),
        ("+http-plain-get", "http_port", "HTTP-GET"),
        (f"+https={HTTP_PATHS[1]}", "https_port", "HTTPS"),
    ],
)
def test_query_over_each_transport(
    secure_named: SecureNamed, option: str, listener: str, transport: str
) -> None:
    port = getattr(secure_named, listener)
    status, out, err = pydig(*at(port), option, "linuxvoice.test")
    assert (status, err) == (0, "")
    assert out.startswith(ANSWER) and server_line(port, transport) in out


def test_certificate_verified_against_the_ca(secure_named: SecureNamed) -> None:
    ca = f"+tls-ca={secure_named.certs.ca}"
    for words in ([ca], [ca, f"+tls-hostname={SERVER_NAME}"]):
        status, out, _ = pydig(*at(secure_named.tls_port), *words, "linuxvoice.test")
        assert status == 0 and out.startswith(ANSWER)
    status, out, _ = pydig(*at(secure_named.https_port), "+https", ca, "linuxvoice.test")
    assert status == 0 and out.startswith(ANSWER)


def test_client_certificate(secure_named: SecureNamed) -> None:
    certs = secure_named.certs
    status, out, _ = pydig(
        *at(secure_named.tls_port), f"+tls-ca={certs.ca}", f"+tls-certfile={certs.client_cert}",
        f"+tls-keyfile={certs.client_key}", "linuxvoice.test",
    )  # fmt: skip
    assert status == 0 and out.startswith(ANSWER)


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (("+tls-ca=OTHER",), "unable to get local issuer certificate"),
        (("+tls-ca=CA", "+tls-hostname=wrong.test"), "hostname mismatch"),
        (("+https", "+tls-ca=CA", "+tls-hostname=wrong.test"), "hostname mismatch"),
    ],
)
def test_rejected_certificate_ends_the_lookup(
    secure_named: SecureNamed, words: tuple[str, ...], reason: str
) -> None:
    certs = secure_named.certs
    words = tuple(
        w.replace("OTHER", str(certs.other_ca)).replace("CA", str(certs.ca)) for w in words
    )
    port = secure_named.https_port if "+https" in words else secure_named.tls_port
    status, out, err = pydig("-r", "@127.0.0.1", "-p", str(port), *words, "linuxvoice.test")
    # dig prints the same line but exits 0; pydig says no reply came (man page, DIFFERENCES).
    assert (status, err) == (int(ExitStatus.NO_REPLY), "")
    assert out == f";; TLS peer certificate verification for 127.0.0.1#{port} failed: {reason}\n"


def test_transfer_over_tls(secure_named: SecureNamed) -> None:
    status, out, _ = pydig(
        "-r", "@127.0.0.1", "-p", str(secure_named.tls_port), "+tls", "linuxvoice.test", "AXFR"
    )
    assert status == 0 and server_line(secure_named.tls_port, "TLS") in out
    assert ";; XFR size: 8 records (messages 1, " in out


def test_unknown_http_path_is_a_communications_error(secure_named: SecureNamed) -> None:
    port = secure_named.https_port
    status, out, _ = pydig(*at(port), "+https=/nope", "+tries=2", "linuxvoice.test")
    failure = f";; communications error to 127.0.0.1#{port}: failure\n"
    assert status == int(ExitStatus.NO_REPLY)
    assert out.startswith(failure * 2) and out.endswith(";; no servers could be reached\n")


@pytest.mark.parametrize("option", ["+tls", "+https"])
def test_nothing_listening(option: str, tmp_path: Path) -> None:
    from helpers.testbed import free_port

    port = free_port()
    status, out, _ = pydig(*at(port), option, "+tries=1", "linuxvoice.test")
    assert status == int(ExitStatus.NO_REPLY)
    assert out.startswith(
        f";; Connection to 127.0.0.1#{port}(127.0.0.1) for linuxvoice.test failed: "
        "connection refused.\n"
    )


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("+tls-ca=/nonexistent/ca.pem",), "pydig: TLS context cannot be created: CA file"),
        (("+tls", "+tls-certfile=CERT"), "pydig: +tls-certfile and +tls-keyfile must be given"),
        (("+https", "+tls-keyfile=CERT"), "pydig: +tls-certfile and +tls-keyfile must be given"),
    ],
)
def test_tls_setup_errors_stop_before_sending(
    secure_named: SecureNamed, words: tuple[str, ...], message: str
) -> None:
    words = tuple(w.replace("CERT", str(secure_named.certs.client_cert)) for w in words)
    port = secure_named.https_port if "+https" in words else secure_named.tls_port
    status, out, err = pydig(*at(port), *words, "linuxvoice.test")
    assert (status, out) == (int(ExitStatus.INTERNAL), "")
    assert err.startswith(message)


def test_plain_lookups_do_not_load_tls_or_http_modules(tmp_path: Path) -> None:
    """Cold start: ssl, dns.query and httpx2 load only for a lookup that uses them."""
    code = (
        "import sys; from pydig.cli.parse import parse_argv; import pydig.app, pydig.lookup.plan; "
        "parse_argv(['+tls', '+https', 'example.test']); "
        "print(sorted(m for m in ('ssl', 'dns.query', 'httpx2', 'pydig.transport.tls', "
        "'pydig.transport.https') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "[]"
