"""Telemetry records carry their schema version and time; records from before still read."""

import json
from datetime import datetime, timedelta, timezone

from graphs.engine.telemetry import TELEMETRY_SCHEMA, TelemetryLog, read_records, schema_of
from graphs.notebook.explore import rounds_table
from graphs.status import _round_records

# A round record as runs wrote it before records were stamped.
OLD_ROUND = {"kind": "round", "run": "r1", "round": 0, "tasks": 2, "chunks": 3, "chunk_size": 4,
             "outcomes": {"mismatch": 10}, "candidates": 10, "wall_s": 2.0,
             "busy_s_by_worker": {"tcp://w": 1.5}, "restarted_workers": []}


def test_every_record_is_written_with_the_schema_and_the_utc_time(tmp_path):
    before = datetime.now(timezone.utc)
    with TelemetryLog(tmp_path / "telemetry.jsonl") as log:
        log.write({"kind": "task", "run": "r1", "round": 0})
        log.write(dict(OLD_ROUND, round=1))
    records = read_records(tmp_path / "telemetry.jsonl")
    assert [schema_of(r) for r in records] == [TELEMETRY_SCHEMA] * 2 == [r["schema"] for r in records]
    for record in records:
        written = datetime.fromisoformat(record["time"])
        assert written.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=1) <= written <= datetime.now(timezone.utc)


def test_readers_take_old_records_and_new_ones_alike(tmp_path):
    path = tmp_path / "telemetry.jsonl"
    path.write_text(json.dumps(OLD_ROUND) + "\n")
    with TelemetryLog(path) as log:
        log.write(dict(OLD_ROUND, round=1, candidates=30))
    records = read_records(path)
    assert [schema_of(r) for r in records] == [1, TELEMETRY_SCHEMA]
    assert sorted(_round_records(tmp_path, "r1")) == [0, 1]
    table = str(rounds_table(records)).splitlines()
    assert [line.split()[:5] for line in table[2:]] == [["r1", "0", "2", "3", "10"], ["r1", "1", "2", "3", "30"]]
