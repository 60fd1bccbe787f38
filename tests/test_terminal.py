"""pydig in a real terminal, checked as a person would check it: tmux runs a shell, the test
types command lines into it and reads the screen back (capture-pane -e keeps the colours).

Covers the colours, the table, the progress bar, the help screen and bash completion.
Without tmux these tests skip, except under CI=true, where they fail (.ci/run installs it).
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import unavailable
from helpers.differential import normalize
from helpers.testbed import Named

from pydig.console.progress import NullProgress, open_progress
from pydig.console.progress_bar import ERASE_LINE, TerminalProgress
from pydig.environment import Environment

ANSI = re.compile(r"\x1b\[([0-9;]*)m")
BIN = Path(sys.executable).parent  # where `pydig` is installed in this environment
PROMPT = "pydig-test$ "
DONE = "__DONE__"


# shell -> (command line without its rc files, first line typed: {path} and {prompt} filled)
SHELLS = {
    "bash": ("bash --norc --noprofile", "export PATH={path}; PS1={prompt}"),
    "zsh": ("zsh -f", "export PATH={path}; PS1={prompt}; autoload -Uz compinit; compinit -u"),
    "fish": (
        "fish --no-config",
        "set -gx PATH (string split : {path}); function fish_prompt; echo -n {prompt}; end",
    ),
}


class Pane:
    """One tmux pane running a shell (bash unless asked), on a tmux server of its own."""

    def __init__(
        self, *, width: int, height: int, variables: dict[str, str], shell: str = "bash"
    ) -> None:
        # A tmux server of its own, on a socket in a directory of its own (removed by close).
        self.directory = Path(tempfile.mkdtemp(prefix="pydig-tmux-"))
        self.socket = str(self.directory / "socket")
        environment = " ".join(f"-e {shlex.quote(f'{k}={v}')}" for k, v in variables.items())
        command, setup = SHELLS[shell]
        self._tmux(f"new-session -d -x {width} -y {height} {environment} {command}")
        # tmux gives a new session the client's PATH, whatever -e says: set it in the shell.
        path = variables.get("PATH", os.environ.get("PATH", ""))
        self.type(setup.format(path=shlex.quote(path), prompt=shlex.quote(PROMPT)))
        self.wait_for(PROMPT)

    def _tmux(self, arguments: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *shlex.split(arguments)],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout

    def type(self, keys: str, *, enter: bool = True) -> None:
        self._tmux(f"send-keys -l {shlex.quote(keys)}")
        if enter:
            self._tmux("send-keys Enter")

    def press(self, key: str) -> None:
        self._tmux(f"send-keys {key}")

    def screen(self, *, colours: bool = False, history: bool = False) -> str:
        """The pane as text; -J joins the lines the terminal wrapped."""
        flags = "-p -J" + (" -e" if colours else "") + (" -S -" if history else "")
        return self._tmux(f"capture-pane {flags}")

    def wait_for(self, text: str, *, timeout: float = 20.0, history: bool = False) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen(history=history)
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen(history=history)}")

    def clear(self) -> None:
        """Clear the screen and wait for the prompt, so nothing is typed ahead of it."""
        self.type("clear")
        deadline = time.monotonic() + 10
        while self.screen().strip() != PROMPT.strip():
            assert time.monotonic() < deadline, self.screen()
            time.sleep(0.05)

    def run(self, command: str, *, timeout: float = 30.0) -> None:
        """Run a command on a clear screen and wait until it has finished."""
        self.clear()
        self.type(f"{command}; echo {DONE}")
        self.wait_for(f"\n{DONE}", timeout=timeout, history=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


PaneFactory = Callable[..., Pane]


@pytest.fixture(scope="module")
def tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        unavailable("tmux is not installed (apt-get install tmux)")
    return path


@pytest.fixture
def pane_for(tmux: str, named: Named, tmp_path: Path) -> Iterator[PaneFactory]:
    """pane_for(width, height, **variables): a shell where `pydig` is this checkout's, HOME is
    empty and resolv.conf names only the test named."""
    panes: list[Pane] = []

    def make(width: int = 120, height: int = 40, shell: str = "bash", **variables: str) -> Pane:
        base = {
            "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(tmp_path),
            "PYDIG_RESOLV_CONF": str(named.resolv_conf()),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        pane = Pane(width=width, height=height, variables={**base, **variables}, shell=shell)
        panes.append(pane)
        return pane

    yield make
    for pane in panes:
        pane.close()


def command(named: Named, *args: str) -> str:
    return shlex.join(["pydig", "-r", "@127.0.0.1", "-p", str(named.port), *args])


def plain_output(named: Named, *args: str) -> str:
    """The same command line through a pipe: dig's plain text."""
    done = subprocess.run(
        [str(BIN / "pydig"), "-r", "@127.0.0.1", "-p", str(named.port), *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        env={**os.environ, "PYDIG_RESOLV_CONF": str(named.resolv_conf())},
    )
    return done.stdout


def output_lines(screen: str) -> list[str]:
    """The lines the last command printed: after its command line, before the DONE marker."""
    lines = [ANSI.sub("", line) for line in screen.split("\n")]
    end = max(i for i, line in enumerate(lines) if line == DONE)
    start = max(i for i, line in enumerate(lines[:end]) if PROMPT in line)
    return screen.split("\n")[start + 1 : end]


def _apply(active: set[str], parameters: str) -> set[str]:
    codes = [code or "0" for code in parameters.split(";")]
    if "0" in codes:
        active = set()
    return active | {code for code in codes if code != "0"}


def sgr_at(lines: list[str], word: str) -> set[str]:
    """The SGR parameters in force where `word` first starts in these captured lines; tmux
    writes only the codes that change, so the state carries over from line to line."""
    active: set[str] = set()
    for line in lines:
        if word not in ANSI.sub("", line):
            for match in ANSI.finditer(line):
                active = _apply(active, match.group(1))
            continue
        position = ANSI.sub("", line).index(word)
        seen = index = 0
        while seen < position or (index < len(line) and line[index] == "\x1b"):
            match = ANSI.match(line, index)
            if match:
                active = _apply(active, match.group(1))
                index = match.end()
            else:
                seen += 1
                index += 1
        return active
    raise AssertionError(f"{word!r} is not on the screen")


# --- colours -------------------------------------------------------------------------------


def test_colours_at_a_terminal(pane_for: PaneFactory, named: Named) -> None:
    pane = pane_for()
    pane.run(command(named, "example.test"))
    lines = output_lines(pane.screen(colours=True, history=True))
    assert {"1", "32"} <= sgr_at(lines, "NOERROR")  # bold green
    assert "2" in sgr_at(lines, ";; ->>HEADER")  # dimmed
    answer = lines.index(next(line for line in lines if "ANSWER SECTION" in line)) + 1
    assert {"1", "36"} <= sgr_at(lines[answer:], "example.test.")  # owner: bold cyan
    assert "33" in sgr_at(lines[answer:], "3600")  # TTL: yellow
    assert {"1", "32"} <= sgr_at(lines[answer:], "192.0.2.1")  # address: bold green
    # What is on the screen is dig's text: the same characters, tabs shown as spaces.
    expected = [
        line.expandtabs().rstrip() for line in plain_output(named, "example.test").split("\n")
    ]
    shown = [ANSI.sub("", line).rstrip() for line in lines]
    assert normalize("\n".join(shown)) == normalize("\n".join(expected[: len(shown)]))


def test_bad_status_is_bright(pane_for: PaneFactory, named: Named) -> None:
    pane = pane_for()
    pane.run(command(named, "nx.example.test"))
    lines = output_lines(pane.screen(colours=True, history=True))
    assert {"1", "91"} <= sgr_at(lines, "NXDOMAIN")


@pytest.mark.parametrize(
    "how", ["{command} | cat", "NO_COLOR=1 {command}", "TERM=dumb {command}", "{command} +nocolor"]
)
def test_no_colour_when_not_wanted(pane_for: PaneFactory, named: Named, how: str) -> None:
    pane = pane_for()
    pane.run(how.format(command=command(named, "example.test")))
    screen = pane.screen(colours=True, history=True)
    assert "ANSWER SECTION" in screen
    assert not ANSI.search("\n".join(output_lines(screen)))


# --- the table -----------------------------------------------------------------------------


def test_table_at_a_terminal(pane_for: PaneFactory, named: Named) -> None:
    pane = pane_for(width=80)
    pane.run(
        command(named, "+table", "example.test", "big.example.test", "TXT", "+noall", "+answer")
    )
    coloured = output_lines(pane.screen(colours=True, history=True))
    lines = [ANSI.sub("", line).rstrip() for line in coloured]
    assert lines[0].startswith("NOERROR  example.test. IN A  from 127.0.0.1#")
    table = [line for line in lines if line[:1] in "╭│├╰"]
    assert all(len(line) <= 80 and line[-1] in "╮│┤╯" for line in table), "\n".join(table)
    assert [cell.strip() for cell in table[1].strip("│").split("│")] == [
        "NAME", "TTL", "CLASS", "TYPE", "DATA",
    ]  # fmt: skip
    assert any("192.0.2.1" in line for line in table)
    # The long TXT records wrap inside the DATA cell: more rows than records.
    txt_rows = [line for line in table if "│ TXT " in line]
    assert len([line for line in table if line.startswith("│")]) > len(txt_rows) + 2
    assert {"1", "32"} <= sgr_at(coloured, "NOERROR")


# --- the progress bar ------------------------------------------------------------------------


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback UDP port that takes queries and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def slow_batch(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "slow.batch"
    path.write_text("".join(f"host{n}.example.test\n" for n in range(count)))
    return path


BAR = re.compile(r"lookups .* (\d+)/(\d+)")


def test_progress_bar_shows_then_disappears(
    pane_for: PaneFactory, silent_port: int, tmp_path: Path
) -> None:
    pane = pane_for()
    batch = slow_batch(tmp_path, 3)
    line = shlex.join(
        [
            "pydig",
            "-r",
            "@127.0.0.1",
            "-p",
            str(silent_port),
            "+tries=1",
            "+time=2",
            "-f",
            str(batch),
        ]
    )
    pane.clear()
    pane.type(f"{line}; echo {DONE}")
    screen = pane.wait_for("lookups", timeout=15)
    bar = BAR.search(screen)
    assert bar is not None, screen
    assert bar.group(2) == "3"
    final = pane.wait_for(f"\n{DONE}", timeout=30, history=True)
    assert "lookups" not in final  # erased when done, and nothing of it left behind
    assert final.count("no servers could be reached") == 3


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    pane_for: PaneFactory, silent_port: int, tmp_path: Path
) -> None:
    pane = pane_for()
    batch = slow_batch(tmp_path, 2)
    errors = tmp_path / "stderr.txt"
    line = shlex.join(
        [
            "pydig",
            "-r",
            "@127.0.0.1",
            "-p",
            str(silent_port),
            "+tries=1",
            "+time=2",
            "-f",
            str(batch),
        ]
    )
    pane.clear()
    pane.type(f"{line} 2>{shlex.quote(str(errors))}; echo {DONE}")
    deadline = time.monotonic() + 30
    while f"\n{DONE}" not in (screen := pane.screen()):
        assert "lookups" not in screen
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "lookups" not in errors.read_text()
    assert "\x1b" not in errors.read_text()


# --- the help screen -------------------------------------------------------------------------


def test_help_screen_reads_in_80_columns(pane_for: PaneFactory) -> None:
    pane = pane_for(width=80, height=50)
    pane.run("pydig -h")
    lines = output_lines(pane.screen(history=True))
    assert lines[0].startswith("Usage:  pydig")
    assert all(len(line) <= 80 for line in lines)  # -J: a wrapped line would be longer
    titles = [line for line in lines if line.endswith(":") and not line.startswith(" ")]
    assert {"What to show:", "pydig's views:", "EDNS:"} <= set(titles)


# --- completion ------------------------------------------------------------------------------


def test_bash_completion_at_the_prompt(pane_for: PaneFactory, tmp_path: Path) -> None:
    pane = pane_for()
    pane.run("pydig --install-completion")  # into this test's empty HOME
    assert (tmp_path / ".bash_completions" / "pydig.sh").is_file()
    pane.type("source ~/.bashrc")
    pane.type("pydig +shor", enter=False)
    pane.press("Tab")
    pane.wait_for("pydig +short ")
    pane.type(" -t aa", enter=False)
    pane.press("Tab")
    pane.wait_for("pydig +short  -t aaaa ")
    pane.press("C-c")


@pytest.mark.parametrize(
    ("shell", "load"),
    [
        ("zsh", 'eval "$(_PYDIG_COMPLETE=source_zsh pydig)"'),
        ("fish", "_PYDIG_COMPLETE=source_fish pydig | source"),
    ],
)
def test_zsh_and_fish_complete_with_help(pane_for: PaneFactory, shell: str, load: str) -> None:
    """Not needed for CI (its image has neither shell): skipped where the shell is missing."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    pane = pane_for(shell=shell)
    pane.type(load)
    pane.type("pydig +sho", enter=False)
    pane.press("Tab")
    screen = pane.wait_for("+showbadcookie")
    assert "+showsearch" in screen
    assert "BADCOOKIE reply too" in screen  # the help line beside the option
    pane.press("C-c")


# --- the progress bar's rules, without a terminal --------------------------------------------


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal, and records what is written to it."""

    def isatty(self) -> bool:
        return True


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_no_bar_off_a_terminal() -> None:
    assert isinstance(open_progress(Environment(stderr=io.StringIO())), NullProgress)
    dumb = Environment(stderr=FakeTerminal(), variables={"TERM": "dumb"})
    assert isinstance(open_progress(dumb), NullProgress)
    assert isinstance(open_progress(Environment(stderr=FakeTerminal())), TerminalProgress)


def test_bar_waits_for_the_delay() -> None:
    stderr = FakeTerminal()
    progress = TerminalProgress(stderr, delay=60, interval=0.01)
    progress.start(3)
    time.sleep(0.2)
    progress.advance()
    progress.close()
    assert stderr.getvalue() == ""


def test_bar_counts_and_is_erased_before_output_and_at_the_end() -> None:
    stderr, stdout = FakeTerminal(), FakeTerminal()
    progress = TerminalProgress(stderr, colour=False, delay=0, interval=0.01)
    env = progress.guard(Environment(stdout=stdout, stderr=stderr))
    progress.start(3)
    progress.advance(failed=True)
    wait_until(lambda: "1/3" in stderr.getvalue())
    assert "1 failed" in stderr.getvalue()
    drawn = len(stderr.getvalue())
    env.stdout.write("answer\n")
    assert stderr.getvalue()[drawn:] == ERASE_LINE  # the bar went before the output
    assert stdout.getvalue() == "answer\n"
    progress.advance()
    wait_until(lambda: "2/3" in stderr.getvalue())
    progress.close()
    assert stderr.getvalue().endswith(ERASE_LINE)


def test_bar_stays_away_while_a_line_is_unfinished() -> None:
    stderr, stdout = FakeTerminal(), FakeTerminal()
    progress = TerminalProgress(stderr, delay=0, interval=0.01)
    env = progress.guard(Environment(stdout=stdout, stderr=stderr))
    env.stdout.write("half a line")
    progress.start(None)
    time.sleep(0.2)
    assert stderr.getvalue() == ""
    env.stdout.write("\n")
    wait_until(lambda: "lookups" in stderr.getvalue())
    progress.close()


def test_only_a_terminal_stdout_is_guarded() -> None:
    progress = TerminalProgress(FakeTerminal())
    piped = io.StringIO()
    env = progress.guard(Environment(stdout=piped, stderr=FakeTerminal()))
    assert env.stdout is piped
    assert env.stderr.isatty()
