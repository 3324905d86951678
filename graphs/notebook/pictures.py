"""Pictures of tasks, predictions and programs, in the standard ARC colours.

matplotlib is an optional extra (``pip install -e ".[notebook]"``), imported
only when a picture is drawn; the pure helpers here (which cells differ, how
a non-grid value reads) work without it. Text uses matplotlib's bundled
DejaVu Sans, so nothing is fetched at run time.

Every ``draw_*`` function returns a matplotlib ``Figure``; Jupyter shows it,
``save_figure`` writes it (and closes it). ``python -m graphs.notebook.pictures`` makes the
README's pictures: a task, its test output and what its solver predicts (``docs/quickstart.png``),
and a solver's run step by step (``docs/solver-steps.png``).

>>> mismatched_cells(((1, 2), (3, 4)), ((1, 0), (3, 4)))
frozenset({(0, 1)})
>>> short_text(frozenset({(0, 1), (2, 3)}))
'frozenset of 2: {(0, 1), (2, 3)}'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from tasks.data.grid import Grid
from tasks.running.interpreter import is_valid_grid

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from graphs.notebook.explore import TraceStep
    from tasks.data.arc import Task

# The standard ARC palette, colour 0 to 9.
ARC_PALETTE = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
               "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")
COLOUR_NAMES = ("black", "blue", "red", "green", "yellow",
                "grey", "magenta", "orange", "azure", "maroon")

# Outcome kinds in chart colours that read apart (not the ARC palette: these are not cells).
OUTCOME_COLOURS = {"ok": "#2ca02c", "mismatch": "#bdbdbd", "error": "#d62728", "budget": "#ff7f0e",
                   "timeout": "#9467bd", "cancelled": "#8c564b", "worker_lost": "#17becf"}

INSTALL_HINT = 'pictures need matplotlib, an optional extra: pip install -e ".[notebook]"'

# A grid's panel grows with its larger side, CELL_INCHES a cell, between these bounds: a 3x3 grid
# is drawn small with big cells, a 30x30 one large with small cells. Text panels need room to read.
CELL_INCHES = 0.12
SMALLEST_PANEL_INCHES = 0.5
LARGEST_PANEL_INCHES = 3.0
TEXT_PANEL_INCHES = 1.8
# A column is at least this wide, so panel titles do not run into each other; a smaller grid is
# drawn at its own size in the middle of it.
COLUMN_INCHES = 1.1
TITLE_CHAR_INCHES = 0.068
# Room above each panel for its title, and above the figure for its own; grid lines between cells,
# a light grey that shows on black and on colours.
TITLE_INCHES = 0.35
SUPTITLE_INCHES = 0.4
GRID_LINE_COLOUR = "#555555"
# Mismatching cells get a white cross with a black edge: visible on every ARC colour.
MARK_COLOUR = "white"

# Texts longer than this are cut in panel titles and in text panels.
TITLE_CHARS = 34
TEXT_CHARS = 160


def pyplot():
    """matplotlib.pyplot, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    return plt


# -- pure helpers ------------------------------------------------------------------------------

def grid_shape(grid: Grid) -> tuple[int, int]:
    """(rows, columns).

    >>> grid_shape(((1, 2, 3), (4, 5, 6)))
    (2, 3)
    """
    return len(grid), len(grid[0]) if grid else 0


def panel_inches(value: Any) -> float:
    """The side of the square panel that shows ``value``: a grid's follows its larger side.

    >>> panel_inches(((1, 2, 3),) * 3), panel_inches(((0,) * 10,) * 10), panel_inches(((0,) * 30,) * 30)
    (0.5, 1.2, 3.0)
    >>> panel_inches(frozenset({1, 2})) == TEXT_PANEL_INCHES
    True
    """
    if value is None or not is_valid_grid(value):
        return TEXT_PANEL_INCHES
    side = CELL_INCHES * max(grid_shape(value))
    return round(min(LARGEST_PANEL_INCHES, max(SMALLEST_PANEL_INCHES, side)), 3)


