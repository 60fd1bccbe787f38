"""`@immutable`: a frozen dataclass whose methods are shared code, not compiled per class.

`@dataclass(frozen=True)` writes the source of six methods for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and
compiles each with exec() when the module is imported.  `@immutable` records the fields
only, as dataclasses does (so `dataclasses.replace`, `fields` and `asdict` work as before,
its Field objects made when first asked for) but without its reading of every annotation
for ClassVar, InitVar and KW_ONLY, and gives the class methods that every record shares,
which read what the class keeps of its fields.  Type checkers see a frozen dataclass
(PEP 681).

benchmarks/records.py, ms, medians of 21 (Python 3.11, 2 CPUs, bytecode compiled;
2026-12-07 20:22 UTC, quiet):

    records made as      records defined   pydig imported   a /16: 65,536 Lookups
    @immutable                  2.0             116.2            666 (make 162)
    frozen dataclass           30.7             147.8            467 (make 188)
    dataclass, slots           31.9             152.0            432 (make 173)
    msgspec.Struct              9.5             127.2             79 (make 49)

Shared methods start fastest and make a record a little faster than generated ones,
but replace one 1.5 times and compare two 7 times slower, and msgspec does a sweep's
churn eight times faster.  pydig keeps `@immutable` all the same: msgspec's import
costs every lookup's start some 10 ms, single lookups from a shell are pydig's main use
(its start is measured against dig's), and a /16 sweep, which takes about 5 s, makes
its Lookups only for the addresses the express lane hands over.

`@mutable` does the same for the few classes whose state changes as they go (a parse in
progress, the walk over a reply, a connection), in place of a plain `@dataclass`.

A class without a docstring keeps none (dataclasses would write one from
inspect.signature(), which costs more than the rest of the class).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias, dataclass_transform, overload

if TYPE_CHECKING:  # type variables and aliases are for the type checker: a start pays for each
    from typing import TypeVar

    _T = TypeVar("_T", bound=type)
    _R = TypeVar("_R")

_MISSING = dataclasses.MISSING
_HASH = "_immutable_hash"  # where a record keeps its hash, once worked out


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
        _set_up(cls, _fields_of(cls, kw_only=kw_only), frozen=frozen, eq=eq)
        return cls

    return wrap if cls is None else wrap(cls)


_FIELDS = "__dataclass_fields__"  # where dataclasses keeps a class's fields
_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]  # its mark of a field (no ClassVar)
_NOT_FIELDS = frozenset({"ClassVar", "InitVar", "KW_ONLY"})
# On each record class: its fields, each a tuple (name, annotation, default, factory,
# init, repr, compare, kw_only, the field() given in the class or None) ...
_OWN = "_immutable_fields"
# ... and what its methods read: __init__'s (positional names, the dict a record starts
# as, required names, known names, (name, factory) pairs, __post_init__), and, worked
# out when first asked for (_Worked), what replace() copies (name, default, factory,
# init), the names __eq__ and __hash__ compare, and those __repr__ shows.
_INIT = "_immutable_init"
_WORKED = "_immutable_worked"
Field: TypeAlias = "tuple[str, Any, Any, Any, bool, bool, bool, bool, Any]"


def _fields_of(cls: type, *, kw_only: bool) -> tuple[Field, ...]:
    """A record's fields, those of its bases first, as dataclasses.dataclass finds them,
    their defaults left as class attributes; without its reading of every string
    annotation for ClassVar, InitVar and KW_ONLY, which records do without (refused)."""
    mro = cls.__mro__
    found: dict[str, Field] = {}
    for base in mro[-2:0:-1]:  # not object, not the class
        found.update((field[0], field) for field in base.__dict__.get(_OWN, ()))
    own = cls.__dict__
    inherits = len(mro) > 2  # a base of its own, whose class attributes count
    field_class = dataclasses.Field
    for name, annotation in own.get("__annotations__", {}).items():
        text = annotation if annotation.__class__ is str else repr(annotation)
        if ("Var" in text or "KW_ONLY" in text) and _names_no_field(text):
            raise TypeError(f"{cls.__qualname__}.{name}: a record's fields are all fields")
        value = own[name] if name in own else getattr(cls, name, _MISSING) if inherits else _MISSING
        if value.__class__ is field_class:
            default = value.default
            if default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, default)
            only = kw_only if value.kw_only is _MISSING else bool(value.kw_only)
            found[name] = (name, annotation, default, value.default_factory, value.init,
                           value.repr, value.compare, only, value)  # fmt: skip
        else:
            default = value
            found[name] = (name, annotation, default, _MISSING, True, True, True, kw_only, None)
        if default.__class__.__hash__ is None:
            raise ValueError(f"{cls.__qualname__}.{name}: a mutable default needs a factory")
    return tuple(found.values())


def _names_no_field(annotation: str) -> bool:
    """Whether the annotation is a ClassVar, an InitVar or KW_ONLY, as dataclasses reads it."""
    return annotation.split("[", 1)[0].rsplit(".", 1)[-1] in _NOT_FIELDS


def _set_up(cls: type, fields: tuple[Field, ...], *, frozen: bool, eq: bool) -> None:
    """Give the class what its methods read (what only replace(), ==, hash() and repr()
    read is worked out when first asked for), and the methods, shared by every record."""
    positional: list[str] = []
    known: list[str] = []
    required: list[str] = []
    start: dict[str, Any] = {}  # a new record's dict, in field order: defaults, and places
    factories: list[tuple[str, Callable[[], Any]]] = []
    missing = _MISSING
    for name, _, default, factory, init, _, _, only, _ in fields:
        if init:
            known.append(name)
            if not only:
                positional.append(name)
        if default is not missing:
            start[name] = default
        elif factory is not missing:
            start[name] = None
            factories.append((name, factory))
        elif init:
            start[name] = None
            required.append(name)
    post_init = None  # run once fields are set, as in dataclasses
    for base in cls.__mro__:  # (not getattr's miss, which makes an error to throw away)
        if "__post_init__" in base.__dict__:
            post_init = cls.__post_init__  # type: ignore[attr-defined]
            break
    type.__setattr__(cls, _OWN, fields)
    type.__setattr__(cls, _FIELDS, _DATACLASS_FIELDS)
    init_spec = (tuple(positional), start, frozenset(required), frozenset(known))
    type.__setattr__(cls, _INIT, (*init_spec, tuple(factories), post_init))
    type.__setattr__(cls, _WORKED, _WORKED_OUT)
    cls.__init__ = _init  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment]
    if eq:
        cls.__eq__ = _eq  # type: ignore[assignment]
    if frozen:
        cls.__hash__ = _hash  # type: ignore[assignment]
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    elif eq:
        cls.__hash__ = None  # type: ignore[assignment]  # equal by value yet changing: as dataclasses


class _DataclassFields:
    """A record's __dataclass_fields__, which dataclasses.fields, replace and asdict read:
    made the first time one of them asks, not for every record class a run defines."""

    def __get__(self, record: object, cls: type) -> dict[str, dataclasses.Field[Any]]:
        made: dict[str, dataclasses.Field[Any]] = {}
        for name, annotation, default, _, _, _, _, only, given in getattr(cls, _OWN):
            field = given or dataclasses.field(default=default)
            field.name, field.type, field.kw_only = name, annotation, only
            field._field_type = _FIELD
            made[name] = field
        setattr(cls, _FIELDS, made)
        return made


class _Worked:
    """What replace() (each field's name, default, factory and init), == and hash() (the
    names compared) and repr() (the names shown) read of a record class: worked out the
    first time one of them asks, as a run compares, copies or shows few of its records."""

    def __get__(self, record: object, cls: type) -> tuple[tuple[Any, ...], ...]:
        spec: list[tuple[str, Any, Any, bool]] = []
        compared: list[str] = []
        shown: list[str] = []
        for name, _, default, factory, init, in_repr, in_compare, _, _ in getattr(cls, _OWN):
            spec.append((name, default, factory, init))
            if in_compare:
                compared.append(name)
            if in_repr:
                shown.append(name)
        worked = (tuple(spec), tuple(compared), tuple(shown))
        setattr(cls, _WORKED, worked)
        return worked


# One of each serves every record class, which keeps its own once worked out.
_DATACLASS_FIELDS = _DataclassFields()
_WORKED_OUT = _Worked()


# The methods every record shares: each reads its class's part (_INIT, _COMPARED, _SHOWN).


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    positional, start, required, known, factories, post_init = self.__class__._immutable_init
    values = _with_positional(self, positional, args, kwargs) if args else kwargs
    if not (required <= values.keys() <= known):
        _refuse(self, values)
    # Straight into the instance's dict: where object.__setattr__ would put them.
    own = self.__dict__
    own.update(start)
    for name, factory in factories:
        if name not in values:
            own[name] = factory()
    own.update(values)
    if post_init is not None:
        post_init(self)


def _with_positional(
    record: Any, positional: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    if len(args) > len(positional):
        qualname = record.__class__.__qualname__
        raise TypeError(f"{qualname}() takes {len(positional)} positional arguments")
    values = dict(zip(positional, args, strict=False))  # fewer args than fields
    if values.keys() & kwargs.keys():
        raise TypeError(f"{record.__class__.__qualname__}() got arguments twice")
    values.update(kwargs)
    return values


def _refuse(record: Any, values: dict[str, Any]) -> None:
    qualname = record.__class__.__qualname__
    _, start, required, known, _, _ = record.__class__._immutable_init
    missing = [name for name in start if name in required and name not in values]
    if missing:
        raise TypeError(f"{qualname}() missing the argument {missing[0]!r}")
    unknown = ", ".join(sorted(values.keys() - known))
    raise TypeError(f"{qualname}() got unexpected keyword arguments: {unknown}")


def _values(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in record.__class__._immutable_worked[1])


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    # Worked out once: a batch line's settings are new, but the records inside them
    # are shared from line to line, and a plan's cache hashes them all every line.
    cached = self.__dict__.get(_HASH)
    if cached is None:
        cached = self.__dict__[_HASH] = hash(_values(self))
    return cached  # type: ignore[no-any-return]


def _repr(self: Any) -> str:
    names = self.__class__._immutable_worked[2]
    text = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
    return f"{self.__class__.__qualname__}({text})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def replace(record: _R, /, **changes: Any) -> _R:
    """dataclasses.replace, without its per-field work for @immutable and @mutable
    records (a lookup makes several): the field values copied, the changes checked and
    put in.  What the old record worked out from its values (its hash, a cached
    property) stays behind, as it does with dataclasses.replace."""
    cls = record.__class__
    made_by_us = getattr(cls, _INIT, None)
    if made_by_us is None:
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    _, _, _, known, _, post_init = made_by_us
    if not known.issuperset(changes):
        unknown = ", ".join(sorted(changes.keys() - known))
        raise TypeError(f"{record.__class__.__qualname__} has no fields {unknown}")
    made: _R = object.__new__(cls)
    old, new = record.__dict__, made.__dict__
    for name, default, factory, init in getattr(cls, _WORKED)[0]:
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
