"""Recommendation health and curriculum gaps agree with a recount of the recommendations.

A small simulated world, indexed with the real embedding model and FAISS and saved as a
version; each figure of the snapshot is counted again here from what
:func:`~matcher.recommend.recommend_positions` gives every student (English labels, where the
snapshot reads Chinese ones).
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.analytics.health import (
    CONGESTED,
    FIGURES,
    HealthNotComputed,
    changes,
    compute_health,
    gini,
    major_gaps,
    previous_health,
    read_health,
    require_health,
    sample_students,
    save_health,
    weighted_quantile,
)
from matcher.analytics.health_tables import gaps_sheet, summary_sheet
from matcher.analytics.privacy import MIN_GROUP
from matcher.engine.persist import load_engine, publish_ranker, save_engine
from matcher.engine.snapshot import Engine
from matcher.recommend import recommend_positions
from matcher.schemas import PERSONAL_FIELDS


@pytest.fixture(scope="module")
def world(market_world: dict[str, Any]) -> dict[str, Any]:
    return market_world


@pytest.fixture
def models(world: dict[str, Any], tmp_path: Path) -> Path:
    """A copy of the world's models folder for a test that writes into it."""
    return Path(shutil.copytree(world["models"], tmp_path / "models"))


@pytest.fixture(scope="module")
def engine(world: dict[str, Any]) -> Engine:
    return load_engine(world["models"])


@pytest.fixture(scope="module")
def snapshot(engine: Engine) -> dict[str, Any]:
    return compute_health(engine, k=10)


# -- the measures ----------------------------------------------------------------------------


def _gini_by_pairs(values: list[float]) -> float:
    """Gini as the mean absolute difference over all ordered pairs, halved, over the mean."""
    x = np.asarray(values, dtype=float)
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))


def test_gini_on_known_distributions() -> None:
    assert gini([3, 3, 3, 3]) == 0.0
    assert gini([0, 0, 0, 4]) == 0.75  # one of four takes everything: (n - 1) / n
    assert gini([0] * 99 + [1]) == 0.99
    assert gini([1, 2, 3, 4]) == 0.25
    assert gini([]) == 0.0 and gini([0, 0]) == 0.0
    rng = np.random.default_rng(3)
    for _ in range(5):
        values = rng.pareto(1.5, size=40).tolist()
        assert gini(values) == pytest.approx(_gini_by_pairs(values), abs=1e-6)
    with pytest.raises(ValueError):
        gini([-1, 2])


def test_weighted_quantile_counts_each_value_its_weight() -> None:
    rng = np.random.default_rng(4)
    values = rng.integers(0, 30, size=25).astype(float)
    weights = rng.integers(1, 5, size=25)
    repeated = np.repeat(values, weights)
    for q in (0.0, 0.1, 0.5, 0.9, 1.0):
        expected = np.quantile(repeated, q, method="inverted_cdf")
        assert weighted_quantile(values, weights, q) == expected, q
    assert weighted_quantile(np.array([]), np.array([]), 0.5) == 0.0
    with pytest.raises(ValueError):
        weighted_quantile(values, weights, 1.5)


# -- the figures -----------------------------------------------------------------------------


def _recount(engine: Engine, rows: np.ndarray, k: int) -> dict[str, Any]:
    """Every figure again, from each sampled student's recommendations (English labels)."""
    S, P = engine.students, engine.positions
    day = np.datetime64(engine.clock, "D")
    by_label = {engine.taxonomy.label(s, "en"): s for s in engine.skill_ids}
    shown_to: Counter[str] = Counter()
    ent_students: dict[str, set[str]] = defaultdict(set)
    ent_exposures: Counter[str] = Counter()
    majors: Counter[str] = Counter()
    missing: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in rows.tolist():
        sid = S.ids[s]
        majors[S.major[s]] += 1
        for r in recommend_positions(engine, sid, k=k, lang="en"):
            shown_to[r.position_id] += 1
            ent_students[r.enterprise_id].add(sid)
            ent_exposures[r.enterprise_id] += 1
            for label in r.missing_skills:
                missing[S.major[s]][by_label[label]].add(sid)
    open_rows = np.flatnonzero(engine.open_on(day)).tolist()
    return {
        "shown_to": shown_to,
        "open": {P.ids[p]: int(P.openings[p]) for p in open_rows},
        "open_enterprises": {engine.enterprises.ids[int(P.enterprise[p])] for p in open_rows},
        "ent_students": ent_students,
        "ent_exposures": ent_exposures,
        "majors": majors,
        "missing": missing,
    }


