"""Reading documents: time per résumé or job description, against the cost of a bare child.

Each document of the labelled set is read ``repeats`` times as an upload is: the reading child
(PDF and Word) and the draft. The reference, taken in the same run, is a bare Python child
(``python -I -c pass``): the floor that reading in a process of its own costs. Figures are
percentiles of milliseconds per document and their ratio to the reference's median.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from matcher.documents.parse import draft_from
from matcher.documents.reading import read_document
from matcher.text.taxonomy import load_taxonomy


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * at(0.95), 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def bench_parse(labels: Path, repeats: int = 3, progress: bool = True) -> dict[str, Any]:
    """Time reading every document of the set at ``labels``; rows by kind and format."""
    from eval.parsing.scores import read_set

    rows = read_set(labels)
    taxonomy = load_taxonomy()
    taxonomy.extract("warm")  # the alias trie and jieba's dictionary, built once per process
    reference: list[float] = []
    for _ in range(max(10, repeats * 5)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", "pass"], check=True)
        reference.append(time.perf_counter() - started)
    read: dict[str, list[float]] = {}
    whole: dict[str, list[float]] = {}
    for _ in range(repeats):
        for row in rows:
            data = Path(row["path"]).read_bytes()
            group = f"{row['kind']} {row['format']}"
            started = time.perf_counter()
            raw = read_document(data)
            middle = time.perf_counter()
            draft_from(raw, row["kind"], taxonomy)
            done = time.perf_counter()
            for key in (group, "all"):
                read.setdefault(key, []).append(middle - started)
                whole.setdefault(key, []).append(done - started)
    base = statistics.median(reference)
    result: dict[str, Any] = {
        "documents": len(rows),
        "repeats": repeats,
        "reference_bare_child": _percentiles(reference),
        "rows": {
            key: {
                "read": _percentiles(read[key]),
                "read_and_draft": _percentiles(whole[key]),
                "ratio_p50_to_bare_child": round(statistics.median(whole[key]) / base, 2),
            }
            for key in sorted(whole)
        },
    }
    if progress:
        print(f"{'documents':<14}{'n':>5}{'read p50':>10}{'p95':>8}{'+draft p50':>12}{'p95':>8}"
              f"{'×child':>8}", file=sys.stderr)  # fmt: skip
        for key, row in result["rows"].items():
            r, w = row["read"], row["read_and_draft"]
            ratio = row["ratio_p50_to_bare_child"]
            print(f"{key:<14}{w['n']:>5}{r['p50_ms']:>10}{r['p95_ms']:>8}{w['p50_ms']:>12}"
                  f"{w['p95_ms']:>8}{ratio:>8}", file=sys.stderr)  # fmt: skip
        ref = result["reference_bare_child"]
        print(f"reference: a bare child p50 {ref['p50_ms']} ms, p95 {ref['p95_ms']} ms",
              file=sys.stderr)  # fmt: skip
    return result
