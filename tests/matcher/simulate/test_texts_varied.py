"""Tests of the second text writer (matcher.simulate.texts_varied): what its texts must say."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from matcher.simulate import texts_varied as tv

LANGS = ("zh", "en", "mixed")
SEEDS = range(30)

POSITION: dict[str, Any] = {
    "title": "光学设计工程师",
    "duties_zh": (
        "车载摄像头模组的光学设计与公差分析",
        "红外镜头和变焦镜头的光学系统设计",
        "光学方案论证与像质评价",
    ),
    "duties_en": (
        "design automotive camera lenses and run tolerance analysis",
        "design infrared and zoom lens systems from concept to drawings",
        "evaluate image quality and optimise optical layouts",
    ),
    "req": ["Zemax", "公差分析", "工程光学"],
    "pref": ["Code V", "MATLAB"],
    "hidden": ["LightTools"],
    "degree": "bachelor",
    "majors": ["光学工程", "光电信息科学与工程", "测控技术与仪器", "应用物理学", "物理学"],
    "ent_short": "长光精密",
    "sector": "optics",
}
SELF: dict[str, Any] = {
    "skills": ["SolidWorks", "PLC编程", "机械制图", "AutoCAD"],
    "courses": ["机械原理", "机械设计", "控制工程基础", "液压与气动"],
    "sector": "mechatronics",
    "city": "长春",
}
ENTERPRISE: dict[str, Any] = {
    "short_name": "长光精密",
    "en_name": "Changchun Changguang Precision Technology Co., Ltd.",
    "city": "长春",
    "district": "高新区",
    "sectors": ["optics", "icv"],
    "tier": "little_giant",
    "size": "medium",
    "founded": 2011,
    "partner": True,
}
TOPIC = (
    "基于Zemax的双高斯照相物镜设计",
    "Double-Gauss camera lens design",
    "完成初始结构选型和像差优化",
    "choose a starting design and optimise aberrations",
)
#: Words that would carry personal data (gender, age, hometown, names, contacts, ethnicity).
PERSONAL = re.compile(
    r"男|女|岁|年龄|籍贯|老家|家乡|姓名|电话|手机|微信|邮箱|民族|汉族"
    r"|\b(?:fe)?male\b|\bage\b|\bhometown\b|\bphone\b|\bborn\b|@|\d{7,}",
    re.I,
)


def _position(lang: str, seed: int, ptype: str = "job", weeks: int = 12) -> str:
    rng = np.random.default_rng(seed)
    return tv.position_description(rng, lang=lang, ptype=ptype, weeks=weeks, **POSITION)


def _han_share(text: str) -> float:
    """Han characters among Han characters and Latin letters."""
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return han / max(han + len(re.findall(r"[A-Za-z]", text)), 1)


@pytest.mark.parametrize("lang", LANGS)
def test_position_description_writes_every_skill_degree_and_major(lang: str) -> None:
    for seed in SEEDS:
        text = _position(lang, seed)
        for skill in ("Zemax", "公差分析", "工程光学", "Code V", "MATLAB", "LightTools"):
            assert skill in text, (seed, skill, text)
        assert "本科" in text or "bachelor" in text.lower(), (seed, text)
        # Four majors in Chinese, three in English (a mixed writer may write either section).
        shown = ("光学工程", "光电信息科学与工程", "测控技术与仪器", "应用物理学")
        wanted = shown if lang == "zh" else shown[:3]
        assert all(m in text for m in wanted), (seed, text)
        assert "物理学" not in text.replace("应用物理学", "")  # the fifth major is not written


@pytest.mark.parametrize("lang", LANGS)
def test_position_description_writes_two_or_three_duties(lang: str) -> None:
    duties = [*POSITION["duties_zh"], *POSITION["duties_en"]]
    for seed in SEEDS:
        text = _position(lang, seed).lower()
        assert 2 <= sum(d.lower() in text for d in duties) <= 3, (seed, text)


@pytest.mark.parametrize("lang", LANGS)
def test_position_terms_name_the_weeks_or_months(lang: str) -> None:
    for seed in SEEDS:
        project = _position(lang, seed, ptype="project", weeks=14)
        assert re.search(r"14(周|-week| weeks)", project), (seed, project)
        assert "实践证明" in project or "certificate" in project, (seed, project)
        # An internship of 14 weeks asks for at least 3 months (14 // 4), as texts.py does,
        # four days a week.
        internship = _position(lang, seed, ptype="internship", weeks=14)
        assert re.search(r"3(个月|\+? months)", internship), (seed, internship)
        assert re.search(r"4天|four|4\+? days", internship), (seed, internship)


def test_chinese_texts_are_mostly_han() -> None:
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        assert _han_share(_position("zh", seed)) > 0.75
        me = tv.self_description(rng, lang="zh", cold=False, **SELF)
        assert _han_share(me) > 0.7, me
        ent = tv.enterprise_description(rng, lang="zh", **ENTERPRISE)
        assert _han_share(ent) > 0.9, ent
        # English texts are English: no Han characters besides the names passed in.
        en = _position("en", seed)
        for given in (
            POSITION["ent_short"],
            POSITION["title"],
            *POSITION["majors"],
            "公差分析",
            "工程光学",
        ):
            en = en.replace(given, "")
        assert _han_share(en) == 0.0, en


@pytest.mark.parametrize("lang", LANGS)
def test_self_description_writes_skills_courses_sector_and_city(lang: str) -> None:
    city = {"zh": "长春", "mixed": "长春", "en": "Changchun"}
    for seed in SEEDS:
        text = tv.self_description(np.random.default_rng(seed), lang=lang, cold=False, **SELF)
        for word in ("SolidWorks", "PLC编程", "机械制图", "机械原理", "机械设计", "控制工程基础"):
            assert word in text, (seed, word, text)
        assert "AutoCAD" not in text and "液压与气动" not in text  # only the first three
        assert "智能制造" in text or "mechatronics" in text, (seed, text)
        assert city[lang] in text or (lang == "mixed" and "Changchun" in text), (seed, text)


def test_self_description_without_sector_or_lists_still_says_something() -> None:
    for lang in LANGS:
        for seed in SEEDS:
            rng = np.random.default_rng(seed)
            text = tv.self_description(
                rng, lang=lang, skills=[], courses=[], sector=None, city=None, cold=False
            )
            assert len(text) >= 8, (lang, seed, text)


def test_cold_profiles_write_little() -> None:
    texts = [
        tv.self_description(np.random.default_rng(s), lang=lang, cold=True, **SELF)
        for s in SEEDS
        for lang in LANGS
    ]
    assert "" in texts
    assert all(len(t) <= 40 and "SolidWorks" not in t for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_project_text_names_the_topic_task_and_every_skill(lang: str) -> None:
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        title, role, desc = tv.project_text(
            rng, lang=lang, topic=TOPIC, skills=["Zemax", "像差理论"]
        )
        assert role
        assert "Zemax" in desc and "像差理论" in desc
        if title == TOPIC[0]:
            assert TOPIC[2] in desc
        else:
            assert title == TOPIC[1] and lang != "zh" and TOPIC[3] in desc


@pytest.mark.parametrize("lang", LANGS)
def test_enterprise_description_keeps_the_facts(lang: str) -> None:
    for seed in SEEDS:
        text = tv.enterprise_description(np.random.default_rng(seed), lang=lang, **ENTERPRISE)
        assert "2011" in text
        if lang == "en":
            assert ENTERPRISE["en_name"] in text and "Changchun" in text
            assert "little giant" in text and "practice base" in text
        else:
            assert "长光精密" in text and "长春高新区" in text
            assert "小巨人" in text and "基地" in text and "智能网联汽车" in text


def test_position_title_marks_internships_and_projects() -> None:
    args: dict[str, Any] = {
        "titles_zh": ("光学设计工程师",),
        "titles_en": ("Optical Design Engineer",),
        "topics_zh": ("车载镜头公差分析工具开发",),
        "topics_en": ("a tolerance analysis tool for automotive lenses",),
    }
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        assert "实习" in tv.position_title(rng, lang="zh", ptype="internship", **args)
        assert "Intern" in tv.position_title(rng, lang="en", ptype="internship", **args)
        project = tv.position_title(rng, lang="zh", ptype="project", **args)
        assert "车载镜头公差分析工具开发" in project and "项目" in project
        mixed = tv.position_title(rng, lang="mixed", ptype="job", **args)
        assert "光学设计" in mixed and "Optical Design Engineer" in mixed


def test_no_personal_data_in_texts_or_in_the_bank() -> None:
    for seed in SEEDS:
        for lang in LANGS:
            rng = np.random.default_rng(seed)
            texts = [
                _position(lang, seed, ptype=("job", "internship", "project")[seed % 3]),
                tv.self_description(rng, lang=lang, cold=False, **SELF),
                tv.enterprise_description(rng, lang=lang, **ENTERPRISE),
                tv.project_text(rng, lang=lang, topic=TOPIC, skills=["Zemax"])[2],
            ]
            for text in texts:
                assert not PERSONAL.search(text), text
    bank = [
        s
        for name, value in vars(tv).items()
        if name.startswith("_") and isinstance(value, tuple)
        for s in value
        if isinstance(s, str)
    ]
    assert len(bank) > 400
    assert [s for s in bank if PERSONAL.search(s)] == []


def test_same_seed_same_text_and_seeds_vary_the_opening() -> None:
    for lang in LANGS:
        assert _position(lang, 7) == _position(lang, 7)
        a = tv.self_description(np.random.default_rng(3), lang=lang, cold=False, **SELF)
        b = tv.self_description(np.random.default_rng(3), lang=lang, cold=False, **SELF)
        assert a == b
    # One student's facts, written 200 times: the first sentences are mostly different.
    texts = [
        tv.self_description(np.random.default_rng(s), lang="zh", cold=False, **SELF)
        for s in range(200)
    ]
    assert len({re.split(r"[。！？\n]", t)[0] for t in texts}) >= 120
