"""Remembered skill extraction gives the taxonomy's answers and survives a restart."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from matcher.text.skillcache import SkillCache, fingerprint
from matcher.text.taxonomy import Taxonomy, load_taxonomy, read_majors, read_skills

TEXTS = [
    "熟悉Zemax光学设计和激光器调试，会用Python做图像处理",
    "Experience with PLC programming, servo motors and ROS for autonomous driving",
    "负责ADAS功能测试，熟悉CAN总线",
    "",
]


def test_same_answers_as_the_taxonomy(tmp_path: Path) -> None:
    tax = load_taxonomy()
    cache = SkillCache(tax, tmp_path)
    for text in TEXTS:
        assert cache.extract_ids(text) == tax.extract_ids(text)
        assert cache.extract_ids(text) == tax.extract_ids(text)  # the remembered answer
    phrases = ["Zemax", "光学设计", "PLC"]
    assert cache.canonicalise(phrases) == tax.canonicalise(phrases)
    assert cache.canonicalise([]) == []
    assert cache.hits == len(TEXTS) and cache.misses == len(TEXTS) + 1


def test_answers_survive_a_restart(tmp_path: Path) -> None:
    tax = load_taxonomy()
    first = SkillCache(tax, tmp_path)
    expected = [first.extract_ids(t) for t in TEXTS]
    first.save()
    second = SkillCache(tax, tmp_path)
    assert [second.extract_ids(t) for t in TEXTS] == expected
    assert second.misses == 0 and second.hits == len(TEXTS)
    # Returned lists are copies: changing one does not change the memory.
    second.extract_ids(TEXTS[0]).append("bogus")
    assert second.extract_ids(TEXTS[0]) == expected[0]


def test_another_taxonomy_gets_another_file(tmp_path: Path) -> None:
    full = load_taxonomy()
    smaller = Taxonomy(read_skills()[:-1], read_majors())
    assert fingerprint(full) != fingerprint(smaller)
    SkillCache(full, tmp_path).save()  # nothing new: no file
    a, b = SkillCache(full, tmp_path), SkillCache(smaller, tmp_path)
    a.extract_ids(TEXTS[0])
    b.extract_ids(TEXTS[0])
    a.save()
    b.save()
    assert len(list(tmp_path.glob("*.json.gz"))) == 2


def test_a_damaged_file_only_costs_time(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tax = load_taxonomy()
    cache = SkillCache(tax, tmp_path)
    cache.extract_ids(TEXTS[0])
    cache.save()
    assert cache.path is not None
    cache.path.write_bytes(gzip.compress(b"{not json")[:-4])
    again = SkillCache(tax, tmp_path)
    assert "ignoring unreadable skill cache" in caplog.text
    assert again.extract_ids(TEXTS[0]) == tax.extract_ids(TEXTS[0])
    assert again.misses == 1