def mismatched_cells(expected: Grid, predicted: Grid) -> frozenset[tuple[int, int]]:
    """Cells of ``predicted`` that are wrong: a different colour, or outside ``expected``.

    With shapes that differ, every predicted cell beyond the expected grid's
    rows or columns is wrong too.

    >>> sorted(mismatched_cells(((1,),), ((1, 2),)))
    [(0, 1)]
    """
    rows, columns = grid_shape(expected)
    return frozenset((r, c) for r, row in enumerate(predicted) for c, colour in enumerate(row)
                     if r >= rows or c >= columns or expected[r][c] != colour)


def comparison_caption(expected: Grid | None, predicted: Grid | None) -> str:
    """A few words on how a prediction compares with the expected grid.

    >>> comparison_caption(((1, 2),), ((1, 2),)), comparison_caption(((1, 2),), ((1, 3),))
    ('identical', '1 of 2 cells differ')
    >>> comparison_caption(((1, 2),), ((1,),)), comparison_caption(((1,),), None)
    ('shape 1x1, expected 1x2', 'no prediction')
    """
    if predicted is None:
        return "no prediction"
    if expected is None:
        return "expected output unknown"
    if grid_shape(expected) != grid_shape(predicted):
        return "shape {}x{}, expected {}x{}".format(*grid_shape(predicted), *grid_shape(expected))
    wrong = len(mismatched_cells(expected, predicted))
    rows, columns = grid_shape(expected)
    return "identical" if wrong == 0 else f"{wrong} of {rows * columns} cells differ"


def short_text(value: Any, limit: int = TEXT_CHARS) -> str:
    """How a non-grid value reads in a small panel: its kind and size, then its items.

    Sets are listed sorted, so the same value always reads the same.

    >>> short_text(3), short_text((2, 3)), short_text(True)
    ('3', '(2, 3)', 'True')
    >>> short_text(frozenset({(5, (0, 0)), (5, (0, 1))}))
    'frozenset of 2: {(5, (0, 0)), (5, (0, 1))}'
    >>> short_text(tuple(range(40)), limit=30)
    'tuple of 40: (0, 1, 2, 3, 4, …'
    >>> short_text(len)
    'function len'
    """
    if callable(value):
        return f"function {getattr(value, '__name__', type(value).__name__)}"
    if isinstance(value, (frozenset, set)):
        items = sorted(value, key=repr)
        text = f"{type(value).__name__} of {len(items)}: {{{', '.join(map(repr, items))}}}"
    elif isinstance(value, tuple) and not _is_small_pair(value):
        text = f"tuple of {len(value)}: {value!r}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _is_small_pair(value: tuple) -> bool:
    return len(value) == 2 and all(isinstance(v, int) for v in value)


def wrap_text(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters, anywhere.

    >>> wrap_text("abcdefg", 3)
    'abc\\ndef\\ng'
    """
    return "\n".join(text[k:k + width] for k in range(0, len(text), width)) or text


def _cut(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- drawing -------------------------------------------------------------------------------------

def colour_map():
    """The ARC palette as a matplotlib colour map and norm: colour k is cell value k."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    return ListedColormap(ARC_PALETTE, name="arc"), BoundaryNorm(range(11), 10)


def draw_grid(ax: "Axes", grid: Grid, title: str = "", marks: Iterable[tuple[int, int]] = ()) -> None:
    """Draw one grid on ``ax``: cells in ARC colours, thin lines between them, crosses on ``marks``."""
    cmap, norm = colour_map()
    rows, columns = grid_shape(grid)
    ax.imshow(grid, cmap=cmap, norm=norm, interpolation="nearest")
    ax.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color=GRID_LINE_COLOUR, linewidth=0.5 if max(rows, columns) > 12 else 1)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(GRID_LINE_COLOUR)
    _mark(ax, marks, max(rows, columns))
    if title:
        ax.set_title(title, fontsize=9)


