"""Tests of the simulated world (matcher.simulate) on tiny worlds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import spearmanr

from matcher.schemas import (
    PERSONAL_FIELDS,
    Actor,
    DismissReason,
    Enterprise,
    Event,
    Interaction,
    Position,
    Student,
)
from matcher.simulate import simulate
from matcher.simulate.behaviour import ACTORS, EVENTS, REASONS
from matcher.simulate.catalogue import build_catalogue
from matcher.simulate.config import default_config
from matcher.simulate.utility import HiddenUtility, pair_noise2
from matcher.simulate.world import build_world
from matcher.text.taxonomy import load_taxonomy

TINY = {"students": 60, "enterprises": 10, "positions": 30}
FILES = ("enterprises.jsonl", "positions.jsonl", "students.jsonl", "interactions.jsonl")
MODELS = {
    "enterprises": Enterprise,
    "positions": Position,
    "students": Student,
    "interactions": Interaction,
}


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def world_a(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("world_a")
    return out, simulate(out, **TINY, seed=11, progress=False)


@pytest.fixture(scope="module")
def records(world_a: tuple[Path, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out, _ = world_a
    return {name: _read(out / f"{name}.jsonl") for name in MODELS}


def test_every_record_validates(world_a: tuple[Path, dict[str, Any]]) -> None:
    out, summary = world_a
    for name, model in MODELS.items():
        with (out / f"{name}.jsonl").open(encoding="utf-8") as fh:
            lines = fh.readlines()
        assert lines, name
        for line in lines:
            model.model_validate_json(line)
        assert len(lines) == summary[name]


def test_references_resolve_and_ids_are_short(records: dict[str, list[dict[str, Any]]]) -> None:
    ent_ids = [r["id"] for r in records["enterprises"]]
    stu_ids = [r["id"] for r in records["students"]]
    pos_ids = [r["id"] for r in records["positions"]]
    int_ids = [r["id"] for r in records["interactions"]]
    for ids, prefix in ((ent_ids, "e"), (stu_ids, "s"), (pos_ids, "p"), (int_ids, "i")):
        assert len(ids) == len(set(ids))
        assert all(i[0] == prefix and i[1:].isdigit() for i in ids)
    assert ent_ids[0] == "e0001" and pos_ids[0] == "p00001" and stu_ids[0] == "s00001"
    assert int_ids[0] == "i0000001"
    assert {r["enterprise_id"] for r in records["positions"]} <= set(ent_ids)
    assert {r["student_id"] for r in records["interactions"]} <= set(stu_ids)
    assert {r["position_id"] for r in records["interactions"]} <= set(pos_ids)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    world_a: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out_a, _ = world_a
    simulate(tmp_path / "again", **TINY, seed=11, progress=False)
    simulate(tmp_path / "other", **TINY, seed=12, progress=False)
    compared = [
        *FILES,
        "ground_truth/student_to_position.qrels",
        "ground_truth/position_to_student.qrels",
        "ground_truth/world.json",
        "ground_truth/README.md",
    ]
    for name in compared:
        assert (out_a / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    for name in FILES:
        assert (out_a / name).read_bytes() != (tmp_path / "other" / name).read_bytes(), name


def test_qrels_format(
    world_a: tuple[Path, dict[str, Any]], records: dict[str, list[dict[str, Any]]]
) -> None:
    out, _ = world_a
    students = {r["id"] for r in records["students"]}
    positions = {r["id"] for r in records["positions"]}
    for name, (qset, dset) in {
        "student_to_position.qrels": (students, positions),
        "position_to_student.qrels": (positions, students),
    }.items():
        lines = (out / "ground_truth" / name).read_text(encoding="utf-8").splitlines()
        assert lines
        pairs = []
        for line in lines:
            qid, zero, docid, rel = line.split(" ")
            assert zero == "0" and qid in qset and docid in dset and rel in {"1", "2", "3"}
            pairs.append((qid, docid))
        assert pairs == sorted(pairs) and len(pairs) == len(set(pairs))
    meta = json.loads((out / "ground_truth" / "world.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 11 and meta["counts"]["students"] == TINY["students"]
    assert "README.md" in {p.name for p in (out / "ground_truth").iterdir()}


def test_past_seasons_have_outcomes_and_current_season_is_open(
    records: dict[str, list[dict[str, Any]]],
) -> None:
    cfg = default_config()
    season_of = {}
    for r in records["positions"]:
        start = dt.date.fromisoformat(r["application_start"])
        season_of[r["id"]] = next(s.key for s in cfg.seasons if s.start <= start <= s.end)
    exploring = {"impression", "view", "save", "dismiss", "apply"}
    outcomes: dict[str, set[str]] = {}
    for r in records["interactions"]:
        assert dt.datetime.fromisoformat(r["timestamp"]).date() < cfg.world_date
        if r["event"] not in exploring:
            outcomes.setdefault(season_of[r["position_id"]], set()).add(r["event"])
    past = [s.key for s in cfg.seasons if not s.current]
    current = next(s.key for s in cfg.seasons if s.current)
    assert len(past) >= 3
    # Every past season has answers; a tiny world's season may answer with rejections only.
    for key in past:
        assert outcomes.get(key, set()) & {"reject", "interview"}, key
    assert "interview" in set().union(*(outcomes.get(key, set()) for key in past))
    assert current not in outcomes
    for r in records["positions"]:
        if season_of[r["id"]] == current:
            assert r["status"] == "open"
            assert dt.date.fromisoformat(r["deadline"]) > cfg.world_date
        else:
            assert r["status"] in {"closed", "filled"}
    everything = {e for events in outcomes.values() for e in events}
    assert {"offer", "accept"} <= everything
    assert everything & {"hire", "internship_completed"}


def test_no_personal_data_in_position_texts(records: dict[str, list[dict[str, Any]]]) -> None:
    texts = []
    for r in records["positions"]:
        assert not set(r) & PERSONAL_FIELDS
        texts.append(
            " ".join(
                [
                    r["title"],
                    r.get("description", ""),
                    *r.get("required_skills", []),
                    *r.get("preferred_skills", []),
                ]
            )
        )
    corpus = "\n".join(texts)
    for s in records["students"]:
        for key in ("name", "phone", "student_number", "hometown"):
            assert s[key] not in corpus, key
    for word in ("男性", "女性", "female", "male ", "民族", "籍贯", "年龄"):
        assert word not in corpus


def test_every_student_has_gender_and_personal_fields(
    records: dict[str, list[dict[str, Any]]],
) -> None:
    for s in records["students"]:
        assert s["gender"] in {"female", "male"}
        assert s["name"] and s["student_number"] and s["phone"] and s["birth_year"]


def test_truth_is_only_partly_explained_by_written_skill_overlap(tmp_path: Path) -> None:
    """Rank correlation of written skill overlap with the hidden utility: positive, far from 1."""
    size = {"students": 150, "enterprises": 15, "positions": 60}
    out = tmp_path / "w"
    simulate(out, **size, seed=5, progress=False)
    tax = load_taxonomy()
    studs = _read(out / "students.jsonl")
    poss = _read(out / "positions.jsonl")
    s_sets = [set(tax.canonicalise(r.get("skills", []))) for r in studs]
    p_sets = [
        set(tax.canonicalise(r.get("required_skills", []) + r.get("preferred_skills", [])))
        for r in poss
    ]
    overlap = np.array([[len(a & b) / max(len(b), 1) for b in p_sets] for a in s_sets])
    world = build_world(default_config(), build_catalogue(tax), **size, seed=5)
    utility = HiddenUtility(world).utility(
        np.arange(size["students"])[:, None], np.arange(size["positions"])[None, :]
    )
    rho = spearmanr(overlap.ravel(), utility.ravel()).statistic
    assert 0.05 < rho < 0.9, rho
    # Relevance is not a function of overlap: some graded pairs have no written overlap at all,
    # and some high-overlap pairs are not graded.
    sid = {r["id"]: i for i, r in enumerate(studs)}
    pid = {r["id"]: j for j, r in enumerate(poss)}
    graded = np.zeros_like(overlap, dtype=bool)
    for line in (out / "ground_truth" / "student_to_position.qrels").read_text().splitlines():
        qid, _, docid, _ = line.split()
        graded[sid[qid], pid[docid]] = True
    assert graded.any() and (graded & (overlap == 0)).any()
    assert (~graded & (overlap >= np.quantile(overlap, 0.95))).any()


def test_codes_match_the_schema_enums() -> None:
    assert set(EVENTS) == {e.value for e in Event}
    assert set(ACTORS) == {a.value for a in Actor}
    assert set(REASONS) - {""} == {r.value for r in DismissReason}


def test_utility_is_the_same_in_blocks_and_pairs() -> None:
    world = build_world(
        default_config(),
        build_catalogue(load_taxonomy()),
        students=40,
        enterprises=5,
        positions=25,
        seed=3,
    )
    util = HiddenUtility(world)
    block = util.terms(np.arange(40)[:, None], np.arange(25)[None, :])
    si, pj = np.meshgrid(np.arange(40), np.arange(25), indexing="ij")
    flat = util.terms(si.ravel(), pj.ravel())
    for field in dataclasses.fields(block):
        np.testing.assert_array_equal(getattr(block, field.name).ravel(), getattr(flat, field.name))
    a1, b1 = pair_noise2(np.uint64(9), np.array([1, 2]), np.array([3, 4]))
    a2, _ = pair_noise2(np.uint64(9), np.array([1, 2]), np.array([3, 4]))
    np.testing.assert_array_equal(a1, a2)
    assert not np.array_equal(a1, b1)


def test_large_worlds_grade_a_student_subset(tmp_path: Path) -> None:
    cfg = dataclasses.replace(
        default_config(), max_truth_pairs=100, truth_subset_students=12, threshold_sample_pairs=200
    )
    out = tmp_path / "sub"
    simulate(out, **TINY, seed=4, progress=False, config=cfg)
    meta = json.loads((out / "ground_truth" / "world.json").read_text(encoding="utf-8"))
    subset = set(meta["truth"]["student_ids"])
    assert meta["truth"]["subset"] and len(subset) == 12
    lines = (out / "ground_truth" / "student_to_position.qrels").read_text().splitlines()
    assert lines and {line.split()[0] for line in lines} <= subset
    back = (out / "ground_truth" / "position_to_student.qrels").read_text().splitlines()
    assert {line.split()[2] for line in back} <= subset
    assert "subset" in (out / "ground_truth" / "README.md").read_text(encoding="utf-8")


def test_summary_counts_match_files(
    world_a: tuple[Path, dict[str, Any]], records: dict[str, list[dict[str, Any]]]
) -> None:
    _, summary = world_a
    assert summary["interactions"] == len(records["interactions"])
    assert sum(summary["events"].values()) == summary["interactions"]
    assert summary["seconds"]["total"] > 0
    assert len(summary["seasons"]) == len(default_config().seasons)


@pytest.mark.slow
def test_shape_of_a_realistic_world(tmp_path: Path) -> None:
    """Targets of DOMAIN.md on the 1500/120/700 world (5–10 s)."""
    from matcher.simulate.shape import shape_report

    out = tmp_path / "w"
    simulate(out, students=1500, enterprises=120, positions=700, seed=7, progress=False)
    report = shape_report(out)
    prof, beh = report["profiles"], report["behaviour"]
    assert 0.6 <= prof["listed_recall_mean"] <= 0.8
    assert 0.1 <= prof["overclaim_rate"] <= 0.2
    assert 0.04 <= prof["cold_start_fraction"] <= 0.12
    assert prof["profile_language"]["zh"] > prof["profile_language"]["en"]
    # A regional platform's season: a few applications each (issue #20's job-board bands).
    apps = beh["applications_per_student_season"]
    assert 1 <= apps["median"] <= 6 and apps["max"] <= 12
    assert (
        beh["applicants_per_opening_top10pct_enterprises"]
        > 5 * beh["applicants_per_opening_bottom50pct_enterprises"]
    )
    assert beh["interview_rate"] < 0.5 and beh["offer_rate_of_interviews"] < 0.5
    assert report["truth"]["rel3_median"] >= 2


def test_one_language_share_writes_records_in_one_language(tmp_path: Path) -> None:
    """``one_language_p=1`` writes every profile and position in Chinese only or English
    only (measured on the written text), in the default mix's proportions."""
    from matcher.simulate.config import language_mix
    from matcher.simulate.shape import shape_report

    cfg = dataclasses.replace(default_config(), one_language_p=1.0)
    np.testing.assert_allclose(language_mix(cfg, (0.5, 0.25, 0.25)), [2 / 3, 1 / 3, 0.0])
    np.testing.assert_allclose(language_mix(default_config(), (2, 1, 1)), [0.5, 0.25, 0.25])
    with pytest.raises(ValueError, match="one_language_p"):
        language_mix(dataclasses.replace(cfg, one_language_p=1.5), (1, 1, 1))
    shares = {}
    for name, config in (("one", cfg), ("default", default_config())):
        out = tmp_path / name
        simulate(out, students=150, enterprises=10, positions=60, seed=3, progress=False,
                 config=config)  # fmt: skip
        report = shape_report(out)["profiles"]
        shares[name] = {
            k: report[f"{k}_language"].get("mixed", 0.0) for k in ("profile", "position")
        }
    # Measured: one-language 0.007 / 0.0 of profiles / positions read as mixed, default 0.26 / 0.1.
    assert shares["one"]["profile"] < 0.03 and shares["one"]["position"] < 0.03
    assert shares["default"]["profile"] > 0.15 and shares["default"]["position"] > 0.05
