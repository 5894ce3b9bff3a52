"""Render the world's entities as records of :mod:`matcher.schemas` and write them as JSONL.

Records are plain dicts in schema field order, with ``None``, empty and false-by-default fields
left out to keep files small; dates are ISO 8601, text is UTF-8 (``ensure_ascii=False``).
Hidden traits are never written here.

Why one long module (about 510 lines): one renderer per record type, each mirroring its
schema field by field.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from matcher.simulate import texts, texts_varied
from matcher.simulate.catalogue import SECTORS, major_abbrev
from matcher.simulate.config import TextStyle, make_rng
from matcher.simulate.names import (
    CITIES,
    ETHNICITIES,
    enterprise_names,
    internship_organisation,
    person_name,
    phone_number,
)
from matcher.simulate.unknown_skills import UnknownSkills
from matcher.simulate.world import DEGREES, LANGS, SIZES, TIERS, TYPES, World

logger = logging.getLogger(__name__)

_EPOCH = dt.date(1970, 1, 1)


class Ids:
    """Zero-padded short ids whose widths fit the counts (e0001, p00001, s00001, i0000001)."""

    def __init__(self, enterprises: int, positions: int, students: int, interactions_bound: int):
        self.e_w = max(4, len(str(enterprises)))
        self.p_w = max(5, len(str(positions)))
        self.s_w = max(5, len(str(students)))
        self.i_w = max(7, len(str(interactions_bound)))

    def ent(self, i: int) -> str:
        """Enterprise id of index ``i``."""
        return f"e{i + 1:0{self.e_w}d}"

    def pos(self, i: int) -> str:
        """Position id of index ``i``."""
        return f"p{i + 1:0{self.p_w}d}"

    def stu(self, i: int) -> str:
        """Student id of index ``i``."""
        return f"s{i + 1:0{self.s_w}d}"


def dumps(record: dict[str, Any]) -> str:
    """One compact JSON line."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines; return how many."""
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(dumps(rec))
            n += 1
    return n


def _date(ordinal: int) -> str:
    return dt.date.fromordinal(int(ordinal)).isoformat()


# -- enterprises ---------------------------------------------------------------------------------


def enterprise_name_table(world: World) -> list[tuple[str, str, str]]:
    """(legal Chinese name, English name, short name used in texts) of every enterprise."""
    rng = make_rng(world.seed, "enterprise-names")
    cities = [CITIES[int(c)] for c in world.ents.city]
    names = enterprise_names(rng, cities, [SECTORS[int(s)] for s in world.ents.sector1])
    out = []
    for (zh, en), city in zip(names, cities, strict=True):
        short = zh[len(city) :]
        for suffix in ("科技有限公司", "技术有限公司", "股份有限公司", "设备有限公司"):
            short = short.replace(suffix, "")
        out.append((zh, en, short))
    return out


class Writers:
    """Chooses, per record, which writer writes its texts (``TextStyle.writers``), from a
    stream of its own so the choice moves no other draw."""

    def __init__(self, world: World, kind: str) -> None:
        shares = np.asarray(world.cfg.text.writers, dtype=np.float64)
        self.varied_p = float(shares[1] / shares.sum())
        self.rng = make_rng(world.seed, f"text-writer-{kind}")

    def next(self) -> Any:
        """The module that writes the next record's texts."""
        return texts_varied if self.rng.random() < self.varied_p else texts


