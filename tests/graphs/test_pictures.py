"""graphs.notebook.pictures: the ARC palette really drawn, crosses on exactly the wrong cells, panels as asked."""

from __future__ import annotations

import sys

import pytest

from graphs.notebook import pictures
from graphs.notebook.explore import TraceStep
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


def test_readme_picture_is_written(tmp_path, capsys):
    out = tmp_path / "docs" / "quickstart.png"
    assert pictures.main(["--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(out)
    assert image.shape[0] > 200 and image.shape[1] > 400
    assert f"written: {out}" in capsys.readouterr().out
