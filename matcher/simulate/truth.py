"""Ground truth: graded relevance of (student, position) pairs from the hidden utility.

Grades come from the hidden utility :math:`U(s, p)` after removing part of the query's own level:
for a student query the graded score is ``U − c·L_s`` where ``L_s`` is the student's 95th
percentile of utility over all positions; for a position query it is ``U − c·L_p`` with ``L_p``
the position's 95th percentile over students (``c`` = :attr:`SimConfig.grade_centering`, 0.5).
Global quantiles of the graded score give the grades: the top 0.7 % of pairs are graded 3, the
next 2 % graded 2, the next 4.5 % graded 1 (:attr:`SimConfig.grade_fractions`), the rest 0 (not
written). Half-centering keeps the truth absolute enough that strong students have more good
options than weak ones, while every query has something to find. The two files therefore grade
the same pair from each side and may differ.

Grades ignore the season (a pair's value does not depend on when the position was posted);
evaluation that wants only open positions filters them itself.

Files (TREC qrels, ``qid 0 docid rel``, only rel ≥ 1): ``student_to_position.qrels`` (sorted by
student, then position) and ``position_to_student.qrels`` (sorted by position, then student).
When students × positions exceeds :attr:`SimConfig.max_truth_pairs`, only a deterministic subset of
students is graded (against every position); ``world.json`` lists them, and position levels and
thresholds are estimated on a further sample of them.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.ranking.trec import read_qrels
from matcher.simulate.config import make_rng
from matcher.simulate.utility import HiddenUtility
from matcher.simulate.world import World

logger = logging.getLogger(__name__)


def truth_students(world: World) -> tuple[np.ndarray, bool]:
    """Students the ground truth grades (all, or a sorted random subset) and whether a subset."""
    cfg = world.cfg
    n_s, n_p = world.stu.n, world.pos.n
    if n_s * n_p <= cfg.max_truth_pairs or n_s <= cfg.truth_subset_students:
        return np.arange(n_s), False
    rng = make_rng(world.seed, "truth-subset")
    subset = np.sort(rng.choice(n_s, size=cfg.truth_subset_students, replace=False))
    return subset, True


@dataclass
class Grader:
    """Turns utilities into grades for both directions (see the module docstring)."""

    centering: float
    quantile: float
    level_p: np.ndarray  # (n_positions,) level of each position over students
    thr_s: np.ndarray  # thresholds of grades 1, 2, 3 for student queries
    thr_p: np.ndarray  # thresholds for position queries
    level_students: int

    def student_levels(self, u: np.ndarray) -> np.ndarray:
        """Level of each student (row) of a utility block over all positions."""
        return np.quantile(u, self.quantile, axis=1).astype(np.float32)

    def grades(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Grades of a (students × all positions) block for student and position queries."""
        g_s = u - np.float32(self.centering) * self.student_levels(u)[:, None]
        g_p = u - np.float32(self.centering) * self.level_p[None, :]
        return _grade(g_s, self.thr_s), _grade(g_p, self.thr_p)


def _grade(score: np.ndarray, thr: np.ndarray) -> np.ndarray:
    return ((score >= thr[0]).astype(np.int8) + (score >= thr[1]) + (score >= thr[2])).astype(
        np.int8
    )


