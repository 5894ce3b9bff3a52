"""The ``served`` system: the lists :func:`matcher.recommend.recommend_positions` itself returns.

Each evaluated student asks a *replay* of the engine as of the test window
(:func:`matcher.engine.build.replay_engine`): the positions open are those of the evaluated
catalogue, the FAISS index holds them, the history and popularity are those before the window's
start, and the ranker is the ``learned`` model refitted on the training window (the one the grid
scores with). The request path then does all it does for a student: the hard filters on the
grid's day (open that day, within the application window, degree, positions her events hide),
candidate generation (FAISS, pruned BM25, skill channel, fused into a pool), the ranker over the
pool, and at most :data:`PER_ENTERPRISE` positions per enterprise.

**The day asked.** Serving sees only the positions open on the day it is asked. The grid's day
(30 days into the window) can fall before any of the window's positions opens (it does in the
sample world: the catalogue's application windows open from September), where every served list
would be empty. The lists are therefore asked on :func:`served_day`, the day of the window on
which most of the evaluated catalogue is open (the earliest such day); the history stays cut at
the window's start, so no event of the test window shapes a list or hides a position it judges.

Each list is asked :data:`~eval.offline.common.RUN_DEPTH` long, so that MAP and recall read as
deep as the grid's runs. Its first 10 are exactly the list ``k=10`` returns (the cap is applied
while walking the ranked pool, so a longer list only extends a shorter one); nDCG@10,
precision@10 and recall@10 are therefore those of the served top 10. The run keeps the served
order (score = places from the bottom), whatever the ranker's ties.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from eval.offline.common import RUN_DEPTH, Run

#: The system's name in every table.
SERVED = "served"
#: Positions per enterprise in a served list (serving's cap).
PER_ENTERPRISE = 2


#: Days of a test window (a semester) searched for :func:`served_day`.
WINDOW_DAYS = 182


def served_day(engine: Any, start: np.datetime64, days: int = WINDOW_DAYS) -> np.datetime64:
    """The earliest day of ``days`` from ``start`` on which most of the engine's open positions
    are within their application window (``start`` itself when none ever is)."""
    counts = [int(engine.open_on(start + np.timedelta64(d, "D")).sum()) for d in range(days)]
    return np.datetime64(start, "D") + np.timedelta64(int(np.argmax(counts)), "D")


def served_run(
    engine: Any,
    students: np.ndarray,
    positions: np.ndarray,
    cutoff: np.datetime64,
    grid_day: np.datetime64,
    ranker: Any,
    relevant: Mapping[str, Mapping[str, int]],
    progress: Callable[[str, int], Any],
    depth: int = RUN_DEPTH,
) -> tuple[Run, dict[str, Any]]:
    """The served lists of ``students`` (rows) as a run, and what shaped them.

    The replay's history is cut at ``cutoff`` (the window's start) and the lists are asked on
    :func:`served_day` of the window; ``grid_day`` is only reported beside it. ``relevant`` is
    the hidden truth, student → position, read only to count how many relevant positions the
    filters leave within reach on that day.
    """
    from matcher.engine.build import replay_engine
    from matcher.recommend import recommend_positions
    from matcher.retrieval.fusion import CHANNEL_DEPTH
    from matcher.retrieval.positions import POOL_SIZE, eligible_positions

    replay = replay_engine(engine, cutoff, positions, ranker)
    S, P = replay.students, replay.positions
    as_of = served_day(replay, np.datetime64(cutoff, "D"))
    run: Run = {}
    eligible, lengths, reach, scorers = [], [], [0, 0], set()
    for s in progress("served", len(students))(students):
        sid = S.ids[s]
        recs = recommend_positions(replay, sid, k=depth, as_of=as_of, per_enterprise=PER_ENTERPRISE)
        run[sid] = {r.position_id: float(len(recs) - i) for i, r in enumerate(recs)}
        scorers.update(r.scorer for r in recs)
        lengths.append(len(recs))
        allowed = eligible_positions(replay, int(s), as_of)
        eligible.append(int(allowed.sum()))
        good = [pid for pid, grade in relevant.get(sid, {}).items() if grade >= 1]
        reach[0] += len(good)
        reach[1] += sum(bool(allowed[P.index[pid]]) for pid in good)
    info = {
        "as_of": str(as_of),
        "grid_day": str(grid_day),
        "catalogue_open_on_grid_day": int(replay.open_on(grid_day).sum()),
        "history_cutoff": str(cutoff),
        "depth": depth,
        "per_enterprise": PER_ENTERPRISE,
        "channel_depth": CHANNEL_DEPTH,
        "pool": POOL_SIZE,
        "scorer": sorted(scorers),
        "students": len(run),
        "catalogue": len(positions),
        "catalogue_open_on_day": int(replay.open_on(as_of).sum()),
        "history_pairs": len(replay.pairs.grade),
        "history_pairs_dropped": len(engine.pairs.grade) - len(replay.pairs.grade),
        "mean_eligible": round(float(np.mean(eligible)), 1) if eligible else 0.0,
        "share_eligible_over_pool": (
            round(float(np.mean(np.array(eligible) > POOL_SIZE)), 4) if eligible else 0.0
        ),
        "mean_list_length": round(float(np.mean(lengths)), 1) if lengths else 0.0,
        "relevant_pairs": reach[0],
        "relevant_eligible_share": round(reach[1] / reach[0], 4) if reach[0] else 0.0,
    }
    return run, info
