"""The bilingual taxonomy: data integrity, alias lookup, extraction in Chinese and English."""

from __future__ import annotations

from collections import Counter

import pytest

from matcher.text.taxonomy import CATEGORIES, Skill, Taxonomy, load_taxonomy, normalise


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def test_at_least_400_skills_with_both_labels(tax: Taxonomy) -> None:
    assert len(tax) >= 400
    assert all(s.zh.strip() and s.en.strip() for s in tax.skills.values())


def test_every_category_is_covered(tax: Taxonomy) -> None:
    counts = Counter(s.category for s in tax.skills.values())
    assert set(counts) == set(CATEGORIES)
    for main in ("optics", "mechatronics", "icv"):
        assert counts[main] >= 50, counts


def test_aliases_are_unique_across_skills(tax: Taxonomy) -> None:
    owner: dict[str, str] = {}
    for skill in tax.skills.values():
        for alias in skill.aliases:
            key = normalise(alias).strip()
            assert owner.setdefault(key, skill.id) == skill.id, (key, owner[key], skill.id)


def test_related_and_major_references_resolve(tax: Taxonomy) -> None:
    for skill in tax.skills.values():
        assert set(skill.related) <= tax.skills.keys(), skill.id
    for major in tax.majors.values():
        assert set(major.skills) <= tax.skills.keys(), major.code
    assert len(tax.majors) >= 20


def test_lookup_is_case_and_width_insensitive(tax: Taxonomy) -> None:
    assert tax.lookup("ZEMAX") == tax.lookup("zemax") == tax.lookup("ＺＥＭＡＸ") is not None


def test_laser_meets_across_languages(tax: Taxonomy) -> None:
    zh = set(tax.extract_ids("熟悉激光器的原理"))
    en = set(tax.extract_ids("experience with lasers"))
    assert zh & en, (zh, en)


def test_extract_reports_spans(tax: Taxonomy) -> None:
    text = "熟练使用SolidWorks进行机械设计，了解CAN总线"
    matches = tax.extract(text)
    assert matches
    for m in matches:
        assert text[m.start : m.end] == m.text
    ids = [m.skill_id for m in matches]
    assert tax.lookup("solidworks") in ids and tax.lookup("can总线") in ids


def test_extract_english_plural_and_case(tax: Taxonomy) -> None:
    assert tax.lookup("plc") in tax.extract_ids("Programmed Siemens PLCs for a packaging line.")


def test_longest_match_wins() -> None:
    tax = Taxonomy(
        [
            Skill(id="laser", zh="激光", en="laser", category="optics"),
            Skill(id="laser_welding", zh="激光焊接", en="laser welding", category="optics"),
        ]
    )
    assert tax.extract_ids("laser welding of battery tabs") == ["laser_welding"]
    assert tax.extract_ids("负责激光焊接工艺") == ["laser_welding"]
    assert tax.extract_ids("a laser source") == ["laser"]


def test_empty_text(tax: Taxonomy) -> None:
    assert tax.extract("") == [] and tax.extract("   ") == []


def test_duplicate_id_refused() -> None:
    s = Skill(id="x", zh="甲", en="x", category="math")
    with pytest.raises(ValueError, match="duplicate"):
        Taxonomy([s, s])


def test_canonicalise_phrases(tax: Taxonomy) -> None:
    ids = tax.canonicalise(["Zemax", "熟悉 MATLAB/Simulink 建模"])
    assert tax.lookup("zemax") in ids
    assert ids and len(ids) == len(set(ids))
