"""Functions that build and apply functions: compose, fork, bind, branch, power.

The functions built here are small frozen dataclasses rather than closures so
that two built the same way are equal and hash alike (equal intermediate
values can be deduplicated and cached), and print like the program text that
built them.

>>> double = lambda n: n * 2
>>> compose(double, abs)(-3)
6
>>> compose(abs, double) == compose(abs, double)
True
>>> power(double, 3)(1)
8
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tasks.data.budget import tick
from tasks.dsl.registry import primitive
from tasks.data.types import ANY, BOOLEAN, CALLABLE, INTEGER


def _text(value: Any) -> str:
    """How a function or value reads in program text: primitives by name."""
    name = getattr(value, "__name__", None)
    return name if name is not None else repr(value)


@dataclass(frozen=True, slots=True)
class Composed:
    """``outer(inner(*args))``."""

    outer: Callable
    inner: Callable

    def __call__(self, *args: Any) -> Any:
        return self.outer(self.inner(*args))

    def __repr__(self) -> str:
        return f"compose({_text(self.outer)}, {_text(self.inner)})"


@dataclass(frozen=True, slots=True)
class Chained:
    """``first(second(third(*args)))``."""

    first: Callable
    second: Callable
    third: Callable

    def __call__(self, *args: Any) -> Any:
        return self.first(self.second(self.third(*args)))

    def __repr__(self) -> str:
        return f"chain({_text(self.first)}, {_text(self.second)}, {_text(self.third)})"


@dataclass(frozen=True, slots=True)
class Forked:
    """``outer(left(*args), right(*args))``."""

    outer: Callable
    left: Callable
    right: Callable

    def __call__(self, *args: Any) -> Any:
        return self.outer(self.left(*args), self.right(*args))

    def __repr__(self) -> str:
        return f"fork({_text(self.outer)}, {_text(self.left)}, {_text(self.right)})"


@dataclass(frozen=True, slots=True)
class LeftBound:
    """``function(value, *args)``."""

    function: Callable
    value: Any

    def __call__(self, *args: Any) -> Any:
        return self.function(self.value, *args)

    def __repr__(self) -> str:
        return f"left_bind({_text(self.function)}, {self.value!r})"


@dataclass(frozen=True, slots=True)
class RightBound:
    """``function(*args, value)``."""

    function: Callable
    value: Any

    def __call__(self, *args: Any) -> Any:
        return self.function(*args, self.value)

    def __repr__(self) -> str:
        return f"right_bind({_text(self.function)}, {self.value!r})"


@dataclass(frozen=True, slots=True)
class Matcher:
    """``function(*args) == target``."""

    function: Callable
    target: Any

    def __call__(self, *args: Any) -> bool:
        return self.function(*args) == self.target

    def __repr__(self) -> str:
        return f"matcher({_text(self.function)}, {self.target!r})"


@dataclass(frozen=True, slots=True)
class Negated:
    """``not function(*args)``."""

    function: Callable

    def __call__(self, *args: Any) -> bool:
        return not self.function(*args)

    def __repr__(self) -> str:
        return f"negation({_text(self.function)})"


@dataclass(frozen=True, slots=True)
class Powered:
    """``function`` applied ``times`` times, ticking the step budget each time."""

    function: Callable
    times: int

    def __call__(self, value: Any) -> Any:
        for _ in range(self.times):
            tick()
            value = self.function(value)
        return value

    def __repr__(self) -> str:
        return f"power({_text(self.function)}, {self.times})"


@primitive(ANY, returns=ANY)
def identity(value):
    """The value unchanged.

    >>> identity((1, 2))
    (1, 2)
    """
    return value


@primitive(CALLABLE, CALLABLE, returns=CALLABLE)
def compose(outer, inner):
    """The function ``x -> outer(inner(x))``.

    >>> compose(str, abs)(-4)
    '4'
    """
    return Composed(outer, inner)


@primitive(CALLABLE, CALLABLE, CALLABLE, returns=CALLABLE)
def chain(first, second, third):
    """The function ``x -> first(second(third(x)))``.

    >>> chain(str, abs, lambda n: n - 10)(3)
    '7'
    """
    return Chained(first, second, third)


@primitive(CALLABLE, CALLABLE, CALLABLE, returns=CALLABLE)
def fork(outer, left, right):
    """The function ``x -> outer(left(x), right(x))``.

    >>> fork(max, abs, lambda n: n * 10)(-2)
    2
    """
    return Forked(outer, left, right)


@primitive(CALLABLE, ANY, returns=CALLABLE)
def left_bind(function, value):
    """``function`` with its first argument fixed to ``value``.

    >>> left_bind(pow, 2)(5)
    32
    """
    return LeftBound(function, value)


@primitive(CALLABLE, ANY, returns=CALLABLE)
def right_bind(function, value):
    """``function`` with its last argument fixed to ``value``.

    >>> right_bind(pow, 2)(5)
    25
    """
    return RightBound(function, value)


@primitive(CALLABLE, ANY, returns=CALLABLE)
def matcher(function, target):
    """The predicate ``x -> function(x) == target``.

    >>> matcher(abs, 3)(-3), matcher(abs, 3)(2)
    (True, False)
    """
    return Matcher(function, target)


@primitive(CALLABLE, returns=CALLABLE)
def negation(predicate):
    """The predicate ``x -> not predicate(x)``.

    >>> negation(bool)(0)
    True
    """
    return Negated(predicate)


@primitive(BOOLEAN, ANY, ANY, returns=ANY)
def branch(condition, if_true, if_false):
    """``if_true`` when ``condition`` holds, else ``if_false``.

    >>> branch(True, 'a', 'b'), branch(False, 'a', 'b')
    ('a', 'b')
    """
    return if_true if condition else if_false


@primitive(CALLABLE, INTEGER, returns=CALLABLE)
def power(function, times):
    """The function applied ``times`` times (0 times is the identity); each application
    counts one step against the budget, so a huge ``times`` stops with budget:steps.

    >>> power(lambda n: n + 3, 4)(0)
    12
    """
    if times < 0:
        raise ValueError(f"power: cannot apply a function {times} times")
    return Powered(function, times)


@primitive(CALLABLE, ANY, returns=ANY)
def call(function, value):
    """``function(value)``: apply a function that an earlier step built.

    >>> call(compose(abs, abs), -2)
    2
    """
    return function(value)


@primitive(ANY, CALLABLE, returns=ANY)
def fixed_point(value, function):
    """Apply ``function`` until the value stops changing; each application counts one
    step against the budget, which is what stops a function that never settles.

    >>> fixed_point(37, lambda n: n // 2 if n > 5 else n)
    4
    """
    while True:
        tick()
        following = function(value)
        if following == value:
            return value
        value = following
