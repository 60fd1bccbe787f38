"""pydig's records four ways: msgspec.Struct, `@immutable`, frozen dataclasses, with slots.

    uv run python benchmarks/records.py [--runs 21] [--sweep 65536]

pydig's records are `@immutable` and `@mutable` (pydig/immutable.py: frozen dataclasses
whose methods are shared code).  This measures what the other ways would cost or save.

Start-up, two ways:
- pydig's modules, every one a plain lookup may load, imported with their records made
  each way: `@immutable` as they are; for the others pydig.immutable's two decorators are
  swapped, before anything imports them, for ones that make a frozen dataclass (with
  slots or not) or a msgspec.Struct (frozen, with a dict where a cached_property needs
  one) from the same class body; vars(), which pydig calls on one record, is taught to
  read records with no __dict__.  The swap's own module and msgspec's import are timed,
  and the msgspec swap makes each class twice (the class statement's, then the Struct).
- pydig's record classes alone (every record, with its fields, defaults and kw_only),
  written out once per way into a module of their own and imported after dnspython's
  message module (which brings dataclasses); msgspec's own import counts against msgspec.

Sweep: what a /16 sweep does with its records, 65,536 times: make a Lookup (its required
fields, by keyword), replace three fields of it, and compare it with an equal one.  Its
Lookup has the tree's fields but no cached_property (slots allow none).

Everything is compiled to bytecode first (these machines set PYTHONDONTWRITEBYTECODE).
Medians of --runs fresh interpreters; the ways take turns.  Needs no server, no network.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import pkgutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAYS = ("msgspec", "immutable", "dataclass", "dataclass-slots")
# Loaded only for a lookup that asks (DoH, shell completion), or not a module to import.
LEFT_OUT = ("pydig.transport.https", "pydig.completion", "pydig.__main__")
AFTER = "import dns.message"  # what pydig imports before any record: dnspython, dataclasses

Field = tuple[str, str]  # (name, "required" | "default" | "factory")


def pydig_modules() -> list[str]:
    import pydig

    names = [info.name for info in pkgutil.walk_packages(pydig.__path__, "pydig.")]
    return [name for name in names if name not in LEFT_OUT]


def field_kind(field: dataclasses.Field[object]) -> str:
    if field.default is not dataclasses.MISSING or not field.init:
        return "default"
    return "factory" if field.default_factory is not dataclasses.MISSING else "required"


def pydig_records() -> list[tuple[str, list[Field], bool]]:
    """Every record pydig defines, in the order its modules define them: its name, its
    fields and whether they are keyword-only."""
    records = []
    for module_name in pydig_modules():
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module_name
                and dataclasses.is_dataclass(value)
            ):
                fields = dataclasses.fields(value)
                kw_only = bool(fields) and all(field.kw_only for field in fields)
                kinds = [(field.name, field_kind(field)) for field in fields]
                records.append((value.__name__, kinds, kw_only))
    return records


def lookup_fields() -> list[Field]:
    from pydig.model.exchange import Lookup

    return [(field.name, field_kind(field)) for field in dataclasses.fields(Lookup)]


# --- the four ways, written out -------------------------------------------------------------

HEADERS = {
    "msgspec": "import msgspec\nfrom msgspec import field\nfrom msgspec.structs import replace\n",
    "immutable": "from dataclasses import field, replace\nfrom pydig.immutable import immutable\n",
    "dataclass": "from dataclasses import dataclass, field, replace\n",
    "dataclass-slots": "from dataclasses import dataclass, field, replace\n",
}


def class_head(way: str, name: str, *, kw_only: bool, extra: str = "") -> str:
    kw = ", kw_only=True" if kw_only else ""
    return {
        "msgspec": f"class {name}(msgspec.Struct, frozen=True{kw}{extra}):\n",
        "immutable": f"@immutable(kw_only={kw_only})\nclass {name}:\n",
        "dataclass": f"@dataclass(frozen=True{kw})\nclass {name}:\n",
        "dataclass-slots": f"@dataclass(frozen=True, slots=True{kw})\nclass {name}:\n",
    }[way]


def class_source(way: str, name: str, fields: list[Field], *, kw_only: bool) -> str:
    """One record class, written the given way: its fields typed `object`, its defaults None
    and its default factories `tuple` (what the values are costs nothing here)."""
    body = f'    """The {name} record."""\n\n'
    for field_name, kind in fields:
        value = {"required": "", "default": " = None", "factory": " = field(default_factory=tuple)"}
        body += f"    {field_name}: object{value[kind]}\n"
    return class_head(way, name, kw_only=kw_only) + body


def records_module(way: str, records: list[tuple[str, list[Field], bool]]) -> str:
    classes = [
        class_source(way, f"{name}{number}", fields, kw_only=kw_only)
        for number, (name, fields, kw_only) in enumerate(records)
    ]
    return "from __future__ import annotations\n\n" + HEADERS[way] + "\n\n" + "\n\n".join(classes)


def sweep_module(way: str, fields: list[Field]) -> str:
    """Server and Lookup with pydig's fields; Lookup keeps a dict (msgspec's dict=True),
    where pydig's keeps a cached_property (its query's wire form; slots allow none)."""
    server = class_head(way, "Server", kw_only=True) + "    address: str\n    label: str\n"
    lookup = class_head(way, "Lookup", kw_only=True, extra=", dict=True")
    for name, kind in fields:
        value = {"required": "", "default": " = None", "factory": " = field(default_factory=tuple)"}
        lookup += f"    {name}: object{value[kind]}\n"
    return f"from __future__ import annotations\n\n{HEADERS[way]}\n\n{server}\n\n{lookup}"


SWEEP = """
import time
import dns.message

