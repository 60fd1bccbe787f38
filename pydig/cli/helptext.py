"""pydig's usage text (dig's words and layout, for errors) and its -h help, grouped by theme.

The help is built from the option table (cli/options.py), theme by theme, so that it names
every option and always fits 80 columns.
"""

from __future__ import annotations

import textwrap

from pydig.cli.options import THEMES

USAGE = """\
Usage:  pydig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]
"""

SHORT_USAGE = (
    USAGE
    + """
Use "pydig -h" (or "pydig -h | more") for complete list of options
"""
)

WIDTH = 79  # a full 80th column makes some terminals wrap
SYNTAX_WIDTH = 22  # the option column, after a two-space indent

HEAD = """\
Usage:  pydig [@server] [name] [type] [class] [-option ...] [+queryopt ...]
        pydig [global options] name [local options] [name [local options] ...]
        pydig -h | -v

  @server   the name server to ask, by address or name [/etc/resolv.conf's]
  name      the domain name to look up [the root zone's NS records]
  type      A, AAAA, MX, NS, SOA, TXT, PTR, ANY, AXFR, ixfr=N, TYPEnnn... [A]
  class     IN, CH, HS, CLASSnnn [IN]

Options before the first name set every lookup; after a name, that lookup only.
+short, +cmd, +yaml, +json, +table, +split, +timeout, the search options,
-p, -4, -6, -b and -f are global wherever given.
+[no]keyword and +keyword=value options abbreviate exactly as in dig 9.18.
"""

TAIL = """
Colour: on at a terminal; NO_COLOR, FORCE_COLOR and TERM=dumb are honoured.
Completion: pydig --install-completion (bash, zsh, fish).
Manual: pydig --manual (or man pydig, once installed).
"""


def _entry(syntax: str, description: str) -> list[str]:
    """One option: syntax in its column, the description beside it, wrapped under it; an
    entry without syntax is a note across the whole width."""
    if not syntax:
        return textwrap.wrap(description, WIDTH, initial_indent="  ", subsequent_indent="  ")
    indent = " " * (2 + SYNTAX_WIDTH + 1)
    if len(syntax) <= SYNTAX_WIDTH:
        first = f"  {syntax:<{SYNTAX_WIDTH}} "
        return textwrap.wrap(description, WIDTH, initial_indent=first, subsequent_indent=indent)
    return [f"  {syntax}", *textwrap.wrap(description, WIDTH, initial_indent=indent)]


def help_text() -> str:
    lines = [HEAD.rstrip("\n")]
    for theme in THEMES:
        lines += ["", f"{theme.title}:"]
        for entry in theme.entries:
            lines += _entry(entry.syntax, entry.help)
    return "\n".join(lines) + "\n" + TAIL


HELP = help_text()
