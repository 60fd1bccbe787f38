"""Names: the search list (+search, +domain, +ndots, +showsearch) and IDN (+idnin, +idnout).

The search steps and the IDN conversions are pure and tested alone.  dig reads only
/etc/resolv.conf, so the side-by-side cases run dig in a mount namespace of its own
(`unshare -m`) where a resolv.conf of the test's, naming 127.0.0.1, is bind-mounted over
/etc/resolv.conf; pydig reads the same file through PYDIG_RESOLV_CONF.  Every query
names the test named's port with -p.  IDN cases run against a named that also serves
idn.test (fixtures/zones/idn.test.zone); dig's terminal default is checked under a
pseudo-terminal (`script`).
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import unavailable
from helpers.differential import Outcome, diff, normalize, prepare_home
from helpers.testbed import Named

from pydig.app import run
from pydig.cli.rcfile import parse_resolv_conf
from pydig.environment import Environment
from pydig.errors import ExitStatus
from pydig.lookup.search import first_step, next_step
from pydig.model.rules import SearchList, SearchStep
from pydig.wire.idn import IdnError, to_ace, to_unicode

# --- the search steps (dighost.c setup_lookup and next_origin) ------------------------------


def steps(text: str, search: SearchList) -> list[str]:
    """The names a lookup of `text` tries, one after another, when each is NXDOMAIN."""
    tried = []
    step: SearchStep | None = first_step(text, search)
    while step is not None:
        origin = step.origin
        tried.append(text if origin is None else f"{text}.{search.domains[origin]}")
        step = next_step(step, text, search) if step.searching else None
    return tried


SEARCH = SearchList(use=True, domains=("a.test", "b.test"), ndots=1)

STEPS = [
    pytest.param("host", SEARCH, ["host.a.test", "host.b.test", "host"], id="short-name"),
    pytest.param("host.sub", SEARCH, ["host.sub"], id="enough-dots-as-is-only"),
    pytest.param("host.", SEARCH, ["host."], id="absolute"),
    pytest.param(
        "host.sub",
        SearchList(use=True, domains=("a.test",), ndots=2),
        ["host.sub.a.test", "host.sub"],
        id="ndots-2",
    ),
    pytest.param("host", SearchList(use=False, domains=("a.test",)), ["host"], id="nosearch"),
    pytest.param("host", SearchList(use=True), ["host"], id="empty-list"),
    # An escaped dot counts as a dot but not as a label: dig then searches after the name.
    pytest.param("a\\.b", SEARCH, ["a\\.b", "a\\.b.a.test", "a\\.b.b.test"], id="escaped-dot"),
]


@pytest.mark.parametrize(("text", "search", "expected"), STEPS)
def test_search_steps(text: str, search: SearchList, expected: list[str]) -> None:
    assert steps(text, search) == expected


RESOLV_CONF = [
    pytest.param("search a b\n", ("a", "b"), 1, id="search"),
    pytest.param("search a b\ndomain c\n", ("c",), 1, id="last-line-wins"),
    pytest.param("domain c\nsearch a\n", ("a",), 1, id="search-after-domain"),
    pytest.param(
        "search " + " ".join(f"d{n}" for n in range(10)) + "\n",
        tuple(f"d{n}" for n in range(8)),
        1,
        id="eight-domains",
    ),
    pytest.param("domain a b\n", (), 1, id="domain-two-words-skipped"),
    pytest.param("options ndots:3\n", (), 3, id="ndots"),
    pytest.param("options ndots:300\n", (), 1, id="ndots-out-of-range-skipped"),
]


@pytest.mark.parametrize(("text", "domains", "ndots"), RESOLV_CONF)
def test_resolv_conf_search_and_ndots(text: str, domains: tuple[str, ...], ndots: int) -> None:
    parsed = parse_resolv_conf(text)
    assert (parsed.search, parsed.ndots) == (domains, ndots)


# --- IDN conversions (libidn2 as dig calls it) ----------------------------------------------

TO_ACE = [
    ("bücher.example", "xn--bcher-kva.example"),
    ("Bücher.EXAMPLE.test", "xn--bcher-kva.example.test"),  # mapped to lower case
    ("WWW.Example.Test", "WWW.Example.Test"),  # all ASCII: kept as typed
    ("_sip._tcp.example", "_sip._tcp.example"),
    ("a_b.ü.test", "a_b.xn--tda.test"),
    ("ß.test", "xn--zca.test"),  # IDNA2008, not transitional
    ("☃.test", "xn--n3h.test"),  # not IDNA2008: transitional processing
]


@pytest.mark.parametrize(("text", "ace"), TO_ACE)
def test_to_ace(text: str, ace: str) -> None:
    assert to_ace(text) == ace


def test_to_ace_checks_ace_labels() -> None:
    with pytest.raises(IdnError, match=r"'xn--zz\.test' is not a legal IDNA2008 name"):
        to_ace("xn--zz.test")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("xn--bcher-kva.example.test.", "bücher.example.test."),
        ("XN--BCHER-KVA.test.", "BüCHER.test."),  # the case of the ASCII letters stays
        ("plain.test.", "plain.test."),
        ("xn--n3h.test.", "☃.test."),
        (".", "."),
    ],
)
def test_to_unicode(text: str, shown: str) -> None:
    assert to_unicode(text) == shown


def test_to_unicode_refuses_broken_punycode() -> None:
    with pytest.raises(IdnError, match=r"Bad ACE string 'xn--zz\.test\.'"):
        to_unicode("xn--zz.test.")


# --- dig and pydig side by side, dig in a namespace with our resolv.conf ---------------------


@pytest.fixture(scope="module")
def namespaces() -> None:
    """Whether dig can be given a resolv.conf of ours (unshare -m and a bind mount)."""
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /dev/null /etc/resolv.conf"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        unavailable("cannot bind-mount a resolv.conf for dig (unshare -m needs privileges)")


def run_side_by_side(
    dig: str, args: list[str], resolv_conf: Path, workdir: Path, *, tty: bool = False
) -> tuple[Outcome, Outcome]:
    """dig (its /etc/resolv.conf replaced by resolv_conf) and pydig on the same words."""
    env = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL") if name in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env["TZ"] = "UTC"
    env["PYDIG_RESOLV_CONF"] = str(resolv_conf)
    words = " ".join(shlex.quote(arg) for arg in args)
    dig_line = (
        f"mount --bind {shlex.quote(str(resolv_conf))} /etc/resolv.conf && exec {dig} {words}"
    )
    commands = (
        ["unshare", "-m", "sh", "-c", dig_line],
        [sys.executable, "-m", "pydig", *args],
    )
    outcomes = []
    for name, command in zip(("dig", "pydig"), commands, strict=True):
        home = prepare_home(workdir / f"{name}-home", None)
        if tty:  # a pseudo-terminal for standard output, as a person at a terminal has
            command = ["script", "-qec", shlex.join(command), "/dev/null"]
        done = subprocess.run(
            command, capture_output=True, text=True, env={**env, "HOME": str(home)},
            cwd=home, timeout=60, check=False,
        )  # fmt: skip
        outcomes.append(
            Outcome(
                stdout=normalize(done.stdout.replace("\r\n", "\n")),
                stderr=normalize(done.stderr),
                status=done.returncode,
            )
        )
    return outcomes[0], outcomes[1]


def assert_same(expected: Outcome, got: Outcome) -> None:
    assert "Traceback" not in got.stderr, got.stderr
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")
    assert got.stderr == expected.stderr, diff(expected.stderr, got.stderr, "stderr")
    assert got.status == expected.status


def resolv_conf(workdir: Path, text: str) -> Path:
    path = workdir / "resolv.conf"
    path.write_text("nameserver 127.0.0.1\n" + text)
    return path


NX1 = "search nx1.test example.test\n"

SEARCHES = [
    pytest.param(NX1, "+search host", id="search"),
    pytest.param(NX1, "+showsearch host", id="showsearch"),
    pytest.param(NX1, "+showsearch +qr host", id="showsearch-qr"),
    pytest.param(NX1, "+search nothere", id="search-all-nxdomain"),
    pytest.param(NX1, "+showsearch nothere", id="showsearch-all-nxdomain"),
    pytest.param(NX1, "+search nx.example.test", id="as-is-nxdomain-stats-twice"),
    pytest.param(NX1, "host", id="no-search-by-default"),
    pytest.param(NX1, "+search host.", id="absolute-not-searched"),
    pytest.param(NX1, "+search +short host mail", id="two-names"),
    pytest.param(NX1 + "options ndots:3\n", "+search host.example", id="resolv-ndots"),
    pytest.param(NX1, "+search +ndots=2 host.example", id="ndots-option"),
    pytest.param("domain example.test\n", "+defname host", id="domain-line-defname"),
    pytest.param("", "+domain=example.test host", id="domain-option"),
    pytest.param(NX1, "+domain=example.test +nosearch host", id="domain-then-nosearch"),
    pytest.param("search broken.test example.test\n", "+search host", id="servfail-no-stats"),
    pytest.param("search example.test\n", "+search +qr big TXT", id="truncated-server-cookie"),
    pytest.param(NX1, "+search +noall +answer host +nosearch mail", id="global-search"),
]


@pytest.mark.parametrize(("conf", "args"), SEARCHES)
def test_search_same_as_dig(
    conf: str, args: str, named: Named, dig_binary: str, namespaces: None, tmp_path: Path
) -> None:
    words = ["-r", "-p", str(named.port), *args.split()]
    expected, got = run_side_by_side(dig_binary, words, resolv_conf(tmp_path, conf), tmp_path)
    assert_same(expected, got)


def test_search_in_a_batch_file(named: Named, tmp_path: Path) -> None:
    """pydig alone: +domain in a batch line changes nothing (dig reads it only once)."""
    batch = tmp_path / "names.batch"
    batch.write_text("+search host\n+domain=nx1.test mail\n")
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(
        stdout=stdout, stderr=stderr, resolv_conf=resolv_conf(tmp_path, "search example.test\n")
    )
    status = run(["-r", "-p", str(named.port), "+short", "-f", str(batch)], env)
    assert (status, stdout.getvalue(), stderr.getvalue()) == (
        ExitStatus.OK, "192.0.2.10\n192.0.2.25\n", ""
    )  # fmt: skip


IDN = [
    "+idnin +idnout bücher.idn.test",
    "+idnout café.idn.test",  # no +idnin: the UTF-8 bytes go out, NXDOMAIN
    "+idnin +idnout café.idn.test",  # a CNAME from one IDN to another
    "+idnin +idnout ß.idn.test MX",
    "+idnin +noidnout +short café.idn.test",
    "+idnout xn--4caaaaaaaaaaaaaaa.idn.test",  # columns count UTF-8 bytes
    "+idnin +idnout +multiline ☃.idn.test",
    "+idnin xn--zz.idn.test",  # a broken ACE label: dig's fatal error
]


@pytest.mark.parametrize("args", IDN)
def test_idn_same_as_dig(
    args: str, idn_named: Named, dig_binary: str, namespaces: None, tmp_path: Path
) -> None:
    words = ["-r", "@127.0.0.1", "-p", str(idn_named.port), *args.split()]
    expected, got = run_side_by_side(dig_binary, words, resolv_conf(tmp_path, ""), tmp_path)
    assert_same(expected, got)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ("+nocolor bücher.idn.test", "bücher"),  # on a terminal IDN is on by default
        ("+nocolor +noidnout xn--bcher-kva.idn.test", "xn--bcher-kva"),
    ],
)
def test_idn_default_on_a_terminal(
    args: str, shown: str, idn_named: Named, dig_binary: str, namespaces: None, tmp_path: Path
) -> None:
    if shutil.which("script") is None:
        unavailable("script (util-linux) is needed for a pseudo-terminal")
    # +nocolor: pydig colours a terminal's output, dig does not.
    words = ["-r", "@127.0.0.1", "-p", str(idn_named.port), *args.split()]
    dig_words = [word for word in words if word != "+nocolor"]
    expected, _ = run_side_by_side(
        dig_binary, dig_words, resolv_conf(tmp_path, ""), tmp_path, tty=True
    )
    _, got = run_side_by_side(dig_binary, words, resolv_conf(tmp_path, ""), tmp_path, tty=True)
    assert f";{shown}.idn.test." in expected.stdout
    got = Outcome(stdout=got.stdout.replace(" +nocolor", ""), stderr=got.stderr, status=got.status)
    assert_same(expected, got)
