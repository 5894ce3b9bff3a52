"""Per-field precision and recall of the document reader on a labelled set (``matcher eval-parse``).

Each labelled document is read as an upload is (:func:`matcher.documents.parse.parse_document`,
the reading child included) and its draft compared with the fields a person would type. Skills
are scored as sets, micro-averaged over the documents of a language; a single-valued field
counts as predicted when the draft has a value, and as right when it equals the label
(a major by its code, a title without spaces and case).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.documents.draft import JobDraft, ResumeDraft
from matcher.documents.parse import parse_document

#: The project's labelled set (a source checkout's data/documents).
DEFAULT_SET = Path(__file__).resolve().parents[2] / "data" / "documents" / "labels.jsonl"
#: The fields scored for each kind, in the order of the table.
RESUME_FIELDS = ("skills", "major", "degree", "graduation_year")
JOB_FIELDS = ("title", "required_skills", "all_skills", "min_degree", "city")


@dataclass
class Tally:
    """Counts of one field: predicted, labelled and right."""

    predicted: int = 0
    labelled: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The counts with precision and recall."""
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "predicted": self.predicted,
            "labelled": self.labelled,
            "right": self.right,
        }


@dataclass
class Scores:
    """Tallies per (kind, language, field), the documents read and the time each took."""

    tallies: dict[tuple[str, str, str], Tally] = field(default_factory=dict)
    documents: dict[tuple[str, str], int] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def tally(self, kind: str, lang: str, name: str) -> Tally:
        return self.tallies.setdefault((kind, lang, name), Tally())

    def as_dict(self) -> dict[str, Any]:
        """``{kind: {lang: {documents, fields: {field: counts}}}}``."""
        out: dict[str, Any] = {}
        for (kind, lang, name), tally in sorted(self.tallies.items()):
            entry = out.setdefault(kind, {}).setdefault(lang, {"fields": {}})
            entry["documents"] = self.documents.get((kind, lang), 0)
            entry["fields"][name] = tally.as_dict()
        return out


def read_set(path: Path) -> list[dict[str, Any]]:
    """The labels of a set, one dict per document (``file`` relative to the labels' folder)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["path"] = path.parent / row["file"]
                row["kind"], row["language"], row["fields"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: {exc}") from None
            rows.append(row)
    return rows


def _same_text(a: object, b: object) -> bool:
    def norm(x: object) -> str:
        return re.sub(r"[\s（）()·:：]+", "", str(x)).lower()

    return norm(a) == norm(b)


def _single(tally: Tally, predicted: object, labelled: object, equal: Any = None) -> bool:
    equal = equal or (lambda a, b: a == b)
    right = predicted is not None and labelled is not None and equal(predicted, labelled)
    tally.predicted += predicted is not None
    tally.labelled += labelled is not None
    tally.right += bool(right)
    return right


def _sets(tally: Tally, predicted: Iterable[str], labelled: Iterable[str]) -> tuple[set, set]:
    got, want = set(predicted), set(labelled)
    tally.predicted += len(got)
    tally.labelled += len(want)
    tally.right += len(got & want)
    return got - want, want - got


def score(rows: list[dict[str, Any]]) -> Scores:
    """Read every labelled document and tally its fields."""
    scores = Scores()
    for row in rows:
        kind, lang, want = row["kind"], row["language"], row["fields"]
        started = time.perf_counter()
        draft = parse_document(Path(row["path"]).read_bytes(), kind=kind)
        scores.seconds.append(time.perf_counter() - started)
        scores.documents[(kind, lang)] = scores.documents.get((kind, lang), 0) + 1
        miss: dict[str, Any] = {"file": row["file"]}
        if isinstance(draft, ResumeDraft):
            got = draft.fields
            extra, missed = _sets(
                scores.tally(kind, lang, "skills"), (s.id for s in draft.skills), want["skills"]
            )
            miss.update(extra_skills=sorted(extra), missed_skills=sorted(missed))
            code = got["major_code"].value
            if not _single(scores.tally(kind, lang, "major"), code or got["major"].value,
                           want.get("major_code") or want.get("major")):  # fmt: skip
                miss["major"] = (code or got["major"].value, want.get("major_code"))
            for name in ("degree", "graduation_year"):
                if not _single(scores.tally(kind, lang, name), got[name].value, want.get(name)):
                    miss[name] = (got[name].value, want.get(name))
        else:
            assert isinstance(draft, JobDraft)
            got = draft.fields
            if not _single(
                scores.tally(kind, lang, "title"), got["title"].value, want.get("title"), _same_text
            ):
                miss["title"] = (got["title"].value, want.get("title"))
            extra, missed = _sets(
                scores.tally(kind, lang, "required_skills"),
                (s.id for s in draft.required_skills),
                want.get("required_skills", []),
            )
            miss.update(extra_required=sorted(extra), missed_required=sorted(missed))
            _sets(
                scores.tally(kind, lang, "all_skills"),
                (s.id for s in [*draft.required_skills, *draft.preferred_skills]),
                [*want.get("required_skills", []), *want.get("preferred_skills", [])],
            )
            if not _single(
                scores.tally(kind, lang, "min_degree"),
                got["min_degree"].value,
                want.get("min_degree"),
            ):
                miss["min_degree"] = (got["min_degree"].value, want.get("min_degree"))
            if not _single(scores.tally(kind, lang, "city"), got["city"].value, want.get("city")):
                miss["city"] = (got["city"].value, want.get("city"))
        if len(miss) > 1 and any(miss[k] for k in miss if k != "file"):
            scores.misses.append(miss)
    return scores


def table(scores: Scores) -> list[str]:
    """The scores as a Markdown table: one row per kind, language and field."""
    lines = ["| kind | lang | docs | field | precision | recall |", "|---|---|---|---|---|---|"]
    for kind, fields in (("resume", RESUME_FIELDS), ("job", JOB_FIELDS)):
        for lang in ("zh", "en"):
            docs = scores.documents.get((kind, lang), 0)
            for name in fields:
                tally = scores.tallies.get((kind, lang, name))
                if tally is None:
                    continue
                scored = f"{tally.precision:.3f} | {tally.recall:.3f}"
                lines.append(f"| {kind} | {lang} | {docs} | {name} | {scored} |")
    return lines
