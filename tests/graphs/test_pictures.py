"""graphs.notebook.pictures: the ARC palette really drawn, crosses on exactly the wrong cells, panels as asked."""

from __future__ import annotations

import sys

import pytest

from graphs.notebook import pictures
from graphs.notebook.explore import TraceStep, trace_on_pair
from graphs.notebook.pictures import ARC_PALETTE, mismatched_cells
from tasks.data.arc import Pair, Task

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
import numpy  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def rendered_rgb(figure):
    """The figure's pixels as an (height, width, 3) float array."""
    figure.canvas.draw()
    return numpy.asarray(figure.canvas.buffer_rgba())[..., :3] / 255.0


def test_palette_is_the_standard_arc_one():
    assert len(set(ARC_PALETTE)) == 10
    assert ARC_PALETTE[0] == "#000000"       # 0 black
    assert ARC_PALETTE[1] == "#0074D9"       # 1 blue
    assert ARC_PALETTE[5] == "#AAAAAA"       # 5 grey
    assert ARC_PALETTE[8] == "#7FDBFF"       # 8 azure
    assert pictures.COLOUR_NAMES[9] == "maroon"


def test_each_cell_value_is_drawn_in_its_own_colour():
    figure, ax = plt.subplots(figsize=(10, 1), dpi=50)
    ax.set_position([0, 0, 1, 1])
    pictures.draw_grid(ax, (tuple(range(10)),))
    pixels = rendered_rgb(figure)
    height, width, _ = pixels.shape
    for colour in range(10):
        # The centre of cell k, away from the grid lines.
        got = pixels[height // 2, int((colour + 0.5) * width / 10)]
        assert got == pytest.approx(to_rgb(ARC_PALETTE[colour]), abs=0.02), colour


@pytest.mark.parametrize("expected, predicted, wrong", [
    (((1, 2), (3, 4)), ((1, 2), (3, 4)), set()),
    (((1, 2), (3, 4)), ((1, 0), (0, 4)), {(0, 1), (1, 0)}),
    (((1,),), ((1, 5), (1, 1)), {(0, 1), (1, 0), (1, 1)}),   # larger: extra cells are wrong
    (((1, 2), (3, 4)), ((2,),), {(0, 0)}),                     # smaller: only its own cells count
])
def test_mismatched_cells(expected, predicted, wrong):
    assert mismatched_cells(expected, predicted) == wrong


def crosses(ax) -> int:
    """Mismatch marks on an axis: each cross is two line segments."""
    return len(ax.lines) // 2


def test_comparison_crosses_exactly_the_wrong_cells():
    expected = ((1, 2, 3), (4, 5, 6))
    predicted = ((1, 0, 3), (4, 5, 0))
    figure = pictures.draw_comparison(expected, predicted, input_grid=((7,),), title="t")
    input_ax, expected_ax, predicted_ax = figure.axes
    assert (crosses(input_ax), crosses(expected_ax), crosses(predicted_ax)) == (0, 0, 2)
    assert predicted_ax.get_title() == "2 of 6 cells differ"
    crossed = {(round(sum(line.get_ydata()) / 2), round(sum(line.get_xdata()) / 2))
               for line in predicted_ax.lines}
    assert crossed == {(0, 1), (1, 2)}


def test_comparison_of_a_wrong_shape_says_so():
    figure = pictures.draw_comparison(((1, 2),), ((1,), (2,)))
    assert figure.axes[2].get_title() == "shape 2x1, expected 1x2"


def test_missing_prediction_is_a_text_panel():
    figure = pictures.draw_comparison(((1,),), None)
    predicted_ax = figure.axes[2]
    assert not predicted_ax.images and predicted_ax.get_title() == "no prediction"


TASK = Task("t1", (Pair(((1,),), ((2,),)), Pair(((3, 3),), ((4, 4),))), (((5,),), ((6, 6),)))


def drawn(figure):
    """Titles of the panels that show something (empty panels are switched off)."""
    return [ax.get_title() for ax in figure.axes if ax.axison]


def test_task_has_train_pairs_then_test_inputs():
    figure = pictures.draw_task(TASK, answers=(((7,),), None))
    assert drawn(figure) == ["train 1 input", "train 2 input", "test 1 input", "test 2 input",
                             "train 1 output", "train 2 output", "test 1 expected", "test 2 expected"]
    unknown = next(ax for ax in figure.axes if ax.get_title() == "test 2 expected")
    assert not unknown.images  # an unknown answer is a "?", not a grid
    assert figure.get_suptitle() == "task t1"


def test_task_with_predictions_marks_misses():
    figure = pictures.draw_task(TASK, answers=(((7,),), ((6, 6),)), predictions=(((7,),), ((6, 1),)))
    predicted = [ax for ax in figure.axes if ax.axison and ax.get_title().startswith("predicted")]
    assert [ax.get_title() for ax in predicted] == ["predicted: identical", "predicted: 1 of 2 cells differ"]
    assert [crosses(ax) for ax in predicted] == [0, 1]


def test_trace_draws_grids_and_shows_other_values_as_text():
    steps = [TraceStep("x1", "x1 = palette(I)", frozenset({1, 2})),
             TraceStep("x2", "x2 = rot90(I)", ((1,), (2,))),
             TraceStep("O", "O = boom(x2)", error="ValueError: no")]
    figure = pictures.draw_trace(steps, input_grid=((1, 2),), title="p")
    panels = [ax for ax in figure.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == ["I (input)", "x1 = palette(I)", "x2 = rot90(I)",
                                                 "O = boom(x2)"]
    assert [bool(ax.images) for ax in panels] == [True, False, True, False]
    assert panels[1].texts[0].get_text() == "frozenset of 2: {1, 2}"
    assert "failed: ValueError: no" in panels[3].texts[0].get_text()


def test_long_traces_wrap_into_rows():
    steps = [TraceStep(f"x{k}", f"x{k} = rot90(I)", ((k % 10,),)) for k in range(1, 8)]
    figure = pictures.draw_trace(steps, per_row=3)
    assert len(figure.axes) == 9 and sum(ax.axison for ax in figure.axes) == 7


def test_outcome_rates_stack_to_the_whole_round():
    rates = {0: {"ok": 0.01, "mismatch": 0.9, "error": 0.09}, 1: {"mismatch": 0.5, "timeout": 0.5}}
    figure = pictures.draw_outcome_rates(rates)
    stacked = figure.axes[0]
    tops: dict[float, float] = {}
    for bar in stacked.patches:
        centre = round(bar.get_x() + bar.get_width() / 2, 3)
        tops[centre] = max(tops.get(centre, 0.0), bar.get_y() + bar.get_height())
    assert len(tops) == 2 and list(tops.values()) == pytest.approx([100, 100])
    assert [t.get_text() for t in stacked.get_legend().get_texts()] == ["ok", "mismatch", "error",
                                                                        "timeout"]


def test_near_miss_heat_map_has_a_cell_per_score():
    figure = pictures.draw_near_misses(["a", "b"], ["mean", "cells", "shape"],
                                       [[500, 400, 600], [300, 100, 500]])
    heat = figure.axes[0]
    assert [t.get_text() for t in heat.texts] == ["500", "400", "600", "300", "100", "500"]
    assert [t.get_text() for t in heat.get_yticklabels()] == ["a", "b"]


def test_short_text_of_values_that_are_not_grids():
    assert pictures.short_text(frozenset({(2, 3), (0, 1)})) == "frozenset of 2: {(0, 1), (2, 3)}"
    assert pictures.short_text(((1, 2), (3,))) == "tuple of 2: ((1, 2), (3,))"
    assert len(pictures.short_text(frozenset(range(1000)), limit=50)) == 50


def test_text_uses_the_font_matplotlib_ships():
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert path.startswith(matplotlib.get_data_path())


def test_without_matplotlib_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    assert mismatched_cells(((1,),), ((2,),)) == {(0, 0)}  # the pure helpers still work
    with pytest.raises(ImportError, match=r'pip install -e "\.\[notebook\]"'):
        pictures.draw_comparison(((1,),), ((2,),))


def test_readme_pictures_are_written_and_closed(tmp_path, capsys):
    out, steps = tmp_path / "docs" / "quickstart.png", tmp_path / "docs" / "steps.png"
    plt.close("all")
    assert pictures.main(["--out", str(out), "--steps-out", str(steps)]) == 0
    for path in (out, steps):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size < 100_000  # small enough for a README
    image = matplotlib.image.imread(out)
    assert image.shape[0] > 200 and image.shape[1] > 400
    assert capsys.readouterr().out.splitlines() == [f"written: {out}", f"written: {steps}"]
    assert plt.get_fignums() == []  # saved figures are closed


def test_an_unknown_task_is_one_line(tmp_path, capsys):
    assert pictures.main(["--steps-task", "nosuchtask", "--out", str(tmp_path / "a.png"),
                          "--steps-out", str(tmp_path / "b.png")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: no bundled solver for task 'nosuchtask'")
    assert not list(tmp_path.iterdir())


def test_save_figure_closes_the_figure(tmp_path):
    figure = pictures.draw_comparison(((1,),), ((2,),))
    assert figure.number in plt.get_fignums()
    pictures.save_figure(figure, tmp_path / "c.png")
    assert figure.number not in plt.get_fignums()


def drawn_cell_inches(figure, ax, grid) -> float:
    """How wide one cell of ``grid`` is drawn on ``ax``, in inches."""
    figure.canvas.draw()
    box = ax.get_window_extent()  # after the draw: the box that holds the image at its aspect
    return min(box.width / len(grid[0]), box.height / len(grid)) / figure.dpi


def square(side: int, colour: int = 1):
    return tuple(tuple(colour for _ in range(side)) for _ in range(side))


def test_panel_size_follows_grid_size():
    small = Task("s", (Pair(square(3), square(3, 2)),), (square(3),))
    large = Task("l", (Pair(square(30), square(30, 2)),), (square(30),))
    small_figure, large_figure = pictures.draw_task(small), pictures.draw_task(large)
    small_ax, large_ax = small_figure.axes[0], large_figure.axes[0]
    small_side = drawn_cell_inches(small_figure, small_ax, square(3)) * 3
    large_side = drawn_cell_inches(large_figure, large_ax, square(30)) * 30
    assert large_side > 4 * small_side  # a 30x30 grid is drawn larger ...
    assert drawn_cell_inches(small_figure, small_ax, square(3)) > 1.2 * drawn_cell_inches(
        large_figure, large_ax, square(30))  # ... with smaller cells
    assert large_figure.get_size_inches()[0] > 2 * small_figure.get_size_inches()[0]


def test_grids_of_different_sizes_in_one_figure_keep_their_cell_size():
    figure = pictures.draw_task(Task("m", (Pair(square(4), square(12)),), (square(4),)))
    [top] = [ax for ax in figure.axes if ax.get_title() == "train 1 input"]
    [bottom] = [ax for ax in figure.axes if ax.get_title() == "train 1 output"]
    assert drawn_cell_inches(figure, bottom, square(12)) * 12 > 2 * drawn_cell_inches(
        figure, top, square(4)) * 4


def test_trace_ends_with_the_expected_output():
    steps = [TraceStep("x1", "x1 = rot90(I)", ((1,), (2,))), TraceStep("O", "O = rot90(x1)", ((2, 1),))]
    right = pictures.draw_trace(steps, ((1, 2),), expected=((2, 1),))
    assert [ax.get_title() for ax in right.axes if ax.axison][-1] == "expected: matches O"
    wrong = pictures.draw_trace(steps, ((1, 2),), expected=((2, 2),))
    assert [ax.get_title() for ax in wrong.axes if ax.axison][-1] == "expected: 1 of 2 cells differ"


def test_steps_picture_shows_each_step_of_the_solver():
    task, _, program = pictures._solved(pictures.STEPS_TASK, "arc-agi-1")
    figure = pictures.steps_picture()
    titles = [ax.get_title() for ax in figure.axes if ax.axison]
    assert titles[0] == "I (input)" and titles[-1] == "expected: matches O"
    assert titles[1:-1] == [step.text for step in trace_on_pair(program, task)]


def test_a_small_grid_beside_a_text_panel_keeps_its_own_size():
    steps = [TraceStep("x1", "x1 = palette(I)", frozenset({1, 2})), TraceStep("O", "O = rot90(I)", square(3))]
    figure = pictures.draw_trace(steps, input_grid=square(3))
    [small] = [ax for ax in figure.axes if ax.get_title() == "I (input)"]
    [text] = [ax for ax in figure.axes if ax.get_title() == "x1 = palette(I)"]
    side = drawn_cell_inches(figure, small, square(3)) * 3
    assert side == pytest.approx(pictures.panel_inches(square(3)), rel=0.05)
    assert text.get_window_extent().height / figure.dpi > 2.5 * side  # the row is the text's height