def test_figures_agree_with_a_recount_of_the_recommendations(
    engine: Engine, snapshot: dict[str, Any]
) -> None:
    rows = np.flatnonzero(engine.live_students)
    got = _recount(engine, rows, k=10)
    assert snapshot["students"]["sampled"] == snapshot["students"]["population"] == len(rows)
    assert snapshot["k"] == 10 and snapshot["day"] == str(np.datetime64(engine.clock, "D"))
    # Coverage.
    cov, open_ = snapshot["coverage"], got["open"]
    covered = [p for p in open_ if got["shown_to"][p]]
    assert set(got["shown_to"]) <= set(open_), "only open positions are recommended"
    assert cov["open_positions"] == len(open_) and cov["positions"] == len(covered)
    assert cov["open_openings"] == sum(open_.values())
    assert cov["openings"] == sum(open_[p] for p in covered)
    assert cov["position_share"] == round(len(covered) / len(open_), 4)
    # Exposure.
    exp = snapshot["exposure"]
    total = sum(got["ent_exposures"].values())
    assert exp["total"] == total == sum(got["shown_to"].values())
    listed = {e["enterprise_id"]: e for e in exp["enterprises"]}
    for ent, n in got["ent_exposures"].items():
        if len(got["ent_students"][ent]) < MIN_GROUP:
            assert ent not in listed
        else:
            assert listed[ent]["exposures"] == n
            assert listed[ent]["students"] == len(got["ent_students"][ent])
            assert listed[ent]["share"] == round(n / total, 4)
    assert exp["suppressed_enterprises"] == sum(
        1 for e in got["ent_exposures"] if len(got["ent_students"][e]) < MIN_GROUP
    )
    per_enterprise = [got["ent_exposures"][e] for e in got["open_enterprises"]]
    assert exp["gini_enterprises"] == pytest.approx(_gini_by_pairs(per_enterprise), abs=1e-6)
    per_position = [got["shown_to"][p] for p in open_]
    assert exp["gini_positions"] == pytest.approx(_gini_by_pairs(per_position), abs=1e-6)
    # Congestion: one value per opening.
    each = [got["shown_to"][p] / n for p, n in open_.items() for _ in range(n)]
    con = snapshot["congestion"]
    assert con["mean"] == pytest.approx(np.mean(each), abs=1e-4)
    assert con["max"] == pytest.approx(max(each), abs=1e-4)
    assert con["median"] == pytest.approx(np.quantile(each, 0.5, method="inverted_cdf"), abs=1e-4)
    assert con["p90"] == pytest.approx(np.quantile(each, 0.9, method="inverted_cdf"), abs=1e-4)
    assert con["share_congested"] == round(sum(v > CONGESTED for v in each) / len(each), 4)
    assert sum(b["openings"] for b in con["histogram"]) == len(each)
    assert con["histogram"][0]["openings"] == sum(v == 0 for v in each)
    ratios = [p["per_opening"] for p in con["positions"]]
    assert ratios == sorted(ratios, reverse=True)
    assert all(p["students"] == got["shown_to"][p["position_id"]] >= MIN_GROUP
               for p in con["positions"])  # fmt: skip
    # Curriculum gaps.
    gaps = {g["major"]: g for g in snapshot["gaps"]}
    assert set(gaps) == set(got["majors"])
    for major, n in got["majors"].items():
        g = gaps[major]
        if n < MIN_GROUP:
            assert g["suppressed"] and g["students"] is None and not g["skills"]
            continue
        counts = {skill: len(who) for skill, who in got["missing"][major].items()}
        shown = {skill: c for skill, c in counts.items() if c >= MIN_GROUP}
        assert g["students"] == n
        assert {s["skill_id"]: s["students"] for s in g["skills"]} == shown
        assert g["suppressed_skills"] == len(counts) - len(shown)
        assert all(s["share"] == round(s["students"] / n, 4) for s in g["skills"])
        order = [(-s["students"], s["skill_id"]) for s in g["skills"]]
        assert order == sorted(order)


