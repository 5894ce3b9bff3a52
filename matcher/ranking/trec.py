"""TREC qrels and run files, read into and written from the dict-of-dicts interchange format.

* qrels ``{qid: {docid: rel}}`` on disk as ``qid 0 docid rel`` (the second field, the iteration,
  is ignored as trec_eval ignores it);
* run ``{qid: {docid: score}}`` on disk as ``qid Q0 docid rank score tag``.

Fields are separated by any whitespace; ids cannot contain whitespace. Files are parsed by
ir_measures' readers (:func:`ir_measures.read_trec_qrels`, :func:`ir_measures.read_trec_run`),
with this module's checks on top: a bad line, a run's rank that is not an integer, a score that
is not finite or a document given twice for a query raises ``ValueError("FILE:LINE: problem")``.
Writes are atomic (a temporary file, then a rename).

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import ir_measures

from matcher.files import atomic_file

logger = logging.getLogger(__name__)

Qrels = dict[str, dict[str, int]]
Run = dict[str, dict[str, float]]

__all__ = ["Qrels", "Run", "ranked", "read_qrels", "read_run", "write_qrels", "write_run"]


class _NumberedLines:
    """A text file for ir_measures' readers that remembers the line they last took.

    ir_measures reads any object with a ``read`` attribute by iterating over its lines, one
    record per non-blank line, yielded before the next line is taken: while a record (or an
    error) comes out, :attr:`lineno` and :attr:`line` are that line's.
    """

    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh
        self.read = fh.read
        self.lineno = 0
        self.line = ""

    def __iter__(self) -> Iterator[str]:
        for lineno, line in enumerate(self._fh, start=1):
            self.lineno, self.line = lineno, line
            yield line


def _read(
    path: Path,
    reader: Callable[[Any], Iterator[Any]],
    diagnose: Callable[[Path, int, list[str]], None],
    value: Callable[[Path, int, str, Any], Any],
    twice: str,
) -> dict[str, dict[str, Any]]:
    """``{qid: {docid: value(path, line number, line, record)}}`` of the records of ``reader``.

    ``reader`` is one of ir_measures' readers. When it fails on a line,
    ``diagnose(path, line number, fields)`` raises this module's message for it; should it find
    nothing, the reader's own error is raised with the place. A document given twice for a
    query raises ``FILE:LINE: document ... {twice} for query ...``.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    table: dict[str, dict[str, Any]] = {}
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = _NumberedLines(fh)
        records = reader(lines)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return table
            except UnicodeDecodeError:  # not a line's problem: the file is not UTF-8
                raise
            except ValueError as exc:
                diagnose(path, lines.lineno, lines.line.split())
                raise ValueError(f"{path}:{lines.lineno}: {exc}") from exc
            checked = value(path, lines.lineno, lines.line, record)
            docs = table.setdefault(record.query_id, {})
            if record.doc_id in docs:
                raise ValueError(
                    f"{path}:{lines.lineno}: document {record.doc_id!r} {twice} for query "
                    f"{record.query_id!r}"
                )
            docs[record.doc_id] = checked


def _diagnose_qrel(path: Path, lineno: int, fields: list[str]) -> None:
    if len(fields) != 4:
        raise ValueError(
            f"{path}:{lineno}: expected 4 fields 'qid 0 docid rel', found {len(fields)}"
        )
    try:
        int(fields[3])
    except ValueError:
        raise ValueError(f"{path}:{lineno}: relevance {fields[3]!r} is not an integer") from None


def _check_rank(path: Path, lineno: int, fields: list[str]) -> None:
    try:
        int(fields[3])
    except ValueError:
        raise ValueError(f"{path}:{lineno}: rank {fields[3]!r} is not an integer") from None


def _diagnose_run_line(path: Path, lineno: int, fields: list[str]) -> None:
    if len(fields) != 6:
        raise ValueError(
            f"{path}:{lineno}: expected 6 fields 'qid Q0 docid rank score tag', found {len(fields)}"
        )
    _check_rank(path, lineno, fields)
    try:
        float(fields[4])
    except ValueError:
        raise ValueError(f"{path}:{lineno}: score {fields[4]!r} is not a number") from None


def _checked_score(path: Path, lineno: int, line: str, scored: Any) -> float:
    """A run record's score, once its rank (ir_measures parses none) and score are checked."""
    fields = line.split()
    _check_rank(path, lineno, fields)
    if not math.isfinite(scored.score):
        raise ValueError(f"{path}:{lineno}: score {fields[4]!r} is not finite")
    return float(scored.score)


def read_qrels(path: str | Path) -> Qrels:
    """Read a TREC qrels file (``qid 0 docid rel``; ``rel`` an integer, possibly negative).

    Parsed by :func:`ir_measures.read_trec_qrels`; a bad line raises ``FILE:LINE: problem``.
    """
    path = Path(path)
    qrels: Qrels = _read(
        path,
        ir_measures.read_trec_qrels,
        _diagnose_qrel,
        lambda _path, _lineno, _line, qrel: qrel.relevance,
        "judged twice",
    )
    logger.debug("read %d queries of qrels from %s", len(qrels), path)
    return qrels


def read_run(path: str | Path) -> Run:
    """Read a TREC run file (``qid Q0 docid rank score tag``); the rank and tag are not kept.

    Parsed by :func:`ir_measures.read_trec_run`, which reads no rank: the rank is checked to be
    an integer here, and the score to be finite. A bad line raises ``FILE:LINE: problem``.
    """
    path = Path(path)
    run: Run = _read(
        path, ir_measures.read_trec_run, _diagnose_run_line, _checked_score, "appears twice"
    )
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