def enterprise_records(
    world: World, ids: Ids, names: list[tuple[str, str, str]]
) -> Iterator[dict[str, Any]]:
    """Enterprise records with invented names and descriptions."""
    ents = world.ents
    rng = make_rng(world.seed, "text-enterprises")
    writers = Writers(world, "enterprises")
    for i in range(ents.n):
        sectors = [SECTORS[int(ents.sector1[i])]]
        if ents.sector2[i] >= 0:
            sectors.append(SECTORS[int(ents.sector2[i])])
        zh, en, short = names[i]
        city = CITIES[int(ents.city[i])]
        desc = writers.next().enterprise_description(
            rng,
            lang=LANGS[int(ents.lang[i])],
            short_name=short,
            en_name=en,
            city=city,
            district=ents.district[i],
            sectors=sectors,
            tier=TIERS[int(ents.tier[i])],
            size=SIZES[int(ents.size[i])],
            founded=int(ents.founded[i]),
            partner=bool(ents.partner[i]),
        )
        rec: dict[str, Any] = {
            "id": ids.ent(i),
            "name": zh,
            "sectors": sectors,
            "tier": TIERS[int(ents.tier[i])],
            "city": city,
            "district": ents.district[i],
            "size": SIZES[int(ents.size[i])],
            "description": desc,
        }
        if ents.partner[i]:
            rec["partner"] = True
        rec["founded_year"] = int(ents.founded[i])
        yield rec


# -- positions -----------------------------------------------------------------------------------


def position_records(
    world: World, ids: Ids, status: list[str], names: list[tuple[str, str, str]]
) -> Iterator[dict[str, Any]]:
    """Position records: titles, descriptions and written skills in the writer's language."""
    pos, cat = world.pos, world.cat
    rng = make_rng(world.seed, "text-positions")
    style = world.cfg.text
    unknown = UnknownSkills(cat.taxonomy)
    shorts = [n[2] for n in names]
    writers = Writers(world, "positions")
    near: dict[int, list[int]] = {}
    for i in range(pos.n):
        writer = writers.next()
        lang = LANGS[int(pos.lang[i])]
        role = cat.roles[int(pos.role[i])].role
        ptype = TYPES[int(pos.ptype[i])]
        titles_zh, titles_en = _title_bank(world, i, rng, near)
        title = writer.position_title(
            rng,
            lang=lang,
            ptype=ptype,
            titles_zh=titles_zh,
            titles_en=titles_en,
            topics_zh=role.topics_zh,
            topics_en=role.topics_en,
        )
        surf = {
            k: texts.skill_surface(cat.skills[k], lang, rng)
            for k in (*pos.req_written[i], *pos.pref_written[i], *pos.hidden_mentioned[i])
        }
        for k in surf:
            if rng.random() < style.unknown_skill_p:
                surf[k] = unknown.variant(surf[k], rng)
        req = [
            texts.requirement_phrase(surf[k], lang, rng, preferred=False)
            for k in pos.req_written[i]
        ]
        pref = [
            texts.requirement_phrase(surf[k], lang, rng, preferred=True)
            for k in pos.pref_written[i]
        ]
        major_names = [_major_name(cat.majors[m], lang, rng) for m in pos.accepted_majors[i]]
        degree = DEGREES[int(pos.min_degree[i])]
        desc = writer.position_description(
            rng,
            lang=lang,
            ptype=ptype,
            title=title,
            duties_zh=role.duties_zh,
            duties_en=role.duties_en,
            req=[surf[k] for k in pos.req_written[i]][:4],
            pref=[surf[k] for k in pos.pref_written[i]][:3],
            hidden=[surf[k] for k in pos.hidden_mentioned[i]],
            degree=degree,
            majors=[
                _major_name(cat.majors[m], lang, rng, codes=False) for m in pos.accepted_majors[i]
            ],
            ent_short=shorts[int(pos.ent[i])],
            sector=SECTORS[int(pos.sector[i])],
            weeks=int(pos.weeks[i]),
        )
        rec: dict[str, Any] = {
            "id": ids.pos(i),
            "enterprise_id": ids.ent(int(pos.ent[i])),
            "type": ptype,
            "title": title,
            "description": desc,
        }
        if req:
            rec["required_skills"] = req
        if pref:
            rec["preferred_skills"] = pref
        if major_names:
            rec["accepted_majors"] = major_names
        rec["min_degree"] = degree
        rec["city"] = CITIES[int(pos.city[i])]
        rec["district"] = pos.district[i]
        rec["openings"] = int(pos.openings[i])
        if pos.salary_min[i] > 0:
            rec["salary_min"] = int(pos.salary_min[i])
            rec["salary_max"] = int(pos.salary_max[i])
        rec["application_start"] = _date(pos.start[i])
        rec["deadline"] = _date(pos.deadline[i])
        rec["status"] = status[i]
        posted = np.datetime64(int(pos.posted_sec[i]), "s")
        rec["posted_at"] = str(posted)
        yield rec


