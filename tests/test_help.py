"""-h, -v, the manual and shell completion: every option is findable, and pydig's own
options (+color, +json, +table...) take no abbreviation away from dig.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers.plusindex import INDEX, index_source, lookup_plus_option
from helpers.testbed import free_port
from test_docs import man_text

from pydig import __version__
from pydig.app import run
from pydig.cli import parse
from pydig.cli.helptext import HELP
from pydig.cli.options import (
    DIG_PLUS_OPTIONS,
    FLAG_LETTERS,
    PLUS_OPTIONS,
    PYDIG_PLUS_OPTIONS,
    VALUE_LETTERS,
)
from pydig.cli.parse import parse_argv
from pydig.cli.plusopts import plus_word
from pydig.completion import candidates, plus_options
from pydig.environment import Environment
from pydig.model.invocation import Invocation

ROOT = Path(__file__).resolve().parent.parent
PLUS_NAMES = sorted(option.canonical for option in PLUS_OPTIONS)
DASH_LETTERS = sorted(FLAG_LETTERS + VALUE_LETTERS)


def mentions_plus(text: str, name: str) -> bool:
    return re.search(rf"\+(?:\[no\])?{re.escape(name)}(?![A-Za-z0-9-])", text) is not None


def mentions_dash(text: str, letter: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9-])-{re.escape(letter)}(?![A-Za-z0-9])", text) is not None


# --- -h and -v ------------------------------------------------------------------------------


def run_pydig(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(list(args), Environment(stdout=stdout, stderr=stderr))
    return status, stdout.getvalue(), stderr.getvalue()


def test_h_prints_the_help() -> None:
    assert run_pydig("-h") == (0, HELP, "")


def test_v_prints_the_version_on_stderr_as_dig_does() -> None:
    assert run_pydig("-v") == (0, "", f"pydig {__version__}\n")


def test_help_fits_80_columns() -> None:
    assert max(len(line) for line in HELP.splitlines()) < 80
    assert "\t" not in HELP


def test_help_is_grouped_by_theme() -> None:
    titles = [line for line in HELP.splitlines() if line.endswith(":") and not line[0].isspace()]
    assert len(titles) >= 8
    assert "pydig's views:" in titles


@pytest.mark.parametrize("name", PLUS_NAMES)
def test_help_and_manual_name_every_plus_option(name: str) -> None:
    assert mentions_plus(HELP, name), f"+{name} is missing from -h"
    assert mentions_plus(man_text(), name), f"+{name} is missing from man/pydig.1"


@pytest.mark.parametrize("letter", DASH_LETTERS)
def test_help_and_manual_name_every_dash_option(letter: str) -> None:
    assert mentions_dash(HELP, letter), f"-{letter} is missing from -h"
    assert mentions_dash(man_text(), letter), f"-{letter} is missing from man/pydig.1"


@pytest.mark.parametrize(
    "section",
    ["NAME", "SYNOPSIS", "DESCRIPTION", "FILES", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES",
     "DIAGNOSTICS", "DIFFERENCES FROM DIG", "SEE ALSO"],
)  # fmt: skip
def test_manual_has_section(section: str) -> None:
    assert f"\n.SH {section}\n" in man_text() or f'\n.SH "{section}"\n' in man_text()


@pytest.mark.parametrize("variable", ["NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS"])
def test_manual_documents_environment_variable(variable: str) -> None:
    text = man_text()
    environment = text[text.index(".SH ENVIRONMENT") : text.index(".SH EXIT STATUS")]
    assert variable in environment


# --- abbreviations: pydig's options take nothing from dig -------------------------------------


def words_to_try() -> set[str]:
    """Every prefix of every option name, each prefix with one more letter, and every word
    of up to two letters: all the words whose meaning a new table entry could change."""
    alphabet = string.ascii_lowercase + "-"
    names = {name for option in PLUS_OPTIONS for name in option.names}
    prefixes = {name[:end] for name in names for end in range(1, len(name) + 1)}
    words = prefixes | {prefix + letter for prefix in prefixes for letter in alphabet}
    words |= {"".join(pair) for pair in itertools.product(alphabet, repeat=2)}
    return words | set(alphabet)


def test_the_parsers_index_is_the_tables() -> None:
    assert INDEX.read_text() == index_source(), "run: uv run python tests/helpers/plusindex.py"


def test_the_parsers_dash_letters_are_the_tables() -> None:
    assert (parse.FLAG_LETTERS, parse.VALUE_LETTERS) == (FLAG_LETTERS, VALUE_LETTERS)


def test_the_index_gives_every_word_the_meaning_the_table_gives() -> None:
    for word in sorted(words_to_try() | {"AD", "Short", "sHORT", "ad", "adx", ""}):
        option = lookup_plus_option(word)
        expected = (option.canonical, option.obsolete) if option else None
        assert plus_word(word) == expected, word


def test_every_options_whole_name_is_that_option() -> None:
    """What lets the parser take a whole name ("+short") without the index of +words."""
    from pydig.cli.parse import PLUS_HANDLERS

    assert {name: plus_word(name) for name in PLUS_HANDLERS} == {
        name: (name, "") for name in PLUS_HANDLERS
    }


def test_every_dig_abbreviation_resolves_as_before() -> None:
    changed = []
    for word in sorted(words_to_try()):
        dig_meaning = lookup_plus_option(word, DIG_PLUS_OPTIONS)
        pydig_meaning = lookup_plus_option(word)
        if dig_meaning is not None and pydig_meaning is not dig_meaning:
            changed.append(word)
        if dig_meaning is None:
            assert pydig_meaning is None or pydig_meaning in PYDIG_PLUS_OPTIONS, word
    assert changed == []


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("t", None),  # invalid in dig, and still invalid
        ("c", None),
        ("co", "coflag"),
        ("com", "comments"),
        ("coo", "cookie"),
        ("col", "color"),
        ("colour", "color"),
        ("j", "json"),
        ("js", "json"),
        ("ta", "table"),
        ("tab", "table"),
        ("tc", None),  # dig: +tc is neither +tcp nor +tcflag
        ("tcp", "tcp"),
        ("ti", "timeout"),
        ("tabx", None),
        ("jsonx", None),
    ],
)
def test_abbreviations(word: str, canonical: str | None) -> None:
    option = lookup_plus_option(word)
    assert (option.canonical if option else None) == canonical


def pydig_only_words() -> list[str]:
    """The words that reach a pydig option: each must be an invalid option in dig."""
    words = []
    for option in PYDIG_PLUS_OPTIONS:
        for name in option.names:
            words += [name[:end] for end in range(1, len(name) + 1)]
    return sorted({word for word in words if lookup_plus_option(word) in PYDIG_PLUS_OPTIONS})


def test_dig_itself_rejects_every_word_pydig_options_take(dig_binary: str) -> None:
    port = str(free_port())  # nothing is sent: dig stops at the option
    accepted = []
    for word in pydig_only_words():
        for typed in (f"+{word}", f"+no{word}"):
            done = subprocess.run(
                [dig_binary, "-r", "@127.0.0.1", "-p", port, typed, "example.test"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            if f"Invalid option: {typed}" not in done.stderr:
                accepted.append(typed)
    assert accepted == []


def test_new_options_parse() -> None:
    parsed = parse_argv(["+json", "a.test", "b.test", "+table", "+nocolor"])
    assert isinstance(parsed, Invocation)
    displays = [query.settings.display for query in parsed.queries]
    assert [d.color for d in displays] == [None, False]
    assert parsed.globals.format == "table"  # the views are global: the last one wins


# --- completion -------------------------------------------------------------------------------


def words(offered: list[tuple[str, str]]) -> list[str]:
    return [word for word, _help in offered]


def test_completion_knows_every_plus_option() -> None:
    assert sorted(plus_options()) == PLUS_NAMES


@pytest.mark.parametrize(
    ("previous", "incomplete", "expected"),
    [
        ([], "+sho", ["+short", "+showbadcookie", "+showsearch"]),
        ([], "+tim", ["+timeout="]),
        ([], "+nocol", ["+nocolor"]),
        ([], "+notim", []),  # +timeout takes a value, not "no"
        ([], "+js", ["+json"]),
        (["-t"], "mx", ["mx"]),
        (["-t"], "AA", ["AAAA"]),
        (["-c"], "", ["IN", "CH", "HS"]),
        (["example.test"], "ch", ["ch"]),
        (["example.test"], "NSEC3", ["NSEC3", "NSEC3PARAM"]),
        (["-p"], "", []),
        (["-f"], "", []),
        ([], "@", []),
        ([], "-x", ["-x"]),
        ([], "-", [f"-{letter}" for letter in "qtcxfp46bkyuhvrdimn"]),
        (["-x"], "-", []),  # -x takes an address
    ],
)
def test_completion_candidates(previous: list[str], incomplete: str, expected: list[str]) -> None:
    assert words(candidates(previous, incomplete)) == expected


def test_completion_offers_help_lines() -> None:
    assert dict(candidates([], "+short")) == {"+short": "the answers' data only"}


def completion_env(**variables: str) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    return {**env, **variables}


def complete(*args: str, **variables: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pydig", *args],
        capture_output=True,
        text=True,
        env=completion_env(**variables),
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bash_completion() -> None:
    out = complete(_PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig +sho", COMP_CWORD="1")
    assert out.split() == ["+short", "+showbadcookie", "+showsearch"]
    out = complete(_PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig -t aa", COMP_CWORD="2")
    assert out.split() == ["aaaa"]


def test_bash_completion_reads_the_words_before() -> None:
    """Typer gives an autocompletion no earlier words: they come from what was parsed."""
    out = complete(_PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig -c ", COMP_CWORD="2")
    assert out.split() == ["IN", "CH", "HS"]
    out = complete(_PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig -p a", COMP_CWORD="2")
    assert out.split() == []


def test_zsh_completion_shows_help() -> None:
    out = complete(_PYDIG_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pydig +ttlid +nocl")
    assert out.strip() == """_arguments '*: :(("+noclass":"classes (+cl) (default on)"))'"""


def test_bash_completes_dash_options() -> None:
    out = complete(
        _PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig example.test -", COMP_CWORD="2"
    )
    assert out.split()[:3] == ["-q", "-t", "-c"]
    out = complete(_PYDIG_COMPLETE="complete_bash", COMP_WORDS="pydig -x -", COMP_CWORD="2")
    assert out.split() == []  # -x wants an address


def test_fish_completion() -> None:
    out = complete(
        _PYDIG_COMPLETE="complete_fish",
        _TYPER_COMPLETE_ARGS="pydig example.test MX +tab",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert out.strip() == "+table\teach reply as a table"


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command pydig")],
)
def test_completion_scripts(shell: str, marker: str) -> None:
    assert marker in complete(_PYDIG_COMPLETE=f"source_{shell}")
    assert marker in complete("--show-completion", shell)


def install_completion(home: Path, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pydig", "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env=completion_env(PATH=path, HOME=str(home)),
        timeout=30,
        check=False,
    )


def test_install_completion_warns_when_pydig_is_not_on_path(tmp_path: Path) -> None:
    """The installed script runs plain `pydig`: without one on PATH, Tab would only say
    "env: 'pydig': No such file or directory"."""
    done = install_completion(tmp_path, "/usr/bin:/bin")
    assert done.stderr.startswith("pydig: warning: no pydig command on PATH"), done.stderr
    assert "uv tool install ." in done.stderr
    assert (tmp_path / ".bash_completions" / "pydig.sh").is_file()  # installed all the same


def test_install_completion_is_quiet_when_pydig_is_on_path(tmp_path: Path) -> None:
    venv_bin = Path(sys.executable).parent
    assert (venv_bin / "pydig").exists()
    done = install_completion(tmp_path, f"{venv_bin}:/usr/bin:/bin")
    assert "warning" not in done.stderr and done.returncode == 0, done.stderr


# --- the manual is installed where man finds it ------------------------------------------------


def test_manual_option_shows_the_page() -> None:
    if shutil.which("man") is None:
        pytest.skip("needs man")
    done = subprocess.run(
        [sys.executable, "-m", "pydig", "--manual"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "MANPAGER": "cat", "MANWIDTH": "80"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("PYDIG(1)") and "DIFFERENCES FROM DIG" in done.stdout


def test_help_names_the_manual_option() -> None:
    from pydig.cli.helptext import HELP

    assert "pydig --manual" in HELP


def test_wheel_puts_the_manual_in_share_man() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared["man/pydig.1"] == "share/man/man1/pydig.1"


def test_man_finds_the_manual_after_install(tmp_path: Path) -> None:
    """man-db looks in PREFIX/share/man for every PREFIX/bin on PATH (unless MANPATH is set
    without a trailing colon), so a virtual environment's manual is found once it is active."""
    uv, man = shutil.which("uv"), shutil.which("man")
    if uv is None or man is None:
        pytest.skip("needs uv and man")
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", str(venv)], check=True, timeout=120)
    installed = subprocess.run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--python",
            str(venv / "bin" / "python"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if installed.returncode != 0:
        pytest.skip(f"could not build pydig here: {installed.stderr.strip()[-300:]}")
    env = {key: value for key, value in os.environ.items() if key != "MANPATH"}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    found = subprocess.run(
        [man, "-w", "pydig"], capture_output=True, text=True, env=env, check=False
    )
    assert found.stdout.strip() == str(venv / "share" / "man" / "man1" / "pydig.1"), found.stderr


def test_every_option_of_the_table_has_a_handler_and_no_handler_lacks_one() -> None:
    from pydig.cli.parse import PLUS_HANDLERS

    table = {option.canonical for option in PLUS_OPTIONS if not option.obsolete}
    assert set(PLUS_HANDLERS) == table


@pytest.mark.parametrize(
    "family", ["checks", "display", "runs", "search", "shaping", "trace", "secure"]
)
def test_a_family_of_handlers_holds_the_options_the_parser_sends_it(family: str) -> None:
    """cli/parse.py names the module of a +option whose handler is not its own."""
    import importlib

    from pydig.cli.parse import PLUS_HANDLERS

    name = "secure_options" if family == "secure" else f"plus_{family}"
    module = importlib.import_module(f"pydig.cli.{name}")
    sent = {name for name, handler in PLUS_HANDLERS.items() if handler == family}
    assert set(module.HANDLERS) == sent
