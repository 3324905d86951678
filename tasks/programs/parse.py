"""Read program text back into a ``Program``, through ``ast`` only.

Program text looks like Python and is read by Python's parser, but it is never
executed: this module walks the syntax tree and accepts DSL calls, the input
names, earlier steps and constants, and nothing else. Anything more (imports,
attribute access, subscripts, lambdas, comprehensions, keyword arguments,
nested calls, dunder names, unknown names) is a ``ProgramSyntaxError`` whose
message is one line naming the file and the line.

>>> from tasks.dsl.registry import Primitive
>>> vocab = {"rot90": Primitive("rot90", lambda g: g, ("Grid",), "Grid", "")}
>>> program = parse_program("def solve(S, I):\\n    O = rot90(I)\\n    return O\\n",
...                         primitives=vocab, constants={})
>>> program.steps
(Step(primitive='rot90', args=(Input(name='I'),)),)
>>> parse_program("def solve(S, I):\\n    return I.shape\\n", "abc.py", vocab, {})
Traceback (most recent call last):
...
tasks.programs.parse.ProgramSyntaxError: abc.py:2: attribute access is not allowed in DSL programs
"""

from __future__ import annotations

import ast
import re
from typing import Any, Mapping, NamedTuple

from tasks.programs.program import INPUT_NAMES, Arg, Const, Input, Prim, Program, Ref, Step, vocabulary

_KIND_BY_PARAMETERS = {names: kind for kind, names in INPUT_NAMES.items()}

# Expressions people reach for that programs do not have, and what to call them.
_FORBIDDEN_EXPRESSIONS: dict[type, str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Starred: "a starred argument",
    ast.BinOp: "an operator",
    ast.BoolOp: "an operator",
    ast.Compare: "a comparison",
    ast.IfExp: "a conditional expression",
    ast.NamedExpr: "an assignment expression",
    ast.JoinedStr: "an f-string",
    ast.List: "a list display",
    ast.Tuple: "a tuple display",
    ast.Set: "a set display",
    ast.Dict: "a dict display",
}

_FORBIDDEN_STATEMENTS: dict[type, str] = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.ClassDef: "a class",
    ast.AsyncFunctionDef: "async def",
    ast.For: "a for loop",
    ast.While: "a while loop",
    ast.If: "if",
    ast.With: "with",
    ast.Try: "try",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.Delete: "del",
    ast.AugAssign: "augmented assignment",
    ast.AnnAssign: "annotated assignment",
    ast.Raise: "raise",
    ast.Assert: "assert",
    ast.Pass: "pass",
}


class ProgramSyntaxError(ValueError):
    """Program text the DSL does not accept; ``str()`` is ``file:line: reason``."""

    def __init__(self, filename: str, line: int, reason: str) -> None:
        self.filename = filename
        self.line = line
        self.reason = " ".join(reason.split())  # one line, whatever the reason held
        super().__init__(f"{filename}:{line}: {self.reason}")


class Parsed(NamedTuple):
    """One ``def`` of a file: its name, line, and either its program or its error."""

    name: str
    line: int
    program: Program | None
    error: ProgramSyntaxError | None