#: Titles any role may be advertised under.
GENERIC_TITLES_ZH: tuple[str, ...] = (
    "研发工程师",
    "技术员",
    "助理工程师",
    "技术支持工程师",
    "工程师",
    "储备干部（技术方向）",
    "管培生（技术类）",
)
GENERIC_TITLES_EN: tuple[str, ...] = (
    "R&D Engineer",
    "Technician",
    "Assistant Engineer",
    "Technical Support Engineer",
    "Engineer",
    "Graduate Trainee (Technical)",
)


def near_roles(world: World, role: int, k: int = 3) -> list[int]:
    """The ``k`` roles of the same sector whose skill pools overlap ``role``'s most (a motor
    control engineer may be advertised as an electrical engineer, not as a sales clerk)."""
    cat = world.cat
    own = set(cat.roles[role].pool) | set(cat.roles[role].anchors)
    scored = []
    for sector_roles in cat.roles_by_sector.values():
        if role not in sector_roles:
            continue
        for other in sector_roles:
            theirs = set(cat.roles[other].pool) | set(cat.roles[other].anchors)
            overlap = len(own & theirs) / max(len(own | theirs), 1)
            if other != role and overlap > 0.2:
                scored.append((-overlap, other))
    return [r for _, r in sorted(set(scored))[:k]]


def _title_bank(
    world: World, i: int, rng: np.random.Generator, near: dict[int, list[int]]
) -> tuple[Any, Any]:
    """Titles a position may carry: its role's, or (with ``title_crossover_p``) a near role's
    (:func:`near_roles`) or a generic one, so a title names no single role."""
    cat, pos = world.cat, world.pos
    role = int(pos.role[i])
    own = cat.roles[role].role
    if rng.random() >= world.cfg.text.title_crossover_p:
        return own.titles_zh, own.titles_en
    if role not in near:
        near[role] = near_roles(world, role)
    if near[role] and rng.random() < 0.6:
        other = cat.roles[near[role][int(rng.integers(len(near[role])))]].role
        return other.titles_zh, other.titles_en
    return GENERIC_TITLES_ZH, GENERIC_TITLES_EN


def _major_name(major: Any, lang: str, rng: np.random.Generator, codes: bool = True) -> str:
    """How a writer names an accepted major: Chinese or English name, sometimes the code."""
    if codes and rng.random() < 0.15:
        return str(major.code)
    if lang == "en" or (lang == "mixed" and rng.random() < 0.4):
        return str(major.en)
    return str(major.zh)


# -- students ------------------------------------------------------------------------------------

_CLAIM_ZH = (("精通{s}", 0.8), ("熟练使用{s}", 0.6), ("熟悉{s}", 0.4), ("了解{s}", 0.0))
_CLAIM_EN = (("{s} (advanced)", 0.8), ("{s} (proficient)", 0.6), ("{s}", 0.4), ("basic {s}", 0.0))


def _claim(
    surface: str, believed: float, lang: str, rng: np.random.Generator, style: TextStyle
) -> str:
    """A skill as written: bare, or with a level word chosen from what she believes of herself
    blurred by how people pick words (no word marks a hidden level)."""
    if rng.random() >= style.claim_word_p:
        return surface
    table = _CLAIM_ZH if lang == "zh" or (lang == "mixed" and rng.random() < 0.6) else _CLAIM_EN
    level = believed + rng.logistic(0.0, style.claim_word_noise)
    for template, floor in table:
        if level >= floor:
            return template.format(s=surface)
    return surface


def _class_numbers(world: World) -> np.ndarray:
    """Class number within (major, entry year, degree): 30 students per class."""
    stu = world.stu
    key = (stu.major * 10_000 + stu.entry_year) * 10 + stu.degree
    order = np.argsort(key, kind="stable")
    srt = key[order]
    new = np.r_[True, srt[1:] != srt[:-1]] if srt.size else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(new)
    rank = np.arange(srt.size) - starts[np.cumsum(new) - 1] if srt.size else srt
    out = np.empty(stu.n, dtype=np.int64)
    out[order] = rank // 30 + 1
    return out


