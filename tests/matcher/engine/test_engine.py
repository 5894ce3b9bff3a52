"""End to end on a tiny simulated world: import, index (real model, real FAISS), train, recommend.

The world is small so the suite stays fast; every component is the real one.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.engine.build import build_engine
from matcher.engine.persist import load_engine, save_engine
from matcher.engine.snapshot import Engine
from matcher.errors import ArtifactError
from matcher.ranking.training import train_ranker
from matcher.recommend import recommend_candidates, recommend_enterprises, recommend_positions
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import PERSONAL_FIELDS
from matcher.simulate import default_config, simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files


def _ndcg_stub_free_evaluator(qrels: dict, run: dict) -> dict[str, float]:
    from matcher.ranking.measures import evaluate

    return evaluate(qrels, run, measures=("ndcg@10", "map")).means


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("tiny")
    # Half the postings in English or mixed (the regional default writes few in English only)
    # so recommendations across languages can be checked.
    config = dataclasses.replace(
        default_config(), position_lang_mix=(0.5, 0.25, 0.25), enterprise_lang_mix=(0.6, 0.2, 0.2)
    )
    simulate(root / "w", students=160, enterprises=16, positions=64, seed=5, progress=False,
             config=config)  # fmt: skip
    store = Store(f"sqlite:///{root / 'm.db'}")
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    embedder = load_embedder()
    engine = build_engine(store, embedder)
    models = root / "models"
    save_engine(engine, models)
    return {"root": root, "store": store, "engine": engine, "models": models, "embedder": embedder}


def test_index_round_trip(world: dict[str, Any]) -> None:
    loaded = load_engine(world["models"], embedding_model=world["embedder"].name)
    assert loaded.manifest["counts"]["positions"] == 64
    assert loaded.manifest["embedding_dim"] == 384
    np.testing.assert_allclose(loaded.position_vectors, world["engine"].position_vectors)


def test_mismatched_model_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(ArtifactError, match="matcher index"):
        load_engine(world["models"], embedding_model="another-model")


def test_crash_while_building_keeps_last_version(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    models: Path = world["models"]
    before = (models / "CURRENT").read_text()
    engine: Engine = world["engine"]

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine.student_lexical, "save", boom)
    with pytest.raises(RuntimeError):
        save_engine(engine, models)
    assert (models / "CURRENT").read_text() == before
    assert not list(models.glob(".tmp-*"))
    load_engine(models)


def test_prior_recommendations_say_so(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    sid = engine.students.ids[0]
    recs = recommend_positions(engine, sid, k=5)
    assert recs and all(r.scorer == "prior" and r.probability is None for r in recs)
    scores = [r.score for r in recs]
    assert scores == sorted(scores, reverse=True)


def test_train_then_recommend(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    model, report = train_ranker(engine, _ndcg_stub_free_evaluator)
    assert report.chosen in ("pointwise", "listwise")
    assert {"learned", "dense", "bm25", "fusion", "prior"} <= set(report.validation)
    assert report.train_semesters and report.validation_semester not in report.train_semesters
    engine.ranker = model
    sid = next(s for s in engine.students.ids if recommend_positions(engine, s, k=3))
    recs = recommend_positions(engine, sid, k=10, per_enterprise=1)
    assert all(r.scorer == "learned" and 0 <= (r.probability or 0) <= 1 for r in recs)
    ents = [r.enterprise_id for r in recs]
    assert len(ents) == len(set(ents)), "diversity cap of one per enterprise"
    for r in recs:
        assert isinstance(r.matched_skills, list) and isinstance(r.missing_skills, list)
        assert r.reasons
    agg = recommend_enterprises(engine, sid, k=3)
    assert agg and all(a["positions"] for a in agg)
    engine.ranker = None


def test_filters_hold(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    P, S = engine.positions, engine.students
    day = engine.clock
    for sid in S.ids[:20]:
        s = S.index[sid]
        for r in recommend_positions(engine, sid, k=20):
            p = P.index[r.position_id]
            assert P.is_open[p] and P.min_degree[p] <= S.degree[s]
            assert np.isnat(P.deadline[p]) or P.deadline[p] >= day
            assert r.position_id not in engine.excluded.get(sid, set())


def test_candidates_only_consenting(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    pid = engine.positions.ids[0]
    recs = recommend_candidates(engine, pid, k=20)
    assert recs
    for r in recs:
        assert engine.students.visible[engine.students.index[r.student_id]]


def test_no_personal_value_in_documents(world: dict[str, Any]) -> None:
    store: Store = world["store"]
    engine: Engine = world["engine"]
    for student in store.iter_records("students"):
        doc = engine.students.documents[engine.students.index[student.id]]
        for field in PERSONAL_FIELDS - {"gender", "birth_year"}:
            value = getattr(student, field)
            if value:
                assert str(value) not in doc, field


def test_candidate_reasons_are_written_for_the_recruiter(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    pid = next(p for p in engine.positions.ids if recommend_candidates(engine, p, k=1))
    english = recommend_candidates(engine, pid, k=20, lang="en")
    chinese = recommend_candidates(engine, pid, k=20, lang="zh")
    assert any(r.reasons for r in english)
    for r in english:
        for reason in r.reasons:
            assert not re.search(r"\byour?\b", reason), reason  # about the student, not to them
    assert [len(r.reasons) for r in chinese] == [len(r.reasons) for r in english]
    assert all(re.search(r"[\u4e00-\u9fff]", reason) for r in chinese for reason in r.reasons)
    # Students are addressed directly.
    sid = next(s for s in engine.students.ids if recommend_positions(engine, s, k=1))
    mine = recommend_positions(engine, sid, k=10, lang="en")
    assert any(re.search(r"\byour\b|^matches", reason) for r in mine for reason in r.reasons)


def test_a_chinese_student_reads_an_english_position_in_chinese(world: dict[str, Any]) -> None:
    """Across languages: a student who writes only Chinese is recommended positions written
    only in English, and their matched and missing skills are named in Chinese."""
    from matcher.engine.tables import LANGS

    engine: Engine = world["engine"]
    S, P = engine.students, engine.positions
    english = {P.ids[p] for p in range(len(P.ids)) if LANGS[P.lang[p]] == "en"}
    found = []
    for s in range(len(S.ids)):
        if LANGS[S.lang[s]] != "zh":
            continue
        found += [
            r for r in recommend_positions(engine, S.ids[s], k=10) if r.position_id in english
        ]
    assert found, "Chinese-only students are recommended English-only positions"
    named = [skill for r in found for skill in (*r.matched_skills, *r.missing_skills)]
    zh = {engine.taxonomy.label(i, "zh") for i in engine.skill_ids}
    en = {engine.taxonomy.label(i, "en") for i in engine.skill_ids}
    assert named and set(named) <= zh
    assert any(skill not in en for skill in named)  # not the English labels of the position


def test_sampled_negatives_were_open_on_the_students_date(world: dict[str, Any]) -> None:
    """Negatives drawn outside their application window would let the ranker tell them by
    their timing alone (it once did: the timing features carried most of its score)."""
    from matcher.ranking.training import _sampled_negatives

    engine: Engine = world["engine"]
    pairs, S, P = engine.pairs, engine.students, engine.positions
    s_idx = np.array([S.index[s] for s in pairs.student_ids])
    p_idx = np.array([P.index[p] for p in pairs.position_ids])
    as_of = pairs.first_seen.astype("datetime64[D]")
    ns, np_, nd, _ = _sampled_negatives(
        engine, s_idx, p_idx, as_of, list(pairs.semester), n=10, random_state=0
    )
    assert len(ns) > 0
    start, deadline = P.start[np_], P.deadline[np_]
    assert (np.isnat(start) | (start <= nd)).all(), "a negative was not open yet"
    assert (np.isnat(deadline) | (deadline >= nd)).all(), "a negative had closed"
    interacted = set(zip(s_idx.tolist(), p_idx.tolist(), strict=True))
    assert not interacted & set(zip(ns.tolist(), np_.tolist(), strict=True))


def test_open_dates_move_into_each_window(world: dict[str, Any]) -> None:
    from matcher.ranking.training import open_dates

    engine: Engine = world["engine"]
    P = engine.positions
    rows = np.arange(len(P))
    for day in (np.datetime64("2020-01-01"), np.datetime64("2030-01-01"), engine.clock):
        dates = open_dates(engine, rows, day)
        opened = np.isnat(P.start) | (P.start <= dates)
        not_closed = np.isnat(P.deadline) | (P.deadline >= dates) | (P.deadline < P.start)
        assert opened.all() and not_closed.all()


def test_slot_mask_and_cached_eligibility_match_their_definitions(world: dict[str, Any]) -> None:
    from matcher.retrieval.positions import eligible_positions

    engine: Engine = world["engine"]
    P = engine.positions
    day = engine.clock.astype("datetime64[D]")
    for s in range(0, len(engine.students), 17):
        allowed = eligible_positions(engine, s, engine.clock)
        expected = P.is_open.copy()
        expected &= np.isnat(P.start) | (P.start <= day)
        expected &= np.isnat(P.deadline) | (P.deadline >= day)
        expected &= P.min_degree <= engine.students.degree[s]
        for pid in engine.excluded.get(engine.students.ids[s], ()):
            expected[P.index[pid]] = False
        np.testing.assert_array_equal(allowed, expected)
        allowed[:] = False  # a request's mask is its own: the cached one stays intact
        np.testing.assert_array_equal(eligible_positions(engine, s, engine.clock), expected)

        within = engine.slot_mask(expected)
        slots = engine.index_slots
        by_scatter = np.zeros(engine.position_index.n_slots, dtype=bool)
        by_scatter[slots[expected & (slots >= 0)]] = True
        np.testing.assert_array_equal(within, by_scatter)


def test_the_positions_a_degree_may_see_lie_at_the_start_of_the_vector_index(
    world: dict[str, Any],
) -> None:
    engine: Engine = world["engine"]
    P = engine.positions
    slots = engine.index_slots
    indexed = np.flatnonzero(slots >= 0)
    by_slot = P.min_degree[indexed[np.argsort(slots[indexed])]]
    assert len(set(by_slot.tolist())) > 1  # the world has positions of several degrees
    assert np.all(np.diff(by_slot) >= 0)
    for degree in np.unique(by_slot).tolist():  # each degree's positions: one prefix
        seen = by_slot <= degree
        assert seen[: int(seen.sum())].all()


def test_warm_up_builds_the_lazy_caches_and_changes_no_answer(world: dict[str, Any]) -> None:
    from matcher.recommend import warm_up

    cold, warm = load_engine(world["models"]), load_engine(world["models"])
    warm_up(warm)
    for name in ("lexical_rows", "slot_rows", "position_skill_columns", "excluded"):
        assert name in warm.__dict__ and name not in cold.__dict__, name
    sid = cold.students.ids[3]
    assert [r.as_dict() for r in recommend_positions(cold, sid, k=5)] == [
        r.as_dict() for r in recommend_positions(warm, sid, k=5)
    ]


def test_a_replayed_engine_serves_as_of_its_cutoff(world: dict[str, Any]) -> None:
    from matcher.engine.build import replay_engine
    from matcher.store.history import popularity_before

    engine: Engine = world["engine"]
    P = engine.positions
    cut = np.datetime64("2026-08-01T00:00:00")
    rows = np.arange(0, len(P), 2)
    before_open = P.is_open.copy()
    made = engine.excluded  # a view of the original, made before the copy
    replay = replay_engine(engine, cut, rows, ranker=None)
    # Only the given positions are open, and only they are in the FAISS index.
    assert np.flatnonzero(replay.positions.is_open).tolist() == rows.tolist()
    assert sorted(replay.position_index.ids) == sorted(P.ids[r] for r in rows)
    # No pair that began at or after the cut-off is in its history, its exclusions or its counts.
    assert (replay.pairs.first_seen < cut).all()
    assert len(replay.pairs.grade) < len(engine.pairs.grade)
    later = {
        (s, p)
        for s, p, t in zip(
            engine.pairs.student_ids,
            engine.pairs.position_ids,
            engine.pairs.first_seen,
            strict=True,
        )
        if t >= cut
    }
    kept = set(zip(replay.pairs.student_ids, replay.pairs.position_ids, strict=True))
    assert later and not later & kept
    assert all((s, p) not in later for s, ps in replay.excluded.items() for p in ps)
    owner = {pid: engine.enterprises.ids[P.enterprise[i]] for i, pid in enumerate(P.ids)}
    assert replay.stats == popularity_before(engine.pairs, owner, cut)
    assert replay.clock == np.datetime64("2026-08-01", "D") and replay.ranker is None
    # Fresh views; the original engine is unchanged.
    assert replay.excluded is not made and engine.excluded is made
    assert (P.is_open == before_open).all() and replay.positions.ids is P.ids
    sid = next(
        s
        for s in replay.students.ids
        if recommend_positions(replay, s, k=5, as_of=np.datetime64("2026-10-15"))
    )
    for r in recommend_positions(replay, sid, k=20, as_of=np.datetime64("2026-10-15")):
        assert replay.positions.is_open[P.index[r.position_id]]


def test_a_served_engine_is_warm_and_frozen_before_it_answers(world: dict[str, Any]) -> None:
    import gc

    from matcher.serving import ServedEngine

    try:
        served = ServedEngine(world["models"], world["store"])
        assert "position_skill_columns" in served.engine.__dict__  # a view warm_up makes
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_version_holds_no_pickle(world: dict[str, Any]) -> None:
    """Tables are arrays (read with ``allow_pickle=False``), Arrow files and JSON; nothing is
    pickled."""
    import json

    import pyarrow as pa

    version = load_engine(world["models"]).directory
    assert version is not None
    arrow = 0
    for path in version.rglob("*"):
        if not path.is_file():
            continue
        assert path.suffix not in (".pkl", ".pickle", ".npz"), path
        if path.suffix == ".npy":
            assert np.load(path, allow_pickle=False).dtype != object
        if path.suffix == ".arrow":
            arrow += 1
            with pa.memory_map(str(path)) as source:
                schema = pa.ipc.open_file(source).schema
            assert all(not pa.types.is_binary(f.type) for f in schema), path
    assert arrow >= 5  # the tables' text columns, and the ids of each index
    assert set(json.loads((version / "tables.json").read_text())) == {
        "students", "positions", "enterprises", "pairs", "stats",
    }  # fmt: skip


def test_an_engine_saved_before_the_pickle_free_format_is_refused(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """A version of engine format 1 (tables pickled) is refused with the command that rebuilds
    it, before any of its files is unpickled."""
    import json
    import os
    import pickle
    import shutil

    models = tmp_path / "models"
    version = load_engine(world["models"]).directory
    assert version is not None
    old = models / "20261130T000000-abcdef"
    shutil.copytree(version, old)
    (models / "CURRENT").write_text(old.name + "\n")
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["engine_format"] = 1
    manifest["tables_sha256"] = "0" * 64
    (old / "manifest.json").write_text(json.dumps(manifest))
    marker = tmp_path / "unpickled"

    class Trap:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.mkdir, (str(marker),))

    (old / "tables.pkl").write_bytes(pickle.dumps(Trap()))
    with pytest.raises(ArtifactError, match=r"engine_format=1.*run `matcher index`"):
        load_engine(models)
    assert not marker.exists()


def test_columns_round_trip_every_kind_memory_mapped(tmp_path: Path) -> None:
    from dataclasses import dataclass
    from functools import cached_property

    from scipy import sparse

    from matcher.columnar import IdIndex, Strings, StringSets, as_columns
    from matcher.engine.columns import load_columns, save_columns

    @dataclass
    class Table:
        ids: Strings
        codes: Strings
        values: np.ndarray
        days: np.ndarray
        skills: sparse.csr_matrix
        cities: StringSets
        counts: dict[str, int]

        def __post_init__(self) -> None:
            as_columns(self)

        @cached_property
        def index(self) -> IdIndex:
            return IdIndex(self.ids)

    table = Table(
        ids=["a", "学"],  # type: ignore[arg-type]  # lists become columns
        codes=["080301", None],  # type: ignore[arg-type]
        values=np.array([1.5, np.nan], dtype=np.float32),
        days=np.array(["2026-09-01", "NaT"], dtype="datetime64[D]"),
        skills=sparse.csr_matrix(np.array([[0, 1, 0], [2, 0, 0]], dtype=np.float32)),
        cities=[frozenset({"长春", "Jilin"}), frozenset()],  # type: ignore[arg-type]
        counts={"e1": 3},
    )
    assert isinstance(table.ids, Strings) and isinstance(table.cities, StringSets)
    save_columns({"t": table}, tmp_path)
    back = load_columns(tmp_path, {"t": Table})["t"]
    assert back.ids == ["a", "学"] and back.codes == ["080301", None]
    assert dict(back.index) == {"a": 0, "学": 1} and back.index.get("x") is None
    np.testing.assert_array_equal(back.values, table.values)
    np.testing.assert_array_equal(back.days, table.days)
    assert (back.skills != table.skills).nnz == 0 and back.skills.shape == (2, 3)
    assert back.cities == [frozenset({"长春", "Jilin"}), frozenset()] and back.counts == {"e1": 3}
    # Mapped from the file, read only: a change has to make a new array.
    assert isinstance(back.values.base, np.memmap) and not back.values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        back.values[0] = 2.0
    with pytest.raises(TypeError, match="pickle"):
        save_columns({"t": Table(["x"], [None], np.array([object()]), table.days[:1],  # type: ignore[arg-type]
                                 table.skills[:1], [frozenset()], {})}, tmp_path)  # type: ignore[arg-type]  # fmt: skip


def test_a_rebuild_from_the_previous_version_answers_as_a_new_build(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """Indexes brought up to date from the version serving until now give the answers of a
    new build after records are added, changed and closed."""
    import sqlite3

    from matcher.schemas import PositionStatus

    with (
        sqlite3.connect(world["root"] / "m.db") as source,
        sqlite3.connect(tmp_path / "copy.db") as target,
    ):
        source.backup(target)
    store = Store(f"sqlite:///{tmp_path / 'copy.db'}")
    before = build_engine(store, world["embedder"])
    positions = list(store.iter_records("positions"))
    open_ones = [p for p in positions if p.status == PositionStatus.open]
    changed = open_ones[0].model_copy(update={"description": "激光器调试 Zemax 光学设计 CAN bus"})
    closed = open_ones[1].model_copy(update={"status": PositionStatus.closed})
    added = open_ones[2].model_copy(update={"id": "p-new", "title": "机器视觉工程师"})
    student = next(iter(store.iter_records("students")))
    edited = student.model_copy(update={"self_description": "熟悉 ROS 与激光雷达感知"})
    with store.session() as session:
        store.upsert(session, "positions", [changed, closed, added])
        store.upsert(session, "students", [edited])
    fresh = build_engine(store, world["embedder"])
    reused = build_engine(store, world["embedder"], previous=before)
    store.dispose()
    assert sorted(reused.position_index.ids) == sorted(fresh.position_index.ids)
    assert "p-new" in reused.position_index and closed.id not in reused.position_index
    assert closed.id in before.position_index, "the previous version is untouched"
    assert sorted(reused.position_lexical.ids) == sorted(fresh.position_lexical.ids)
    for s in range(0, len(fresh.students), 9):
        terms = fresh.student_lexical.document_terms(fresh.students.ids[s])
        np.testing.assert_allclose(
            reused.position_lexical.scores(terms)[reused.lexical_rows],
            fresh.position_lexical.scores(terms)[fresh.lexical_rows],
            rtol=1e-5,
        )
        sid = fresh.students.ids[s]
        assert [r.as_dict() for r in recommend_positions(reused, sid, k=5)] == [
            r.as_dict() for r in recommend_positions(fresh, sid, k=5)
        ]
    for pid in (changed.id, "p-new"):
        assert [r.student_id for r in recommend_candidates(reused, pid, k=5)] == [
            r.student_id for r in recommend_candidates(fresh, pid, k=5)
        ]


def test_given_pairs_are_explained_as_recommendations_are(world: dict[str, Any]) -> None:
    from matcher.recommend import explain_matches

    engine: Engine = world["engine"]
    sid = engine.students.ids[2]
    recs = recommend_positions(engine, sid, k=3)
    found = explain_matches(engine, [(sid, r.position_id) for r in recs] + [("nobody", "p")])
    assert set(found) == {(sid, r.position_id) for r in recs}, "an unknown student is left out"
    for r in recs:
        got = found[(sid, r.position_id)]
        assert got.score == r.score and got.reasons == r.reasons
        assert got.matched_skills == r.matched_skills
    pid = recs[0].position_id
    for_recruiter = explain_matches(engine, [(sid, pid)], viewer="enterprise")[(sid, pid)]
    assert for_recruiter.student_id == sid


def _two_versions(world: dict[str, Any], tmp_path: Path) -> tuple[Path, Path, Path]:
    """A models folder with an older and a current copy of the world's version."""
    import shutil

    models = tmp_path / "models"
    source = load_engine(world["models"]).directory
    assert source is not None
    older, current = models / "20261201T000000-aaaaaa", models / "20261202T000000-bbbbbb"
    shutil.copytree(source, older)
    shutil.copytree(source, current)
    (models / "CURRENT").write_text(current.name + "\n")
    return models, older, current


