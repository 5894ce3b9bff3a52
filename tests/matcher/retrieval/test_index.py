"""Vector index: exact and approximate search, filters, changes in place, files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import matcher.engine.versions
from matcher.retrieval.index import (
    ArtifactError,
    VectorIndex,
    default_nlist,
    knn_ground_truth,
    recall_at_k,
    synthetic_vectors,
)

KINDS = ["flat", "hnsw", "ivf"]


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _checkerboard(n: int = 12) -> tuple[list[str], np.ndarray]:
    """Item i points mostly along axis i (a little along i+1): query e_i must find item i first."""
    x = np.eye(n, dtype=np.float32) + 0.3 * np.roll(np.eye(n, dtype=np.float32), 1, axis=1)
    return [f"item{i}" for i in range(n)], x


def _random(n: int, dim: int, seed: int = 0) -> np.ndarray:
    return _unit(np.random.default_rng(seed).standard_normal((n, dim)))


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def board(kind: str) -> VectorIndex:
    ids, x = _checkerboard()
    return VectorIndex(ids, x, kind=kind)  # type: ignore[arg-type]


def test_checkerboard_top_hit_is_item_i(board: VectorIndex, kind: str) -> None:
    ids, scores = board.search(np.eye(12, dtype=np.float32), k=3)
    assert board.kind == kind
    assert [row[0] for row in ids] == [f"item{i}" for i in range(12)]
    assert scores.shape == (12, 3) and scores.dtype == np.float32
    assert np.all(np.diff(scores, axis=1) <= 0)
    assert scores[0, 0] == pytest.approx(1 / np.sqrt(1.09), abs=1e-3)  # cosine (float16)


def test_basic_properties(board: VectorIndex) -> None:
    assert len(board) == 12
    assert board.dim == 12
    assert board.ids == [f"item{i}" for i in range(12)]
    assert "item3" in board and "nope" not in board


def test_k_larger_than_index_is_clipped(board: VectorIndex) -> None:
    ids, scores = board.search(np.eye(12, dtype=np.float32)[:2], k=50)
    assert [len(r) for r in ids] == [12, 12]
    assert scores.shape == (2, 12)
    assert all(len(set(r)) == 12 for r in ids)


def test_exclude_is_honoured(board: VectorIndex) -> None:
    q = np.eye(12, dtype=np.float32)[:1]
    ids, _ = board.search(q, k=3, exclude={"item0", "item11", "unknown"})
    assert len(ids[0]) == 3
    assert not {"item0", "item11"} & set(ids[0])
    everything_else = {f"item{i}" for i in range(1, 12)}
    ids, scores = board.search(q, k=12, exclude=everything_else)
    assert ids == [["item0"]] and scores.shape == (1, 1)


def test_remove_never_comes_back(board: VectorIndex) -> None:
    board.remove(["item4"])
    assert len(board) == 11 and "item4" not in board and "item4" not in board.ids
    ids, _ = board.search(np.eye(12, dtype=np.float32), k=12)
    assert all("item4" not in row and len(row) == 11 for row in ids)
    with pytest.raises(KeyError, match="item4"):
        board.remove(["item4"])


def test_update_moves_the_vector(board: VectorIndex) -> None:
    target = np.zeros((1, 12), dtype=np.float32)
    target[0, 7] = 1.0
    board.update(["item2"], target)
    assert len(board) == 12
    ids, scores = board.search(target, k=2)
    assert set(ids[0]) == {"item2", "item7"}
    assert scores[0, 0] == pytest.approx(1.0, abs=1e-3)
    old = np.eye(12, dtype=np.float32)[2:3]
    ids, _ = board.search(old, k=1)
    assert ids[0] != ["item2"]
    assert board.ids.count("item2") == 1


def test_add_then_search(board: VectorIndex) -> None:
    new = np.ones((1, 12), dtype=np.float32)
    board.add(["center"], new)
    assert len(board) == 13 and board.ids[-1] == "center"
    ids, _ = board.search(new, k=1)
    assert ids == [["center"]]


def test_changes_do_not_rebuild_approximate_index() -> None:
    ids, x = _checkerboard()
    index = VectorIndex(ids, x, kind="hnsw")
    faiss_index = index._index
    index.add(["extra"], np.ones((1, 12), dtype=np.float32))
    index.update(["item1"], x[5:6])
    index.remove(["item3"])
    assert index._index is faiss_index
    assert index.tombstones == 2  # old item1, item3
    assert not index.compact()  # 2 of 13 positions: below the 0.2 fraction
    assert index.compact(force=True)
    assert index.tombstones == 0 and len(index) == 12
    ids_after, _ = index.search(x[5:6], k=2)
    assert set(ids_after[0]) == {"item1", "item5"}


def test_flat_compacts_itself() -> None:
    ids, x = _checkerboard()
    index = VectorIndex(ids, x, kind="flat", compact_fraction=0.1)
    index.remove(["item0"])
    assert index.tombstones == 1  # 1 tombstone of 12 positions is within 0.1 × 12
    index.remove(["item1", "item2"])
    assert index.tombstones == 0 and len(index) == 9
    got, _ = index.search(np.eye(12, dtype=np.float32)[5:6], k=1)
    assert got == [["item5"]]


def test_auto_kind_follows_threshold() -> None:
    x = _random(300, 16)
    ids = [str(i) for i in range(300)]
    assert VectorIndex(ids, x).kind == "flat"
    assert VectorIndex(ids, x, exact_threshold=100).kind == "hnsw"


def test_approximate_recall_against_exact() -> None:
    x = _random(5000, 64, seed=1)
    queries = _random(100, 64, seed=2)
    ids = [f"v{i}" for i in range(5000)]
    index = VectorIndex(ids, x, exact_threshold=1000)
    assert index.kind != "flat"
    got, _ = index.search(queries, k=10)
    _, exact = knn_ground_truth(x, queries, 10)
    assert recall_at_k(got, [[ids[j] for j in row] for row in exact], 10) >= 0.98


def test_large_exclusion_falls_back_to_exact() -> None:
    x = _random(2000, 32, seed=3)
    ids = [f"v{i}" for i in range(2000)]
    index = VectorIndex(ids, x, kind="hnsw", ef_search=16)
    excluded = {f"v{i}" for i in range(0, 2000, 3)} | {f"v{i}" for i in range(1, 2000, 3)}
    q = _random(5, 32, seed=4)
    got, scores = index.search(q, k=20, exclude=excluded)
    allowed = [i for i in range(2000) if f"v{i}" not in excluded]
    _, exact = knn_ground_truth(x[allowed], q, 20)
    assert got == [[ids[allowed[j]] for j in row] for row in exact]
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("kept", [0.9, 0.3])
def test_within_returns_the_nearest_allowed_records(kind: str, kept: float) -> None:
    """Most allowed: a widened approximate walk; few allowed: exact. Either way the answer is
    the nearest allowed records, never a filtered top-k that comes back short."""
    n = 3000
    x = _random(n, 32, seed=5)
    ids = [f"v{i}" for i in range(n)]
    index = VectorIndex(ids, x, kind=kind)  # type: ignore[arg-type]
    rng = np.random.default_rng(6)
    q = _random(20, 32, seed=7)
    found: list[list[str]] = []
    truth: list[list[str]] = []
    for row in q:
        within = np.zeros(index.n_slots, dtype=bool)
        allowed = np.flatnonzero(rng.random(n) < kept)
        within[index.slots([ids[i] for i in allowed])] = True
        got, scores = index.search(row[None, :], k=50, within=within)
        assert len(got[0]) == 50 and np.isfinite(scores).all()
        assert {int(g[1:]) for g in got[0]} <= set(allowed.tolist())
        _, exact = knn_ground_truth(x[allowed], row[None, :], 50)
        found.append(got[0])
        truth.append([ids[allowed[j]] for j in exact[0]])
    # Filtering costs no recall: at least what the index finds unfiltered (IVF finds < 0.98
    # of random 32-d neighbours even then), and 0.98 for HNSW and flat.
    plain, _ = index.search(q, k=50)
    _, exact_all = knn_ground_truth(x, q, 50)
    baseline = recall_at_k(plain, [[ids[j] for j in row] for row in exact_all], 50)
    assert recall_at_k(found, truth, 50) >= min(0.98, baseline)


def test_within_with_removed_and_excluded_records(board: VectorIndex) -> None:
    within = np.zeros(board.n_slots, dtype=bool)
    within[board.slots(["item1", "item2", "item3", "item4"])] = True
    board.remove(["item2"])
    got, _ = board.search(np.eye(12, dtype=np.float32)[2:3], k=10, within=within, exclude={"item3"})
    assert sorted(got[0]) == ["item1", "item4"]
    assert board.slots(["item2", "nope"]).tolist() == [-1, -1]


def test_within_must_cover_every_slot(board: VectorIndex) -> None:
    with pytest.raises(ValueError, match="mask of 12 slots"):
        board.search(np.eye(12, dtype=np.float32)[:1], k=3, within=np.ones(5, dtype=bool))


def test_empty_index_and_no_queries() -> None:
    index = VectorIndex([], np.empty((0, 8), dtype=np.float32))
    assert len(index) == 0 and index.dim == 8
    ids, scores = index.search(np.ones((2, 8), dtype=np.float32), k=5)
    assert ids == [[], []] and scores.shape == (2, 0)
    index.add(["a"], np.ones((1, 8), dtype=np.float32))
    assert index.search(np.ones((1, 8), dtype=np.float32), k=5)[0] == [["a"]]
    ids, scores = index.search(np.empty((0, 8), dtype=np.float32), k=5)
    assert ids == [] and scores.shape == (0, 0)


def test_inputs_are_not_modified() -> None:
    x = np.full((3, 4), 2.0, dtype=np.float32)
    x[1, 0] = 5.0
    before = x.copy()
    index = VectorIndex(["a", "b", "c"], x)
    index.search(x, k=1)
    assert np.array_equal(x, before)


@pytest.mark.parametrize(
    ("ids", "vectors", "message"),
    [
        (["a"], np.ones(4, dtype=np.float32), "2-D"),
        (["a", "b"], np.ones((1, 4), dtype=np.float32), "2 ids for 1 vectors"),
        (["a"], np.ones((1, 4), dtype=np.int64), "floating point"),
        (["a", "a"], np.ones((2, 4), dtype=np.float32), "duplicate"),
        ([""], np.ones((1, 4), dtype=np.float32), "non-empty"),
        (["a"], np.full((1, 4), np.nan, dtype=np.float32), "NaN"),
        (["a"], [[1.0, 2.0]], "numpy array"),
    ],
)
def test_bad_build_inputs_raise_value_error(ids: list[str], vectors: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        VectorIndex(ids, vectors)  # type: ignore[arg-type]


def test_bad_search_and_change_inputs(board: VectorIndex) -> None:
    with pytest.raises(ValueError, match="2-D"):
        board.search(np.ones(12, dtype=np.float32), k=1)
    with pytest.raises(ValueError, match="dimension 5, the index has 12"):
        board.search(np.ones((1, 5), dtype=np.float32), k=1)
    with pytest.raises(ValueError, match="positive integer"):
        board.search(np.ones((1, 12), dtype=np.float32), k=0)
    with pytest.raises(ValueError, match="already in the index"):
        board.add(["item0"], np.ones((1, 12), dtype=np.float32))
    with pytest.raises(KeyError, match="ghost"):
        board.update(["ghost"], np.ones((1, 12), dtype=np.float32))
    with pytest.raises(ValueError, match="dimension"):
        board.update(["item0"], np.ones((1, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="kind must be one of"):
        VectorIndex(["a"], np.ones((1, 2), dtype=np.float32), kind="annoy")  # type: ignore[arg-type]


def test_save_load_round_trip(board: VectorIndex, tmp_path: Path) -> None:
    board.remove(["item5"])
    board.update(["item6"], np.ones((1, 12), dtype=np.float32))
    q = np.eye(12, dtype=np.float32)
    before = board.search(q, k=4)
    board.model = "all-MiniLM-L6-v2"
    board.save(tmp_path / "positions")
    loaded = VectorIndex.load(tmp_path / "positions", expected_dim=12, expected_model=board.model)
    after = loaded.search(q, k=4)
    assert after[0] == before[0]
    np.testing.assert_allclose(after[1], before[1], atol=1e-6)
    assert loaded.ids == board.ids and loaded.kind == board.kind
    assert loaded.params == board.params and loaded.tombstones == board.tombstones
    meta = json.loads((tmp_path / "positions" / "index.json").read_text())
    assert meta["count"] == 11 and meta["dim"] == 12 and meta["faiss_version"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["positions"]  # no temporary left
    loaded.add(["later"], np.ones((1, 12), dtype=np.float32))
    assert "later" in loaded


def test_save_replaces_an_existing_directory(tmp_path: Path) -> None:
    ids, x = _checkerboard()
    VectorIndex(ids, x).save(tmp_path / "ix")
    VectorIndex(ids[:3], x[:3]).save(tmp_path / "ix")
    assert len(VectorIndex.load(tmp_path / "ix")) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]


def _saved(tmp_path: Path) -> Path:
    ids, x = _checkerboard()
    VectorIndex(ids, x, kind="hnsw", model="m1").save(tmp_path / "ix")
    return tmp_path / "ix"


def test_artifact_error_is_the_projects() -> None:
    assert issubclass(ArtifactError, matcher.engine.versions.ArtifactError)


def test_missing_or_half_written_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="matcher index"):
        VectorIndex.load(tmp_path / "absent")
    path = _saved(tmp_path)
    meta = (path / "index.json").read_text()
    (path / "index.json").write_text(meta[: len(meta) // 2])
    with pytest.raises(ArtifactError, match=r"index\.json.*matcher index"):
        VectorIndex.load(path)
    (path / "index.json").unlink()
    with pytest.raises(ArtifactError, match=r"missing.*matcher index"):
        VectorIndex.load(path)


def test_truncated_index_file_is_refused(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    data = (path / "index.faiss").read_bytes()
    (path / "index.faiss").write_bytes(data[: len(data) // 2])
    with pytest.raises(ArtifactError, match=r"index\.faiss.*matcher index"):
        VectorIndex.load(path)


def test_mismatched_dim_or_model_is_refused(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    with pytest.raises(ArtifactError, match=r"dimension 12.*384.*matcher index"):
        VectorIndex.load(path, expected_dim=384)
    with pytest.raises(ArtifactError, match=r"model 'm1'.*matcher index"):
        VectorIndex.load(path, expected_model="other-model")
    assert len(VectorIndex.load(path, expected_dim=12, expected_model="m1")) == 12


def test_recall_at_k_and_ground_truth() -> None:
    assert recall_at_k([["a", "b"]], [["b", "c"]], 2) == 0.5
    assert recall_at_k([[3, 1, -1]], np.array([[1, 3, -1]]), 3) == 1.0
    assert recall_at_k([["a"], []], [["a"], []], 1) == 1.0
    x = _random(50, 8)
    scores, pos = knn_ground_truth(x, x[:5], 3)
    assert pos[:, 0].tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-5)


def test_synthetic_vectors_stay_near_their_base() -> None:
    base = _random(10, 64)
    x = synthetic_vectors(base, 200, noise=0.5, seed=1)
    assert x.shape == (200, 64) and x.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    assert float((x @ base.T).max(axis=1).mean()) > 0.85
    assert default_nlist(100_000) == 1024 and default_nlist(10) == 1


_MAJORS = [
    "optical engineering",
    "mechatronics",
    "vehicle engineering",
    "automation",
    "physics",
    "electronic information engineering",
    "computer science",
    "measurement and control",
    "microelectronics",
    "mechanical design",
    "robotics",
    "electrical engineering",
]
_SKILLS = [
    "Zemax",
    "CODE V",
    "lens design",
    "laser welding",
    "fiber lasers",
    "spectroscopy",
    "interferometry",
    "optical coating",
    "infrared imaging",
    "machine vision",
    "OpenCV",
    "PLC",
    "ladder logic",
    "servo control",
    "SolidWorks",
    "AutoCAD",
    "finite element analysis",
    "MATLAB",
    "Simulink",
    "C++",
    "Python",
    "embedded C",
    "STM32",
    "CAN bus",
    "AUTOSAR",
    "ROS",
    "SLAM",
    "LiDAR",
    "sensor fusion",
    "path planning",
    "ADAS",
    "PCB design",
    "FPGA",
    "signal processing",
    "deep learning",
    "object detection",
    "photolithography",
    "metrology",
    "industrial robots",
    "battery management",
]
_ROLES = [
    "optical design engineer",
    "laser process engineer",
    "mechatronics engineer",
    "test engineer",
    "embedded software engineer",
    "ADAS algorithm engineer",
    "machine vision engineer",
    "automation engineer",
    "process engineer",
    "hardware engineer",
    "research intern",
    "autonomous driving intern",
]


def _realistic_texts(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        f"{_ROLES[rng.integers(len(_ROLES))]}, {_MAJORS[rng.integers(len(_MAJORS))]} background; "
        + ", ".join(rng.choice(_SKILLS, size=int(rng.integers(2, 6)), replace=False))
        for _ in range(n)
    ]


@pytest.mark.slow
def test_default_index_at_100k_keeps_recall_at_100() -> None:
    """Vectors near real embeddings (2,000 encoded texts plus noise), as in the benchmark."""
    from matcher.retrieval.embedding import DEFAULT_MODEL, SentenceTransformerEmbedder

    base = SentenceTransformerEmbedder(DEFAULT_MODEL).encode(_realistic_texts(2000))
    x = synthetic_vectors(base, 100_000, seed=6)
    queries = synthetic_vectors(base, 200, seed=7)
    ids = [f"v{i}" for i in range(len(x))]
    index = VectorIndex(ids, x)
    assert index.kind == "hnsw"
    got, _ = index.search(queries, k=100)
    _, exact = knn_ground_truth(x, queries, 100)
    assert recall_at_k(got, [[ids[j] for j in row] for row in exact], 100) >= 0.98


@pytest.mark.parametrize("kind", KINDS)
def test_synced_copy_changes_only_the_copy(kind: str) -> None:
    """``synced`` brings a copy up to date (removed, changed, added) as a new build would."""
    rng = np.random.default_rng(11)
    base = _unit(rng.normal(size=(300, 16)))
    ids = [f"v{i}" for i in range(300)]
    index = VectorIndex(ids, base, kind=kind, nlist=4)
    keep = ids[20:]  # 20 removed
    vectors = base[20:].copy()
    vectors[:5] = _unit(rng.normal(size=(5, 16)))  # 5 changed
    extra = _unit(rng.normal(size=(10, 16)))  # 10 added
    new_ids = keep + [f"n{i}" for i in range(10)]
    new_vectors = np.vstack([vectors, extra])
    synced = index.synced(new_ids, new_vectors)
    assert sorted(synced.ids) == sorted(new_ids)
    assert sorted(index.ids) == sorted(ids), "the index serving until now is untouched"
    found, _ = synced.search(new_vectors, k=1)
    assert [f[0] for f in found] == new_ids  # every vector finds itself
    fresh = VectorIndex(new_ids, new_vectors, kind=kind, nlist=4)
    queries = _unit(rng.normal(size=(20, 16)))
    got, _ = synced.search(queries, k=10)
    want, _ = fresh.search(queries, k=10)
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, want, strict=True)])
    assert overlap >= (1.0 if kind == "flat" else 0.9)
    same = index.synced(ids, base)
    assert same.tombstones == 0 and sorted(same.ids) == sorted(ids)
