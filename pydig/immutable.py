"""`@immutable`: a frozen dataclass whose methods are shared code, not compiled per class.

`@dataclass(frozen=True)` writes the source of six methods for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and
compiles each with exec() when the module is imported.  `@immutable` records the fields
only, where and as dataclasses does (so `dataclasses.replace`, `fields` and `asdict` work
as before) but without its reading of every annotation for ClassVar, InitVar and KW_ONLY,
and gives the class generic methods that read those fields.  Type checkers see a frozen
dataclass (PEP 681).

benchmarks/records.py, ms, medians of 21 (Python 3.11, 2 CPUs, bytecode compiled):

    records made as      80 records defined   pydig imported   a /16: 65,536 Lookups
    @immutable                  4.7               128.9            688 (make 177)
    frozen dataclass           31.2               151.3            486 (make 197)
    dataclass, slots           32.7               155.4            447 (make 180)
    msgspec.Struct             10.1               142.4             83 (make 51)

Shared methods start fastest and make a record no slower than generated ones, but
replace one 1.4 times and compare two 6.5 times slower, and msgspec does a sweep's churn
eight times faster.  pydig keeps `@immutable` all the same: msgspec's import
costs every lookup's start 5-14 ms, single lookups from a shell are pydig's main use
(its start is measured against dig's), and on a /16 sweep of some 33 s it saves 0.6 s.

`@mutable` does the same for the few classes whose state changes as they go (a parse in
progress, the walk over a reply, a connection), in place of a plain `@dataclass`.

A class without a docstring keeps none (dataclasses would write one from
inspect.signature(), which costs more than the rest of the class).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T", bound=type)
_R = TypeVar("_R")
_MISSING = dataclasses.MISSING
_HASH = "_immutable_hash"  # where a record keeps its hash, once worked out
_SPEC = "_immutable_spec"  # on the class: what replace() needs to know of its fields


@overload
def immutable(cls: _T, /) -> _T: ...
@overload
def immutable(*, kw_only: bool = False) -> Callable[[_T], _T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def immutable(cls: _T | None = None, /, *, kw_only: bool = False) -> Any:
    """Use as `@immutable` or `@immutable(kw_only=True)`, like `@dataclass(frozen=True)`."""
    return _decorate(cls, kw_only=kw_only, frozen=True, eq=True)


@overload
def mutable(cls: _T, /) -> _T: ...
@overload
def mutable(*, eq: bool = True) -> Callable[[_T], _T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable(cls: _T | None = None, /, *, eq: bool = True) -> Any:
    """`@dataclass` for state that changes as it goes (a parse, a walk, a connection),
    made the same way: `@mutable` or `@mutable(eq=False)` (identity, and hashable)."""
    return _decorate(cls, kw_only=False, frozen=False, eq=eq)


def _decorate(cls: _T | None, *, kw_only: bool, frozen: bool, eq: bool) -> Any:
    def wrap(cls: _T) -> _T:
        _record_fields(cls, kw_only=kw_only)
        return _give_methods(cls, frozen=frozen, eq=eq)

    return wrap if cls is None else wrap(cls)


_FIELDS = "__dataclass_fields__"  # where dataclasses keeps a class's fields
_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]  # its mark of a field (no ClassVar)
_NOT_FIELDS = frozenset({"ClassVar", "InitVar", "KW_ONLY"})


def _record_fields(cls: type, *, kw_only: bool) -> None:
    """What dataclasses.dataclass(init=False, repr=False, eq=False) records of a class:
    its fields (those of its bases first), read by dataclasses.fields, replace and asdict,
    the defaults left as class attributes.  A sixth of its cost: it reads every string
    annotation for ClassVar, InitVar and KW_ONLY, which records do without (refused here),
    and writes a docstring for a class without one."""
    fields: dict[str, dataclasses.Field[Any]] = {}
    for base in cls.__mro__[-1:0:-1]:
        fields.update(getattr(base, _FIELDS, {}))
    for name, annotation in inspect.get_annotations(cls).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if text.split("[", 1)[0].rsplit(".", 1)[-1] in _NOT_FIELDS:
            raise TypeError(f"{cls.__qualname__}.{name}: a record's fields are all fields")
        default: Any = getattr(cls, name, _MISSING)
        if isinstance(default, dataclasses.Field):
            field = default
            if field.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, field.default)
        else:
            field = dataclasses.field(default=default)
        field.name, field.type = name, annotation
        field._field_type = _FIELD  # type: ignore[attr-defined]
        if field.kw_only is _MISSING:
            field.kw_only = kw_only
        if field.default.__class__.__hash__ is None:
            raise ValueError(f"{cls.__qualname__}.{name}: a mutable default needs a factory")
        fields[name] = field
    setattr(cls, _FIELDS, fields)


def _give_methods(cls: _T, *, frozen: bool, eq: bool) -> _T:
    fields = dataclasses.fields(cls)
    positional = tuple(field.name for field in fields if field.init and not field.kw_only)
    known = frozenset(field.name for field in fields if field.init)
    spec = tuple((field.name, field.default, field.default_factory, field.init) for field in fields)
    compared = tuple(field.name for field in fields if field.compare)
    shown = tuple(field.name for field in fields if field.repr)
    qualname = cls.__qualname__
    post_init = getattr(cls, "__post_init__", None)  # run once fields are set, as in dataclasses
    # What a new record's dict starts as, in field order: the defaults, and a place for
    # each value that must be given or made by a factory.
    start = {name: None if default is _MISSING else default for name, default, factory, init in spec
             if default is not _MISSING or factory is not _MISSING or init}  # fmt: skip
    required = frozenset(
        name for name, default, factory, init in spec
        if init and default is _MISSING and factory is _MISSING
    )  # fmt: skip
    factories = tuple(
        (name, factory) for name, default, factory, init in spec if factory is not _MISSING
    )

    def with_positional(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        if len(args) > len(positional):
            raise TypeError(f"{qualname}() takes {len(positional)} positional arguments")
        values = dict(zip(positional, args, strict=False))  # fewer args than fields
        if values.keys() & kwargs.keys():
            raise TypeError(f"{qualname}() got arguments twice")
        values.update(kwargs)
        return values

    def refuse(values: dict[str, Any]) -> None:
        missing = [name for name, _, _, _ in spec if name in required and name not in values]
        if missing:
            raise TypeError(f"{qualname}() missing the argument {missing[0]!r}")
        unknown = ", ".join(sorted(values.keys() - known))
        raise TypeError(f"{qualname}() got unexpected keyword arguments: {unknown}")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        values = with_positional(args, kwargs) if args else kwargs
        if not (required <= values.keys() <= known):
            refuse(values)
        # Straight into the instance's dict: where object.__setattr__ would put them.
        own = self.__dict__
        own.update(start)
        for name, factory in factories:
            if name not in values:
                own[name] = factory()
        own.update(values)
        if post_init is not None:
            post_init(self)

    def _values(self: Any) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in compared)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self: Any) -> int:
        # Worked out once: a batch line's settings are new, but the records inside them
        # are shared from line to line, and a plan's cache hashes them all every line.
        cached = self.__dict__.get(_HASH)
        if cached is None:
            cached = self.__dict__[_HASH] = hash(_values(self))
        return cached  # type: ignore[no-any-return]

    def __repr__(self: Any) -> str:
        text = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({text})"

    def __setattr__(self: Any, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    setattr(cls, _SPEC, (spec, known, post_init))
    methods: list[Callable[..., Any]] = [__init__, __repr__]
    if eq:
        methods.append(__eq__)
    if frozen:
        methods += [__hash__, __setattr__, __delattr__]
    for method in methods:
        method.__qualname__ = f"{qualname}.{method.__name__}"
        setattr(cls, method.__name__, method)
    if eq and not frozen:
        cls.__hash__ = None  # type: ignore[assignment]  # equal by value yet changing: as dataclasses
    return cls


def replace(record: _R, /, **changes: Any) -> _R:
    """dataclasses.replace, without its per-field work for @immutable and @mutable
    records (a lookup makes several): the field values copied, the changes checked and
    put in.  What the old record worked out from its values (its hash, a cached
    property) stays behind, as it does with dataclasses.replace."""
    found = getattr(record.__class__, _SPEC, None)
    if found is None:
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    spec, known, post_init = found
    if not known.issuperset(changes):
        unknown = ", ".join(sorted(changes.keys() - known))
        raise TypeError(f"{record.__class__.__qualname__} has no fields {unknown}")
    made = object.__new__(record.__class__)
    old, new = record.__dict__, made.__dict__
    for name, default, factory, init in spec:
        if name in changes:
            new[name] = changes[name]
        elif init:
            new[name] = old[name]
        elif default is not _MISSING:  # a field __init__ does not take starts again
            new[name] = default
        elif factory is not _MISSING:
            new[name] = factory()
    if post_init is not None:
        post_init(made)
    return made
