"""Write the document-parsing evaluation set to ``data/documents``.

The generated part is drawn from the sample world with a fixed seed; the handwritten part comes
from :mod:`eval.parsing.handwritten`. Run from the repository root::

    .venv/bin/python -m eval.parsing.make_set            # writes data/documents
    .venv/bin/python -m eval.parsing.make_set --check    # writes nothing, prints the plan

Every document gets one line in ``labels.jsonl``. The run also audits the generated text: a
literal taxonomy name outside the labels (courses, majors and company names aside) is printed,
since it would make a label wrong.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
from collections import Counter
from pathlib import Path
from typing import Any

from eval.parsing.handwritten import handwritten_jobs, handwritten_resumes
from eval.parsing.writers import (
    Content,
    job_text,
    record_skill_ids,
    resume_text,
    skill_relevance,
    student_major_code,
    taxonomy,
    to_docx,
    to_pdf,
    to_text,
)

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
OUT = ROOT / "data" / "documents"
SEED = 20260105
#: Generated documents per kind (the handwritten ones come on top).
GENERATED = 36
#: Majors of languages, trade and marketing: their résumés would need other templates.
NON_ENGINEERING = ("05", "02", "1202")
#: Roles whose text is not a claim of skills (courses, majors, names of organisations…).
NOT_CLAIMS = frozenset(
    {"course", "major", "org", "company", "objective", "title", "subtitle", "award", "heading"}
)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick_students(
    students: list[dict[str, Any]], n: int, rng: random.Random
) -> list[dict[str, Any]]:
    """``n`` students with enough skills related to their major, mixed in degree."""
    taxo = taxonomy()
    ok = []
    for s in students:
        code = student_major_code(s, taxo)
        if not code or code.startswith(NON_ENGINEERING):
            continue
        ids = record_skill_ids(s.get("skills", []), taxo)
        related = [i for i in ids if skill_relevance(i, code, taxo) >= 1]
        if len(ids) >= 6 and len(related) >= 5:
            ok.append(s)
    by_degree: dict[str, list[dict[str, Any]]] = {}
    for s in ok:
        by_degree.setdefault(s["degree"], []).append(s)
    want = {"associate": n // 7, "master": n // 9}
    want["bachelor"] = n - sum(want.values())
    out: list[dict[str, Any]] = []
    for degree, k in want.items():
        pool = by_degree.get(degree, [])
        out += rng.sample(pool, min(k, len(pool)))
    rng.shuffle(out)
    return out


def pick_positions(
    positions: list[dict[str, Any]], n: int, rng: random.Random
) -> list[dict[str, Any]]:
    """``n`` positions with at least two readable required skills: half jobs, the rest
    internships and practice projects, a third of them outside Changchun."""
    taxo = taxonomy()
    ok = [p for p in positions if len(record_skill_ids(p.get("required_skills", []), taxo)) >= 2]
    want = {"job": n // 2, "internship": n * 3 // 10}
    want["project"] = n - sum(want.values())
    out: list[dict[str, Any]] = []
    for ptype, k in want.items():
        pool = [p for p in ok if p["type"] == ptype]
        home = [p for p in pool if p["city"] == "长春"]
        away = [p for p in pool if p["city"] != "长春"]
        k_away = min(len(away), k // 3)
        out += rng.sample(away, k_away) + rng.sample(home, min(len(home), k - k_away))
    rng.shuffle(out)
    return out


def plan(n: int) -> list[tuple[str, str, str]]:
    """(language, format, layout) of ``n`` generated documents: alternating languages, half PDF
    and half DOCX, each format's layouts in turn (the plain-text ones are handwritten)."""
    out = []
    layouts = {"pdf": ("single", "two_column", "table"), "docx": ("single", "table", "two_column")}
    counters = Counter[str]()
    for i in range(n):
        lang = ("zh", "en")[i % 2]
        fmt = ("pdf", "docx")[(i // 2) % 2]
        layout = layouts[fmt][(counters[fmt + lang] + (i // 4)) % 3]
        counters[fmt + lang] += 1
        out.append((lang, fmt, layout))
    return out


def render(content: Content, fmt: str, layout: str) -> bytes:
    """The document's bytes in a format."""
    if fmt == "pdf":
        return to_pdf(content, layout)
    if fmt == "docx":
        return to_docx(content, layout)
    return to_text(content).encode("utf-8")


def audit(content: Content) -> list[tuple[str, str]]:
    """Literal taxonomy names in claims of the document that its labels do not hold."""
    taxo = taxonomy()
    labels = content.labels
    held = set(labels.get("skills", [])) | set(labels.get("required_skills", []))
    held |= set(labels.get("preferred_skills", []))
    out = []
    for text, role in content.lines():
        if role in NOT_CLAIMS:
            continue
        for a, b, sid in taxo.scan(text):
            if sid not in held:
                out.append((sid, text[a:b]))
    return out


def label_line(path: str, content: Content, fmt: str, layout: str, source: str) -> dict[str, Any]:
    """One line of labels.jsonl."""
    return {
        "file": path,
        "kind": content.kind,
        "language": "en" if content.lang == "en" else "zh",
        "format": fmt,
        "layout": layout,
        "source": source,
        "fields": content.labels,
    }


def build(out: Path, seed: int = SEED, write: bool = True) -> list[dict[str, Any]]:
    """Generate, render and label the whole set; returns the label lines."""
    students = read_jsonl(SAMPLE / "students.jsonl")
    positions = read_jsonl(SAMPLE / "positions.jsonl")
    enterprises = {e["id"]: e for e in read_jsonl(SAMPLE / "enterprises.jsonl")}
    rng = random.Random(seed)
    docs: list[tuple[str, Content, str, str, str]] = []
    for i, (s, (lang, fmt, layout)) in enumerate(
        zip(pick_students(students, GENERATED, rng), plan(GENERATED), strict=True)
    ):
        content = resume_text(s, lang, i, random.Random(f"{seed}:resume:{i}"))
        docs.append((f"resumes/r{i + 1:02d}", content, fmt, layout, s["id"]))
    for i, (p, (lang, fmt, layout)) in enumerate(
        zip(pick_positions(positions, GENERATED, rng), plan(GENERATED), strict=True)
    ):
        ent = enterprises[p["enterprise_id"]]
        content = job_text(p, ent, lang, i, random.Random(f"{seed}:job:{i}"))
        docs.append((f"jobs/j{i + 1:02d}", content, fmt, layout, p["id"]))
    for kind, items in (("r", handwritten_resumes()), ("j", handwritten_jobs())):
        folder = "resumes" if kind == "r" else "jobs"
        for k, (content, fmt, layout) in enumerate(items):
            docs.append(
                (f"{folder}/{kind}{GENERATED + k + 1:02d}", content, fmt, layout, "handwritten")
            )
    lines = []
    written: set[Path] = set()
    for stem, content, fmt, layout, source in docs:
        lang = "en" if content.lang == "en" else "zh"
        name = f"{stem}_{lang}_{layout}.{fmt}"
        for sid, text in audit(content):
            logger.warning("%s: %r names %s, which its labels do not hold", name, text, sid)
        lines.append(label_line(name, content, fmt, layout, source))
        if write:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(content, fmt, layout))
            written.add(path)
    if write:
        for folder in ("resumes", "jobs"):
            for stale in (out / folder).glob("*"):
                if stale not in written:
                    stale.unlink()
        with (out / "labels.jsonl").open("w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    mentions = sum(c.mentions for _, c, *_ in docs)
    variants = sum(len(c.variants) for _, c, *_ in docs)
    logger.info(
        "%d skill mentions, %.1f%% written as variants", mentions, 100 * variants / max(mentions, 1)
    )
    return lines


def summary(lines: list[dict[str, Any]]) -> str:
    """Counts per kind, language, format, layout and source."""
    out = []
    for key in ("kind", "language", "format", "layout"):
        c = Counter((line["kind"], line[key]) for line in lines)
        out.append(f"{key}: " + ", ".join(f"{k}/{v}={n}" for (k, v), n in sorted(c.items())))
    c = Counter((line["kind"], line["source"] == "handwritten") for line in lines)
    out.append("handwritten: " + ", ".join(f"{k}={n}" for (k, h), n in sorted(c.items()) if h))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Command line: write the set (or only plan it with ``--check``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", action="store_true", help="write nothing; print the plan")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    lines = build(args.out, args.seed, write=not args.check)
    print(summary(lines))


if __name__ == "__main__":
    main()
