"""Reading the files dig reads: ~/.pydigrc (or ~/.digrc) and resolv.conf."""

from __future__ import annotations

import os

from pydig.environment import FilePath
from pydig.errors import UsageError
from pydig.immutable import immutable

MAX_SEARCH_DOMAINS = 8  # libirs keeps the first eight
MAX_OPTION_VALUE = 255  # ndots, timeout and attempts are single bytes in libirs


@immutable(kw_only=True)
class ResolvConf:
    """What resolv.conf says: name servers, search list and options."""

    nameservers: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    ndots: int = 1
    timeout: int | None = None
    attempts: int | None = None


def parse_resolv_conf(text: str) -> ResolvConf:
    """The parts of resolv.conf dig uses; unknown lines are ignored, as the resolver does."""
    nameservers: list[str] = []
    search: tuple[str, ...] = ()
    options: dict[str, int] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split(";", 1)[0].split()
        if not words:
            continue
        keyword, values = words[0], words[1:]
        if keyword == "nameserver" and values:
            nameservers.append(values[0].split("%", 1)[0] if "%" in values[0] else values[0])
        elif keyword == "search" and values:
            search = tuple(values[:MAX_SEARCH_DOMAINS])
        elif keyword == "domain" and len(values) == 1:
            search = tuple(values)  # the last search or domain line wins, as in libirs
        elif keyword == "options":
            for option in values:
                name, _, number = option.partition(":")
                if number.isdigit() and int(number) <= MAX_OPTION_VALUE:
                    options[name] = int(number)
    return ResolvConf(
        nameservers=tuple(nameservers),
        search=search,
        ndots=options.get("ndots", 1),
        timeout=options.get("timeout"),
        attempts=options.get("attempts"),
    )


def read_resolv_conf(path: FilePath) -> ResolvConf:
    try:
        with open(path, errors="replace") as file:
            return parse_resolv_conf(file.read())
    except OSError:
        return ResolvConf()


@immutable
class RcFile:
    """~/.pydigrc or ~/.digrc: its path, and the words of every line (blank ones too, so
    that a line's number is its index + 1)."""

    path: str
    lines: tuple[tuple[str, ...], ...]


def read_rc_file(home: FilePath | None) -> RcFile | None:
    """~/.pydigrc, or ~/.digrc when there is none; None when neither exists."""
    if home is None:
        return None
    for name in (".pydigrc", ".digrc"):
        path = os.path.join(home, name)
        if os.path.isfile(path):
            try:
                with open(path, errors="replace") as file:
                    text = file.read()
            except OSError as exc:
                raise UsageError(f"{path}: {exc.strerror}") from None
            return RcFile(path, tuple(tuple(line.split()) for line in text.splitlines()))
    return None
