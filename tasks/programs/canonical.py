"""Canonical form and content id of a program, in time linear in its size.

Two programs that compute the same DAG of calls get the same canonical form,
whatever their variable names, dead steps, repeated subexpressions, or the
order of their independent steps:

1. merge common subexpressions by hash-consing each step on its primitive and
   its (already merged) arguments, in program order;
2. number the steps by a depth-first post-order walk from the result, taking
   arguments left to right: dead steps are never reached, and the order
   depends on the DAG only, not on how the original listed independent steps;
3. hash the renumbered steps, one short line each.

The DAG is never expanded into one nested expression: a chain of steps that
each use the previous one twice would grow exponentially that way.

>>> a = Program.from_steps("solver", [("rot90", "I"), ("mirror", "I"), ("pair", "x2", "x1")])
>>> b = Program.from_steps("solver", [("mirror", "I"), ("rot90", "I"), ("pair", "x1", "x2")])
>>> canonical(a) == canonical(b), content_id(a) == content_id(b)
(True, True)
>>> content_id(a)[:7]
'solver_'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from tasks.programs.program import Const, Input, Prim, Program, Ref, Step

ID_HEX_DIGITS = 16


def _merge_common(program: Program) -> tuple[list[Step], int]:
    """Hash-cons the steps: (distinct steps, with Refs to distinct steps; the result's index)."""
    distinct: list[Step] = []
    index_of: dict[Step, int] = {}
    merged_index: list[int] = []
    for step in program.steps:
        args = tuple(Ref(merged_index[a.index]) if type(a) is Ref else a for a in step.args)
        key = Step(step.primitive, args)
        if key not in index_of:
            index_of[key] = len(distinct)
            distinct.append(key)
        merged_index.append(index_of[key])
    return distinct, merged_index[-1]


def _post_order(steps: list[Step], root: int) -> list[int]:
    """Steps reachable from ``root``, children before parents, arguments left to right.

    Iterative, so long chains do not hit the recursion limit; each step is
    visited once, so the walk is linear even when steps share arguments.
    """
    position: dict[int, int] = {}
    order: list[int] = []
    stack = [[root, 0]]
    while stack:
        frame = stack[-1]
        node, next_arg = frame
        args = steps[node].args
        while next_arg < len(args) and not (type(args[next_arg]) is Ref
                                            and args[next_arg].index not in position):
            next_arg += 1
        if next_arg < len(args):
            frame[1] = next_arg + 1
            stack.append([args[next_arg].index, 0])
        else:
            stack.pop()
            position[node] = len(order)
            order.append(node)
    return order


@lru_cache(maxsize=1 << 16)
def canonical(program: Program) -> Program:
    """The canonical form: no dead steps, no repeated step, steps in canonical order.

    >>> p = Program.from_steps("solver", [("rot90", "I"), ("rot90", "I"), ("paste", "x1", "x2")])
    >>> print(canonical(p).to_source(), end="")
    def solve(S, I):
        x1 = rot90(I)
        O = paste(x1, x1)
        return O
    """
    steps, root = _merge_common(program)
    order = _post_order(steps, root)
    renumber = {old: new for new, old in enumerate(order)}
    return Program(program.kind, tuple(
        Step(steps[old].primitive,
             tuple(Ref(renumber[a.index]) if type(a) is Ref else a for a in steps[old].args))
        for old in order))


_TAGS = {Input: "$", Const: "#", Prim: "@", Ref: "%"}


def _arg_token(arg) -> str:
    return f"%{arg.index}" if type(arg) is Ref else _TAGS[type(arg)] + arg.name


def canonical_text(program: Program) -> str:
    """The text hashed for the content id: the kind, then one line per canonical step.

    Each argument is tagged with what it is ($ input, # constant, @ primitive,
    % step), so no two different programs share a text.

    >>> print(canonical_text(Program.from_steps("solver", [("rot90", "I"), ("fill", "x1", 3, "x1")])))
    solver
    rot90($I)
    fill(%0,#3,%0)
    """
    lines = [program.kind]
    for step in canonical(program).steps:
        lines.append(f"{step.primitive}({','.join(map(_arg_token, step.args))})")
    return "\n".join(lines)


@lru_cache(maxsize=1 << 16)
def content_id(program: Program) -> str:
    """``solver_<hex>`` or ``differ_<hex>``: sha256 of the canonical text, 16 hex digits.

    >>> p = Program.from_steps("differ", [("equality", "I", "C")])
    >>> content_id(p) == content_id(Program.from_steps("differ", [("equality", "I", "C")]))
    True
    """
    digest = hashlib.sha256(canonical_text(program).encode()).hexdigest()
    return f"{program.kind}_{digest[:ID_HEX_DIGITS]}"
