"""External checks of the retrieval stage on public labelled job-title sets.

Chinese job titles are matched to CSCO 2022 occupations (level 4: name + job-board aliases),
English vacancy titles to ESCO occupations (name + alternative names); the expected occupation
is the one relevant document. Each channel of :func:`matcher.retrieval.fusion.rank_texts` alone and
the
language-aware fusion rank the same queries. The files are read where the user points; nothing
from them is copied into the project.

Layout expected under the dev-eval folder ``D`` (as in ``../shared/data``)::

    D/csco_title_testcases.csv          job_name, expected_code, expected_name
    D/jobbert_titles_test.csv           (index), vacancyTitle, conceptUri
    D/../reference/csco/csco22.csv      level, code, name, alias, …
    D/../reference/esco/occupation_profiles.jsonl   occupation_uri, occupation_name, …
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

from matcher.ranking.measures import evaluate

#: Systems compared: each channel alone, then their fusion (``dense_en``, the English-only
#: title model, votes for English queries only).
SYSTEMS: dict[str, tuple[str, ...]] = {
    "tfidf_chars": ("chars",),
    "dense": ("dense",),
    "dense_en": ("dense_en",),
    "bm25": ("lexical",),
    "fused": ("dense", "dense_en", "lexical", "chars"),
}


def _csco(dev: Path, reference: Path, n: int, rng: random.Random) -> tuple[Any, ...]:
    seen: set[str] = set()
    occupations = []
    with (reference / "csco" / "csco22.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "4" and row["code"] not in seen:
                seen.add(row["code"])
                occupations.append(row)
    doc_ids = [r["code"] for r in occupations]
    doc_texts = [
        f"{r['name']} {r['alias'].replace(',', ' ').replace('，', ' ')}" for r in occupations
    ]
    with (dev / "csco_title_testcases.csv").open(encoding="utf-8") as fh:
        cases = [c for c in csv.DictReader(fh) if c["expected_code"] in seen]
    rng.shuffle(cases)
    cases = cases[:n]
    qids = [f"zh{i}" for i in range(len(cases))]
    qrels = {q: {c["expected_code"]: 1} for q, c in zip(qids, cases, strict=True)}
    return qids, [c["job_name"] for c in cases], doc_ids, doc_texts, qrels


def _esco(dev: Path, reference: Path, n: int, rng: random.Random) -> tuple[Any, ...]:
    seen: set[str] = set()
    doc_ids, doc_texts = [], []
    with (reference / "esco" / "occupation_profiles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            uri = row["occupation_uri"]
            if uri in seen:
                continue
            seen.add(uri)
            alternatives = row.get("alternative_names") or []
            if not isinstance(alternatives, list):
                alternatives = [str(alternatives)]
            doc_ids.append(uri)
            doc_texts.append(f"{row['occupation_name']} {' '.join(alternatives)}"[:1000])
    with (dev / "jobbert_titles_test.csv").open(encoding="utf-8") as fh:
        cases = [c for c in csv.DictReader(fh) if c["conceptUri"] in seen]
    rng.shuffle(cases)
    cases = cases[:n]
    qids = [f"en{i}" for i in range(len(cases))]
    qrels = {q: {c["conceptUri"]: 1} for q, c in zip(qids, cases, strict=True)}
    return qids, [c["vacancyTitle"] for c in cases], doc_ids, doc_texts, qrels


def title_checks(
    dev_eval: Path,
    *,
    reference: Path | None = None,
    n: int = 600,
    seed: int = 0,
    progress: bool = False,
    embedder: Any = None,
) -> dict[str, Any]:
    """Recall@10 and MRR per language and system on ``n`` seeded random titles per language."""
    from matcher.retrieval.embedding import load_embedder
    from matcher.retrieval.texts import rank_texts, title_embedders

    dev_eval = Path(dev_eval)
    reference = Path(reference) if reference is not None else dev_eval.parent / "reference"
    embedder = embedder or load_embedder()
    _, english = title_embedders(("dense_en",))
    out: dict[str, Any] = {"titles_per_language": n, "seed": seed, "languages": {}}
    for language, loader in (("zh", _csco), ("en", _esco)):
        qids, qtexts, dids, dtexts, qrels = loader(dev_eval, reference, n, random.Random(seed))
        rows = {}
        for name, channels in SYSTEMS.items():
            if english is None or language != "en":  # dense_en votes for English queries only
                if channels == ("dense_en",):
                    continue
                channels = tuple(c for c in channels if c != "dense_en")
            run = rank_texts(
                qids,
                qtexts,
                dids,
                dtexts,
                k=100,
                embedder=embedder,
                english_embedder=english,
                channels=channels,
                progress=progress,
            )
            means = evaluate(qrels, run, measures=("recall@10", "mrr")).means
            rows[name] = {m: round(v, 4) for m, v in means.items()}
        out["languages"][language] = {
            "queries": len(qids),
            "documents": len(dids),
            "vocabulary": "CSCO 2022 level 4" if language == "zh" else "ESCO occupations",
            "systems": rows,
        }
    return out
