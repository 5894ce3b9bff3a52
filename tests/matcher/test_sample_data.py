"""The committed sample world is exactly what the simulator makes, and imports cleanly."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
#: The command in data/README.md that made data/sample.
ARGS = {"students": 2000, "enterprises": 150, "positions": 800, "seed": 2026}


def _read(path: Path) -> bytes:
    gz = path.with_name(path.name + ".gz")
    return gzip.decompress(gz.read_bytes()) if gz.exists() else path.read_bytes()


def test_sample_matches_the_simulator(tmp_path: Path) -> None:
    simulate(tmp_path, progress=False, **ARGS)
    for name in (
        "enterprises.jsonl",
        "positions.jsonl",
        "students.jsonl",
        "interactions.jsonl",
        "ground_truth/student_to_position.qrels",
        "ground_truth/position_to_student.qrels",
    ):
        assert _read(SAMPLE / name) == (tmp_path / name).read_bytes(), (
            f"data/sample/{name} drifted from the simulator; regenerate it as data/README.md says"
        )


@pytest.mark.slow  # 588k events, over a minute; make demo imports the same files
def test_sample_imports(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    counts = import_files(store, sorted(SAMPLE.glob("*.jsonl*")))
    assert counts["students"] == 2000 and counts["enterprises"] == 150
    assert counts["positions"] == 800 and counts["interactions"] > 100_000