def student_records(world: World, ids: Ids) -> Iterator[dict[str, Any]]:
    """Student records: personal fields, study, a noisy written profile and preferences."""
    stu, cat = world.stu, world.cat
    rng = make_rng(world.seed, "text-students")
    style = world.cfg.text
    unknown = UnknownSkills(cat.taxonomy)
    classes = _class_numbers(world)
    eth_names = [e for e, _ in ETHNICITIES]
    eth_p = np.array([w for _, w in ETHNICITIES])
    ethnicities = rng.choice(len(eth_names), size=stu.n, p=eth_p / eth_p.sum())
    sector_taste_p = np.exp(1.5 * stu.sector_taste)
    sector_taste_p /= sector_taste_p.sum(axis=1, keepdims=True)
    comp_w = {
        top: [
            3.0 if top in secs else (1.5 if not secs else 0.5) for _, _, secs in texts.COMPETITIONS
        ]
        for top in SECTORS
    }
    english_idx = list(cat.english_skills)
    writers = Writers(world, "students")
    for i in range(stu.n):
        writer = writers.next()
        lang = LANGS[int(stu.lang[i])]
        major = cat.majors[int(stu.major[i])]
        degree = DEGREES[int(stu.degree[i])]
        cold = bool(stu.cold[i])
        female = bool(stu.female[i])
        talent = float(stu.talent[i])
        ethnicity = eth_names[int(ethnicities[i])]
        entry = int(stu.entry_year[i])
        birth = (
            entry
            - (22 if degree == "master" else 18)
            - int(rng.random() < 0.3)
            + int(rng.random() < 0.1)
        )
        rec: dict[str, Any] = {
            "id": ids.stu(i),
            "name": person_name(rng, female, korean=ethnicity == "朝鲜族"),
            "student_number": f"{entry}{int(stu.major[i]) + 1:03d}{i + 1:0{ids.s_w}d}",
            "phone": phone_number(rng),
            "gender": "female" if female else "male",
            "ethnicity": ethnicity,
            "hometown": stu.hometown[i],
            "birth_year": birth,
        }
        en_major = lang == "en" or (lang == "mixed" and rng.random() < 0.3)
        rec["major"] = major.en if en_major else major.zh
        if rng.random() < 0.85:
            rec["major_code"] = major.code
        rec["college"] = major.college_en if en_major and major.college_en else major.college
        abbr = major_abbrev(major)
        if degree == "master":
            rec["cohort"] = f"{abbr}硕{entry}级"
        elif degree == "associate":
            rec["cohort"] = f"{abbr}(专){entry}-{classes[i]}班"
        else:
            rec["cohort"] = f"{abbr}{entry}-{classes[i]}班"
        rec["degree"] = degree
        rec["graduation_year"] = int(stu.grad_year[i])
        if not cold or rng.random() < 0.5:
            if rng.random() < 0.8:
                rec["gpa"] = float(stu.gpa[i])
            if rng.random() < 0.55:
                rec["rank_percentile"] = round(float(stu.rank_pct[i]), 1)
        # Courses with grades driven by talent and the skills they teach.
        courses = []
        if not cold and major.core_courses:
            k = min(len(major.core_courses), int(rng.integers(4, 9)))
            show_grade = rng.random() < 0.75
            noise = rng.normal(0, 6, k).tolist()
            picked = sorted(rng.choice(len(major.core_courses), size=k, replace=False).tolist())
            for ci, eps in zip(picked, noise, strict=True):
                course = major.core_courses[ci]
                linked = cat.course_skills.get((int(stu.major[i]), ci), [])
                skill_part = float(stu.prof[i, linked].mean()) - 0.3 if linked else 0.0
                effort = 4 * talent + 5 * float(stu.diligence[i])
                grade = float(min(max(round(72 + effort + 15 * skill_part + eps), 45), 99))
                name = (
                    course.en
                    if (lang == "en" or (lang == "mixed" and rng.random() < 0.4))
                    else course.zh
                )
                courses.append({"name": name, "grade": grade} if show_grade else {"name": name})
        if courses:
            rec["courses"] = courses
        # Written skills: what she believes of herself, in no particular order; some written in
        # a form the taxonomy does not know, and a tool or two it does not hold.
        listed = rng.permutation(np.flatnonzero(stu.listed[i]))
        surfaces = {int(k): texts.skill_surface(cat.skills[int(k)], lang, rng) for k in listed}
        for k in listed:
            if rng.random() < style.unknown_skill_p:
                surfaces[int(k)] = unknown.variant(surfaces[int(k)], rng)
        skills = [
            _claim(surfaces[int(k)], float(stu.believed[i, k]), lang, rng, style) for k in listed
        ]
        if skills and rng.random() < style.unknown_skill_p:
            skills.insert(int(rng.integers(len(skills) + 1)), unknown.tool(rng))
        if skills:
            rec["skills"] = skills
            if rng.random() < world.cfg.skill_ids_p:
                rec["skill_ids"] = [cat.skill_ids[int(k)] for k in listed]
        # Certificates.
        certs: list[str] = []
        eng = float(stu.prof[i, english_idx].max()) if english_idx else 0.3 + 0.1 * talent
        if not cold:
            p4 = 1 / (
                1
                + np.exp(-(0.9 + 1.0 * talent + 2.0 * eng - (1.2 if degree == "associate" else 0)))
            )
            if rng.random() < p4:
                certs.append("CET-4")
                p6 = 1 / (
                    1 + np.exp(-(-0.9 + 1.0 * talent + 2.5 * eng + (0.8 if lang == "en" else 0)))
                )
                if rng.random() < p6:
                    certs.append("CET-6")
            top_sector = SECTORS[int(np.argmax(stu.sector_taste[i]))]
            for zh, en, p, secs in texts.CERTIFICATES:
                boost = 2.0 if secs and top_sector in secs else (1.0 if not secs else 0.4)
                if rng.random() < p * boost:
                    certs.append(en if lang == "en" else zh)
        if certs:
            rec["certificates"] = certs
        # Projects mentioning (mostly listed) skills.
        taste_cum = np.cumsum(sector_taste_p[i]).tolist()
        true_unlisted = np.flatnonzero((stu.prof[i] > 0) & ~stu.listed[i])
        projects = []
        n_proj = 0 if cold else int(np.clip(rng.poisson(max(1.2 + 0.3 * talent, 0.1)), 0, 3))
        for _ in range(n_proj):
            sec_i = min(texts.weighted_index(rng, taste_cum), len(SECTORS) - 1)
            topic = texts.pick(rng, texts.STUDENT_PROJECTS[SECTORS[sec_i]])
            fitting = [int(k) for k in listed[:12] if cat.skill_sector[int(k), sec_i] >= 0.5]
            cands = [surfaces[k] for k in (fitting or [int(k) for k in listed[:8]])]
            mention = texts.pick_some(rng, cands, int(rng.integers(1, 4)))
            if true_unlisted.size and rng.random() < 0.25:
                k = int(true_unlisted[int(rng.integers(true_unlisted.size))])
                mention.append(texts.skill_surface(cat.skills[k], lang, rng))
            title, role, desc = writer.project_text(rng, lang=lang, topic=topic, skills=mention)
            projects.append({"title": title, "role": role, "description": desc})
        if projects:
            rec["projects"] = projects
        # Competitions.
        comps = []
        top = SECTORS[int(np.argmax(stu.sector_taste[i]))]
        chosen_comps: list[int] = []
        weights = list(comp_w[top])
        for _ in range(int(stu.n_competitions[i])):
            ci = min(texts.weighted_index(rng, list(accumulate(weights))), len(weights) - 1)
            weights[ci] = 0.0
            chosen_comps.append(ci)
        level_cum = list(accumulate(_level_p(talent)))
        for ci in chosen_comps:
            zh, en, _ = texts.COMPETITIONS[ci]
            level = _LEVELS[min(texts.weighted_index(rng, level_cum), 2)]
            award_i = min(texts.weighted_index(rng, _AWARD_CUM), 3)
            last_year = min(int(stu.grad_year[i]) - 1, world.cfg.world_date.year - 1)
            year = int(rng.integers(min(entry + 1, last_year), last_year + 1))
            comps.append(
                {
                    "name": en if lang == "en" else zh,
                    "level": level,
                    "award": texts.AWARDS_EN[award_i] if lang == "en" else texts.AWARDS_ZH[award_i],
                    "year": year,
                }
            )
        if comps:
            rec["competitions"] = comps
        # Past internships of older students.
        if (
            not cold
            and int(stu.grad_year[i]) < max(world.cfg.graduation_years)
            and rng.random() < 0.25 + 0.08 * talent
        ):
            sector = SECTORS[min(texts.weighted_index(rng, taste_cum), len(SECTORS) - 1)]
            mention = [surfaces[int(k)] for k in listed[:2]]
            if lang == "en":
                role_txt, desc = (
                    "intern",
                    (
                        f"Assisted engineers with {texts.join_en(mention)}."
                        if mention
                        else "Assisted engineers on the production line."
                    ),
                )
            else:
                role_txt = "实习生"
                desc = (
                    f"协助工程师完成{texts.join_zh(mention)}相关工作。"
                    if mention
                    else "在生产一线协助工程师完成日常工作。"
                )
            rec["internships"] = [
                {
                    "organisation": internship_organisation(rng, sector),
                    "role": role_txt,
                    "description": desc,
                    "months": float(rng.integers(1, 7)),
                }
            ]
        # Written preferences.
        prefs: dict[str, Any] = {}
        if stu.pref_cities[i]:
            prefs["cities"] = [CITIES[c] for c in stu.pref_cities[i]]
        if stu.pref_sectors[i]:
            prefs["sectors"] = [SECTORS[s] for s in stu.pref_sectors[i]]
        if stu.pref_types[i]:
            prefs["position_types"] = [TYPES[t] for t in stu.pref_types[i]]
        if stu.pref_sizes[i]:
            prefs["enterprise_sizes"] = [SIZES[s] for s in stu.pref_sizes[i]]
        if stu.min_salary[i] > 0:
            prefs["min_salary"] = int(stu.min_salary[i])
        if prefs:
            rec["preferences"] = prefs
        langs = ["Chinese (native)", "English"] if lang == "en" else ["汉语", "英语"]
        if ethnicity == "朝鲜族" and rng.random() < 0.6:
            langs.append("Korean" if lang == "en" else "朝鲜语")
        extra = rng.random()
        if extra < 0.05:
            langs.append("Japanese" if lang == "en" else "日语")
        elif extra < 0.09:
            langs.append("German" if lang == "en" else "德语")
        elif extra < 0.11:
            langs.append("Russian" if lang == "en" else "俄语")
        if not cold:
            rec["languages"] = langs
        city = CITIES[stu.pref_cities[i][0]] if stu.pref_cities[i] else None
        sector_pref = SECTORS[stu.pref_sectors[i][0]] if stu.pref_sectors[i] else None
        desc = writer.self_description(
            rng,
            lang=lang,
            skills=[surfaces[int(k)] for k in listed[:4]],
            courses=[c["name"] for c in courses],
            sector=sector_pref,
            city=(city if lang != "en" else None),
            cold=cold,
        )
        if desc:
            rec["self_description"] = desc
        if stu.visible[i]:
            rec["visible_to_enterprises"] = True
        yield rec


_AWARD_CUM = list(accumulate((0.15, 0.3, 0.35, 0.2)))
_LEVELS = ("school", "provincial", "national")


def _level_p(talent: float) -> tuple[float, float, float]:
    national = 1 / (1 + np.exp(-(talent - 1.6)))
    provincial = 0.45
    return (
        (max(1 - national - provincial, 0.05), provincial, national)
        if national < 0.5
        else (0.1, 0.4, 0.5)
    )