def _block(pairs: int, n_p: int) -> int:
    return max(1, pairs // max(n_p, 1))


def _utility_rows(util: HiddenUtility, students: np.ndarray, n_p: int, block: int) -> np.ndarray:
    cols = np.arange(n_p)[None, :]
    return np.concatenate(
        [util.utility(students[a : a + block, None], cols) for a in range(0, students.size, block)]
    )


def make_grader(world: World, util: HiddenUtility, students: np.ndarray) -> Grader:
    """Estimate position levels and grade thresholds (exactly when the world is small)."""
    cfg = world.cfg
    n_p = world.pos.n
    if students.size * n_p <= cfg.threshold_sample_pairs:
        sample = students
    else:
        rng = make_rng(world.seed, "truth-levels")
        k = min(students.size, max(cfg.truth_level_students, cfg.threshold_sample_pairs // n_p))
        sample = np.sort(rng.choice(students, size=k, replace=False))
    u = _utility_rows(util, sample, n_p, _block(cfg.truth_chunk_pairs, n_p))
    q, lam = cfg.grade_level_quantile, np.float32(cfg.grade_centering)
    level_s = np.quantile(u, q, axis=1).astype(np.float32)
    level_p = np.quantile(u, q, axis=0).astype(np.float32)
    f3, f2, f1 = cfg.grade_fractions
    probs = [1 - f1, 1 - f2, 1 - f3]
    score_s = u - lam * level_s[:, None]
    score_p = u - lam * level_p[None, :]
    if u.size > cfg.threshold_sample_pairs:  # thresholds from a random sample of the scores
        pick = make_rng(world.seed, "truth-thresholds").choice(
            u.size, size=cfg.threshold_sample_pairs, replace=False
        )
        pick.sort()
        score_s, score_p = score_s.ravel()[pick], score_p.ravel()[pick]
    thr_s = np.quantile(score_s.astype(np.float64), probs)
    thr_p = np.quantile(score_p.astype(np.float64), probs)
    if not (np.isfinite(thr_s).all() and np.isfinite(thr_p).all()):
        raise RuntimeError("hidden utility produced non-finite values; cannot grade pairs")
    return Grader(
        cfg.grade_centering,
        q,
        level_p,
        thr_s.astype(np.float32),
        thr_p.astype(np.float32),
        int(sample.size),
    )


@dataclass
class IdFormat:
    """Fixed-width ids (prefix + zero-padded 1-based number), e.g. ``s00001``."""

    prefix: str
    width: int

    def digits(self, index: np.ndarray) -> np.ndarray:
        """(n, 1 + width) bytes of the ids of 0-based indices."""
        num = np.asarray(index, dtype=np.int64) + 1
        out = np.empty((num.size, 1 + self.width), dtype=np.uint8)
        out[:, 0] = ord(self.prefix)
        for k in range(self.width):
            out[:, 1 + k] = 48 + (num // 10 ** (self.width - 1 - k)) % 10
        return out


def qrels_bytes(q: IdFormat, qi: np.ndarray, d: IdFormat, di: np.ndarray, rel: np.ndarray) -> bytes:
    """TREC qrels lines ``qid 0 docid rel`` for index arrays, built as one byte matrix."""
    n = int(np.asarray(qi).size)
    parts = [
        q.digits(qi),
        np.broadcast_to(np.frombuffer(b" 0 ", dtype=np.uint8), (n, 3)),
        d.digits(di),
        np.full((n, 1), ord(" "), dtype=np.uint8),
        (48 + np.asarray(rel, dtype=np.uint8)).reshape(n, 1),
        np.full((n, 1), ord("\n"), dtype=np.uint8),
    ]
    return np.concatenate(parts, axis=1).tobytes()


def _grade_block(
    util: HiddenUtility, grader: Grader, sb: np.ndarray, n_p: int
) -> tuple[np.ndarray, np.ndarray]:
    return grader.grades(util.utility(sb[:, None], np.arange(n_p)[None, :]))


def write_ground_truth(
    out_dir: Path,
    world: World,
    util: HiddenUtility,
    *,
    student_ids: IdFormat,
    position_ids: IdFormat,
    progress: Callable[[int], None] | None = None,
    threads: int = 2,
) -> dict[str, Any]:
    """Write both qrels files and return a summary (thresholds, counts, subset).

    Utility blocks are computed on ``threads`` threads (numpy releases the GIL); files are
    written in order, so the output does not depend on the thread count.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    students, subset = truth_students(world)
    grader = make_grader(world, util, students)
    n_p = world.pos.n
    block = _block(world.cfg.truth_chunk_pairs, n_p)
    starts = list(range(0, students.size, block))
    rev_p: list[np.ndarray] = []
    rev_s: list[np.ndarray] = []
    rev_g: list[np.ndarray] = []
    counts_s = np.zeros(4, dtype=np.int64)
    counts_p = np.zeros(4, dtype=np.int64)
    per_student = np.zeros((students.size, 3), dtype=np.int64)
    per_position = np.zeros(n_p, dtype=np.int64)
    with (
        (out_dir / "student_to_position.qrels").open("wb") as fh,
        ThreadPoolExecutor(max_workers=max(1, threads)) as pool,
    ):
        pending: deque[tuple[int, Future[tuple[np.ndarray, np.ndarray]]]] = deque()
        next_block = 0
        while pending or next_block < len(starts):
            while next_block < len(starts) and len(pending) < max(1, threads):
                a = starts[next_block]
                sb = students[a : a + block]
                pending.append((a, pool.submit(_grade_block, util, grader, sb, n_p)))
                next_block += 1
            a, future = pending.popleft()
            sb = students[a : a + block]
            grade_s, grade_p = future.result()
            rows, cs = np.nonzero(grade_s)
            fh.write(qrels_bytes(student_ids, sb[rows], position_ids, cs, grade_s[rows, cs]))
            counts_s += np.bincount(grade_s.ravel(), minlength=4)
            counts_p += np.bincount(grade_p.ravel(), minlength=4)
            for k in range(3):
                per_student[a : a + sb.size, k] = (grade_s == k + 1).sum(axis=1)
            per_position += (grade_p > 0).sum(axis=0)
            rows_p, cols_p = np.nonzero(grade_p)
            rev_p.append(cols_p.astype(np.int32))
            rev_s.append(sb[rows_p].astype(np.int32))
            rev_g.append(grade_p[rows_p, cols_p])
            if progress:
                progress(int(sb.size))
    rp = np.concatenate(rev_p) if rev_p else np.zeros(0, np.int32)
    rs = np.concatenate(rev_s) if rev_s else np.zeros(0, np.int32)
    rg = np.concatenate(rev_g) if rev_g else np.zeros(0, np.int8)
    order = np.lexsort((rs, rp))
    with (out_dir / "position_to_student.qrels").open("wb") as fh:
        step = 2_000_000
        for a in range(0, order.size, step):
            o = order[a : a + step]
            fh.write(qrels_bytes(position_ids, rp[o], student_ids, rs[o], rg[o]))
    rel_any = per_student.sum(axis=1)
    summary: dict[str, Any] = {
        "centering": grader.centering,
        "level_quantile": grader.quantile,
        "level_students": grader.level_students,
        "thresholds_student_queries": [round(float(x), 6) for x in grader.thr_s],
        "thresholds_position_queries": [round(float(x), 6) for x in grader.thr_p],
        "graded_students": int(students.size),
        "subset": subset,
        "pairs": int(students.size * n_p),
        "grade_counts_student_queries": {str(k): int(counts_s[k]) for k in range(4)},
        "grade_counts_position_queries": {str(k): int(counts_p[k]) for k in range(4)},
        "per_student": {
            "rel3_median": float(np.median(per_student[:, 2])),
            "rel_ge1_median": float(np.median(rel_any)),
            "rel_ge1_p10": float(np.percentile(rel_any, 10)),
            "rel_ge1_p90": float(np.percentile(rel_any, 90)),
            "no_relevant": int((rel_any == 0).sum()),
        },
        "per_position": {
            "rel_ge1_median": float(np.median(per_position)),
            "rel_ge1_p10": float(np.percentile(per_position, 10)),
            "rel_ge1_p90": float(np.percentile(per_position, 90)),
            "no_relevant": int((per_position == 0).sum()),
        },
    }
    if subset:
        summary["student_ids"] = qrels_ids(student_ids, students)
    return summary


def qrels_ids(fmt: IdFormat, index: np.ndarray) -> list[str]:
    """Ids as strings (for world.json)."""
    return [row.tobytes().decode("ascii") for row in fmt.digits(index)]


README = """# Ground truth of a simulated world

Written by `matcher simulate` (`matcher.simulate`). **For evaluation only: the matcher never
reads this folder.** Everything here comes from the world's hidden state, which the JSONL records
do not contain.

## Files

- `student_to_position.qrels` — TREC qrels, one line per graded pair:
  `student_id 0 position_id rel`, sorted by student then position (grades from the student's
  side, see below).
- `position_to_student.qrels` — TREC qrels `position_id 0 student_id rel`, sorted by position then
  student (grades from the position's side).
- `world.json` — generation parameters, counts, grade thresholds and summary statistics.

Only pairs with `rel >= 1` are written; every pair not listed has relevance 0.

## Where relevance comes from

Each pair has a hidden utility U: the student's *latent* proficiency against the position's *true*
needs (a weakest-link of soft thresholds, depth, preferred skills and complementarity), major fit
(with a hidden per-major-and-role bias), degree, the student's hidden preferences (city, sector,
position type, salary, enterprise size and 专精特新 tier) against an outside option, enterprise
attractiveness and selectivity, and idiosyncratic noise per pair. It is never computed from
written text.

## Grades

The graded score is U minus {c:g} × the query's level, where the level is the query's
{q:.0%} quantile of U (a student over all positions; a position over {level_students:,} students).
Grades are global quantiles of that score:

| rel | share of pairs | student queries: score ≥ | position queries: score ≥ |
|---|---|---|---|
| 3 | top {f3:.1%} | {s3:.4f} | {p3:.4f} |
| 2 | next {f2:.1%} | {s2:.4f} | {p2:.4f} |
| 1 | next {f1:.1%} | {s1:.4f} | {p1:.4f} |

Per student (median): {rel3_median:g} positions graded 3 and {rel_ge1_median:g} graded ≥ 1
(10th–90th percentile {p10:g}–{p90:g}); {none} students have none. Per position (median):
{pos_median:g} students graded ≥ 1; {pos_none} positions have none.

Because each side removes its own level, the two files grade the same pair from each side and can
differ. Grades ignore the recruiting season; to evaluate among open positions only, filter the
qrels by `status`/`deadline` in `positions.jsonl`.

## Scope

{subset_text}
"""


def write_readme(
    out_dir: Path,
    summary: dict[str, Any],
    fractions: tuple[float, float, float],
    n_students: int,
    n_positions: int,
) -> None:
    """Write ``README.md`` describing the qrels."""
    f3, f2, f1 = fractions
    ts, tp = summary["thresholds_student_queries"], summary["thresholds_position_queries"]
    ps, pp = summary["per_student"], summary["per_position"]
    if summary["subset"]:
        subset_text = (
            f"The world has {n_students:,} students and {n_positions:,} positions "
            f"({n_students * n_positions:,} pairs), too many to grade every pair. Ground truth "
            f"covers a deterministic random subset of {summary['graded_students']:,} students "
            "(listed in `world.json` under `truth.student_ids`) against every position; "
            "`position_to_student.qrels` grades only those students. Position levels and the "
            f"thresholds were estimated on {summary['level_students']:,} of them."
        )
    else:
        subset_text = f"Every student ({n_students:,}) against every position ({n_positions:,})."
    (out_dir / "README.md").write_text(
        README.format(
            c=summary["centering"],
            q=summary["level_quantile"],
            level_students=summary["level_students"],
            f3=f3,
            f2=f2 - f3,
            f1=f1 - f2,
            s1=ts[0],
            s2=ts[1],
            s3=ts[2],
            p1=tp[0],
            p2=tp[1],
            p3=tp[2],
            rel3_median=ps["rel3_median"],
            rel_ge1_median=ps["rel_ge1_median"],
            p10=ps["rel_ge1_p10"],
            p90=ps["rel_ge1_p90"],
            none=ps["no_relevant"],
            pos_median=pp["rel_ge1_median"],
            pos_none=pp["no_relevant"],
            subset_text=subset_text,
        ),
        encoding="utf-8",
    )


def write_world_json(out_dir: Path, payload: dict[str, Any]) -> None:
    """Write ``world.json`` (sorted keys, stable formatting)."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
    (out_dir / "world.json").write_text(text + "\n", encoding="utf-8")


def hidden_truth(directory: Path, students: set[str], positions: set[str]) -> dict[str, Any]:
    """The graded qrels of both directions that :func:`write_ground_truth` wrote, read back and
    limited to ``students`` and ``positions``."""
    out = {}
    for direction, (queries, docs) in {
        "student_to_position": (students, positions),
        "position_to_student": (positions, students),
    }.items():
        path = next(
            (
                p
                for p in (directory / f"{direction}.qrels", directory / f"{direction}.qrels.gz")
                if p.exists()
            ),
            None,
        )
        if path is None:
            raise FileNotFoundError(f"{directory}: no {direction}.qrels(.gz); run matcher simulate")
        qrels = read_qrels(path)
        out[direction] = {
            q: {d: g for d, g in judged.items() if d in docs}
            for q, judged in qrels.items()
            if q in queries
        }
    return out
