"""`@record` makes the class `@dataclass(frozen=True, slots=True)` makes.

Every record class of the scenario layer is compared with its twin: the same module source
with `@record` put back to `@dataclass(frozen=True, slots=True)`, executed as another
module. Signature, fields, slots, docs, equality, hash, repr, pickled state, copies,
`dataclasses.replace` / `asdict` and the errors on assignment must all agree.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
import types
from dataclasses import FrozenInstanceError, InitVar, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.scenario import ir, loader, positions, records, source
from wargame.scenario.records import record

MODULES = (ir, positions, source, loader)
GREENLAND = Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml"


def _twin(module: types.ModuleType) -> types.ModuleType:
    """The module as it reads with real dataclasses in place of `@record`."""
    text = inspect.getsource(module)
    assert "@record\n" in text
    text = text.replace("@record\n", "@_dataclass(frozen=True, slots=True)\n")
    twin = types.ModuleType(module.__name__ + "_twin")
    twin.__dict__["_dataclass"] = dataclasses.dataclass
    sys.modules[twin.__name__] = twin
    exec(compile(text, module.__file__ or "<twin>", "exec"), twin.__dict__)
    return twin


TWINS = {module.__name__: _twin(module) for module in MODULES}
PAIRS = [
    (cls, getattr(TWINS[module.__name__], name))
    for module in MODULES
    for name, cls in vars(module).items()
    if isinstance(cls, type)
    and cls.__module__ == module.__name__
    and dataclasses.is_dataclass(cls)
]
IDS = [cls.__qualname__ for cls, _ in PAIRS]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.tuples(st.integers(0, 2), st.text(max_size=2)),
)
"""Hashable field values: the types do not matter to the methods under test."""


def test_every_record_class_is_compared() -> None:
    assert len(PAIRS) == 27
    assert {cls.__qualname__ for cls, _ in PAIRS} >= {"ScenarioIR", "Expr", "NodeInfo", "_Err"}


@pytest.mark.parametrize(("new", "old"), PAIRS, ids=IDS)
def test_the_class_is_described_as_before(new: type, old: type) -> None:
    assert str(inspect.signature(new)) == str(inspect.signature(old))
    assert new.__doc__ == old.__doc__
    assert new.__slots__ == old.__slots__  # type: ignore[attr-defined]
    assert new.__match_args__ == old.__match_args__  # type: ignore[attr-defined]

    def described(cls: type) -> list[tuple[Any, ...]]:
        return [
            (f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash)
            for f in dataclasses.fields(cls)
        ]

    assert described(new) == described(old)
    assert new.__init__.__qualname__ == f"{new.__qualname__}.__init__"  # type: ignore[misc]


@pytest.mark.parametrize(("new", "old"), PAIRS, ids=IDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_instances_behave_as_before(new: type, old: type, data: st.DataObject) -> None:
    names = [f.name for f in dataclasses.fields(new)]
    first = data.draw(st.lists(values, min_size=len(names), max_size=len(names)))
    second = data.draw(st.lists(values, min_size=len(names), max_size=len(names)))
    a, b = new(*first), new(*second)
    a_old, b_old = old(*first), old(*second)

    assert repr(a) == repr(a_old)
    assert (a == b) == (a_old == b_old)
    assert (a == new(*first)) == (a_old == old(*first))
    assert a.__eq__(a_old) is NotImplemented
    assert a != object()
    assert hash(a) == hash(a_old)
    assert not hasattr(a, "__dict__")
    assert new(**dict(zip(names, first, strict=True))).__getstate__() == first
    assert a.__reduce_ex__(4)[2] == a_old.__reduce_ex__(4)[2] == first
    # NaN is not equal to a copy of itself: compare what equality says, both ways
    assert (pickle.loads(pickle.dumps(a)) == a) == (pickle.loads(pickle.dumps(a_old)) == a_old)
    assert (copy.deepcopy(a) == a) == (copy.deepcopy(a_old) == a_old)
    assert copy.copy(a).__getstate__() == first
    assert repr(dataclasses.asdict(a)) == repr(dataclasses.asdict(a_old))
    changed = dataclasses.replace(a, **{names[0]: second[0]})
    assert type(changed) is new
    assert changed.__getstate__() == [second[0], *first[1:]]

    for name in names:
        with pytest.raises(FrozenInstanceError) as raised:
            setattr(a, name, 1)
        with pytest.raises(FrozenInstanceError) as raised_old:
            setattr(a_old, name, 1)
        assert str(raised.value) == str(raised_old.value)
        with pytest.raises(FrozenInstanceError) as raised:
            delattr(a, name)
        with pytest.raises(FrozenInstanceError) as raised_old:
            delattr(a_old, name)
        assert str(raised.value) == str(raised_old.value)
    # Not a field: a frozen slotted dataclass of Python 3.11 fails here with a TypeError from
    # `super()` (it checks against the class before `slots` rebuilt it); a record says why.
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'not_a_field'"):
        a.not_a_field = 1
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'not_a_field'"):
        del a.not_a_field


@pytest.mark.parametrize(("new", "old"), PAIRS, ids=IDS)
def test_defaults_and_wrong_calls_as_before(new: type, old: type) -> None:
    required = [
        f.name
        for f in dataclasses.fields(new)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    args = [f"v{i}" for i in range(len(required))]
    a, a_old = new(*args), old(*args)
    assert repr(a) == repr(a_old)
    assert a.__getstate__() == a_old.__getstate__()
    for f in dataclasses.fields(new):
        if f.default_factory is not dataclasses.MISSING:  # a fresh object each time
            assert getattr(new(*args), f.name) is not getattr(a, f.name)
    if required:
        with pytest.raises(TypeError):
            new(*args[:-1])
    with pytest.raises(TypeError):
        new(*args, **{f"x{i}": i for i in range(1)})
    with pytest.raises(TypeError):
        new(*args, *range(len(dataclasses.fields(new)) - len(args) + 1))


def test_a_real_scenario_compiles_to_equal_records() -> None:
    first = loader.load_scenario(GREENLAND)
    second = loader.load_scenario(GREENLAND)
    assert first == second and first is not second
    assert first.moves[0] == second.moves[0] and hash(first.moves[0]) == hash(second.moves[0])
    assert first.actors[1] != first.actors[0]
    with pytest.raises(TypeError, match="unhashable"):  # its NameTable holds dicts, as before
        hash(first)
    with pytest.raises(FrozenInstanceError):
        first.title = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(first.calendar)) == first.calendar


# --- what record refuses -------------------------------------------------------------------


def test_a_class_var_or_init_var_is_refused() -> None:
    with pytest.raises(TypeError, match="ClassVar or InitVar"):

        @record
        class WithClassVar:
            a: int
            b: ClassVar[int] = 1

    with pytest.raises(TypeError, match="ClassVar or InitVar"):

        @record
        class WithInitVar:
            a: int
            b: InitVar[int]


def test_init_false_kw_only_and_order_are_refused() -> None:
    with pytest.raises(TypeError, match="init=False"):

        @record
        class NoInit:
            a: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="kw_only"):

        @record
        class KwOnly:
            a: int = field(kw_only=True)

    with pytest.raises(TypeError, match="follows default"):

        @record
        class Order:  # type: ignore[misc]
            a: int = 0
            b: int


@pytest.mark.parametrize(
    "method", ["__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__post_init__"]
)
def test_a_method_record_writes_is_refused(method: str) -> None:
    namespace: dict[str, Any] = {"__annotations__": {"a": "int"}, method: lambda self: None}
    cls = type("Custom", (), namespace)
    with pytest.raises(TypeError, match=method):
        record(cls)


def test_a_field_named_self_and_a_class_without_docstring() -> None:
    @record
    class Odd:
        self: int
        other: int = 2

    twin = dataclasses.dataclass(frozen=True, slots=True)(
        type("Odd", (), {"__annotations__": {"self": "int", "other": "int"}, "other": 2})
    )
    assert Odd(1).self == 1 and Odd(self=3, other=4).other == 4
    assert Odd.__doc__ == twin.__doc__
    assert records.__all__ == ["record"]


def test_eq_and_hash_are_compiled_on_their_first_call() -> None:
    @record
    class Pair:
        """Two numbers."""

        a: int
        b: int = field(default=0, compare=False)

    assert Pair.__eq__.__code__.co_name == "first_call"
    assert Pair(1, 2) == Pair(1, 3) and Pair(1) != Pair(2)
    assert Pair.__eq__.__code__.co_name == "__eq__"
    assert Pair.__eq__.__qualname__.endswith("<locals>.Pair.__eq__")
    assert hash(Pair(1, 2)) == hash((1,))
    assert Pair.__hash__.__code__.co_name == "__hash__"
    assert len({Pair(1, 2), Pair(1, 3), Pair(2)}) == 2