def test_a_corrupt_current_version_gives_way_to_the_newest_intact_one(
    world: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue #16 row 14: a corrupt current version kept the service from starting although
    intact older versions were on disk."""
    import logging

    models, older, current = _two_versions(world, tmp_path)
    (current / "position_vectors.npy").write_bytes(b"\x93NUMPY garbage")
    with caplog.at_level(logging.WARNING, logger="matcher.engine.persist"):
        engine = load_engine(models)
    assert engine.directory == older
    assert "serving 20261201T000000-aaaaaa instead" in caplog.text
    with pytest.raises(ArtifactError):
        load_engine(models, fallback=False)
    for version in (older, current):  # nothing intact left: the error of the current one
        (version / "position_vectors.npy").write_bytes(b"")
    with pytest.raises(ArtifactError, match="20261202T000000-bbbbbb"):
        load_engine(models)


def test_a_truncated_ranker_is_an_artifact_error_not_a_traceback(
    world: dict[str, Any], tmp_path: Path
) -> None:
    import json

    from sklearn.linear_model import LinearRegression

    from matcher.ranking.ranker import save_ranker

    models, older, current = _two_versions(world, tmp_path)
    for version in (older, current):
        manifest = json.loads((version / "manifest.json").read_text())
        manifest["ranker_file"] = "ranker-00000000.skops"
        (version / "manifest.json").write_text(json.dumps(manifest))
    save_ranker(LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0]), older / "ranker-00000000.skops")
    whole = (older / "ranker-00000000.skops").read_bytes()
    (current / "ranker-00000000.skops").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ArtifactError, match=r"unreadable .*matcher train"):
        load_engine(models, fallback=False)
    assert load_engine(models).directory == older  # the intact older one serves


def test_killed_builds_leave_no_folders_forever(world: dict[str, Any], tmp_path: Path) -> None:
    import os
    import time

    models, _, _ = _two_versions(world, tmp_path)
    stale, fresh = models / ".tmp-000000000000", models / ".tmp-111111111111"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "position_vectors.npy").write_bytes(b"half")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    save_engine(world["engine"], models)
    assert not stale.exists() and fresh.exists()  # a build in progress elsewhere is left alone


def test_a_service_starts_on_the_intact_version_and_tries_a_broken_one_once(
    world: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from matcher.serving import ServedEngine

    models, older, current = _two_versions(world, tmp_path)
    (current / "skill_idf.npy").write_bytes(b"")
    served = ServedEngine(models, world["store"])  # not started: no background thread
    assert served.engine.directory == older
    engine = served.engine
    with caplog.at_level(logging.WARNING, logger="matcher.serving"):
        served._follow_published()
        served._follow_published()
    assert served.engine is engine  # the older one serves on; not reloaded at every poll
    assert caplog.text.count("could not load 20261202T000000-bbbbbb") == 1