class _Reject(Exception):
    """Internal: a reason and the node it is about, turned into ProgramSyntaxError."""

    def __init__(self, node: ast.AST | None, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason


def _not_allowed(what: str) -> str:
    return f"{what} is not allowed in DSL programs"


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


class _DefReader:
    """Reads one ``def`` into a Program; raises _Reject at the first problem."""

    def __init__(self, primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> None:
        self.primitives = primitives
        self.constants = constants

    def read(self, node: ast.FunctionDef) -> Program:
        self.kind = self._kind(node)
        self.inputs = INPUT_NAMES[self.kind]
        self.assigned_later = {target.id for statement in ast.walk(node)
                               if isinstance(statement, ast.Assign)
                               for target in statement.targets if isinstance(target, ast.Name)}
        self.names: dict[str, int] = {}
        self.steps: list[Step] = []
        body = node.body[1:] if _docstring(node.body[0]) else node.body
        for position, statement in enumerate(body):
            if isinstance(statement, ast.Return):
                if position != len(body) - 1:
                    raise _Reject(body[position + 1], "unreachable statement after return")
                return self._finish(statement)
            self._statement(statement)
        raise _Reject(body[-1] if body else node, "missing return: a program ends with `return O`")

    def _kind(self, node: ast.FunctionDef) -> str:
        if _is_dunder(node.name):
            raise _Reject(node, _not_allowed(f"dunder name {node.name!r}"))
        if node.decorator_list:
            raise _Reject(node.decorator_list[0], _not_allowed("a decorator"))
        arguments = node.args
        extra = (arguments.posonlyargs or arguments.vararg or arguments.kwonlyargs
                 or arguments.kwarg or arguments.defaults or node.returns
                 or any(arg.annotation for arg in arguments.args))
        names = tuple(arg.arg for arg in arguments.args)
        if extra or names not in _KIND_BY_PARAMETERS:
            raise _Reject(node, "parameters must be exactly (S, I) for a solver "
                                "or (S, I, C) for a differ, without defaults or annotations")
        return _KIND_BY_PARAMETERS[names]

    def _statement(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Assign):
            if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
                raise _Reject(statement, "assign each step to one plain name, e.g. `x1 = f(I)`")
            target = statement.targets[0].id
            self._check_target(statement, target)
            self.steps.append(self._call(statement.value))
            self.names[target] = len(self.steps) - 1
            return
        if isinstance(statement, ast.Expr):
            raise _Reject(statement, "a bare expression does nothing: assign it to a step")
        what = _FORBIDDEN_STATEMENTS.get(type(statement), f"a {type(statement).__name__} statement")
        raise _Reject(statement, _not_allowed(what))

    def _check_target(self, statement: ast.stmt, target: str) -> None:
        if _is_dunder(target):
            raise _Reject(statement, _not_allowed(f"dunder name {target!r}"))
        if target in INPUT_NAMES["differ"]:
            raise _Reject(statement, f"cannot assign to the input name {target}")
        if target in self.primitives or target in self.constants:
            raise _Reject(statement, f"cannot assign to {target}: it names a DSL "
                                     f"{'primitive' if target in self.primitives else 'constant'}")

    def _finish(self, statement: ast.Return) -> Program:
        value = statement.value
        if value is None:
            raise _Reject(statement, "return needs a value: `return O`")
        if isinstance(value, ast.Call):
            self.steps.append(self._call(value))
            return Program(self.kind, tuple(self.steps))
        if isinstance(value, ast.Name) and value.id in self.names:
            # Steps after the returned one cannot feed it: they are dead, drop them.
            return Program(self.kind, tuple(self.steps[: self.names[value.id] + 1]))
        argument = self._arg(value)  # raises the precise reason for anything else
        if not self.steps:
            raise _Reject(statement, "a program needs at least one step before its return")
        raise _Reject(statement, f"return a step, not {ast.unparse(value)!r}"
                                 f" ({type(argument).__name__.lower()})")

    def _call(self, node: ast.expr) -> Step:
        if not isinstance(node, ast.Call):
            if type(node) in _FORBIDDEN_EXPRESSIONS:
                raise _Reject(node, _not_allowed(_FORBIDDEN_EXPRESSIONS[type(node)]))
            raise _Reject(node, "each step must be a call of a DSL primitive, e.g. `x1 = f(I)`")
        function = node.func
        if not isinstance(function, ast.Name):
            what = _FORBIDDEN_EXPRESSIONS.get(type(function), "calling an expression")
            raise _Reject(function, _not_allowed(what))
        name = function.id
        if _is_dunder(name):
            raise _Reject(function, _not_allowed(f"dunder name {name!r}"))
        if name not in self.primitives:
            hint = " (it is a value, not a primitive)" if (
                name in self.names or name in self.inputs or name in self.constants) else ""
            raise _Reject(function, f"unknown primitive {name!r}{hint}")
        if node.keywords:
            raise _Reject(node, _not_allowed(f"keyword argument {node.keywords[0].arg or '**'!r}"))
        args = tuple(self._arg(arg) for arg in node.args)
        arity = len(self.primitives[name].args)
        if len(args) != arity:
            raise _Reject(node, f"{name} takes {arity} argument{'s' * (arity != 1)}, "
                                f"got {len(args)}")
        return Step(name, args)

    def _arg(self, node: ast.expr) -> Arg:
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Constant) or (
                isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)):
            return self._literal(node)
        if isinstance(node, ast.Call):
            raise _Reject(node, "nested calls are not allowed in DSL programs: "
                                f"assign `{ast.unparse(node)}` to a step first and pass its name")
        what = _FORBIDDEN_EXPRESSIONS.get(type(node), f"a {type(node).__name__} expression")
        raise _Reject(node, _not_allowed(what))

    def _name(self, node: ast.Name) -> Arg:
        name = node.id
        if _is_dunder(name):
            raise _Reject(node, _not_allowed(f"dunder name {name!r}"))
        if name in self.names:
            return Ref(self.names[name])
        if name in self.inputs:
            return Input(name)
        if name in self.constants:
            return Const(name)
        if name in self.primitives:
            return Prim(name)
        if name in self.assigned_later:
            raise _Reject(node, f"{name} is used before it is assigned")
        if name in INPUT_NAMES["differ"]:
            raise _Reject(node, f"{name} is not an input of a {self.kind} "
                                f"(its inputs are {', '.join(self.inputs)})")
        raise _Reject(node, f"unknown name {name!r}")

    def _literal(self, node: ast.expr) -> Const:
        text = ast.unparse(node)
        value = node.operand.value if isinstance(node, ast.UnaryOp) else node.value
        if type(value) in (int, bool) and text in self.constants:
            return Const(text)
        raise _Reject(node, f"literal {text} is not a DSL constant")