def _mark(ax: "Axes", cells: Iterable[tuple[int, int]], side: int) -> None:
    """A cross on each cell, white with a black edge."""
    from matplotlib import patheffects

    cells = sorted(cells)
    if not cells:
        return
    width = max(0.8, 3.0 - side / 10)
    edge = [patheffects.Stroke(linewidth=width + 1.5, foreground="black"), patheffects.Normal()]
    for r, c in cells:
        for dy in (-0.3, 0.3):
            line, = ax.plot([c - 0.3, c + 0.3], [r + dy, r - dy], color=MARK_COLOUR, linewidth=width,
                            solid_capstyle="round")
            line.set_path_effects(edge)


def draw_text(ax: "Axes", text: str, title: str = "") -> None:
    """A panel that shows ``text`` instead of a grid (a value that is not one)."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#f4f4f4")
    ax.text(0.5, 0.5, wrap_text(text, 26), ha="center", va="center", fontsize=8,
            family="DejaVu Sans Mono", transform=ax.transAxes)
    if title:
        ax.set_title(title, fontsize=9)


def draw_value(ax: "Axes", value: Any, title: str = "", marks: Iterable[tuple[int, int]] = ()) -> None:
    """A grid as a grid; anything else (or no value) as short text."""
    if value is not None and is_valid_grid(value):
        draw_grid(ax, value, title, marks)
    else:
        draw_text(ax, "?" if value is None else short_text(value), title)


def title_inches(title: str) -> float:
    """About how wide a panel title reads (its longest line, at the titles' font size).

    >>> title_inches("x1 = rot90(I)") < title_inches("x4 = mirror_left_right(x3)")
    True
    """
    return 0.1 + TITLE_CHAR_INCHES * max(map(len, title.splitlines() or [""]))


def _panels(sizes: Sequence[Sequence[float | None]], title: str = "",
            titles: Sequence[Sequence[str]] = ()):
    """A figure of panels laid out as ``sizes`` (inches of each panel's side, None for none).

    Each column is as wide as its largest panel (and its panels' ``titles``)
    and each row as tall as its largest, so every grid is drawn at its own
    size; every axis stays off until drawn on.
    """
    plt = pyplot()
    rows, columns = len(sizes), max(len(row) for row in sizes)
    widths = [max([COLUMN_INCHES] + [row[c] or 0.0 for row in sizes if c < len(row)]
                  + [title_inches(row[c]) for row in titles if c < len(row)])
              for c in range(columns)]
    heights = [max(size or 0.0 for size in row) or SMALLEST_PANEL_INCHES for row in sizes]
    figsize = (sum(widths) + 0.2 * columns,
               sum(heights) + TITLE_INCHES * rows + (SUPTITLE_INCHES if title else 0.0))
    figure, axes = plt.subplots(rows, columns, squeeze=False, figsize=figsize,
                                gridspec_kw={"width_ratios": widths, "height_ratios": heights})
    for ax in axes.flat:
        ax.set_axis_off()
    if title:
        figure.suptitle(title, fontsize=11)
    return figure, axes


def _lay_out(figure: "Figure", axes, sizes: Sequence[Sequence[float | None]]) -> None:
    """Tight layout, then each panel shrunk to its own size, centred under its title's place.

    A row is as tall as its largest panel; without this a small grid beside a
    large one (or a text panel) would be stretched to the row's height.
    """
    figure.tight_layout()
    width, height = figure.get_size_inches()
    for r, row in enumerate(sizes):
        for c, inches in enumerate(row):
            if inches is None:
                continue
            ax = axes[r][c]
            box = ax.get_position(original=True)  # the cell, not the box its aspect left
            w, h = min(box.width, inches / width), min(box.height, inches / height)
            ax.set_position([box.x0 + (box.width - w) / 2, box.y1 - h, w, h])
            ax.set_anchor("N")  # a grid narrower than its box keeps its top, under its title


def _use(ax: "Axes") -> "Axes":
    ax.set_axis_on()
    return ax


def draw_task(task: "Task", answers: Sequence[Grid | None] = (),
              predictions: Sequence[Grid | None] | None = None, title: str | None = None) -> "Figure":
    """A task as columns: each train pair (input above output), then each test input.

    Under a test input: its expected output from ``answers`` where known.
    With ``predictions``, each test input gets one more column: the predicted
    output beside the expected one, its mismatching cells crossed.
    """
    per_test = 1 if predictions is None else 2
    top: list[float | None] = [panel_inches(pair.input) for pair in task.train]
    bottom: list[float | None] = [panel_inches(pair.output) for pair in task.train]
    for j, test_input in enumerate(task.test_inputs):
        expected = answers[j] if j < len(answers) else None
        top += [panel_inches(test_input)] + [None] * (per_test - 1)
        bottom.append(panel_inches(expected if expected is not None else test_input))
        if predictions is not None:
            bottom.append(panel_inches(predictions[j] if j < len(predictions) else None))
    sizes = [top, bottom]
    figure, axes = _panels(sizes, f"task {task.id}" if title is None else title)
    for k, pair in enumerate(task.train):
        draw_grid(_use(axes[0][k]), pair.input, f"train {k + 1} input")
        draw_grid(_use(axes[1][k]), pair.output, f"train {k + 1} output")
    for j, test_input in enumerate(task.test_inputs):
        column = len(task.train) + per_test * j
        expected = answers[j] if j < len(answers) else None
        draw_grid(_use(axes[0][column]), test_input, f"test {j + 1} input")
        draw_value(_use(axes[1][column]), expected, f"test {j + 1} expected")
        if predictions is not None:
            predicted = predictions[j] if j < len(predictions) else None
            marks = mismatched_cells(expected, predicted) if expected and predicted else ()
            draw_value(_use(axes[1][column + 1]), predicted,
                       _cut(f"predicted: {comparison_caption(expected, predicted)}"), marks)
    _lay_out(figure, axes, sizes)
    return figure


def draw_comparisons(items: Sequence[tuple[str, Grid | None, Grid | None, Grid | None]]) -> "Figure":
    """One row per (title, input, expected, predicted): input, expected, predicted with misses crossed."""
    sizes = [[panel_inches(value) for value in values] for _, *values in items]
    figure, axes = _panels(sizes)
    for row, (title, input_grid, expected, predicted) in enumerate(items):
        draw_value(_use(axes[row][0]), input_grid, _cut(f"{title}: input"))
        draw_value(_use(axes[row][1]), expected, "expected")
        marks = mismatched_cells(expected, predicted) if expected and predicted else ()
        draw_value(_use(axes[row][2]), predicted, _cut(comparison_caption(expected, predicted)), marks)
    _lay_out(figure, axes, sizes)
    return figure


def draw_comparison(expected: Grid | None, predicted: Grid | None, input_grid: Grid | None = None,
                    title: str = "") -> "Figure":
    """Expected next to predicted (after the input, when given), mismatching cells crossed."""
    return draw_comparisons([(title or "pair", input_grid, expected, predicted)])


def draw_trace(steps: Sequence["TraceStep"], input_grid: Grid | None = None, title: str = "",
               per_row: int = 5, expected: Grid | None = None) -> "Figure":
    """A program's run step by step: the input, then each step's value under its text.

    Grid values are drawn; other values (objects, numbers, sets) show as
    short text; a step that failed shows its error. With ``expected``, a last
    panel shows the output the program should give, its cells crossed where
    the last step's value differs.
    """
    panels: list[tuple[str, Any, str]] = []
    if input_grid is not None:
        panels.append(("I (input)", input_grid, ""))
    panels += [(step.text, step.value, step.error) for step in steps]
    if expected is not None:
        last = steps[-1].value if steps and not steps[-1].error else None
        verdict = "matches O" if last == expected else comparison_caption(expected, last)
        panels.append((f"expected: {verdict}", expected, ""))
    sides = [panel_inches(value) if not error else TEXT_PANEL_INCHES for _, value, error in panels]
    labels = [wrap_text(_cut(text, 2 * TITLE_CHARS), TITLE_CHARS) for text, _, _ in panels]
    sizes = [sides[k:k + per_row] for k in range(0, len(sides), per_row)] or [[None]]
    figure, axes = _panels(sizes, title, [labels[k:k + per_row] for k in range(0, len(labels), per_row)])
    for k, ((text, value, error), label) in enumerate(zip(panels, labels)):
        ax = _use(axes[k // per_row][k % per_row])
        if error:
            draw_text(ax, f"failed: {error}", label)
        else:
            draw_value(ax, value, label)
    _lay_out(figure, axes, sizes)
    return figure


def draw_outcome_rates(rates: Mapping[int, Mapping[str, float]], title: str = "outcomes per round"
                       ) -> "Figure":
    """Each outcome kind's share of each round's candidates: stacked, and on a log scale.

    The stacked bars show the mix; the log scale shows the rare kinds (a few
    solvers, a few timeouts) that the stack makes too thin to see.
    """
    plt = pyplot()
    rounds = sorted(rates)
    kinds = sorted({kind for r in rounds for kind in rates[r]}, key=_kind_position)
    figure, (stacked, logged) = plt.subplots(1, 2, figsize=(4.0 + 1.2 * len(rounds) + 0.5 * len(kinds), 3.4))
    bottoms = [0.0] * len(rounds)
    width = 0.8 / max(1, len(rounds))
    for k, kind in enumerate(kinds):
        shares = [100 * rates[r].get(kind, 0.0) for r in rounds]
        colour = OUTCOME_COLOURS.get(kind, "#7f7f7f")
        stacked.bar([str(r) for r in rounds], shares, bottom=bottoms, label=kind, width=0.6, color=colour)
        bottoms = [b + v for b, v in zip(bottoms, shares)]
        logged.bar([k + (j - (len(rounds) - 1) / 2) * width for j in range(len(rounds))], shares,
                   width=width * 0.9, color=colour, edgecolor="black", linewidth=0.3)
    stacked.set(xlabel="round", ylabel="% of candidates", ylim=(0, 100))
    logged.set_yscale("log")
    logged.set_xticks(range(len(kinds)), kinds, rotation=30, ha="right", fontsize=8)
    logged.set(ylabel="% of candidates (log)",
               xlabel=f"bars left to right: rounds {', '.join(map(str, rounds))}")
    stacked.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    figure.suptitle(title, fontsize=11)
    figure.tight_layout()
    return figure


def _kind_position(kind: str) -> tuple[int, str]:
    order = list(OUTCOME_COLOURS)
    return (order.index(kind) if kind in order else len(order), kind)


def draw_near_misses(program_ids: Sequence[str], columns: Sequence[str],
                     scores: Sequence[Sequence[float]], title: str = "near-misses by differ"
                     ) -> "Figure":
    """A heat map: one row per near-miss, one column per differ, score 0..1000 in each cell.

    Takes what ``graphs.notebook.explore.near_miss_matrix`` returns; its first column,
    "mean" (the score near-misses are ranked by), is set apart by a line.
    """
    plt = pyplot()
    figure, ax = plt.subplots(figsize=(1.0 + 0.5 * max(1, len(columns)),
                                       1.6 + 0.35 * max(1, len(program_ids))))
    if not program_ids:
        draw_text(ax, "no near-misses stored", title)
        return figure
    image = ax.imshow(scores, cmap="viridis", vmin=0, vmax=1000, aspect="auto")
    ax.set_xticks(range(len(columns)), columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(program_ids)), program_ids, fontsize=8)
    for r, row in enumerate(scores):
        for c, score in enumerate(row):
            ax.text(c, r, f"{score:.0f}", ha="center", va="center", fontsize=6,
                    color="black" if score > 600 else "white")
    if columns[0] == "mean":
        ax.axvline(0.5, color="white", linewidth=3)  # the ranking column apart from the differs
    figure.colorbar(image, ax=ax, label="score (1000 = identical)")
    ax.set_title(title, fontsize=11)
    figure.tight_layout()
    return figure


def save_figure(figure: "Figure", path: str | Path, dpi: int = 100) -> Path:
    """Write ``figure`` as a PNG (or whatever the suffix names), creating the folder, then close it.

    Closed, pyplot lets go of it: a script or notebook saving many pictures
    does not keep them all in memory (or show them again at the end).
    Returns the path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        figure.savefig(path, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    finally:
        pyplot().close(figure)
    return path


# -- the README pictures --------------------------------------------------------------------------

# A task the hand-written solvers solve, small enough to read at a glance.
README_TASK = "007bbfb7"
# The README's pictures are a little sharper than a notebook's, still well under 100 KB each.
README_DPI = 120
# A solver whose every step is a grid, growing from 3x3 to 6x6, to draw step by step.
STEPS_TASK = "7fe24cdd"


def _solved(task_id: str, data: str):
    """(the task, its test answers, its bundled solver) of a task with a hand-written solver."""
    from tasks.data.arc import load_dataset
    from tasks.solvers import load_solvers

    dataset = load_dataset(data, "training", ids=[task_id])
    return dataset.tasks[0], dataset.answers.get(task_id, ()), load_solvers()[task_id]


def solver_picture(task_id: str = README_TASK, data: str = "arc-agi-1") -> "Figure":
    """A task with its bundled solver's prediction for each test input, against the expected output."""
    from tasks.data.arc import samples_without
    from tasks.running.interpreter import run_program

    task, answers, program = _solved(task_id, data)
    samples = samples_without(task, None)
    predictions = [run_program(program, {"S": samples, "I": grid}).value for grid in task.test_inputs]
    return draw_task(task, answers, predictions,
                     title=f"task {task_id}: train pairs, then the test input, its expected output, "
                           "and what its solver program predicts")


def steps_picture(task_id: str = STEPS_TASK, data: str = "arc-agi-1") -> "Figure":
    """A solved task's first train pair run through its bundled solver: every step's value, then
    the expected output."""
    from graphs.notebook.explore import trace_on_pair

    task, _, program = _solved(task_id, data)
    steps = trace_on_pair(program, task, pair_index=0)
    return draw_trace(steps, task.train[0].input, per_row=len(steps) + 2,
                      expected=task.train[0].output,
                      title=f"task {task_id}, train pair 1: its solver program step by step")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m graphs.notebook.pictures``: draw the README's pictures of solved tasks to PNGs."""
    parser = argparse.ArgumentParser(prog="python -m graphs.notebook.pictures", description=main.__doc__)
    parser.add_argument("--task", default=README_TASK, help="a task id with a bundled solver, drawn "
                        "with its prediction (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("docs/quickstart.png"),
                        help="where that picture goes (default: %(default)s)")
    parser.add_argument("--steps-task", default=STEPS_TASK, help="a task id with a bundled solver, "
                        "drawn step by step (default: %(default)s)")
    parser.add_argument("--steps-out", type=Path, default=Path("docs/solver-steps.png"),
                        help="where that picture goes (default: %(default)s)")
    args = parser.parse_args(argv)
    pyplot().switch_backend("Agg")  # a file, never a window
    from tasks.solvers import load_solvers

    solved = load_solvers()
    for task_id in (args.task, args.steps_task):
        if task_id not in solved:
            print(f"error: no bundled solver for task {task_id!r} (tasks/solvers/ has {len(solved)})",
                  file=sys.stderr)
            return 2
    for path in (save_figure(solver_picture(args.task), args.out, dpi=README_DPI),
                 save_figure(steps_picture(args.steps_task), args.steps_out, dpi=README_DPI)):
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
