"""Recommendations from a profile read from a résumé against those from the typed profile.

A simulated world is made and indexed; for a sample of its students a résumé is written from
the record (:mod:`eval.parsing.writers`: a subset of the record's skills, varied layouts, PDF
and Word), read back (:func:`matcher.documents.parse.parse_document`) and its draft put in the
place of what the student typed (study, skills, experience, summary; her preferences, school
fields and consent stay). The world is indexed again with those profiles, and each student's
top 10 from both versions is scored against the world's hidden truth (nDCG@10) and compared
(overlap@10: the share of the typed top 10 that the parsed profile's top 10 keeps).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import paired_bootstrap
from eval.parsing.writers import has_cjk, resume_text, to_docx, to_pdf
from matcher.documents.draft import ResumeDraft
from matcher.documents.parse import parse_document
from matcher.engine.build import build_engine
from matcher.ranking.measures import evaluate
from matcher.ranking.trec import read_qrels
from matcher.recommend import recommend_positions
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import Student
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files

#: The fields a résumé's draft replaces in the typed profile.
READ_FIELDS = (
    "major", "degree", "graduation_year", "courses", "skills", "skill_ids", "certificates",
    "projects", "competitions", "internships", "languages", "self_description",
)  # fmt: skip
LAYOUTS = (("pdf", "single"), ("pdf", "two_column"), ("docx", "table"), ("docx", "single"))


def parsed_profile(student: Student, draft: ResumeDraft) -> Student:
    """``student`` with the fields her résumé's draft read in place of the typed ones."""
    read = draft.profile()
    values = student.model_dump()
    for name in READ_FIELDS:
        if name in read and read[name] not in (None, ""):
            values[name] = read[name]
    return Student.model_validate(values)


def end_to_end(
    root: Path,
    *,
    students: int = 400,
    enterprises: int = 40,
    positions: int = 300,
    sample: int = 80,
    seed: int = 11,
    k: int = 10,
) -> dict[str, Any]:
    """Make a world under ``root``, read résumés of ``sample`` students, and compare."""
    simulate(root / "world", students=students, enterprises=enterprises, positions=positions,
             seed=seed, progress=False)  # fmt: skip
    typed_db = root / "typed.db"
    store = Store(f"sqlite:///{typed_db}")
    import_files(store, sorted((root / "world").glob("*.jsonl")))
    store.dispose()
    shutil.copyfile(typed_db, root / "parsed.db")
    truth = read_qrels(root / "world" / "ground_truth" / "student_to_position.qrels")
    queries = sorted(q for q, docs in truth.items() if any(g > 0 for g in docs.values()))
    rng = random.Random(seed)
    chosen = sorted(rng.sample(queries, min(sample, len(queries))))

    typed, parsed = Store(f"sqlite:///{typed_db}"), Store(f"sqlite:///{root / 'parsed.db'}")
    reads: dict[str, dict[str, Any]] = {}
    updated = []
    for i, sid in enumerate(chosen):
        student: Student = typed.get("students", sid)  # type: ignore[assignment]
        record = student.model_dump(mode="json")
        lang = "zh" if has_cjk(record["major"] + record.get("self_description", "")) else "en"
        content = resume_text(record, lang, style=i, rng=random.Random(seed * 1000 + i))
        kind, layout = LAYOUTS[i % len(LAYOUTS)]
        data = to_pdf(content, layout) if kind == "pdf" else to_docx(content, layout)
        draft = parse_document(data, kind="resume")
        assert isinstance(draft, ResumeDraft)
        updated.append(parsed_profile(student, draft))
        claimed = set(content.labels["skills"])
        got = {s.id for s in draft.skills}
        reads[sid] = {"lang": lang, "format": kind, "claimed": len(claimed),
                      "typed": len(student.skill_ids or student.skills), "read": len(got),
                      "read_right": len(got & claimed)}  # fmt: skip
    with parsed.session() as session:
        parsed.upsert(session, "students", updated)

    embedder = load_embedder()
    runs: dict[str, dict[str, dict[str, float]]] = {}
    for name, store_of in (("typed", typed), ("parsed", parsed)):
        engine = build_engine(store_of, embedder)
        runs[name] = {
            sid: {r.position_id: float(k - rank) for rank, r in enumerate(
                recommend_positions(engine, sid, k=k, per_enterprise=k))}
            for sid in chosen
        }  # fmt: skip
    typed.dispose()
    parsed.dispose()
    qrels = {sid: truth[sid] for sid in chosen}
    scores = {name: evaluate(qrels, run, [f"ndcg@{k}"]) for name, run in runs.items()}
    per = {name: s.per_query[f"ndcg@{k}"] for name, s in scores.items()}
    overlap = [
        len(set(runs["typed"][sid]) & set(runs["parsed"][sid])) / max(1, len(runs["typed"][sid]))
        for sid in chosen
    ]
    p_value = paired_bootstrap(per["parsed"], per["typed"])
    return {
        "students": len(chosen),
        "world": {
            "students": students,
            "enterprises": enterprises,
            "positions": positions,
            "seed": seed,
        },
        f"ndcg@{k}_typed": round(scores["typed"].means[f"ndcg@{k}"], 4),
        f"ndcg@{k}_parsed": round(scores["parsed"].means[f"ndcg@{k}"], 4),
        "p_value_paired_bootstrap": round(p_value, 4),
        f"overlap@{k}": round(float(np.mean(overlap)), 4),
        "skills_claimed_per_resume": round(
            float(np.mean([r["claimed"] for r in reads.values()])), 1
        ),
        "skills_typed_per_profile": round(float(np.mean([r["typed"] for r in reads.values()])), 1),
        "skills_read_per_resume": round(float(np.mean([r["read"] for r in reads.values()])), 1),
        "languages": {
            lang: sum(1 for r in reads.values() if r["lang"] == lang) for lang in ("zh", "en")
        },
    }
