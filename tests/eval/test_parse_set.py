"""The document-parsing evaluation set (``data/documents``): its files, balance and labels."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eval.parsing.writers import PERSONAL_FIELDS

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "data" / "documents"
TAXONOMY = ROOT / "matcher" / "text" / "taxonomy_data"
DEGREES = {"associate", "bachelor", "master", "doctor"}
PERSONAL = set(PERSONAL_FIELDS)


def _ids(name: str, key: str) -> set[str]:
    with (TAXONOMY / name).open(encoding="utf-8") as f:
        return {json.loads(line)[key] for line in f if line.strip()}


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    with (SET / "labels.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_every_labelled_file_exists_and_every_file_is_labelled(
    lines: list[dict[str, Any]],
) -> None:
    labelled = [line["file"] for line in lines]
    assert len(labelled) == len(set(labelled))
    assert all((SET / f).is_file() for f in labelled)
    on_disk = {str(p.relative_to(SET)) for p in SET.glob("*/*") if p.is_file()}
    assert on_disk == set(labelled)


def test_kinds_and_languages_are_balanced(lines: list[dict[str, Any]]) -> None:
    kinds = Counter(line["kind"] for line in lines)
    assert kinds["resume"] >= 40 and kinds["job"] >= 40
    for kind, n in kinds.items():
        langs = Counter(line["language"] for line in lines if line["kind"] == kind)
        assert set(langs) == {"zh", "en"}
        assert abs(langs["zh"] - n / 2) <= 2, (kind, langs)
    handwritten = Counter(line["kind"] for line in lines if line["source"] == "handwritten")
    assert handwritten["resume"] >= 8 and handwritten["job"] >= 8


def test_formats_and_layouts_vary(lines: list[dict[str, Any]]) -> None:
    formats = Counter(line["format"] for line in lines)
    assert formats["pdf"] >= 30 and formats["docx"] >= 30 and formats["txt"] >= 4
    for fmt in ("pdf", "docx"):
        layouts = {line["layout"] for line in lines if line["format"] == fmt}
        assert layouts == {"single", "two_column", "table"}
    for line in lines:
        assert line["file"].endswith(f"_{line['layout']}.{line['format']}")


def test_skill_ids_are_in_the_taxonomy(lines: list[dict[str, Any]]) -> None:
    known = _ids("skills.jsonl", "id")
    for line in lines:
        f = line["fields"]
        skills = f["skills"] if line["kind"] == "resume" else f["required_skills"]
        assert skills, line["file"]
        found = set(skills) | set(f.get("preferred_skills", []))
        assert found <= known, (line["file"], found - known)
        if line["kind"] == "job":
            assert not set(f["required_skills"]) & set(f["preferred_skills"]), line["file"]


def test_majors_exist(lines: list[dict[str, Any]]) -> None:
    codes = _ids("majors.jsonl", "code")
    for line in lines:
        f = line["fields"]
        if line["kind"] == "resume":
            assert f["major_code"] in codes, line["file"]
        else:
            assert set(f["accepted_majors"]) <= codes, line["file"]


def test_fields_are_well_formed(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        f = line["fields"]
        if line["kind"] == "resume":
            assert f["degree"] in DEGREES
            assert 2020 <= f["graduation_year"] <= 2035
            assert f["gpa"] is None or 0 < f["gpa"] <= 4.0
            assert set(f["personal"]) <= PERSONAL and "name" in f["personal"]
            continue
        assert f["type"] in {"job", "internship", "project"}
        assert f["min_degree"] in DEGREES
        assert f["title"] and f["city"]
        assert re.fullmatch(r"[\u4e00-\u9fff]+", f["city"]), f["city"]
        assert f["district"] is None or re.fullmatch(r"[\u4e00-\u9fff]+", f["district"])
        lo, hi = f["salary_min"], f["salary_max"]
        assert (lo is None) == (hi is None)
        assert lo is None or 0 < lo <= hi
        assert f["openings"] is None or f["openings"] >= 1
        assert f["deadline"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", f["deadline"])


def test_files_are_what_their_names_say(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        path = SET / line["file"]
        if line["format"] == "pdf":
            assert path.read_bytes()[:5] == b"%PDF-", line["file"]
        elif line["format"] == "docx":
            assert zipfile.is_zipfile(path), line["file"]
            with zipfile.ZipFile(path) as z:
                assert "word/document.xml" in z.namelist()
        else:
            assert path.read_text(encoding="utf-8").strip()


def test_set_is_small(lines: list[dict[str, Any]]) -> None:
    total = sum((SET / line["file"]).stat().st_size for line in lines)
    assert total < 3_000_000
