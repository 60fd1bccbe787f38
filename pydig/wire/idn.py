"""Internationalized names in and out, as dig 9.18 converts them with libidn2.

+idnin turns a name typed in Unicode into its ASCII (xn--) form before it is sent;
+idnout shows the xn-- labels of every name dig prints in Unicode.  dig asks for
IDNA2008 (non-transitional UTS #46 processing) and falls back to transitional
processing for what IDNA2008 disallows, such as symbols; labels all in ASCII pass
through unchanged, so names like _sip._tcp.example keep working.  The `idna`
package does the IDNA2008 work, as it does for dnspython; it no longer offers
transitional mapping, so the fallback maps as UTS #46 does now (a label with both
a symbol and "ß" keeps its "ß", where libidn2 would make it "ss").

dig converts names while it prints a message through a filter that BIND's name
printer calls (dns_name_settotextfilter); `shown_in_unicode` is that filter here,
and `name_text` is what the record renderer calls for every name it prints.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Sequence

import dns.name
import idna

from pydig.errors import UsageError

ACE_PREFIX = "xn--"

_show_unicode = contextvars.ContextVar("pydig_idn_out", default=False)


class IdnError(UsageError):
    """A name libidn2 would refuse: dig's fatal error, exit status 1."""


def _is_ace(label: str) -> bool:
    return label[:4].lower() == ACE_PREFIX


def _decode_ace(label: str) -> str:
    """One xn-- label in Unicode; ValueError when its Punycode is broken."""
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError) as exc:
        raise ValueError("string contains invalid punycode data") from exc


def _check(unicode_label: str) -> None:
    """libidn2's check of a decoded label: IDNA2008, or else UTS #46, must allow it."""
    try:
        idna.uts46_remap(unicode_label, std3_rules=False)
    except idna.IDNAError as exc:
        raise ValueError(str(exc)) from None


def _label_to_ace(label: str) -> str:
    try:
        return idna.alabel(label).decode("ascii")
    except idna.IDNAError:
        # What IDNA2008 disallows (a snowman, say), UTS #46 processing allows.
        mapped = idna.uts46_remap(label, std3_rules=False)
        return ACE_PREFIX + mapped.encode("punycode").decode("ascii")


def to_ace(text: str) -> str:
    """A name as typed -> its ASCII form (dig's idn_locale_to_ace); IdnError if illegal.

    An all-ASCII name comes back as typed (case kept), once its xn-- labels are checked.
    """
    try:
        if text.isascii():
            for label in text.split("."):
                if _is_ace(label):
                    _check(_decode_ace(label))
            return text
        mapped = idna.uts46_remap(text, std3_rules=False)
        return ".".join(
            label if label.isascii() else _label_to_ace(label) for label in mapped.split(".")
        )
    except (idna.IDNAError, ValueError, UnicodeError) as exc:
        raise IdnError(f"'{text}' is not a legal IDNA2008 name ({exc}), use +noidnin") from None


def to_unicode(text: str) -> str:
    """A name as BIND prints it -> its xn-- labels in Unicode (dig's idn_ace_to_locale)."""
    labels = text.split(".")
    if not any(_is_ace(label) for label in labels):
        return text
    try:
        decoded = [_decode_ace(label) if _is_ace(label) else label for label in labels]
    except ValueError as exc:
        raise IdnError(f"Bad ACE string '{text}' ({exc}), use +noidnout") from None
    try:
        for label in decoded:
            if not label.isascii():
                _check(label)
    except ValueError as exc:
        raise IdnError(f"'{text}' is not a legal IDNA2008 name ({exc}), use +noidnout") from None
    return ".".join(decoded)


def name_from_text(text: str, origin: dns.name.Name | None = dns.name.root) -> dns.name.Name:
    """A name as dig reads it without +idnin: other characters than ASCII are taken as
    their UTF-8 bytes (dnspython would IDNA-encode them)."""
    return dns.name.from_text(text if text.isascii() else text.encode(), origin=origin)


class _Shown:
    """shown_in_unicode(): a class, not a generator, as every lookup printed enters one."""

    __slots__ = ("_enabled", "_token")

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled

    def __enter__(self) -> None:
        self._token = _show_unicode.set(self._enabled)

    def __exit__(self, *_: object) -> None:
        _show_unicode.reset(self._token)


def shown_in_unicode(enabled: bool) -> _Shown:
    """While printing one message: show names in Unicode or not (dig_idnsetup)."""
    return _Shown(enabled)


# Whether names are being shown in Unicode (+idnout) as the message is printed: the
# variable's own get (a C call), not a function around it, as every +short line and every
# owner of a full reply's records asks.
showing_unicode: Callable[[], bool] = _show_unicode.get


def name_text(name: dns.name.Name, *, omit_final_dot: bool = False) -> str:
    """A name as dig prints it: BIND's text, through the +idnout filter when it is on."""
    text = name.to_text(omit_final_dot=True) if omit_final_dot else _text(name)
    return to_unicode(text) if _show_unicode.get() else text


# Each Name's text, by the object: the lean reader and the renderers share one Name per
# spelling, so the names of a batch (its zones and servers) are escaped once, not once a
# record.  The Name is kept beside its text so that its id cannot be reused meanwhile.
_TEXTS: dict[int, tuple[dns.name.Name, str]] = {}
_TEXTS_KEPT = 8192  # then the table starts again


def _text(name: dns.name.Name) -> str:
    entry = _TEXTS.get(id(name))
    if entry is not None and entry[0] is name:
        return entry[1]
    if len(_TEXTS) >= _TEXTS_KEPT:
        _TEXTS.clear()
    text = spelled(name)
    _TEXTS[id(name)] = (name, text)
    return text


# The bytes dnspython's Name.to_text() does not escape in a label (the dot is spelled()'s):
# what is left of a label once they are deleted (bytes.translate) is what it escapes.  Not
# a regular expression: compiling one costs a lookup's start as much as a module does.
_UNESCAPED = bytes(range(0x21, 0x7F)).translate(None, b'"();\\@$')


def spelled(name: dns.name.Name) -> str:
    """name.to_text(), without escaping label by label when no label needs it (a name
    of a batch's is new in every reply: the commonest name is one of those)."""
    text = plainly_spelled(name.labels)
    return name.to_text() if text is None else text


def plainly_spelled(labels: Sequence[bytes]) -> str | None:
    """A name's text from its labels when no label needs escaping (what Name.to_text()
    gives then: the labels joined by dots); None when one does, or for the root or the
    empty name, which to_text() spells on its own."""
    joined = b".".join(labels)
    if joined and joined.count(b".") == len(labels) - 1 and not joined.translate(None, _UNESCAPED):
        return joined.decode("ascii")
    return None