def test_small_groups_are_suppressed_and_no_personal_field_is_kept(
    engine: Engine, snapshot: dict[str, Any]
) -> None:
    majors = Counter(engine.students.major[int(s)] for s in np.flatnonzero(engine.live_students))
    assert any(n < MIN_GROUP for n in majors.values()), "the world has a small major"
    gaps = {g["major"]: g for g in snapshot["gaps"]}
    for major, n in majors.items():
        assert gaps[major]["suppressed"] is (n < MIN_GROUP)
    assert any(g["suppressed_skills"] for g in gaps.values()), "some skills missed by 1–4"
    for g in gaps.values():
        assert all(s["students"] >= MIN_GROUP for s in g["skills"])
    assert all(e["students"] >= MIN_GROUP for e in snapshot["exposure"]["enterprises"])
    text = json.dumps(snapshot, ensure_ascii=False)
    ids = set(engine.students.ids[int(s)] for s in np.flatnonzero(engine.live_students))
    assert not any(f'"{sid}"' in text for sid in ids), "no student id"
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(snapshot)
    assert not keys & (PERSONAL_FIELDS | {"student_id", "name_of_student"})


def test_a_seeded_sample_stratified_by_major(engine: Engine) -> None:
    live = np.flatnonzero(engine.live_students)
    assert np.array_equal(sample_students(engine, 5000), live)
    first, again = sample_students(engine, 40, seed=1), sample_students(engine, 40, seed=1)
    assert len(first) == 40 and np.array_equal(first, again)
    assert len(set(first.tolist())) == 40 and set(first.tolist()) <= set(live.tolist())
    assert not np.array_equal(first, sample_students(engine, 40, seed=2))
    majors = Counter(engine.students.major[int(s)] for s in live)
    drawn = Counter(engine.students.major[int(s)] for s in first)
    for major, n in majors.items():
        assert abs(drawn[major] - 40 * n / len(live)) < 1, major
    small = compute_health(engine, k=5, sample=40, seed=1)
    students = small["students"]
    assert students["sampled"] == 40 and students["population"] == len(live)
    assert students["scale"] == pytest.approx(len(live) / 40)
    listed = small["congestion"]["positions"]
    assert all(p["per_opening"] == pytest.approx(p["students"] * len(live) / 40 / p["openings"],
                                                 abs=1e-3) for p in listed)  # fmt: skip
    with pytest.raises(ValueError):
        sample_students(engine, 0)


def test_a_snapshot_per_version_and_the_change_since_the_previous(models: Path) -> None:
    engine = load_engine(models)
    assert read_health(engine) is None and previous_health(engine) is None
    with pytest.raises(HealthNotComputed, match="matcher health"):
        require_health(engine)
    first = compute_health(engine, k=10)
    path = save_health(engine, first)
    assert path.parent == engine.directory and path.name == "health-prior.json"
    assert read_health(engine) == first and previous_health(engine) is None
    assert [c["change"] for c in changes(first, None)] == [None] * len(FIGURES)
    # `matcher index` publishes a new version: no snapshot of its own yet; the last one of
    # the version before is its previous model's.
    old = engine.directory
    save_engine(engine, models)
    newer = load_engine(models)
    assert newer.directory != old and read_health(newer) is None
    assert previous_health(newer) == first
    second = compute_health(newer, k=3)
    save_health(newer, second)
    assert read_health(newer) == second and previous_health(newer) == first
    moved = False
    for c in changes(second, first):
        now, before = (x["coverage"] | x["exposure"] | x["congestion"] for x in (second, first))
        key = c["figure"].split(".")[1]
        assert (c["value"], c["previous"]) == (now[key], before[key])
        assert c["change"] == pytest.approx(now[key] - before[key], abs=1e-4)
        moved |= c["change"] != 0
    assert moved, "three positions a student instead of ten move the figures"
    # A damaged file counts as none, never as an error.
    path.write_text("{not json", encoding="utf-8")
    assert previous_health(newer) is None


