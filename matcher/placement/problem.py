"""Advisor placements (issue #6): a cohort of students into the open positions' openings.

Advisors place a cohort, not one student at a time: recommending every student her own top
position sends many to the same few and leaves openings empty. This module builds a
:class:`~matcher.placement.allocation.PlacementProblem` from the engine and hands it to the methods
of
:mod:`matcher.placement.allocation` (``optimal``, ``stable``, ``greedy``).

Building a problem, as of the engine's clock (or ``as_of``):

1. **Cohort**: by major, graduation year, cohort name or an explicit list (:func:`select_cohort`);
   all students by default.
2. **Positions**: open, within their application window, with free openings (advertised
   openings minus pairs already hired or accepted on them).
3. **Candidates**: for each student, the ``per_student`` positions she is eligible for (degree)
   with the best cheap score ``0.6 × IDF-weighted skill coverage + 0.4 × v × dense cosine``
   (``v`` the dense channel's vote for her profile's language in the fusion, capped at 1: none for
   Chinese with the default English model), computed as dense matrices over chunks of students;
   positions she dismissed are never candidates.
   Advisors' locked pairs are always added.
4. **Scores**: pair features of all candidates in one batch, scored once. A two-sided ranker
   gives both sides (P(applies | shown), P(interview or better | applied)) and the match
   probability is their product; a listwise ranker's calibrated probability serves all three;
   with no ranker the prior score (:func:`matcher.recommend.prior_score`, per student over her
   candidates) serves all three and the plan says ``scorer: "prior"``.

Only ids, titles and enterprise names leave this module: never a personal field.
"""

from __future__ import annotations

import csv
import logging
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.placement.allocation import METHODS, PlacementProblem, allocate, compare, plan_as_dict
from matcher.rules import recommendation_day

logger = logging.getLogger(__name__)

#: Candidate positions scored per student.
PER_STUDENT = 20
#: Students per block of the dense candidate matrices.
CHUNK = 1024
#: Scores held at once when BM25 is computed for blocks of students (64 MB of float32).
BM25_BLOCK = 2**24
#: Weights of the cheap candidate score (skill coverage, dense cosine).
CHEAP_WEIGHTS = (0.6, 0.4)

__all__ = [
    "METHODS",
    "PER_STUDENT",
    "PlacementProblem",
    "build_problem",
    "dismissed_pairs",
    "free_openings",
    "open_positions",
    "parse_pairs",
    "place",
    "select_cohort",
    "still_to_place",
    "write_csv",
]


def select_cohort(
    engine: Engine,
    *,
    major: str | None = None,
    graduation_year: int | None = None,
    cohort: str | None = None,
    student_ids: Sequence[str] | None = None,
) -> np.ndarray:
    """Student rows matching every filter given (all students when none is given).

    ``major`` is a catalogue code or a Chinese or English name. Raises ``ValueError`` for an
    unknown student id or when nobody matches.
    """
    S = engine.students
    if student_ids is not None:
        unknown = [s for s in student_ids if s not in S.index]
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise ValueError(f"unknown student id(s): {shown}")
        rows = np.array([S.index[s] for s in dict.fromkeys(student_ids)], dtype=np.int64)
    else:
        rows = np.arange(len(S), dtype=np.int64)
    keep = np.ones(len(rows), dtype=bool)
    if major is not None:
        keys = {major.strip().lower(), major.strip()}
        known = engine.taxonomy.major(major)
        if known is not None:
            keys.add(known.code)
        keep &= np.array(
            [S.major[r] in keys or (S.major_code[r] or "") in keys for r in rows], dtype=bool
        )
    if graduation_year is not None:
        keep &= S.graduation_year[rows] == graduation_year
    if cohort is not None:
        keep &= np.array([S.cohort[r] == cohort for r in rows], dtype=bool)
    if not keep.any():
        wanted = {"major": major, "graduation_year": graduation_year, "cohort": cohort}
        given = ", ".join(f"{k}={v}" for k, v in wanted.items() if v is not None)
        raise ValueError(f"no student matches the cohort selection ({given or 'all'})")
    return rows[keep]


