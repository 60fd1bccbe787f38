"""dig 9.18 and pydig on the same command lines against the test named: same output.

Each parameter is one command line (see tests/helpers/differential.py for the placeholders and
what is normalized).  stdout and the exit status must match exactly; stderr must match
too unless the case says it does not matter.  A pydig traceback is always a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.differential import Case, Ports, diff, run_both
from helpers.secure_testbed import SECRET, WRONG_SECRET, SecureNamed
from helpers.testbed import Named, NamedUnavailable, free_port, running_named

# The test named listens on 127.0.0.1 and ::1; the second @server of the "first server
# dead" cases is 127.0.0.2, a loopback address nothing listens on.
SERVER = "-r @127.0.0.1 -p {port}"
# named, given a zone whose file is missing, answers SERVFAIL for it.
BROKEN_ZONE = 'zone "broken.test" { type primary; file "/nonexistent/pydig/broken.test.zone"; };'


def raw(
    line: str,
    *,
    stdin: str | None = None,
    batch: str | None = None,
    digrc: str | None = None,
    compare_stderr: bool = True,
) -> Case:
    """A command line given exactly as written (it names its own server and port)."""
    return Case(
        args=tuple(line.split()),
        stdin=stdin,
        batch=batch,
        digrc=digrc,
        compare_stderr=compare_stderr,
    )


def q(line: str, *, stdin: str | None = None, batch: str | None = None) -> Case:
    """A command line sent to the test named, without reading ~/.digrc (-r)."""
    return raw(f"{SERVER} {line}", stdin=stdin, batch=batch)


# A record of each type that has a multi-line form (beyond the SOA, DNSKEY and RRSIG cases).
MULTILINE_TYPES = (
    ("key.example.test", "DS"), ("ds-cds.example.test", "CDS"),
    ("cdnskey.example.test", "CDNSKEY"), ("_443._tcp.host.example.test", "TLSA"),
    ("smime.example.test", "SMIMEA"), ("host.example.test", "SSHFP"),
    ("cert.example.test", "CERT"), ("ipseckey.example.test", "IPSECKEY"),
    ("dhcid.example.test", "DHCID"), ("openpgp.example.test", "OPENPGPKEY"),
    ("hip.example.test", "HIP"), ("zonemd.example.test", "ZONEMD"),
    ("unknown.example.test", "TYPE65280"), ("nsec.example.test", "NSEC"),
)  # fmt: skip

CASES = [
    # The seed article's examples, linuxvoice.test standing in for linuxvoice.com.
    pytest.param(raw("@127.0.0.1 -p {port} -r www.linuxvoice.test"), id="seed-default"),
    pytest.param(q("+noall +answer www.linuxvoice.test"), id="seed-noall-answer"),
    pytest.param(q("+short www.linuxvoice.test"), id="seed-short"),
    pytest.param(q("+short mx linuxvoice.test"), id="seed-short-mx"),
    pytest.param(q("+short mail.linuxvoice.test"), id="seed-short-mail"),
    pytest.param(q("+short ptr 80.2.0.192.in-addr.arpa"), id="seed-short-ptr"),
    pytest.param(q("+short -x 192.0.2.80"), id="seed-short-x"),
    pytest.param(q("+short . ns"), id="seed-short-root-ns"),
    pytest.param(raw("@127.0.0.1 +short www.linuxvoice.test -p {port} -r"), id="seed-at-server"),
    pytest.param(
        raw("@127.0.0.1 -p {port} www.linuxvoice.test", digrc="+noall +answer"),
        id="seed-digrc-noall-answer",
    ),
    # Default output and the display switches.
    pytest.param(q("example.test"), id="default"),
    pytest.param(q(""), id="no-name-root-ns"),
    pytest.param(q("+noquestion example.test"), id="noquestion"),
    pytest.param(q("+noanswer example.test"), id="noanswer"),
    pytest.param(q("+noauthority example.test"), id="noauthority"),
    pytest.param(q("+noadditional example.test"), id="noadditional"),
    pytest.param(q("+nocomments example.test"), id="nocomments"),
    pytest.param(q("+nostats example.test"), id="nostats"),
    pytest.param(q("+nocmd example.test"), id="nocmd"),
    pytest.param(q("+noall example.test"), id="noall-nothing"),
    pytest.param(q("+short +noshort linuxvoice.test"), id="short-then-noshort"),
    pytest.param(q("+nottlid example.test MX"), id="nottlid"),
    pytest.param(q("+noclass example.test MX"), id="noclass"),
    pytest.param(q("+nottlid +noclass example.test MX"), id="nottlid-noclass"),
    pytest.param(q("+multiline example.test SOA"), id="multiline-soa"),
    pytest.param(q("+multiline key.example.test DNSKEY"), id="multiline-dnskey"),
    pytest.param(q("+multiline sig.example.test RRSIG"), id="multiline-rrsig"),
    pytest.param(q("+multiline txt.example.test TXT"), id="multiline-txt"),
    pytest.param(q("+multiline example.test A"), id="multiline-a"),
    pytest.param(q("+short +identify example.test MX"), id="identify-short"),
    pytest.param(q("+identify +nostats example.test"), id="identify-nostats"),
    pytest.param(q("+identify linuxvoice.test"), id="identify-with-stats"),
    pytest.param(q("+qr linuxvoice.test"), id="qr"),
    # Display: +yaml, +ttlunits, +rrcomments, +split, +onesoa, +unknownformat, +header-only,
    # +expandaaaa, +[no]crypto, +qr with the section switches, -u.
    pytest.param(q("+yaml example.test"), id="yaml"),
    pytest.param(q("+yaml +qr example.test SOA"), id="yaml-qr"),
    pytest.param(q("+yaml +tcp -u linuxvoice.test MX"), id="yaml-tcp-usec"),
    pytest.param(q("+yaml +qr -u linuxvoice.test"), id="yaml-qr-usec"),
    pytest.param(q("+yaml +nsid +dnssec sig.example.test RRSIG"), id="yaml-nsid-dnssec"),
    pytest.param(q("+yaml linuxvoice.test AXFR"), id="yaml-axfr"),
    pytest.param(q("+yaml +short example.test MX"), id="yaml-short"),
    pytest.param(q("+yaml +cmd example.test"), id="yaml-cmd-banner"),
    pytest.param(q("+yaml +nocomments +noquestion nx.example.test"), id="yaml-nocomments"),
    pytest.param(q("+yaml big.example.test TXT"), id="yaml-truncated-tcp"),
    pytest.param(q("+yaml +qr big.example.test TXT"), id="yaml-qr-truncated-retry"),
    pytest.param(
        q("+yaml +multiline +nottlid +noclass key.example.test DNSKEY"), id="yaml-ignores-style"
    ),
    pytest.param(q("+yaml -b 127.0.0.1 example.test"), id="yaml-source-address"),
    pytest.param(q("example.test +yaml linuxvoice.test"), id="yaml-is-global"),
    pytest.param(
        raw("-r @127.0.0.1 -p {dead} +yaml +tries=2 +time=1 +tcp example.test"), id="yaml-dead-tcp"
    ),
    pytest.param(
        raw("-r @127.0.0.1 -p {dead} +yaml +qr +tries=1 +time=1 example.test"), id="yaml-dead-qr"
    ),
    pytest.param(q("+ttlunits example.test SOA"), id="ttlunits"),
    pytest.param(q("+ttlunits +multiline example.test SOA"), id="ttlunits-multiline"),
    pytest.param(q("+nottlid +ttlunits example.test"), id="ttlunits-restores-ttlid"),
    pytest.param(q("+rrcomments key.example.test DNSKEY"), id="rrcomments"),
    pytest.param(q("+multiline +norrcomments example.test SOA"), id="multiline-norrcomments-soa"),
    pytest.param(
        q("+multiline +norrcomments key.example.test DNSKEY"), id="multiline-norrcomments"
    ),
    pytest.param(q("+short +rrcomments key.example.test DNSKEY"), id="short-rrcomments"),
    pytest.param(q("+rrcomments +short key.example.test DNSKEY"), id="short-after-rrcomments"),
    pytest.param(
        q("+short +noshort +multiline +noall +answer key.example.test DNSKEY"),
        id="noshort-keeps-norrcomments",
    ),
    pytest.param(q("+split=7 key.example.test DNSKEY"), id="split-rounded-warning"),
    pytest.param(q("+split=12 +multiline sig.example.test RRSIG"), id="split-multiline"),
    pytest.param(q("+nosplit +multiline key.example.test DNSKEY"), id="nosplit"),
    pytest.param(q("+split=0 key.example.test DS"), id="split-0"),
    pytest.param(q("+short +split=4 key.example.test DNSKEY"), id="split-short"),
    pytest.param(q("+nosplit=8 key.example.test DNSKEY"), id="nosplit-with-value"),
    pytest.param(q("+onesoa linuxvoice.test AXFR"), id="onesoa-axfr"),
    pytest.param(q("+onesoa +yaml linuxvoice.test AXFR"), id="onesoa-yaml"),
    pytest.param(q("+onesoa example.test SOA"), id="onesoa-not-axfr"),
    pytest.param(q("+unknownformat example.test MX"), id="unknownformat"),
    pytest.param(q("+unknownformat +multiline key.example.test DNSKEY"), id="unknownformat-ml"),
    pytest.param(q("+unknownformat +nottlid +noclass example.test"), id="unknownformat-columns"),
    pytest.param(q("+short +unknownformat example.test MX"), id="unknownformat-short"),
    pytest.param(q("+header-only example.test"), id="header-only"),
    pytest.param(q("+header-only +qr +tcp example.test"), id="header-only-qr"),
    pytest.param(q("+header-only +qr +yaml example.test"), id="header-only-yaml"),
    pytest.param(q("+header-only +noedns example.test"), id="header-only-noedns"),
    pytest.param(q("+header-only +noedns +short example.test"), id="header-only-noedns-short"),
    pytest.param(q("+expandaaaa ns2.example.test AAAA"), id="expandaaaa"),
    pytest.param(q("+short +expandaaaa -x 2001:db8::10"), id="expandaaaa-short-ptr"),
    pytest.param(q("+short +expandaaaa example.test AAAA"), id="expandaaaa-short"),
    pytest.param(q("+nocrypto key.example.test DNSKEY"), id="nocrypto-dnskey"),
    pytest.param(q("+nocrypto +multiline key.example.test DNSKEY"), id="nocrypto-multiline"),
    pytest.param(q("+nocrypto sig.example.test RRSIG"), id="nocrypto-rrsig"),
    pytest.param(q("+nocrypto key.example.test DS"), id="nocrypto-ds"),
    pytest.param(q("+nocrypto +crypto key.example.test DNSKEY"), id="crypto-back-on"),
    pytest.param(q("+qr +noquestion example.test"), id="qr-noquestion"),
    pytest.param(q("+qr +noanswer +noauthority +noadditional example.test"), id="qr-no-records"),
    pytest.param(q("+qr +nocomments example.test"), id="qr-nocomments"),
    pytest.param(q("+qr +nostats example.test"), id="qr-nostats"),
    pytest.param(q("+qr +noall +answer example.test"), id="qr-noall-answer"),
    pytest.param(q("+qr +short example.test"), id="qr-short"),
    pytest.param(q("+qr +multiline +dnssec key.example.test DNSKEY"), id="qr-multiline"),
    pytest.param(q("+qr +noedns +tcp example.test"), id="qr-noedns-tcp"),
    pytest.param(q("+qr +noqr example.test"), id="noqr"),
    pytest.param(q("-u +identify +short example.test"), id="usec-identify-short"),
    pytest.param(q("-u +identify +nostats example.test"), id="usec-identify"),
    *[
        pytest.param(q(f"+multiline +noall +answer {name} {rdtype}"), id=f"multiline-{rdtype}")
        for name, rdtype in MULTILINE_TYPES
    ],
    # Query flags and EDNS.
    pytest.param(q("+nsid linuxvoice.test"), id="nsid"),
    pytest.param(q("+dnssec example.test"), id="dnssec"),
    pytest.param(q("+norecurse example.test"), id="norecurse"),
    pytest.param(q("+cd example.test"), id="cdflag"),
    pytest.param(q("+noad example.test"), id="noadflag"),
    pytest.param(q("+aaonly example.test"), id="aaonly"),
    pytest.param(q("+nocookie example.test"), id="nocookie"),
    pytest.param(q("+noedns example.test"), id="noedns"),
    pytest.param(q("+bufsize=512 example.test"), id="bufsize-512"),
    pytest.param(q("+edns=1 example.test"), id="edns1-badvers-retry"),
    # Transports and truncation.
    pytest.param(q("+tcp example.test"), id="tcp"),
    pytest.param(q("+vc linuxvoice.test MX"), id="vc"),
    pytest.param(q("linuxvoice.test ANY"), id="any-over-tcp"),
    pytest.param(q("+notcp linuxvoice.test ANY"), id="any-notcp-over-udp"),
    pytest.param(q("big.example.test TXT +ignore"), id="big-txt-ignore-truncation"),
    pytest.param(q("big.example.test TXT"), id="big-txt-tcp-fallback"),
    # Answers of every kind.
    pytest.param(q("nx.example.test"), id="nxdomain"),
    pytest.param(q("+short nx.example.test"), id="nxdomain-short"),
    pytest.param(q("host.example.test MX"), id="nodata"),
    pytest.param(q("-c HS example.test"), id="refused-class-hs"),
    # named's built-in CHAOS view drops replies beyond 3 a second (rate-limit, slip 0):
    # one CH lookup per case, never "-c CH name TXT", where TXT becomes a second name.
    pytest.param(q("-c CH -t TXT version.bind"), id="chaos-version-bind"),
    pytest.param(raw("-r @127.0.0.1 -p {broken} broken.test"), id="servfail"),
    pytest.param(q("x.sub.example.test"), id="referral"),
    pytest.param(q("www.example.test"), id="cname-chain"),
    pytest.param(q("dangling.example.test"), id="cname-dangling"),
    pytest.param(q("foo.wild.example.test"), id="wildcard"),
    pytest.param(q("-x 192.0.2.10"), id="reverse-ipv4"),
    pytest.param(q("-x 2001:db8::10"), id="reverse-ipv6"),
    pytest.param(q("+short -x 2001:db8::10"), id="reverse-ipv6-short"),
    # Types, classes and names, as options and as positional words.
    pytest.param(q("-t MX example.test"), id="t-mx"),
    pytest.param(q("-c IN example.test"), id="c-in"),
    pytest.param(q("-q example.test"), id="q-name"),
    pytest.param(q("unknown.example.test TYPE65280"), id="type65280"),
    pytest.param(q("mb.example.test MB"), id="mb-compressed-name"),
    pytest.param(q("minfo.example.test MINFO"), id="minfo-compressed-names"),
    pytest.param(q("CLASS1 linuxvoice.test"), id="class1"),
    pytest.param(q("mx linuxvoice.test"), id="positional-type-first"),
    pytest.param(q("linuxvoice.test IN MX"), id="positional-class-then-type"),
    pytest.param(q("MX in linuxvoice.test"), id="positional-type-then-class"),
    pytest.param(q("linuxvoice.test -t mx -c in"), id="t-c-after-name"),
    pytest.param(q("a"), id="no-name-type-a-asks-root-ns"),
    pytest.param(q("-t mx"), id="no-name-t-mx-asks-root-ns"),
    pytest.param(q("+noall +answer linuxvoice.test txt mx"), id="extra-type-warning"),
    pytest.param(q("+noall +answer linuxvoice.test ch in"), id="extra-class-warning"),
    pytest.param(q("+noall +answer -t mx example.test txt"), id="t-closes-positional-type"),
    # Several lookups on one line, with options local to each.
    pytest.param(q("a.example.test +short mx linuxvoice.test"), id="multi-short-local"),
    pytest.param(q("example.test +noall +answer www.example.test"), id="multi-noall-local"),
    pytest.param(q("+noall +answer example.test mx linuxvoice.test -x 192.0.2.10"), id="multi-3"),
    # Batch files.
    pytest.param(q("-f {batch}", batch="seed.batch"), id="batch-file"),
    pytest.param(q("+short -f {batch}", batch="seed.batch"), id="batch-file-global-short"),
    pytest.param(q("-f -", stdin="seed.batch"), id="batch-stdin"),
    # Mistakes on the command line: what dig says, where, and its exit status.
    pytest.param(q("+bogus example.test"), id="error-invalid-plus-option"),
    pytest.param(q("+tries= example.test"), id="error-tries-empty-value"),
    pytest.param(q("-4 -6 example.test"), id="error-4-and-6"),
    pytest.param(q("+bufsize= +short linuxvoice.test"), id="bufsize-empty-value"),
    pytest.param(q("+nordflag +noall +comments example.test"), id="nordflag"),
    # Obsolete options: accepted with a warning (dig leaves its warning line unended).
    pytest.param(
        raw(
            f"{SERVER} +dscp=8 +mapped +topdown +trusted-key +unexpected +short linuxvoice.test",
            compare_stderr=False,
        ),
        id="obsolete-options-accepted",
    ),
    # Zone transfers.
    pytest.param(q("linuxvoice.test AXFR"), id="axfr-linuxvoice"),
    pytest.param(q("nozone.test AXFR"), id="axfr-zone-not-served"),  # Transfer failed, status 0
    # Servers that do not answer, address families, ports and timing.
    pytest.param(raw("-r @127.0.0.1 -p {dead} +tries=1 +time=1 example.test"), id="dead-udp"),
    pytest.param(raw("-r @127.0.0.1 -p {dead} +tries=1 +time=1 +tcp example.test"), id="dead-tcp"),
    pytest.param(raw("-r @127.0.0.1 -p {dead} +time=1 example.test"), id="dead-udp-3-tries"),
    pytest.param(
        raw("-r @127.0.0.2 @127.0.0.1 -p {port} +tries=1 +time=1 linuxvoice.test"),
        id="two-servers-first-dead",
    ),
    pytest.param(
        raw("-r @127.0.0.2 @127.0.0.1 -p {port} +tries=1 +time=1 +tcp linuxvoice.test"),
        id="two-servers-first-dead-tcp",
    ),
    pytest.param(q("-4 linuxvoice.test"), id="ipv4-only"),
    pytest.param(raw("-r @::1 -p {port} linuxvoice.test"), id="ipv6-server"),
    pytest.param(
        raw(
            "-r -p {port} +tries=1 +time=1 +noall +answer"
            " @127.0.0.2 linuxvoice.test @127.0.0.1 mail.linuxvoice.test"
        ),
        id="server-lists-per-lookup",
    ),
    pytest.param(q("-u linuxvoice.test"), id="usec"),
    pytest.param(q("+retry=0 linuxvoice.test"), id="retry-0"),
    pytest.param(
        raw("-r @127.0.0.1 -p {dead} +tries=0 +time=0 example.test"), id="dead-tries-0-time-0"
    ),
    pytest.param(raw("-r @127.0.0.1 linuxvoice.test -p {port}"), id="port-after-name"),
    # Address families: under -6 an IPv4 @server becomes IPv4-mapped, and dig 9.18 skips
    # every IPv4-mapped address (exit 0); under -4 an IPv6 @server is an error.
    pytest.param(raw("-r +tcp @127.0.0.2 -6 -p {port} linuxvoice.test"), id="v6-only-mapped-tcp"),
    pytest.param(raw("-r +notcp @127.0.0.2 -6 -p {port} linuxvoice.test"), id="v6-only-mapped"),
    pytest.param(raw("-r -6 @127.0.0.1 -p {port} a.test b.test"), id="v6-only-mapped-twice"),
    pytest.param(raw("-r @::1 -4 -p {port} linuxvoice.test"), id="v4-only-v6-server"),
    pytest.param(raw("-r -4 @::ffff:127.0.0.1 -p {port} linuxvoice.test"), id="v4-only-mapped"),
    pytest.param(
        raw("-r @127.0.0.2 @::ffff:127.0.0.2 -p {port} +tries=1 +time=1 linuxvoice.test"),
        id="first-silent-then-mapped",
    ),
    pytest.param(
        raw("-r @::ffff:127.0.0.2 @127.0.0.2 -p {port} +tries=2 +time=1 linuxvoice.test"),
        id="mapped-then-silent",
    ),
    pytest.param(
        raw("-r @::ffff:127.0.0.1 @127.0.0.1 -p {port} +short linuxvoice.test"),
        id="mapped-skipped-next-answers",
    ),
    pytest.param(
        raw("-r -6 @::ffff:127.0.0.1 @::1 -p {port} linuxvoice.test"), id="v6-mapped-then-v6"
    ),
    pytest.param(raw("-r @::ffff:127.0.0.1 -p {port} +yaml linuxvoice.test"), id="mapped-yaml"),
    pytest.param(raw("-r @::ffff:127.0.0.1 -p {port} linuxvoice.test AXFR"), id="mapped-axfr"),
    pytest.param(raw("-r @::ffff:127.0.0.1 -p {port} +trace linuxvoice.test"), id="mapped-trace"),
    # A -b address the host does not have: nothing is sent (192.0.2.77 is not local).
    pytest.param(q("-b 192.0.2.77 linuxvoice.test"), id="b-address-not-available"),
    pytest.param(
        raw("-r -b 192.0.2.77 +tries=2 @127.0.0.1 @127.0.0.2 -p {port} linuxvoice.test"),
        id="b-address-not-available-two-servers",
    ),
    pytest.param(
        raw("-r -b 192.0.2.77 +tries=2 +tcp @127.0.0.1 @127.0.0.2 -p {port} linuxvoice.test"),
        id="b-address-not-available-tcp",
    ),
    pytest.param(q("-b 192.0.2.77 +yaml linuxvoice.test"), id="b-address-not-available-yaml"),
    pytest.param(raw("-r @::ffff:127.0.0.1 -p {port} +nssearch linuxvoice.test"), id="mapped-nss"),
]

# TSIG, DNS over TLS and DNS over HTTP(S), against the `secure_named` fixture: {secure} is
# its plain DNS port, {tls}, {https} and {http} its DoT, DoH and plain-HTTP listeners,
# {ca} the CA that signed its certificate, {keyfile} a key file for pydig-key and
# {secret} / {wrongsecret} that key's secret and another.
SECURE_PLACEHOLDERS = ("secure", "tls", "https", "http", "ca", "keyfile", "secret", "wrongsecret")


def sq(line: str) -> Case:
    return raw(f"-r @127.0.0.1 {line}")


CASES += [
    pytest.param(sq("-p {secure} -y hmac-sha256:pydig-key:{secret} linuxvoice.test"), id="tsig-y"),
    pytest.param(sq("-p {secure} -k {keyfile} +qr linuxvoice.test"), id="tsig-k-qr"),
    pytest.param(
        sq("-p {secure} -y pydig-md5:{secret} +multiline linuxvoice.test SOA"),
        id="tsig-y-default-md5-multiline",
    ),
    pytest.param(
        sq("-p {secure} -y hmac-sha256:pydig-key:{wrongsecret} linuxvoice.test"),
        id="tsig-wrong-secret-badsig",
    ),
    pytest.param(
        sq("-p {secure} -y hmac-sha256:no-such-key:{secret} linuxvoice.test"),
        id="tsig-unknown-key-badkey",
    ),
    pytest.param(sq("-p {secure} -k {keyfile} tsig.test AXFR"), id="tsig-axfr-many-messages"),
    pytest.param(
        sq("-p {secure} -k {keyfile} +fuzztime linuxvoice.test"), id="tsig-fuzztime-badtime"
    ),
    pytest.param(sq("-p {tls} +tls -k {keyfile} tsig.test AXFR"), id="tsig-axfr-over-tls"),
    pytest.param(sq("-p {tls} +tls linuxvoice.test"), id="tls"),
    pytest.param(sq("-p {tls} +tls +qr +nocookie linuxvoice.test MX"), id="tls-qr"),
    pytest.param(sq("-p {tls} +tls-ca={ca} linuxvoice.test"), id="tls-ca"),
    pytest.param(
        sq("-p {tls} +tls-ca={ca} +tls-hostname=ns.pydig.test linuxvoice.test"),
        id="tls-ca-hostname",
    ),
    pytest.param(sq("-p {tls} +tls linuxvoice.test AXFR"), id="tls-axfr"),
    pytest.param(sq("-p {https} +https linuxvoice.test"), id="https"),
    pytest.param(sq("-p {https} +https-get linuxvoice.test"), id="https-get"),
    pytest.param(sq("-p {https} +https-post +tls-ca={ca} linuxvoice.test"), id="https-post-ca"),
    pytest.param(sq("-p {https} +https=/alt-path +short linuxvoice.test"), id="https-path"),
    pytest.param(sq("-p {https} +https=/nope +tries=2 linuxvoice.test"), id="https-404"),
    pytest.param(sq("-p {http} +http-plain linuxvoice.test"), id="http-plain"),
    pytest.param(sq("-p {http} +http-plain-get linuxvoice.test"), id="http-plain-get"),
    pytest.param(sq("-p {http} +http-plain-post +multiline linuxvoice.test"), id="http-plain-post"),
    pytest.param(sq("-p {dead} +tls +tries=1 linuxvoice.test"), id="tls-nothing-listening"),
    pytest.param(sq("-p {dead} +https +tries=2 linuxvoice.test"), id="https-nothing-listening"),
    pytest.param(raw("-r +https=a linuxvoice.test"), id="https-bad-path"),
    pytest.param(raw("-r +tls-hostname linuxvoice.test"), id="tls-hostname-without-value"),
]

# Display options over what only the secure named has: a TSIG pseudosection in YAML, and a
# transfer of many messages for +onesoa (the first SOA of the first message only).
CASES += [
    pytest.param(sq("-p {secure} -k {keyfile} +yaml linuxvoice.test"), id="yaml-tsig"),
    pytest.param(sq("-p {secure} -k {keyfile} +onesoa tsig.test AXFR"), id="onesoa-many-messages"),
    pytest.param(
        sq("-p {secure} -k {keyfile} +onesoa +yaml tsig.test AXFR"), id="onesoa-many-yaml"
    ),
]

# Query shaping and names (more in tests/test_query_shaping.py and tests/test_names.py,
# against named instances of their own: BADCOOKIE, DNS64 prefixes, search lists, IDN).
# The search cases give +domain and +ndots, so that dig's /etc/resolv.conf cannot change
# them; every query still goes to @127.0.0.1.
CASES += [
    pytest.param(q("+qr +subnet=192.0.2.77/24 example.test"), id="subnet-v4"),
    pytest.param(q("+qr +subnet=10/8 example.test"), id="subnet-short-v4-prefix"),
    pytest.param(q("+qr +subnet=2001:db8::1/48 example.test"), id="subnet-v6"),
    pytest.param(q("+qr +subnet=0 example.test"), id="subnet-0"),
    pytest.param(q("+noedns +subnet=192.0.2.1 example.test"), id="subnet-turns-edns-on"),
    pytest.param(q("+qr +dnssec +noedns example.test"), id="noedns-after-dnssec-keeps-edns"),
    pytest.param(q("+qr +noedns +bufsize example.test"), id="bufsize-alone-turns-edns-on"),
    pytest.param(q("+subnet=1.2.3.4/x example.test"), id="subnet-bad-length"),
    pytest.param(q("+subnet=192.0.2.300 example.test"), id="subnet-bad-address"),
    pytest.param(q("+expire example.test SOA"), id="expire"),
    pytest.param(q("+qr +padding=128 example.test"), id="padding"),
    pytest.param(q("+qr +padding=64 +ednsopt=pad +nsid example.test"), id="padding-ednsopt-pad"),
    pytest.param(q("+qr +ednsflags=0x80 example.test"), id="ednsflags-hex"),
    pytest.param(q("+qr +dnssec +ednsflags=0100001 example.test"), id="ednsflags-octal-do"),
    pytest.param(
        q("+qr +ednsopt=nsid +ednsopt=65001:c0ffee +ednsopt=EDE example.test"), id="ednsopt"
    ),
    pytest.param(q("+ednsopt=3:xyz example.test"), id="ednsopt-bad-hex"),
    # named echoes a CLIENT-SUBNET of family 0 (dnspython refuses one; BIND prints 0/0/0).
    pytest.param(q("+ednsopt=8:00000000 example.test"), id="ednsopt-ecs-family-0"),
    pytest.param(q("+yaml +ednsopt=8:00000000 example.test"), id="ednsopt-ecs-family-0-yaml"),
    pytest.param(q("+qr +ednsopt=8:000000 example.test"), id="ednsopt-ecs-too-short"),
    # KEY-TAG, CLIENT-TAG and SERVER-TAG: of their own length, and of another.
    pytest.param(
        q("+qr +ednsopt=14:0001000201 +ednsopt=16:01 +ednsopt=17:000001 example.test"),
        id="ednsopt-tags-odd-length",
    ),
    pytest.param(
        q("+qr +ednsopt=14:00010002 +ednsopt=16:0001 +ednsopt=17:0102 example.test"),
        id="ednsopt-tags",
    ),
    pytest.param(
        q("+qr +yaml +ednsopt=14:0001000201 +ednsopt=16 +ednsopt=17:000001 example.test"),
        id="ednsopt-tags-yaml",
    ),
    pytest.param(q("+qr +opcode=notify example.test"), id="opcode-notify"),
    pytest.param(q("+opcode=update example.test"), id="opcode-update-reply"),
    pytest.param(q("+opcode=7 example.test"), id="opcode-number"),
    pytest.param(q("+qr +qid=4242 example.test"), id="qid"),
    pytest.param(
        q("+qr +zflag +raflag +tcflag +noadflag +cdflag +aaflag +coflag example.test"),
        id="header-flags",
    ),
    pytest.param(q("+tcp +keepalive example.test"), id="keepalive-tcp"),
    pytest.param(q("+tcp +keepopen example.test linuxvoice.test MX"), id="keepopen"),
    pytest.param(q("+edns=1 +noednsnegotiation example.test"), id="noednsnegotiation"),
    pytest.param(q("+qr +edns=1 example.test"), id="ednsnegotiation-qr"),
    pytest.param(q("+nobadcookie +showbadcookie example.test"), id="badcookie-switches"),
    pytest.param(q("+fuzztime example.test"), id="fuzztime"),
    pytest.param(q("+fuzztime=1646972129 example.test"), id="fuzztime-value"),
    pytest.param(q("+nobesteffort example.test"), id="nobesteffort"),
    pytest.param(q("+qr big.example.test TXT"), id="tcp-retry-sends-server-cookie"),
    pytest.param(raw("-r @127.0.0.1 @::1 -p {broken} +nofail broken.test"), id="nofail"),
    pytest.param(raw("-r @127.0.0.1 @::1 -p {broken} +fail broken.test"), id="fail"),
    pytest.param(raw("-r @127.0.0.1 @::1 -p {broken} +nofail +tcp broken.test"), id="nofail-tcp"),
    pytest.param(q("+domain=example.test +ndots=1 host"), id="domain"),
    pytest.param(q("+domain=example.test +ndots=1 +nosearch host"), id="domain-nosearch"),
    pytest.param(q("+showsearch +domain=example.test +ndots=3 nothere.sub"), id="showsearch"),
    pytest.param(q("+defname +domain=example.test +ndots=1 mail"), id="defname"),
    pytest.param(q("+search +domain=example.test +ndots=1 nx.example.test"), id="search-as-is"),
    pytest.param(q("+idnin +idnout bücher.example.test"), id="idnin-idnout"),
    pytest.param(q("+noidnin bücher.example.test"), id="noidnin-utf8-bytes"),
    pytest.param(q("+dns64prefix"), id="dns64prefix-none-found"),
]


@pytest.fixture(scope="module")
def broken_named() -> Iterator[Named]:
    """A second named, with a zone that failed to load (SERVFAIL)."""
    try:
        with running_named(extra_config=BROKEN_ZONE) as server:
            yield server
    except NamedUnavailable as exc:
        message = f"named with a broken zone unavailable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def dead_port() -> int:
    return free_port()


def uses_secure_named(case: Case) -> bool:
    return any(f"{{{name}}}" in word for word in case.args for name in SECURE_PLACEHOLDERS)


def secure_placeholders(server: SecureNamed) -> dict[str, str]:
    return {
        "secure": str(server.port),
        "tls": str(server.tls_port),
        "https": str(server.https_port),
        "http": str(server.http_port),
        "ca": str(server.certs.ca),
        "keyfile": str(server.key_file),
        "secret": SECRET,
        "wrongsecret": WRONG_SECRET,
    }


def uses_broken_named(case: Case) -> bool:
    return any("{broken}" in word for word in case.args)


@dataclass(frozen=True)
class Difference:
    """A command line where pydig deliberately differs from dig (see the man page's
    DIFFERENCES FROM DIG): what dig does, so the test notices if dig changes, and what
    pydig does instead."""

    case: Case
    dig_says: str  # a fragment of dig's stdout + stderr
    pydig_stdout: str | None  # a fragment of pydig's stdout; None: pydig prints nothing
    pydig_stderr: str  # the one line pydig writes on stderr ("" for none)
    status: int


DIFFERENCES = [
    pytest.param(
        Difference(
            q("-f {batch}", batch="quirks.batch"),
            dig_says=";\\;.",  # dig looks up the words of a comment line as names
            pydig_stdout="mail.linuxvoice.test.",
            pydig_stderr="",
            status=0,
        ),
        id="batch-blank-and-comment-lines-skipped",
    ),
    pytest.param(
        Difference(
            q("-p 70000 example.test"),
            dig_says="Couldn't parse port number",
            pydig_stdout=None,
            pydig_stderr="PROGRAM: invalid port number '70000': out of range\n",
            status=1,
        ),
        id="port-out-of-range-one-line",
    ),
    pytest.param(
        Difference(
            q("+bufsize=70000 example.test"),
            dig_says="Couldn't parse buffer size",
            pydig_stdout=None,
            pydig_stderr="PROGRAM: invalid buffer size '70000': out of range\n",
            status=10,
        ),
        id="bufsize-out-of-range-one-line",
    ),
    pytest.param(
        Difference(
            q("-f /nonexistent/pydig.batch"),
            dig_says="couldn't open specified batch file",
            pydig_stdout=None,
            pydig_stderr="PROGRAM: /nonexistent/pydig.batch: No such file or directory\n",
            status=8,
        ),
        id="batch-file-missing-one-line",
    ),
    pytest.param(
        Difference(
            q("-t bogus +short linuxvoice.test"),
            dig_says=";; Warning, ignoring invalid type bogus",
            pydig_stdout=None,
            pydig_stderr="PROGRAM: invalid type bogus\n",
            status=1,
        ),
        id="invalid-type-refused",
    ),
    pytest.param(
        Difference(
            q("+sigchase +short linuxvoice.test"),
            dig_says=";; +sigchase option is deprecated",
            pydig_stdout="192.0.2.80",
            pydig_stderr=";; +sigchase option is deprecated\n",  # dig forgets the newline
            status=0,
        ),
        id="deprecated-warning-ends-its-line",
    ),
    pytest.param(
        Difference(
            q("example.test AXFR"),
            # Both refuse the NSEC3 whose owner is not a hash (BIND's check-names), but
            # dig then exits 0 as if it had an answer.
            dig_says=";; Got bad packet: bad owner name (check-names)",
            pydig_stdout=";; Got bad packet: bad owner name (check-names)",
            pydig_stderr="",
            status=9,
        ),
        id="bad-packet-exits-9",
    ),
    pytest.param(
        Difference(
            q("-d +short linuxvoice.test"),
            dig_says="setup_libs()",  # dig's debugging trace, on stderr
            pydig_stdout="192.0.2.80",
            pydig_stderr="",
            status=0,
        ),
        id="d-prints-no-trace",
    ),
]


@pytest.mark.parametrize("difference", DIFFERENCES)
def test_documented_difference(
    difference: Difference, named: Named, dig_binary: str, dead_port: int, tmp_path: Path
) -> None:
    ports = Ports(live=named.port, dead=dead_port)
    expected, got = run_both(
        difference.case,
        dig=dig_binary,
        ports=ports,
        resolv_conf=named.resolv_conf(),
        workdir=tmp_path,
    )
    assert difference.dig_says in expected.stdout + expected.stderr, expected
    assert "Traceback" not in got.stderr, got.stderr
    if difference.pydig_stdout is None:
        assert got.stdout == "", got.stdout
    else:
        assert difference.pydig_stdout in got.stdout, got.stdout
    assert got.stderr == difference.pydig_stderr
    assert got.status == difference.status


@pytest.mark.parametrize("case", CASES)
def test_same_as_dig(
    case: Case,
    named: Named,
    dig_binary: str,
    dead_port: int,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    broken: Named | None = (
        request.getfixturevalue("broken_named") if uses_broken_named(case) else None
    )
    secure: SecureNamed | None = (
        request.getfixturevalue("secure_named") if uses_secure_named(case) else None
    )
    ports = Ports(
        live=named.port,
        dead=dead_port,
        broken=broken.port if broken is not None else None,
        extra=secure_placeholders(secure) if secure is not None else {},
    )
    expected, got = run_both(
        case, dig=dig_binary, ports=ports, resolv_conf=named.resolv_conf(), workdir=tmp_path
    )

    assert "Traceback" not in got.stderr, got.stderr
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")
    if case.compare_stderr:
        assert got.stderr == expected.stderr, diff(expected.stderr, got.stderr, "stderr")
    assert got.status == expected.status, (expected, got)