def _evaluator(qrels: dict, run: dict) -> dict[str, float]:
    from matcher.ranking.measures import evaluate

    return evaluate(qrels, run, measures=("ndcg@10", "map")).means


@pytest.mark.slow
def test_a_ranker_trained_into_the_version_is_another_model(models: Path) -> None:
    from matcher.ranking.training import train_ranker

    engine = load_engine(models)
    prior = compute_health(engine, k=5)
    save_health(engine, prior)
    model, report = train_ranker(engine, _evaluator)  # as `matcher train` does
    publish_ranker(engine, model, report.as_dict())
    assert read_health(engine) is None
    learned = compute_health(engine, k=5)
    assert learned["model"]["ranker_file"] == engine.manifest["ranker_file"]
    assert learned["model"]["ranker"] == report.chosen and learned["scorer"] == ["learned"]
    save_health(engine, learned)
    assert read_health(engine) == learned and previous_health(engine) == prior
    assert sorted(p.name for p in engine.directory.glob("health-*.json")) == sorted(
        ["health-prior.json", f"health-{Path(engine.manifest['ranker_file']).stem}.json"]
    )


def test_tables_label_both_languages(engine: Engine, snapshot: dict[str, Any]) -> None:
    for lang, title in (("zh", "专业技能缺口"), ("en", "Skill gaps by major")):
        rows = major_gaps(snapshot, engine, lang=lang, top=3)
        assert all(len(r["skills"]) <= 3 for r in rows)
        sheet = gaps_sheet(rows, lang)
        assert sheet.title == title
        shown = [r for r in rows if not r["suppressed"] and r["skills"]]
        first = shown[0]["skills"][0]
        label = first["label_zh"] if lang == "zh" else first["label_en"]
        assert label == first["label"] and any(row[2] == label for row in sheet.rows)
        assert all(row[1] == "<5" for row in sheet.rows if row[2] is None and row[1] == "<5")
        summary = summary_sheet(snapshot, None, lang)
        assert len(summary.rows) == 4 + len(FIGURES)
    code = next(g["major"] for g in snapshot["gaps"] if not g["suppressed"])
    only = major_gaps(snapshot, engine, majors=[code])
    assert [r["major"] for r in only] == [code]


def test_the_command_and_the_report(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from matcher.analytics.report import write_report
    from matcher.cli import app
    from matcher.config import get_settings

    monkeypatch.setenv("MATCHER_MODELS_DIR", str(models))
    get_settings.cache_clear()
    engine = load_engine(models)
    plain = write_report(engine, tmp_path / "before")
    assert "matcher health" in plain.markdown.read_text(encoding="utf-8")
    assert not {"exposure.png", "congestion.png"} & {c.name for c in plain.charts}
    bad = CliRunner().invoke(app, ["health", "--k", "0"])
    assert bad.exit_code != 0
    done = CliRunner().invoke(app, ["health", "--k", "5", "--sample", "60", "--json"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["students"]["sampled"] == 60 and out["k"] == 5
    assert Path(out["path"]).is_file() and out["previous_model"] is None
    assert [f["figure"] for f in out["figures"]] == list(FIGURES)
    files = write_report(engine, tmp_path / "after", lang="en")
    text = files.markdown.read_text(encoding="utf-8")
    for title in ("Recommendation health", "Exposure by enterprise", "Skill gaps by major"):
        assert f"## {title}" in text
    assert "](charts/congestion.png)" in text and "](charts/exposure.png)" in text
    charts = {c.name: c for c in files.charts}
    for name in ("exposure.png", "congestion.png"):
        assert charts[name].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    book = load_workbook(io.BytesIO(files.workbook.read_bytes()))
    assert book.sheetnames[-4:] == [
        "Recommendation health", "Exposure by enterprise", "Congested positions",
        "Skill gaps by major",
    ]  # fmt: skip
    summary = list(book["Recommendation health"].iter_rows(values_only=True))
    assert summary[0] == ("Figure", "This model", "Previous model", "Change")
    assert summary[2][1] == f"60 / {out['students']['population']}"
