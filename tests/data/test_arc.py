"""Loading ARC tasks: bundled sets, folders, Kaggle files, and every kind of bad input."""

import dataclasses
import json

import pytest

from tasks.data.arc import DATA_SETS, LoadError, Task, load_dataset

GOOD = {"train": [{"input": [[1, 0]], "output": [[0, 1]]}], "test": [{"input": [[2, 0]], "output": [[0, 2]]}]}


@pytest.mark.parametrize("name, counts", [("arc-agi-1", (400, 400)), ("arc-agi-2", (1000, 120))])
def test_bundled_sets_load_every_task(name, counts):
    loaded = [load_dataset(name, split) for split in ("training", "evaluation")]
    assert tuple(len(d.tasks) for d in loaded) == counts
    assert all(not d.problems for d in loaded)
    # 800 / 1,120 distinct tasks in all, each with at least one train pair and known test outputs.
    ids = {t.id for d in loaded for t in d.tasks}
    assert len(ids) == sum(counts)
    for d in loaded:
        for task in d.tasks:
            assert task.train and len(d.answers[task.id]) == len(task.test_inputs)
            assert all(out is not None for out in d.answers[task.id])


@pytest.mark.parametrize("name", sorted(DATA_SETS))
def test_every_named_set_loads_both_splits(name):
    for split in ("training", "evaluation"):
        assert len(load_dataset(name, split).tasks) >= 100


def test_tasks_never_carry_test_outputs():
    dataset = load_dataset("arc-agi-1", "training", ids=["007bbfb7"])
    fields = {f.name for f in dataclasses.fields(Task)}
    assert fields == {"id", "train", "test_inputs"}
    assert dataset.answers["007bbfb7"][0] not in dataset.tasks[0].test_inputs


def test_ids_select_in_order_and_count_keeps_the_first():
    dataset = load_dataset("arc-agi-1", ids=["00d62c1b", "007bbfb7"])
    assert [t.id for t in dataset.tasks] == ["00d62c1b", "007bbfb7"]
    assert set(dataset.answers) == {"00d62c1b", "007bbfb7"}
    assert len(load_dataset("arc-agi-1", count=3).tasks) == 3


def test_unknown_data_set_and_task_id_are_one_line_errors():
    with pytest.raises(LoadError, match="unknown data set 'arc-agi-9'"):
        load_dataset("arc-agi-9")
    with pytest.raises(LoadError, match="unknown task id 'nope'"):
        load_dataset("arc-agi-1", ids=["nope"])
    with pytest.raises(LoadError, match="unknown split"):
        load_dataset("arc-agi-1", "testing")


def write(folder, name, value):
    path = folder / name
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return path


def bad(**changes):
    task = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        node = task
        *parents, last = path.split("__")
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is KeyError:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return task


BAD_TASKS = {
    "ragged": (bad(train__0__input=[[1, 0], [1]]), "train pair 0 input: ragged rows"),
    "colour": (bad(train__0__output=[[0, 10]]), "train pair 0 output: cell (0, 1) is 10"),
    "negative": (bad(test__0__input=[[-1]]), "test pair 0 input: cell (0, 0) is -1"),
    "too_tall": (bad(train__0__input=[[1]] * 31), "train pair 0 input: 31 rows"),
    "too_wide": (bad(train__0__output=[[1] * 31]), "train pair 0 output: 31 columns"),
    "empty": (bad(train__0__input=[]), "train pair 0 input: 0 rows"),
    "no_train": (bad(train=[]), "no train pairs"),
    "no_key": (bad(train__0__output=KeyError), "train pair 0: missing key 'output'"),
    "no_test": (bad(test=KeyError), "missing key 'test'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_TASKS))
def test_a_bad_task_in_a_folder_is_reported_with_file_task_and_pair_and_others_load(tmp_path, kind):
    raw, expected = BAD_TASKS[kind]
    write(tmp_path, "good.json", GOOD)
    write(tmp_path, "broken.json", raw)
    dataset = load_dataset(str(tmp_path))
    assert [t.id for t in dataset.tasks] == ["good"]
    (problem,) = dataset.problems
    message = str(problem)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'broken.json'}: task broken")
    assert expected in message
    assert problem.task_id == "broken"


def test_invalid_json_names_file_and_line_and_others_load(tmp_path):
    write(tmp_path, "good.json", GOOD)
    write(tmp_path, "broken.json", '{"train": [\n  {"input": [[1]],,}\n]}')
    dataset = load_dataset(str(tmp_path))
    assert [t.id for t in dataset.tasks] == ["good"]
    assert str(dataset.problems[0]).startswith(f"{tmp_path / 'broken.json'}:2: invalid JSON")


def test_asking_for_a_skipped_task_says_it_was_malformed(tmp_path):
    write(tmp_path, "broken.json", bad(train=[]))
    write(tmp_path, "good.json", GOOD)
    with pytest.raises(LoadError, match="task broken is malformed"):
        load_dataset(str(tmp_path), ids=["broken"])


def test_empty_folder_and_missing_path_are_errors(tmp_path):
    with pytest.raises(LoadError, match="no .json task files"):
        load_dataset(str(tmp_path))
    with pytest.raises(LoadError, match="no such file or folder"):
        load_dataset(str(tmp_path / "missing"))


def test_kaggle_challenges_with_solutions(tmp_path):
    challenge = {"train": GOOD["train"], "test": [{"input": [[2, 0]]}, {"input": [[3, 0]]}]}
    path = write(tmp_path, "x_challenges.json", {"aaa": challenge, "bbb": bad(train=[]), "ccc": challenge})
    write(tmp_path, "x_solutions.json", {"aaa": [[[0, 2]], [[0, 3]]], "ccc": [[[0, 2]], [[0, 3]]]})
    dataset = load_dataset(str(path))
    assert [t.id for t in dataset.tasks] == ["aaa", "ccc"]
    assert dataset.answers["aaa"] == (((0, 2),), ((0, 3),))
    assert "task bbb" in str(dataset.problems[0]) and "no train pairs" in str(dataset.problems[0])


def test_kaggle_challenges_without_solutions_have_unknown_outputs(tmp_path):
    path = write(tmp_path, "y_challenges.json", {"aaa": {"train": GOOD["train"], "test": [{"input": [[1]]}]}})
    dataset = load_dataset(str(path))
    assert dataset.answers["aaa"] == (None,)


def test_kaggle_solution_count_mismatch_is_reported(tmp_path):
    path = write(tmp_path, "z_challenges.json", {"aaa": GOOD})
    write(tmp_path, "z_solutions.json", {"aaa": [[[1]], [[2]]]})
    dataset = load_dataset(str(path))
    assert not dataset.tasks
    assert "solutions hold 2 outputs for 1 test inputs" in str(dataset.problems[0])


def test_invalid_kaggle_file_is_one_line_error(tmp_path):
    path = write(tmp_path, "w_challenges.json", "[1, 2")
    with pytest.raises(LoadError, match=r"w_challenges.json:1: invalid JSON"):
        load_dataset(str(path))


def test_single_task_file(tmp_path):
    path = write(tmp_path, "abc.json", GOOD)
    dataset = load_dataset(str(path))
    assert [t.id for t in dataset.tasks] == ["abc"]
    assert dataset.answers["abc"] == (((0, 2),),)