from sweep_{module} import Lookup, Server, replace

QUERY = dns.message.make_query("0.0.18.198.in-addr.arpa.", "PTR")
SERVERS = (Server(address="127.0.0.1", label="127.0.0.1"),)


def make(number):
    return Lookup(
        query=QUERY, qname_text=str(number), servers=SERVERS, port=53, tcp=False,
        ignore_truncation=False, timeout=5.0, tries=3, source=None, display=None,
        use_usec=False,
    )


started = time.perf_counter()
made = [make(number) for number in range(%d)]
constructed = time.perf_counter()
replaced = [replace(lookup, qname_text="x", banner="", tcp=True) for lookup in made]
replacing = time.perf_counter()
twins = [make(number) for number in range(len(made))]
comparing = time.perf_counter()
assert all(a == b for a, b in zip(made, twins, strict=True))
compared = time.perf_counter()
assert replaced[0].qname_text == "x"
print(constructed - started, replacing - constructed, compared - comparing)
"""


SWAPS = {
    "immutable": "",
    "dataclass": "from dataclasses import dataclass as make\nSLOTS = False\n",
    "dataclass-slots": "from dataclasses import dataclass as make\nSLOTS = True\n",
    "msgspec": "import msgspec\nimport types\nfrom functools import cached_property\n",
}

SWAP_DATACLASS = """
import pydig.immutable


def immutable(cls=None, /, *, kw_only=False):
    wrap = make(frozen=True, kw_only=kw_only, slots=SLOTS)
    return wrap if cls is None else wrap(cls)


def mutable(cls=None, /, *, eq=True):
    wrap = make(eq=eq, slots=SLOTS)
    return wrap if cls is None else wrap(cls)


pydig.immutable.immutable = immutable
pydig.immutable.mutable = mutable
"""

SWAP_MSGSPEC = """
import dataclasses
import pydig.immutable

SKIPPED = ("__dict__", "__weakref__")


def struct(cls, **options):
    body = {}
    for name, value in vars(cls).items():
        if isinstance(value, dataclasses.Field):
            if value.default is not dataclasses.MISSING:
                value = value.default
            elif value.default_factory is not dataclasses.MISSING:
                value = msgspec.field(default_factory=value.default_factory)
            else:
                continue
        if name not in SKIPPED:
            body[name] = value
    options["dict"] = any(isinstance(value, cached_property) for value in body.values())
    return types.new_class(cls.__name__, (msgspec.Struct,), options, lambda ns: ns.update(body))


def immutable(cls=None, /, *, kw_only=False):
    def wrap(cls):
        return struct(cls, frozen=True, kw_only=kw_only)
    return wrap if cls is None else wrap(cls)


def mutable(cls=None, /, *, eq=True):
    def wrap(cls):
        return struct(cls, eq=eq)
    return wrap if cls is None else wrap(cls)


