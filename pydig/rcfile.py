"""Reading the files dig reads: ~/.pydigrc (or ~/.digrc) and resolv.conf."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydig.errors import UsageError


@dataclass(frozen=True, kw_only=True)
class ResolvConf:
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
        elif keyword in ("search", "domain"):
            search = tuple(values)
        elif keyword == "options":
            for option in values:
                name, _, number = option.partition(":")
                if number.isdigit():
                    options[name] = int(number)
    return ResolvConf(
        nameservers=tuple(nameservers),
        search=search,
        ndots=options.get("ndots", 1),
        timeout=options.get("timeout"),
        attempts=options.get("attempts"),
    )


def read_resolv_conf(path: Path) -> ResolvConf:
    try:
        return parse_resolv_conf(path.read_text(errors="replace"))
    except OSError:
        return ResolvConf()


def rc_file_lines(home: Path | None) -> list[list[str]]:
    """The words of ~/.pydigrc, or of ~/.digrc when there is none, one list per line."""
    if home is None:
        return []
    for name in (".pydigrc", ".digrc"):
        path = home / name
        if path.is_file():
            try:
                text = path.read_text(errors="replace")
            except OSError as exc:
                raise UsageError(f"{path}: {exc.strerror}") from None
            return [line.split() for line in text.splitlines()]
    return []