def _error(filename: str, line_offset: int, reject: _Reject, fallback: ast.AST) -> ProgramSyntaxError:
    node = reject.node if reject.node is not None else fallback
    return ProgramSyntaxError(filename, getattr(node, "lineno", 1) + line_offset, reject.reason)


def _read_def(node: ast.stmt, filename: str, line_offset: int,
              primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> Parsed:
    """Read one top-level statement of a file into a Parsed entry."""
    line = node.lineno + line_offset
    if not isinstance(node, ast.FunctionDef):
        what = _FORBIDDEN_STATEMENTS.get(type(node), f"a top-level {type(node).__name__}")
        error = ProgramSyntaxError(filename, line, _not_allowed(what) + " (only `def` programs)")
        return Parsed("", line, None, error)
    try:
        program = _DefReader(primitives, constants).read(node)
    except _Reject as reject:
        return Parsed(node.name, line, None, _error(filename, line_offset, reject, node))
    return Parsed(node.name, line, program, None)


def _python_syntax_error(filename: str, line_offset: int, error: SyntaxError) -> ProgramSyntaxError:
    return ProgramSyntaxError(filename, (error.lineno or 1) + line_offset,
                              f"Python syntax error: {error.msg}")


# A top-level def starts a chunk when the file as a whole is not valid Python.
_DEF_LINE = re.compile(r"^(?:async\s+)?def\s|^@", re.MULTILINE)


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split text at top-level defs: (line offset, chunk text), so one broken def is isolated."""
    starts = [0] + [match.start() for match in _DEF_LINE.finditer(text) if match.start() > 0]
    ends = starts[1:] + [len(text)]
    return [(text.count("\n", 0, start), text[start:end]) for start, end in zip(starts, ends)]


def _parse_module(text: str, filename: str, line_offset: int,
                  primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> list[Parsed]:
    module = ast.parse(text, filename)  # builds a syntax tree only: nothing is compiled or run
    return [_read_def(node, filename, line_offset, primitives, constants)
            for node in module.body if not _docstring(node)]


def parse_programs(text: str, filename: str = "<text>",
                   primitives: Mapping[str, Any] | None = None,
                   constants: Mapping[str, Any] | None = None) -> list[Parsed]:
    """Read every ``def`` program in ``text``: one ``Parsed`` each, in file order.

    A bad program becomes a Parsed with its ``error`` set and does not hide the
    others, even when it is not valid Python at all. A module docstring and
    comments are allowed between programs; any other top-level statement is an
    error entry of its own (with name "").

    >>> from tasks.dsl.registry import Primitive
    >>> vocab = {"rot90": Primitive("rot90", lambda g: g, ("Grid",), "Grid", "")}
    >>> text = "def a(S, I):\\n    return rot90(I)\\ndef b(S, I):\\n    return I[0]\\n"
    >>> [(p.name, p.program is not None, str(p.error)) for p in parse_programs(text, "f.py", vocab, {})]
    [('a', True, 'None'), ('b', False, 'f.py:4: subscript is not allowed in DSL programs')]
    """
    primitives, constants = vocabulary(primitives, constants)
    try:
        return _parse_module(text, filename, 0, primitives, constants)
    except SyntaxError:
        pass
    parsed: list[Parsed] = []
    for offset, chunk in _chunks(text):
        try:
            parsed.extend(_parse_module(chunk, filename, offset, primitives, constants))
        except SyntaxError as error:
            match = re.match(r"\s*(?:async\s+)?def\s+(\w+)", chunk)
            name = match.group(1) if match else ""
            parsed.append(Parsed(name, offset + 1, None,
                                 _python_syntax_error(filename, offset, error)))
    return parsed


def parse_program(text: str, filename: str = "<text>",
                  primitives: Mapping[str, Any] | None = None,
                  constants: Mapping[str, Any] | None = None,
                  kind: str | None = None) -> Program:
    """Read text holding exactly one ``def`` program; raise ProgramSyntaxError if it is not one.

    ``kind`` ("solver" or "differ"), when given, is required of the program.
    """
    parsed = parse_programs(text, filename, primitives, constants)
    if len(parsed) != 1:
        line = parsed[1].line if len(parsed) > 1 else 1
        raise ProgramSyntaxError(filename, line,
                                 f"expected exactly one def program, found {len(parsed)}")
    entry = parsed[0]
    if entry.error is not None:
        raise entry.error
    if kind is not None and entry.program.kind != kind:
        raise ProgramSyntaxError(filename, entry.line,
                                 f"expected a {kind}, found a {entry.program.kind}")
    return entry.program
