"""Matching across languages: nDCG@10 of every main system on the pairs whose two sides are each
written in one language, same language (Chinese to Chinese, English to English) beside across
languages (Chinese to English, English to Chinese), on the hidden truth, both directions.

Each query ranks only the other side's records of one language, so a cross-language figure says
how well a system finds an English position for a student who writes only Chinese, with nothing
in her own language to fall back on. Records written in both languages take no part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from eval.offline.common import DIRECTIONS, MAIN_SYSTEMS, ranked_run
from eval.offline.grid import PairGrid
from eval.offline.systems import Scores

#: The systems of the table: the main ones but the two ranker kinds (``learned`` is the kept one).
LANGUAGE_SYSTEMS: tuple[str, ...] = tuple(
    n for n in MAIN_SYSTEMS if n not in ("pointwise", "listwise")
)
#: The one-language pairs measured: (query's language, document's language).
LANGUAGE_PAIRS: tuple[tuple[str, str], ...] = (
    ("zh", "zh"),
    ("en", "en"),
    ("zh", "en"),
    ("en", "zh"),
)
#: The pooled groups of the table: the queries of these pairs, each counted once per pair.
GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "same": (("zh", "zh"), ("en", "en")),
    "cross": (("zh", "en"), ("en", "zh")),
}


def _pair_key(pair: tuple[str, str]) -> str:
    return f"{pair[0]}→{pair[1]}"


def cross_language(
    engine: Any,
    grid: PairGrid,
    scores: Scores,
    truth: Mapping[str, Mapping[str, Mapping[str, int]]],
    stu_ids: Sequence[str],
    pos_ids: Sequence[str],
    systems: Sequence[str] = LANGUAGE_SYSTEMS,
) -> dict[str, Any]:
    """Per direction: queries per language pair, and each system's nDCG@10 per pair and pooled
    into ``same`` and ``cross`` (the mean over those pairs' queries)."""
    from matcher.engine.tables import LANGS
    from matcher.ranking.measures import evaluate

    s_lang = np.array([LANGS[c] for c in engine.students.lang[grid.students]])
    p_lang = np.array([LANGS[c] for c in engine.positions.lang[grid.positions]])
    out: dict[str, Any] = {
        "one_language_share": {
            "students": round(float(np.isin(s_lang, ("zh", "en")).mean()), 4) if len(s_lang) else 0,
            "positions": round(float(np.isin(p_lang, ("zh", "en")).mean()), 4)
            if len(p_lang)
            else 0,
        }
    }
    for direction in DIRECTIONS:
        forward = direction == DIRECTIONS[0]
        q_lang, d_lang = (s_lang, p_lang) if forward else (p_lang, s_lang)
        q_ids, d_ids = (stu_ids, pos_ids) if forward else (pos_ids, stu_ids)
        qrels = truth[direction]
        queries: dict[str, int] = {}
        table: dict[str, dict[str, float]] = {name: {} for name in systems}
        per_pair: dict[str, dict[tuple[str, str], dict[str, float]]] = {n: {} for n in systems}
        for pair in LANGUAGE_PAIRS:
            rows = np.flatnonzero(q_lang == pair[0])
            cols = np.flatnonzero(d_lang == pair[1])
            pair_q = [q_ids[i] for i in rows]
            pair_d = [d_ids[j] for j in cols]
            allowed = set(pair_d)
            sub_qrels = {
                q: {d: g for d, g in qrels.get(q, {}).items() if d in allowed} for q in pair_q
            }
            # Queries with a relevant record among those they rank (the others are left out).
            queries[_pair_key(pair)] = sum(
                any(g > 0 for g in docs.values()) for docs in sub_qrels.values()
            )
            for name in systems:
                if not len(rows) or not len(cols):
                    per_pair[name][pair] = {}
                    continue
                matrix = scores.by_direction[direction][name]
                matrix = matrix if forward else matrix.T
                run = ranked_run(matrix[np.ix_(rows, cols)], pair_q, pair_d)
                result = evaluate(sub_qrels, run, measures=("ndcg@10",))
                per_pair[name][pair] = result.per_query["ndcg@10"]
        for name in systems:
            for pair in LANGUAGE_PAIRS:
                values = list(per_pair[name][pair].values())
                table[name][_pair_key(pair)] = round(float(np.mean(values)), 4) if values else None
            for group, pairs in GROUPS.items():
                values = [v for p in pairs for v in per_pair[name][p].values()]
                table[name][group] = round(float(np.mean(values)), 4) if values else None
        out[direction] = {"queries": queries, "systems": table}
    return out
