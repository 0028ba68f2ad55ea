"""Frozen, slotted record classes that cost next to nothing to define.

`@record` makes the class `@dataclass(frozen=True, slots=True)` makes: the same fields,
constructor (positional or keyword, defaults and `field(default_factory=...)`), `__slots__`
and `__match_args__`, equality and hash over the fields that compare, `repr` over the fields
that show, `FrozenInstanceError` on assignment or deletion, the same pickled state, and it
is a dataclass to `dataclasses.fields`, `replace`, `asdict` and `is_dataclass`.

Why not `dataclass` itself: it writes each class's `__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__` and `__delattr__` as source text and compiles them with `exec`,
about 1 ms a class here; the IR's 21 classes cost ~20 ms of every cold `wargame validate`.
Here `dataclass` still collects the fields but generates nothing. `__init__`, whose speed
matters (the compiler builds ~80,000 records for a 10,000-move file), is compiled as
dataclass compiles it, once per class. `__eq__` and `__hash__` are compiled the same way
on their first call (a `wargame validate` never calls them; a closure would be ~200 ns a
call slower than dataclass's). The others are closures over the class's field names.

Only what the scenario layer needs is supported: a class that declares `ClassVar` or
`InitVar` fields, `kw_only` or `init=False` fields, `__post_init__`, or defines one of the
methods `record` writes is refused with a `TypeError` rather than half-handled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

__all__ = ["record"]

T = TypeVar("T")

_WRITTEN = (
    "__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
    "__getstate__", "__setstate__", "__post_init__",
)


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as dataclasses
    shows it in signatures)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True, slots=True)`, without compiling five methods per class."""
    for name in _WRITTEN:
        if name in cls.__dict__:
            raise TypeError(f"@record writes {name} itself; {cls.__qualname__} defines one")
    documented = cls.__dict__.get("__doc__") is not None
    made: Any = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    fields = dataclasses.fields(made)
    if len(fields) != len(made.__dataclass_fields__):
        raise TypeError(f"@record does not support ClassVar or InitVar ({cls.__qualname__})")
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"@record does not support init=False or kw_only ({f.name})")
    names = tuple(f.name for f in fields)
    compared = [f.name for f in fields if f.compare]
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    shown = tuple(f.name for f in fields if f.repr)
    methods: dict[str, Callable[..., Any]] = {
        "__init__": _init(made, fields),
        "__repr__": _repr(shown),
        "__eq__": _on_first_call(made, "__eq__", _eq_source(compared)),
        "__hash__": _on_first_call(made, "__hash__", _hash_source(hashed)),
        "__setattr__": _setattr(made, frozenset(names)),
        "__delattr__": _delattr(made, frozenset(names)),
        "__getstate__": _getstate(names),
        "__setstate__": _setstate(names),
    }
    for name, method in methods.items():
        _install(made, name, method)
    if not documented:  # as dataclass documents a class without a docstring
        import inspect

        made.__doc__ = made.__name__ + str(inspect.signature(made)).replace(" -> None", "")
    return made  # type: ignore[no-any-return]


def _install(cls: type[Any], name: str, method: Callable[..., Any]) -> None:
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    method.__module__ = cls.__module__
    setattr(cls, name, method)


def _compiled(source: str, name: str, scope: dict[str, Any]) -> Callable[..., Any]:
    """The function `name` defined by `source` (built from field names only)."""
    exec(source, scope)
    function: Callable[..., Any] = scope[name]
    return function


def _on_first_call(cls: type[Any], name: str, source: str) -> Callable[..., Any]:
    """A method that compiles `source` when first called, puts it in its place on `cls`
    and hands the call on."""

    def first_call(*args: Any) -> Any:
        method = _compiled(source, name, {"__name__": cls.__module__})
        _install(cls, name, method)
        return method(*args)

    return first_call


def _eq_source(names: list[str]) -> str:
    """`__eq__` as dataclass writes it: the fields that compare, as tuples."""
    mine = "".join(f"self.{name}," for name in names)
    theirs = "".join(f"other.{name}," for name in names)
    return (
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return ({mine}) == ({theirs})\n"
        "    return NotImplemented\n"
    )


def _hash_source(names: list[str]) -> str:
    """`__hash__` as dataclass writes it for a frozen class: the hash of a tuple."""
    return f"def __hash__(self):\n    return hash(({''.join(f'self.{n},' for n in names)}))\n"


def _init(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The class's `__init__`, compiled as dataclass compiles it for a frozen class."""
    scope: dict[str, Any] = {
        "__name__": cls.__module__,
        "__record_set__": object.__setattr__,
        "__record_factory__": _FACTORY,
    }
    me = "__record_self__" if any(f.name == "self" for f in fields) else "self"
    params: list[str] = [me]
    body: list[str] = []
    defaulted = False
    for f in fields:
        value = f.name
        has_default = (f.default is not dataclasses.MISSING
                       or f.default_factory is not dataclasses.MISSING)
        if defaulted and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaulted = has_default
        if f.default is not dataclasses.MISSING:
            scope[f"__record_default_{f.name}__"] = f.default
            params.append(f"{f.name}=__record_default_{f.name}__")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__record_new_{f.name}__"] = f.default_factory
            params.append(f"{f.name}=__record_factory__")
            value = f"__record_new_{f.name}__() if {f.name} is __record_factory__ else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    __record_set__({me}, {f.name!r}, {value})")
    source = (
        f"def __init__({', '.join(params)}):\n"
        + ("\n".join(body) or "    pass")
        + "\n"
    )
    init: Callable[..., None] = _compiled(source, "__init__", scope)
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    return init


def _repr(shown: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({fields})"

    return __repr__


def _setattr(cls: type[Any], names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _delattr(cls: type[Any], names: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__


def _getstate(names: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return __setstate__
