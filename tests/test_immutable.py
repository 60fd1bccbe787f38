"""@immutable behaves as @dataclass(frozen=True) does, and @mutable as @dataclass, for
everything pydig uses."""

from __future__ import annotations

import copy
import dataclasses
import enum
import functools
import pickle

import pytest

from pydig import IntEnumBody, enumeration
from pydig.immutable import immutable, mutable, replace


@immutable
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@immutable(kw_only=True)
class Settings:
    name: str
    ports: list[int] = dataclasses.field(default_factory=list)
    hidden: str = dataclasses.field(default="secret", repr=False, compare=False)
    derived: int = dataclasses.field(default=7, init=False)

    @functools.cached_property
    def shout(self) -> str:
        return self.name.upper()


@immutable
class Point3(Point):
    z: int = 0


@immutable
class Positive:
    value: int

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError("not positive")


def test_arguments_as_the_dataclass_would_take_them() -> None:
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(1, y=3).y) == (1, 0, 2, 3)
    assert Settings(name="a").ports == []
    assert Settings(name="a").ports is not Settings(name="b").ports  # a new list each
    assert Settings(name="a").derived == 7
    assert Point3(1, 2, (), 3).z == 3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Point(), "missing the argument 'x'"),
        (lambda: Point(1, 2, (), 4), "takes 3 positional arguments"),
        (lambda: Point(1, x=2), "twice"),
        (lambda: Point(1, w=2), "unexpected keyword arguments: w"),
        (lambda: Settings("a"), "takes 0 positional arguments"),
        (lambda: Settings(name="a", derived=1), "unexpected keyword arguments: derived"),
    ],
)
def test_wrong_arguments_are_a_type_error(make: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()  # type: ignore[operator]


def test_post_init_runs() -> None:
    assert Positive(1).value == 1
    with pytest.raises(ValueError, match="not positive"):
        Positive(0)


def test_frozen() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]


def test_equality_hash_and_repr() -> None:
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != Point3(1)  # another class is never equal, as with dataclasses
    assert Settings(name="a", hidden="x") == Settings(name="a", hidden="y")  # compare=False
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Settings(name="a")) == "Settings(name='a', ports=[], derived=7)"


def test_dataclass_tools_and_copies_work() -> None:
    point = Point(1, 2)
    assert dataclasses.is_dataclass(point)
    assert [field.name for field in dataclasses.fields(point)] == ["x", "y", "tags"]
    assert dataclasses.replace(point, y=5) == Point(1, 5)
    assert dataclasses.asdict(point) == {"x": 1, "y": 2, "tags": ()}
    assert copy.copy(point) == point and pickle.loads(pickle.dumps(point)) == point


def test_cached_property() -> None:
    settings = Settings(name="a")
    assert settings.shout == "A" and settings.shout is settings.shout


@mutable
class Tally:
    """A count that goes up."""

    name: str
    seen: list[str] = dataclasses.field(default_factory=list)
    count: int = 0


@mutable(eq=False)
class Handle:
    """Compared by identity."""

    name: str


def test_mutable() -> None:
    tally = Tally("a")
    tally.count += 1
    tally.seen.append("x")
    assert tally == Tally("a", ["x"], 1) and tally != Tally("a")
    assert repr(tally) == "Tally(name='a', seen=['x'], count=1)"
    with pytest.raises(TypeError, match="unhashable"):
        hash(tally)
    assert dataclasses.replace(tally, count=5).count == 5


def test_mutable_without_equality_is_compared_by_identity() -> None:
    handle = Handle("a")
    assert handle != Handle("a") and handle == handle
    assert {handle: 1}[handle] == 1


def test_replace_is_dataclasses_replace_for_records() -> None:
    @immutable
    class Cached:
        """A record with a cached property and a hash once worked out."""

        number: int
        name: str = "x"

        @functools.cached_property
        def double(self) -> int:
            return self.number * 2

    record = Cached(3)
    assert record.double == 6 and hash(record) == hash(Cached(3))
    changed = replace(record, number=4)
    assert changed == dataclasses.replace(record, number=4) == Cached(4, "x")
    assert changed.double == 8 and hash(changed) == hash(Cached(4))  # worked out again
    assert replace(record) == record and replace(record) is not record
    with pytest.raises(TypeError, match="no fields colour"):
        replace(record, colour=1)


def _described(cls: type) -> list[tuple[object, ...]]:
    shown = ("name", "type", "default", "default_factory", "init", "repr", "compare", "kw_only")
    return [tuple(getattr(field, name) for name in shown) for field in dataclasses.fields(cls)]


def test_fields_are_what_dataclass_records() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class SettingsTwin:
        name: str
        ports: list[int] = dataclasses.field(default_factory=list)
        hidden: str = dataclasses.field(default="secret", repr=False, compare=False)
        derived: int = dataclasses.field(default=7, init=False)

    @dataclasses.dataclass(frozen=True)
    class PointTwin:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()

    @dataclasses.dataclass(frozen=True)
    class Point3Twin(PointTwin):
        z: int = 0

    assert _described(Settings) == _described(SettingsTwin)
    assert _described(Point3) == _described(Point3Twin)
    assert (Settings.derived, Point3.z, "ports" in vars(Settings)) == (7, 0, False)


def test_enumeration_makes_the_enum_a_class_statement_would() -> None:
    @enumeration(enum.IntEnum)
    class Level(IntEnumBody):
        """How loud."""

        QUIET = 0
        LOUD = 2

    assert isinstance(Level.LOUD, enum.IntEnum) and Level.LOUD == 2
    assert Level(2) is Level.LOUD and list(Level) == [Level.QUIET, Level.LOUD]
    assert (repr(Level.QUIET), Level.LOUD.name, Level.__doc__) == (
        "<Level.QUIET: 0>",
        "LOUD",
        "How loud.",
    )
    with pytest.raises(ValueError):
        Level(1)
