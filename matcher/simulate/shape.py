"""Shape check of a simulated world: does it look like the targets of DOMAIN.md?

:func:`shape_report` rebuilds the world from ``ground_truth/world.json`` (seed, counts and
parameters; the same taxonomy is needed) to compare written profiles with latent ones, and reads
the written files for behaviour statistics. For researchers and the simulator's own checks; the
matcher never calls it.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from matcher.simulate.catalogue import build_catalogue
from matcher.simulate.config import config_from_dict
from matcher.simulate.world import World, build_world
from matcher.text.normal import count_han
from matcher.text.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z]{2,}")


def text_language(text: str) -> str:
    """'zh', 'en' or 'mixed' by the share of Chinese characters against English words."""
    cjk = count_han(text)
    words = len(_WORD.findall(text))
    zh_units = cjk / 1.6  # about 1.6 characters per Chinese word
    total = zh_units + words
    if total == 0:
        return "empty"
    share = zh_units / total
    if share >= 0.7:
        return "zh"
    if share <= 0.3:
        return "en"
    return "mixed"


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def rebuild(out_dir: Path, taxonomy: Taxonomy | None = None) -> tuple[World, dict[str, Any]]:
    """The world written to ``out_dir``, drawn again from its ``ground_truth/world.json`` (seed,
    counts, parameters), with that file's content."""
    path = Path(out_dir) / "ground_truth" / "world.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    cfg = config_from_dict(meta["config"], source=str(path))
    c = meta["counts"]
    world = build_world(
        cfg,
        build_catalogue(taxonomy or load_taxonomy()),
        students=c["students"],
        enterprises=c["enterprises"],
        positions=c["positions"],
        seed=meta["seed"],
    )
    return world, meta


def shape_report(out_dir: Path, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Statistics of a written world against the targets (see the module docstring)."""
    world, meta = rebuild(out_dir, taxonomy)
    report: dict[str, Any] = {"counts": meta["counts"], "events": meta["events"]}
    report["profiles"] = _profile_stats(world, out_dir)
    report["behaviour"] = _behaviour_stats(world, out_dir)
    report["truth"] = meta["truth"]["per_student"]
    return report


def _profile_stats(world: World, out_dir: Path) -> dict[str, Any]:
    stu = world.stu
    true = stu.prof > 0
    listed = stu.listed
    n_true = true.sum(axis=1)
    hit = (listed & true).sum(axis=1)
    n_listed = listed.sum(axis=1)
    warm = ~stu.cold
    recall = hit[warm] / np.maximum(n_true[warm], 1)
    over = (n_listed - hit)[warm].sum() / max(int(n_listed[warm].sum()), 1)
    langs: Counter[str] = Counter()
    for rec in _read(out_dir / "students.jsonl"):
        parts = [rec.get("self_description", ""), " ".join(rec.get("skills", []))]
        parts += [
            p.get("description", "") + " " + p.get("title", "") for p in rec.get("projects", [])
        ]
        parts += [c_["name"] for c_ in rec.get("courses", [])]
        langs[text_language(" ".join(parts))] += 1
    pos_langs: Counter[str] = Counter(
        text_language(r["title"] + " " + r.get("description", ""))
        for r in _read(out_dir / "positions.jsonl")
    )
    n = stu.n
    return {
        "true_skills_mean": float(n_true.mean()),
        "listed_skills_mean": float(n_listed.mean()),
        "listed_recall_mean": float(recall.mean()),
        "overclaim_rate": float(over),
        "cold_start_fraction": float(stu.cold.mean()),
        "profile_language": {k: round(v / n, 3) for k, v in sorted(langs.items())},
        "position_language": {k: round(v / world.pos.n, 3) for k, v in sorted(pos_langs.items())},
    }


def _behaviour_stats(world: World, out_dir: Path) -> dict[str, Any]:
    pos, ents = world.pos, world.ents
    p_index = {f"p{i + 1:0{max(5, len(str(pos.n)))}d}": i for i in range(pos.n)}
    s_w = max(5, len(str(world.stu.n)))
    current = np.array([s.current for s in world.cfg.seasons])
    apps: Counter[tuple[int, int]] = Counter()
    applicants = np.zeros(pos.n, dtype=np.int64)
    impressions = np.zeros(pos.n, dtype=np.int64)
    per_event: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    with (out_dir / "interactions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            ev = rec["event"]
            per_event[ev] += 1
            p = p_index[rec["position_id"]]
            if ev == "apply":
                s = int(rec["student_id"][1:]) - 1
                apps[(s, int(pos.season[p]))] += 1
                applicants[p] += 1
            elif ev == "impression":
                impressions[p] += 1
            elif ev == "dismiss":
                reasons[rec.get("reason", "")] += 1
    del s_w
    per_season = np.array(list(apps.values())) if apps else np.zeros(1)
    past = ~current[pos.season]
    # Enterprises by hidden popularity: applicants per opening in past seasons.
    ent_apps = np.bincount(pos.ent[past], weights=applicants[past], minlength=ents.n)
    ent_open = np.bincount(pos.ent[past], weights=pos.openings[past], minlength=ents.n)
    ent_imp = np.bincount(pos.ent, weights=impressions, minlength=ents.n)
    order = np.argsort(-ents.popularity, kind="stable")
    top = order[: max(1, ents.n // 10)]
    bottom = order[ents.n // 2 :]

    def ratio(idx: np.ndarray) -> float:
        return float(ent_apps[idx].sum() / max(ent_open[idx].sum(), 1))

    interviews, offers = per_event["interview"], per_event["offer"]
    past_apps = int(applicants[past].sum())
    return {
        "applications_per_student_season": {
            "median": float(np.median(per_season)),
            "p10": float(np.percentile(per_season, 10)),
            "p90": float(np.percentile(per_season, 90)),
            "max": int(per_season.max()),
        },
        "impressions_per_student_season": float(per_event["impression"] / max(len(apps), 1)),
        "applicants_per_opening_top10pct_enterprises": ratio(top),
        "applicants_per_opening_bottom50pct_enterprises": ratio(bottom),
        "impression_share_bottom50pct_enterprises": float(
            ent_imp[bottom].sum() / max(ent_imp.sum(), 1)
        ),
        "positions_without_applicants": float((applicants == 0).mean()),
        "past_positions_without_applicants": float((applicants[past] == 0).mean()),
        "interview_rate": float(interviews / max(past_apps, 1)),
        "offer_rate_of_interviews": float(offers / max(interviews, 1)),
        "accept_rate_of_offers": float(per_event["accept"] / max(offers, 1)),
        "dismiss_reasons": dict(sorted(reasons.items())),
    }
