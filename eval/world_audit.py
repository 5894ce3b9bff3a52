"""How much of a simulated world's truth its written records give away (``matcher eval-world``).

A world measures matching only if its truth cannot be decoded from what it writes. This rebuilds
the world's hidden traits from its ``ground_truth/world.json`` (the generator is deterministic)
and measures, on the written records and events:

- **truth**: within a student's list of positions, how the utility correlates with each side's
  value, and the share of its variance the written-proxied traits cannot explain;
- **proxies**: whether a level word marks a hidden level, whether skill lists are ordered by
  level, how many written skills the taxonomy resolves, how well accepted majors, titles, GPA,
  course grades and stated pay predict what they stand for;
- **funnel**: rates of each stage, and how strongly the hidden grade drives outcomes;
- **language**: the share of records with no Chinese;
- **texts**: how much of the free texts lies in long character runs many texts share.

Every figure is computed from files and the generator's code, never from a system under test.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from eval.texts_audit import distinct_openings, shared_ngram_share
from matcher.simulate.shape import rebuild
from matcher.simulate.utility import HiddenUtility
from matcher.simulate.world import World
from matcher.text.normal import has_han
from matcher.text.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

#: Level words that claim the top level of a skill.
TOP_CLAIM = re.compile(r"^精通(?P<zh>.+)$|^(?P<en>.+) \(advanced\)$")
_LEVEL_WORDS = re.compile(r"^(精通|熟练使用|熟悉|了解|basic )|( \((advanced|proficient)\))$")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file, plain or gzipped."""
    if not path.exists() and path.with_suffix(path.suffix + ".gz").exists():
        path = path.with_suffix(path.suffix + ".gz")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _index(record_id: str) -> int:
    return int(record_id[1:]) - 1


def _demeaned(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x - x.mean(axis=1, keepdims=True)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])


def _r2(x: np.ndarray, y: np.ndarray) -> float:
    """R² of a least-squares fit of ``y`` on the columns of ``x`` (with an intercept)."""
    x = np.column_stack([np.ones(len(y)), np.asarray(x, dtype=np.float64).reshape(len(y), -1)])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    return float(1.0 - resid.var() / y.var())