pydig.immutable.immutable = immutable
pydig.immutable.mutable = mutable
"""


# pydig calls vars() on one record as it is imported (cli/options.py's pydig_plus); for
# records with no __dict__ (slots, msgspec) vars() is given their fields instead.
VARS = """
import builtins
import dataclasses

_vars = builtins.vars


def fields_or_vars(*args):
    if len(args) == 1 and not hasattr(args[0], "__dict__"):
        record = args[0]
        names = getattr(type(record), "__struct_fields__", None)
        if names is None:
            names = [field.name for field in dataclasses.fields(record)]
        return {name: getattr(record, name) for name in names}
    return _vars(*args)


builtins.vars = fields_or_vars
"""


def swap_module(way: str) -> str:
    """The module that swaps pydig.immutable's decorators for the `way` ones (none for
    `@immutable`)."""
    if way == "immutable":
        return ""
    swap = SWAPS[way] + (SWAP_MSGSPEC if way == "msgspec" else SWAP_DATACLASS)
    return swap + (VARS if way != "dataclass" else "")


# --- running them --------------------------------------------------------------------------


def run(code: str, path: list[Path]) -> list[float]:
    """What `code` prints, as numbers, run in a fresh interpreter with `path` first (and
    in path[0]: `python -c` looks in the current directory before anywhere else)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(entry) for entry in path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, env=env, cwd=path[0], check=False,
    )  # fmt: skip
    if done.returncode:
        sys.exit(done.stderr)
    return [float(word) for word in done.stdout.split()]


def import_timing(statement: str, *, after: str) -> str:
    """Code that prints how long `statement` takes, once `after` has run."""
    return (
        f"{after}\nimport time\nstarted = time.perf_counter()\n{statement}\n"
        "print(time.perf_counter() - started)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sweep", type=int, default=65536)
    args = parser.parse_args()
    records = pydig_records()
    field_count = sum(len(fields) for _name, fields, _kw_only in records)
    modules = pydig_modules()
    lookup = lookup_fields()
    with tempfile.TemporaryDirectory(prefix="pydig-records-") as tmp:
        work = Path(tmp)
        print(f"Python {sys.version.split()[0]}; {len(records)} records, {field_count} fields")
        for way in WAYS:
            module = way.replace("-", "_")
            (work / f"records_{module}.py").write_text(records_module(way, records))
            (work / f"sweep_{module}.py").write_text(sweep_module(way, lookup))
            (work / f"swap_{module}.py").write_text(swap_module(way))
        site_packages = sysconfig.get_paths()["purelib"]  # dnspython, idna, msgspec...
        for tree in (work, ROOT / "pydig", site_packages):
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=True)
        every = "\n".join(f"import {name}" for name in modules)
        jobs: dict[str, tuple[str, list[Path]]] = {}
        for way in WAYS:
            module = way.replace("-", "_")
            code = import_timing(f"import swap_{module}\n{every}", after="")
            jobs[f"pydig's modules, {way}"] = (code, [work, ROOT])
        for way in WAYS:
            module = way.replace("-", "_")
            code = import_timing(f"import records_{module}", after=AFTER)
            jobs[f"records alone, {way}"] = (code, [work, ROOT])
        for way in WAYS:
            code = SWEEP.replace("{module}", way.replace("-", "_")) % args.sweep
            jobs[f"sweep, {way}"] = (code, [work, ROOT])
        results: dict[str, list[list[float]]] = {label: [] for label in jobs}
        for code, path in jobs.values():
            run(code, path)  # a first run, unmeasured
        for _ in range(args.runs):
            for label, (code, path) in jobs.items():
                results[label].append(run(code, path))
    print(f"\nstart-up, ms (median of {args.runs}):")
    for label, values in results.items():
        if not label.startswith("sweep"):
            print(f"  {label:32} {statistics.median(v[0] for v in values) * 1e3:8.1f}")
    print(f"\n{args.sweep:,} lookups, ms (make, replace, compare, total):")
    for label, values in results.items():
        if label.startswith("sweep"):
            parts = [statistics.median(v[i] for v in values) * 1e3 for i in range(3)]
            numbers = "".join(f" {part:8.1f}" for part in [*parts, sum(parts)])
            print(f"  {label:32}{numbers}")


if __name__ == "__main__":
    main()