def still_to_place(engine: Engine, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The cohort's rows of students still to place, and the ids of those already placed
    (:func:`matcher.rules.placed_students`), sorted."""
    from matcher.rules import placed_students

    done = placed_students(engine.pairs)
    ids = engine.students.ids
    keep = np.array([ids[r] not in done for r in rows], dtype=bool)
    return rows[keep], sorted(ids[r] for r in rows[~keep])


def open_positions(engine: Engine, as_of: np.ndarray | np.datetime64) -> np.ndarray:
    """Rows of positions open and within their application window at ``as_of``."""
    P = engine.positions
    day = np.asarray(as_of).astype("datetime64[D]")
    ok = P.is_open & (np.isnat(P.start) | (P.start <= day))
    ok &= np.isnat(P.deadline) | (P.deadline >= day)
    return np.flatnonzero(ok)


def free_openings(engine: Engine, rows: np.ndarray) -> np.ndarray:
    """Openings of each position minus the pairs already hired or accepted on it."""
    from matcher.schemas import Event
    from matcher.store.history import GRADES

    P, pairs = engine.positions, engine.pairs
    hired: dict[str, int] = defaultdict(int)
    for i in np.flatnonzero(pairs.grade >= GRADES[Event.hire]):
        hired[pairs.position_ids[i]] += 1
    taken = np.array([hired.get(P.ids[r], 0) for r in rows], dtype=np.int64)
    return np.maximum(P.openings[rows].astype(np.int64) - taken, 0)


def dismissed_pairs(engine: Engine) -> dict[str, set[str]]:
    """Positions each student dismissed (for a reason other than expiry).

    The engine's ``excluded`` sets hold dismissals *and* applications; an application is the
    strongest wish for a position, not a refusal, so the pairs the snapshot shows as applied to
    are taken back out. What the service added to ``excluded`` since the snapshot cannot be told
    apart and counts as dismissed (never placing a student against her refusal).
    """
    from matcher.store.history import APPLY_GRADE

    pairs = engine.pairs
    out: dict[str, set[str]] = defaultdict(set)
    applied: set[tuple[str, str]] = set()
    for i in range(len(pairs.grade)):
        key = (pairs.student_ids[i], pairs.position_ids[i])
        if pairs.dismissed[i]:
            out[key[0]].add(key[1])
        elif pairs.grade[i] >= APPLY_GRADE:
            applied.add(key)
    for sid, pids in engine.excluded.items():
        out[sid].update(pid for pid in pids if (sid, pid) not in applied)
    return dict(out)


def _skill_matrix(engine: Engine, p_rows: np.ndarray) -> tuple[Any, np.ndarray]:
    """Skills (required or mentioned) of the positions as a 0/1 (skills × positions) matrix, and
    each position's total IDF weight."""
    from matcher.recommend import position_skill_matrix

    pos = (position_skill_matrix(engine)[p_rows] > 0).astype(np.float32)
    total = np.asarray(pos @ engine.skill_idf).ravel()
    return pos.T.tocsr(), total


def _candidates(
    engine: Engine,
    s_rows: np.ndarray,
    p_rows: np.ndarray,
    per_student: int,
    blocked: Mapping[int, Collection[int]],
) -> tuple[np.ndarray, np.ndarray]:
    """(student row, position column) of each student's ``per_student`` best eligible pairs.

    ``blocked`` maps a student row to position columns (indices into ``p_rows``) she may not get.
    """
    from matcher.engine.tables import LANGS
    from matcher.retrieval.fusion import weights_for

    S, P = engine.students, engine.positions
    pos_skills_t, pos_total = _skill_matrix(engine, p_rows)
    pos_vecs = engine.position_vectors[p_rows]
    min_degree = P.min_degree[p_rows]
    w_skill, w_dense = CHEAP_WEIGHTS
    # The dense vote of each profile language, as the fusion gives it (none for Chinese with the
    # default English model, which maps most Chinese text to nearly the same vector).
    dense_vote = np.array([min(weights_for(lang)["dense"], 1.0) for lang in LANGS])
    m = min(per_student, len(p_rows))
    out_s, out_p = [], []
    for start in range(0, len(s_rows), CHUNK):
        chunk = s_rows[start : start + CHUNK]
        dense = engine.student_vectors[chunk] @ pos_vecs.T
        stu = engine.students.skills[chunk].multiply(engine.skill_idf[None, :]).tocsr()
        hit = np.asarray((stu @ pos_skills_t).todense())
        w = w_dense * dense_vote[S.lang[chunk]][:, None]
        cheap = w_skill * hit / np.maximum(pos_total, 1e-9) + w * np.clip(dense, 0, 1)
        cheap[S.degree[chunk][:, None] < min_degree[None, :]] = -np.inf
        for i, s in enumerate(chunk.tolist()):
            cols = list(blocked.get(s, ()))
            if cols:
                cheap[i, cols] = -np.inf
        if m < len(p_rows):
            top = np.argpartition(-cheap, m - 1, axis=1)[:, :m]
        else:
            top = np.broadcast_to(np.arange(len(p_rows)), cheap.shape)
        ok = np.isfinite(np.take_along_axis(cheap, top, axis=1))
        rows = np.broadcast_to(chunk[:, None], top.shape)
        out_s.append(rows[ok])
        out_p.append(top[ok])
    if not out_s:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(out_s).astype(np.int64), np.concatenate(out_p).astype(np.int64)


def _groups(s_idx: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal student rows in ``s_idx``."""
    if not len(s_idx):
        return []
    starts = np.flatnonzero(np.r_[True, s_idx[1:] != s_idx[:-1]])
    ends = np.r_[starts[1:], len(s_idx)]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _bm25(engine: Engine, s_idx: np.ndarray, p_idx: np.ndarray) -> np.ndarray:
    """BM25 of each pair with the student's document as query (pairs grouped by student).

    Students' query terms are read from the student lexical index (no re-tokenising) and
    scored in blocks with one sparse product each.
    """
    from matcher.recommend import lexical_rows

    rows = lexical_rows(engine)
    S = engine.students
    student_lex, position_lex = engine.student_lexical, engine.position_lexical
    out = np.zeros(len(s_idx), dtype=np.float32)
    groups = _groups(s_idx)
    block = max(1, BM25_BLOCK // max(len(position_lex), 1))
    for g in range(0, len(groups), block):
        part = groups[g : g + block]
        queries = []
        for a, _ in part:
            s = int(s_idx[a])
            try:
                queries.append(student_lex.document_terms(S.ids[s]))
            except KeyError:  # a student added after the lexical index was built
                queries.append(position_lex.query_terms(S.documents[s]))
        scores = position_lex.scores_many(queries)
        for i, (a, b) in enumerate(part):
            out[a:b] = scores[i, rows[p_idx[a:b]]]
    return out


def score_pairs(
    engine: Engine, s_idx: np.ndarray, p_idx: np.ndarray, as_of: np.ndarray | np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """(p_student, p_enterprise, match probability, scorer) of pairs grouped by student."""
    from matcher.ranking.features import pair_features
    from matcher.ranking.ranker import one_thread
    from matcher.recommend import engine_context, prior_score

    feats = pair_features(
        engine_context(engine), s_idx, p_idx, as_of, engine.stats, _bm25(engine, s_idx, p_idx)
    )
    ranker = engine.ranker
    if ranker is None or not len(feats):
        prior = np.zeros(len(feats))
        for a, b in _groups(s_idx):
            prior[a:b] = prior_score(feats[a:b])  # lexical is normalised over her candidates
        prior = np.clip(prior, 0.0, 1.0)
        return prior, prior, prior, "prior"
    with one_thread():  # see matcher.ranking.ranker.one_thread: faster on a shared 2-core machine
        if hasattr(ranker, "predict_sides"):
            ps, pe = ranker.predict_sides(feats)
            return np.clip(ps, 0, 1), np.clip(pe, 0, 1), np.clip(ps * pe, 0, 1), "learned"
        p = np.clip(ranker.predict(feats), 0.0, 1.0)
    return p, p, p, "learned"


def parse_pairs(values: Iterable[str]) -> list[tuple[str, str]]:
    """``["S:P", …]`` → ``[(S, P), …]``; ``ValueError`` for a value without both parts."""
    out = []
    for value in values:
        sid, sep, pid = value.partition(":")
        if not sep or not sid.strip() or not pid.strip():
            raise ValueError(f"expected STUDENT:POSITION, got {value!r}")
        out.append((sid.strip(), pid.strip()))
    return out


def build_problem(
    engine: Engine,
    students: np.ndarray | None = None,
    *,
    as_of: np.datetime64 | None = None,
    per_student: int = PER_STUDENT,
    locked: Iterable[tuple[str, str]] = (),
    forbidden: Iterable[tuple[str, str]] = (),
    dismissed: Mapping[str, Collection[str]] | None = None,
) -> PlacementProblem:
    """The placement problem of a cohort (student rows; all students by default).

    ``dismissed`` maps a student id to positions she refused (default
    :func:`dismissed_pairs`); those pairs are never candidates, nor may they be locked.
    Raises ``ValueError`` for a bad lock or forbid (see
    :meth:`~matcher.placement.allocation.PlacementProblem.constrain`) or when no position is open.
    """
    if per_student < 1:
        raise ValueError("per_student must be at least 1")
    started, cpu_started = time.perf_counter(), time.process_time()
    S, P = engine.students, engine.positions
    day = recommendation_day(engine.clock, as_of).astype("datetime64[D]")
    s_rows = np.arange(len(S)) if students is None else np.asarray(students, dtype=np.int64)
    locked, forbidden = list(locked), list(forbidden)
    p_rows = open_positions(engine, day)
    capacity = free_openings(engine, p_rows)
    full = int((capacity == 0).sum())
    locked_positions = {pid for _, pid in locked}
    keep = (capacity > 0) | np.array([P.ids[r] in locked_positions for r in p_rows], dtype=bool)
    p_rows, capacity = p_rows[keep], capacity[keep]
    if not len(p_rows):
        raise ValueError(f"no position is open with a free opening on {day}")
    column = {int(r): j for j, r in enumerate(p_rows)}
    in_cohort = set(s_rows.tolist())
    refused = dismissed_pairs(engine) if dismissed is None else dismissed
    blocked: dict[int, set[int]] = defaultdict(set)
    for s in s_rows.tolist():
        for pid in refused.get(S.ids[s], ()):
            j = column.get(P.index.get(pid, -1))
            if j is not None:
                blocked[s].add(j)
    for sid, pid in forbidden:
        if sid in S.index and pid in P.index and P.index[pid] in column:
            blocked[S.index[sid]].add(column[P.index[pid]])
    extra: list[tuple[int, int]] = []
    for sid, pid in locked:
        if sid not in S.index or S.index[sid] not in in_cohort:
            raise ValueError(f"locked student {sid!r} is not in the cohort")
        if pid not in P.index or P.index[pid] not in column:
            raise ValueError(f"locked position {pid!r} is not open on {day}")
        if pid in refused.get(sid, ()):
            raise ValueError(f"student {sid!r} dismissed position {pid!r}; it cannot be locked")
        extra.append((S.index[sid], column[P.index[pid]]))

    s_idx, cols = _candidates(engine, s_rows, p_rows, per_student, blocked)
    if extra:
        have = set(zip(s_idx.tolist(), cols.tolist(), strict=True))
        add = [pair for pair in extra if pair not in have]
        if add:
            s_idx = np.concatenate([s_idx, [a for a, _ in add]])
            cols = np.concatenate([cols, [b for _, b in add]])
    order = np.lexsort((cols, s_idx))
    s_idx, cols = s_idx[order], cols[order]
    candidates_done = time.perf_counter()
    ps, pe, prob, scorer = score_pairs(engine, s_idx, p_rows[cols], day)
    scored = time.perf_counter()

    cohort_pos = {s: i for i, s in enumerate(s_rows.tolist())}
    problem = PlacementProblem(
        student_ids=[S.ids[s] for s in s_rows],
        position_ids=[P.ids[r] for r in p_rows],
        capacity=capacity,
        student=np.array([cohort_pos[s] for s in s_idx.tolist()], dtype=np.int64),
        position=cols,
        p_student=ps,
        p_enterprise=pe,
        probability=prob,
        scorer=scorer,
        openings=P.openings[p_rows],
    )
    problem = problem.constrain(locked=locked, forbidden=forbidden)
    problem.info = {
        "as_of": str(day),
        "positions": len(p_rows),
        "positions_full": full,
        "per_student": per_student,
        "candidate_seconds": round(candidates_done - started, 3),
        "scoring_seconds": round(scored - candidates_done, 3),
        "build_seconds": round(time.perf_counter() - started, 3),
        "build_cpu_seconds": round(time.process_time() - cpu_started, 3),
    }
    logger.info(
        "placement problem: %d students, %d positions (%d openings), %d pairs in %.1f s",
        len(s_rows),
        len(p_rows),
        int(capacity.sum()),
        len(s_idx),
        problem.info["build_seconds"],
    )
    return problem


def place(
    engine: Engine,
    *,
    method: str = "optimal",
    students: np.ndarray | None = None,
    compare_all: bool = False,
    **build: Any,
) -> dict[str, Any]:
    """Build the problem and allocate: one plan (``method``), or every method's by name."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    problem = build_problem(engine, students, **build)
    if compare_all:
        return compare(problem)
    plan = allocate(problem, method)
    greedy = plan if method == "greedy" else allocate(problem, "greedy")
    return plan_as_dict(plan, greedy.total_probability)


def write_csv(plan: Mapping[str, Any], engine: Engine, path: Path | TextIO) -> int:
    """Write the plan for advisors to a file or an open text stream; return the rows written.

    Columns ``student_id, position_id, title, enterprise, probability``; unassigned students
    follow with empty position columns. A file is UTF-8 with a byte-order mark, so Excel shows
    Chinese; a stream gets the rows only.
    """
    if not isinstance(path, Path):
        return _write_plan_rows(plan, engine, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        return _write_plan_rows(plan, engine, fh)


def _write_plan_rows(plan: Mapping[str, Any], engine: Engine, fh: TextIO) -> int:
    P, E = engine.positions, engine.enterprises
    rows = 0
    writer = csv.writer(fh)
    writer.writerow(["student_id", "position_id", "title", "enterprise", "probability"])
    for a in plan["assignments"]:
        p = P.index[a["position_id"]]
        enterprise = E.records[int(P.enterprise[p])].name
        title = P.records[p].title
        probability = f"{a['probability']:.6f}"
        writer.writerow([a["student_id"], a["position_id"], title, enterprise, probability])
        rows += 1
    for sid in plan["unassigned"]:
        writer.writerow([sid, "", "", "", ""])
        rows += 1
    return rows


# -- judging and tabulating plans ----------------------------------------------------------------
# A plan (:func:`matcher.placement.allocation.plan_as_dict`, ``matcher place --json``) is judged
# pair by pair
# against a simulated world's hidden graded qrels of both directions (grades 0-3, unlisted pairs
# 0): ``true_utility`` is the sum over assigned pairs of the student-side plus the position-side
# grade, ``mutual_matches`` the assigned pairs with both grades above 0.

ORDER: tuple[str, ...] = ("greedy", "optimal", "stable")


def load_truth(ground_truth: Path, plans: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The hidden qrels of both directions, limited to the records the plans assign."""
    from matcher.simulate.truth import hidden_truth

    students = {a["student_id"] for p in plans.values() for a in p["assignments"]}
    positions = {a["position_id"] for p in plans.values() for a in p["assignments"]}
    return hidden_truth(Path(ground_truth), students, positions)


def true_utility(plan: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, Any]:
    """True utility of one plan under ``truth`` (:func:`matcher.simulate.truth.hidden_truth`)."""
    sp, ps = truth["student_to_position"], truth["position_to_student"]
    student_sum = position_sum = mutual = 0
    for a in plan["assignments"]:
        sid, pid = a["student_id"], a["position_id"]
        g_s = int(sp.get(sid, {}).get(pid, 0))
        g_p = int(ps.get(pid, {}).get(sid, 0))
        student_sum += g_s
        position_sum += g_p
        mutual += int(g_s > 0 and g_p > 0)
    n = len(plan["assignments"])
    return {
        "true_utility": student_sum + position_sum,
        "mean_true_utility": round((student_sum + position_sum) / n, 4) if n else 0.0,
        "student_grade_sum": student_sum,
        "position_grade_sum": position_sum,
        "mutual_matches": mutual,
    }


def add_true_utility(
    plans: Mapping[str, Mapping[str, Any]],
    ground_truth: Path | None = None,
    truth: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Add true utility to each plan's metrics (read from ``ground_truth`` unless ``truth`` is
    given); return it by method."""
    if truth is None:
        if ground_truth is None:
            raise ValueError("give a ground-truth folder or the truth itself")
        truth = load_truth(Path(ground_truth), plans)
    out = {}
    for name, plan in plans.items():
        out[name] = true_utility(plan, truth)
        plan["metrics"].update(out[name])
    return out


def _cell(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def comparison_table(plans: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown table of the plans (greedy, optimal, stable first): fill rate, openings filled,
    total probability, blocking pairs, worst-off rank, seconds and, when known, true utility."""
    names = [m for m in ORDER if m in plans] + [m for m in plans if m not in ORDER]
    metrics = {m: plans[m].get("metrics", plans[m]) for m in names}
    truth = all("true_utility" in metrics[m] for m in names)
    header = [
        "method",
        "students placed",
        "fill rate",
        "openings filled",
        "total probability",
        "mean probability",
        "blocking pairs",
        "worst-off rank",
        "mean rank",
        "seconds",
    ]
    if truth:
        header += ["true utility", "mutual matches"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for m in names:
        x = metrics[m]
        row = [
            m,
            x["students_placed"],
            _cell(x["fill_rate"]),
            f"{x['slots_filled']} / {x['openings']}",
            _cell(float(x["total_probability"])),
            _cell(float(x["mean_probability"]), 4),
            x["blocking_pairs"],
            x["worst_rank"],
            _cell(x.get("mean_rank"), 2),
            _cell(float(x["seconds"])),
        ]
        if truth:
            row += [x["true_utility"], x["mutual_matches"]]
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)