def _auc(score: np.ndarray, label: np.ndarray) -> float:
    """Area under the ROC curve (ties count half)."""
    from scipy.stats import rankdata

    label = np.asarray(label, dtype=bool)
    n_pos, n_neg = int(label.sum()), int((~label).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[label].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def truth_figures(world: World, util: HiddenUtility, students: int = 300) -> dict[str, float]:
    """Within-query structure of the utility over every position, for a sample of students."""
    rng = np.random.default_rng(0)
    si = np.sort(rng.choice(world.stu.n, min(students, world.stu.n), replace=False))[:, None]
    pj = np.arange(world.pos.n)[None, :]
    terms = util.terms(si, pj)
    c = world.cfg.utility
    proxied = dataclasses.replace(
        c, interview=0.0, team_fit=0.0, culture=0.0, timing=0.0, employer_noise=0.0,
        student_noise=0.0,
    )  # fmt: skip
    shadow = dataclasses.replace(world, cfg=dataclasses.replace(world.cfg, utility=proxied))
    u0 = HiddenUtility(shadow).utility(si, pj)
    u = _demeaned(terms.utility)
    r = _corr(_demeaned(u0), u)
    return {
        "corr_utility_employer_side": round(_corr(_demeaned(terms.v_enterprise), u), 3),
        "corr_utility_student_side": round(_corr(_demeaned(terms.v_student), u), 3),
        "hidden_share_of_variance": round(1.0 - r * r, 3),
    }


def claim_figures(world: World, taxonomy: Taxonomy, students: list[dict]) -> dict[str, float]:
    """Do level words and list order give away hidden levels; does the taxonomy resolve skills."""
    cat = world.cat
    top_total = top_high = 0
    spearman: list[float] = []
    strings = resolved = 0
    for rec in students:
        i = _index(rec["id"])
        levels = []
        for text in rec.get("skills", []):
            strings += 1
            bare = _LEVEL_WORDS.sub("", text).strip()
            ids = taxonomy.extract_ids(bare)
            if not ids:
                continue
            resolved += 1
            k = cat.skill_index.get(ids[0])
            if k is None:
                continue
            level = float(world.stu.prof[i, k])
            levels.append(level)
            if TOP_CLAIM.match(text):
                top_total += 1
                top_high += level >= 0.8
        if len(levels) >= 3 and np.ptp(levels) > 0:
            from scipy.stats import spearmanr

            spearman.append(float(spearmanr(-np.arange(len(levels)), levels)[0]))
    return {
        "top_claims": top_total,
        "top_claim_marks_level_0_8": round(top_high / max(top_total, 1), 3),
        "skill_order_spearman_with_level": round(float(np.mean(spearman)), 3) if spearman else 0.0,
        "student_skill_strings": strings,
        "student_skills_resolved_by_taxonomy": round(resolved / max(strings, 1), 3),
    }


def position_figures(
    world: World, util: HiddenUtility, taxonomy: Taxonomy, positions: list[dict]
) -> dict[str, float]:
    """Accepted majors against hidden major fit, titles against roles, stated pay, skills."""
    pos = world.pos
    scores, labels = [], []
    for j, accepted in enumerate(pos.accepted_majors):
        if accepted:
            scores.append(util.mf[:, j])
            mask = np.zeros(world.cat.n_majors, dtype=bool)
            mask[accepted] = True
            labels.append(mask)
    roles_of: dict[str, set[int]] = defaultdict(set)
    titles_used: dict[str, int] = defaultdict(int)
    strings = resolved = 0
    stated, hidden = [], []
    for rec in positions:
        j = _index(rec["id"])
        roles_of[rec["title"]].add(int(pos.role[j]))
        titles_used[rec["title"]] += 1
        for text in rec.get("required_skills", []) + rec.get("preferred_skills", []):
            strings += 1
            resolved += bool(taxonomy.extract_ids(text))
        if "salary_min" in rec and pos.ptype[j] == 0:
            stated.append(np.log((rec["salary_min"] + rec["salary_max"]) / 2))
            hidden.append(np.log(pos.pay_value[j]))
    reused = [r for t, r in roles_of.items() if titles_used[t] >= 2]
    single = sum(len(r) == 1 for r in reused)
    return {
        "accepted_majors_auc_for_major_fit": round(
            _auc(np.concatenate(scores), np.concatenate(labels)), 3
        ),
        "titles": len(roles_of),
        "titles_used_twice_or_more": len(reused),
        "of_which_one_role": round(single / max(len(reused), 1), 3),
        "roles": len(set(pos.role.tolist())),
        "position_skill_strings": strings,
        "position_skills_resolved_by_taxonomy": round(resolved / max(strings, 1), 3),
        "r2_stated_salary_for_pay_value": round(_r2(np.array(stated), np.array(hidden)), 3)
        if len(stated) > 2
        else 0.0,
    }


def talent_figures(world: World, students: list[dict]) -> dict[str, float]:
    """How much of hidden talent GPA and course grades explain (R², linear)."""
    rows, gpa, course = [], [], []
    for rec in students:
        grades = [c["grade"] for c in rec.get("courses", []) if "grade" in c]
        if "gpa" in rec and grades:
            rows.append(_index(rec["id"]))
            gpa.append(rec["gpa"])
            course.append(float(np.mean(grades)))
    talent = world.stu.talent[rows]
    g, c = np.array(gpa), np.array(course)
    return {
        "r2_gpa_for_talent": round(_r2(g, talent), 3),
        "r2_course_grades_for_talent": round(_r2(c, talent), 3),
        "r2_gpa_and_courses_for_talent": round(_r2(np.column_stack([g, c]), talent), 3),
    }


def read_qrels(path: Path) -> dict[tuple[int, int], int]:
    """Graded pairs of a qrels file as (student index, position index) → grade."""
    out: dict[tuple[int, int], int] = {}
    if not path.exists():
        path = path.with_suffix(path.suffix + ".gz")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            q, _, d, g = line.split()
            out[(_index(q), _index(d))] = int(g)
    return out


def funnel_figures(world_dir: Path, world: World, util: HiddenUtility) -> dict[str, float]:
    """Stage rates, and how the hidden grade and utility drive outcomes after an application."""
    counts: dict[str, int] = defaultdict(int)
    applied: set[tuple[int, int]] = set()
    reached: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for ev in read_jsonl(Path(world_dir) / "interactions.jsonl"):
        counts[ev["event"]] += 1
        key = (_index(ev["student_id"]), _index(ev["position_id"]))
        if ev["event"] == "apply":
            applied.add(key)
        elif ev["event"] in ("interview", "offer"):
            reached[ev["event"]].add(key)
    grades = read_qrels(Path(world_dir) / "ground_truth" / "student_to_position.qrels")
    pairs = sorted(applied)
    s = np.array([p[0] for p in pairs])
    p = np.array([p[1] for p in pairs])
    utility = util.utility(s, p)
    interviewed = np.array([k in reached["interview"] for k in pairs])
    offered = np.array([k in reached["offer"] for k in pairs])
    grade = np.array([grades.get(k, 0) for k in pairs])
    # Only applications enterprises answered (past seasons) count for outcomes.
    past = np.array([not world.cfg.seasons[int(world.pos.season[j])].current for j in p])
    offer_rate = {
        g: float(offered[past & (grade == g)].mean()) if (past & (grade == g)).any() else 0.0
        for g in range(4)
    }

    def rate(a: str, b: str) -> float:
        return round(counts[a] / max(counts[b], 1), 3)

    return {
        "impressions": counts["impression"],
        "view_per_impression": rate("view", "impression"),
        "apply_per_view": rate("apply", "view"),
        "interview_per_apply": rate("interview", "apply"),
        "offer_per_interview": rate("offer", "interview"),
        "accept_per_offer": rate("accept", "offer"),
        "offer_rate_by_grade": {str(g): round(v, 4) for g, v in offer_rate.items()},
        "offer_lift_grade3_over_grade0": round(offer_rate[3] / max(offer_rate[0], 1e-9), 2),
        "auc_utility_for_interview_given_apply": round(_auc(utility[past], interviewed[past]), 3),
    }


def _has_chinese(rec: dict, fields: tuple[str, ...]) -> bool:
    return any(has_han(json.dumps(rec.get(f, ""), ensure_ascii=False)) for f in fields)


def language_figures(students: list[dict], positions: list[dict]) -> dict[str, float]:
    """Share of profiles and postings with no Chinese in what their owners wrote."""
    s_fields = ("skills", "self_description", "projects", "major")
    p_fields = ("title", "description", "required_skills")
    return {
        "students_without_chinese": round(
            float(np.mean([not _has_chinese(r, s_fields) for r in students])), 3
        ),
        "positions_without_chinese": round(
            float(np.mean([not _has_chinese(r, p_fields) for r in positions])), 3
        ),
    }


def text_figures(students: list[dict], positions: list[dict]) -> dict[str, float]:
    """How templated the free texts are (:mod:`eval.texts_audit`)."""
    descriptions = [r.get("description", "") for r in positions if r.get("description")]
    selves = [r["self_description"] for r in students if r.get("self_description")]
    return {
        "descriptions_shared_10gram_share": round(shared_ngram_share(descriptions), 3),
        "self_descriptions_shared_10gram_share": round(shared_ngram_share(selves), 3),
        "self_descriptions": len(selves),
        "self_description_openings": distinct_openings(selves),
    }


def audit_world(world_dir: Path) -> dict[str, Any]:
    """Every figure of the audit for the world in ``world_dir``."""
    world_dir = Path(world_dir)
    world, meta = rebuild(world_dir)
    util = HiddenUtility(world)
    taxonomy = world.cat.taxonomy
    students = list(read_jsonl(world_dir / "students.jsonl"))
    positions = list(read_jsonl(world_dir / "positions.jsonl"))
    return {
        "world": str(world_dir),
        "seed": meta["seed"],
        "counts": meta["counts"],
        "truth": truth_figures(world, util),
        "claims": claim_figures(world, taxonomy, students),
        "positions": position_figures(world, util, taxonomy, positions),
        "talent": talent_figures(world, students),
        "funnel": funnel_figures(world_dir, world, util),
        "language": language_figures(students, positions),
        "texts": text_figures(students, positions),
    }
