"""TREC qrels and run files, read into and written from the dict-of-dicts interchange format.

* qrels ``{qid: {docid: rel}}`` on disk as ``qid 0 docid rel`` (the second field, the iteration,
  is ignored as trec_eval ignores it);
* run ``{qid: {docid: score}}`` on disk as ``qid Q0 docid rank score tag``.

Fields are separated by any whitespace; ids cannot contain whitespace. A bad line raises
``ValueError("FILE:LINE: problem")``. Writes are atomic (a temporary file, then a rename).

**Order of a run.** trec_eval ignores the rank column: it sorts each query's documents by score,
descending, and breaks ties by docid, *descending* (``strcmp`` order, which for UTF-8 is code-point
order, as Python compares ``str``). :func:`write_run` writes documents in exactly that order and
makes the scores strictly decreasing: where two documents tie, the later one's score is lowered to
the next representable float below (:func:`math.nextafter`) and scores are written with Python's
shortest round-trip ``repr``, so the file reads back — by trec_eval, pytrec_eval or
:func:`read_run` — in the order it was written, with scores changed by at most a few ulps.

>>> ranked({"d1": 1.0, "d2": 1.0, "d3": 2.0})
[('d3', 2.0), ('d2', 1.0), ('d1', 0.9999999999999999)]
"""

from __future__ import annotations

import gzip
import logging
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

from matcher.files import atomic_file

logger = logging.getLogger(__name__)

Qrels = dict[str, dict[str, int]]
Run = dict[str, dict[str, float]]

__all__ = ["Qrels", "Run", "ranked", "read_qrels", "read_run", "write_qrels", "write_run"]


def _lines(path: Path) -> Iterable[tuple[int, list[str]]]:
    """(line number, fields) of every non-blank line."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            fields = line.split()
            if fields:
                yield lineno, fields


def read_qrels(path: str | Path) -> Qrels:
    """Read a TREC qrels file (``qid 0 docid rel``; ``rel`` an integer, possibly negative)."""
    path = Path(path)
    qrels: Qrels = {}
    for lineno, fields in _lines(path):
        where = f"{path}:{lineno}"
        if len(fields) != 4:
            raise ValueError(f"{where}: expected 4 fields 'qid 0 docid rel', found {len(fields)}")
        qid, _, docid, rel_text = fields
        try:
            rel = int(rel_text)
        except ValueError:
            raise ValueError(f"{where}: relevance {rel_text!r} is not an integer") from None
        docs = qrels.setdefault(qid, {})
        if docid in docs:
            raise ValueError(f"{where}: document {docid!r} judged twice for query {qid!r}")
        docs[docid] = rel
    logger.debug("read %d queries of qrels from %s", len(qrels), path)
    return qrels


def read_run(path: str | Path) -> Run:
    """Read a TREC run file (``qid Q0 docid rank score tag``); the rank and tag are not kept."""
    path = Path(path)
    run: Run = {}
    for lineno, fields in _lines(path):
        where = f"{path}:{lineno}"
        if len(fields) != 6:
            raise ValueError(
                f"{where}: expected 6 fields 'qid Q0 docid rank score tag', found {len(fields)}"
            )
        qid, _, docid, rank_text, score_text, _tag = fields
        try:
            int(rank_text)
        except ValueError:
            raise ValueError(f"{where}: rank {rank_text!r} is not an integer") from None
        try:
            score = float(score_text)
        except ValueError:
            raise ValueError(f"{where}: score {score_text!r} is not a number") from None
        if not math.isfinite(score):
            raise ValueError(f"{where}: score {score_text!r} is not finite")
        docs = run.setdefault(qid, {})
        if docid in docs:
            raise ValueError(f"{where}: document {docid!r} appears twice for query {qid!r}")
        docs[docid] = score
    logger.debug("read a run of %d queries from %s", len(run), path)
    return run


def _check_id(kind: str, value: str) -> None:
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"{kind} {value!r} is empty or contains whitespace")


def ranked(scores: Mapping[str, float], k: int | None = None) -> list[tuple[str, float]]:
    """Documents in trec_eval's order (score desc, docid desc), scores made strictly decreasing.

    ``k`` keeps the first ``k``. Non-finite scores raise ``ValueError``.
    """
    items = [(docid, float(score)) for docid, score in scores.items()]
    for docid, score in items:
        if not math.isfinite(score):
            raise ValueError(f"score {score!r} of document {docid!r} is not finite")
    items.sort(key=lambda item: item[0], reverse=True)  # ties: docid descending ...
    items.sort(key=lambda item: item[1], reverse=True)  # ... kept by this stable sort
    if k is not None:
        items = items[:k]
    out: list[tuple[str, float]] = []
    previous = math.inf
    for docid, score in items:
        if score >= previous:
            score = math.nextafter(previous, -math.inf)
        out.append((docid, score))
        previous = score
    return out


def write_qrels(path: str | Path, qrels: Mapping[str, Mapping[str, int]]) -> None:
    """Write qrels as ``qid 0 docid rel``, queries and documents in sorted order."""

    def lines() -> Iterable[str]:
        for qid in sorted(qrels):
            _check_id("query id", qid)
            for docid in sorted(qrels[qid]):
                _check_id("document id", docid)
                rel = qrels[qid][docid]
                if int(rel) != rel:
                    raise ValueError(f"relevance {rel!r} of {qid}/{docid} is not an integer")
                yield f"{qid} 0 {docid} {int(rel)}\n"

    with atomic_file(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines())


def write_run(
    path: str | Path, run: Mapping[str, Mapping[str, float]], tag: str, k: int | None = None
) -> None:
    """Write a run as ``qid Q0 docid rank score tag``, ``k`` documents per query at most.

    Queries in sorted order; within a query the order trec_eval reads (see :func:`ranked`), ranks
    from 1 and scores strictly decreasing.
    """
    _check_id("run tag", tag)
    if k is not None and k < 0:
        raise ValueError(f"k must be None or non-negative; got {k!r}")

    def lines() -> Iterable[str]:
        for qid in sorted(run):
            _check_id("query id", qid)
            for rank, (docid, score) in enumerate(ranked(run[qid], k), start=1):
                _check_id("document id", docid)
                yield f"{qid} Q0 {docid} {rank} {score!r} {tag}\n"

    with atomic_file(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines())
