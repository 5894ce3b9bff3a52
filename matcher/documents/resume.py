"""A student profile draft from a résumé's text.

Personal values are found and masked first (:mod:`~matcher.documents.personal`); everything after
reads the masked text. Skills come from the taxonomy's extractor over the sections where a
student claims or uses them (skills, projects, internships, awards, certificates, the summary),
not from the list of courses or the education line; major, degree and graduation year from the
education section; the rest from their own sections.
"""

from __future__ import annotations

import datetime as dt
import re

from matcher.documents.common import Located, find_skills, language_of
from matcher.documents.draft import DraftField, PersonalFinding, ResumeDraft, SkillFinding
from matcher.documents.entries import entries
from matcher.documents.fields import (
    cities_in,
    degrees_in,
    graduation_years,
    major_finder,
    ranges_in,
)
from matcher.documents.personal import find_personal, mask
from matcher.documents.sections import RESUME_HEADINGS, split_sections
from matcher.documents.text import RawDocument
from matcher.schemas import Degree
from matcher.text.taxonomy import Taxonomy, load_taxonomy

#: Confidence of a skill found only in each section (absent: not read for skills).
SKILL_WEIGHTS: dict[str, float] = {
    "skills": 0.95,
    "projects": 0.85,
    "internships": 0.85,
    "certificates": 0.75,
    "languages": 0.75,
    "competitions": 0.6,
    "summary": 0.7,
    "activities": 0.6,
    "header": 0.6,
}
#: The taxonomy's skill of having taken part in engineering competitions.
COMPETING = "engineering_competitions"
_CONTEST = re.compile(
    r"竞赛|大赛|比赛|挑战杯|杯|contest|competition|challenge|cup|olympiad|race|hackathon", re.I
)
#: A found major this similar to a known one is taken for it.
MAJOR_SIMILARITY = 0.72

_GPA = re.compile(
    r"(?:gpa|绩点|平均学分绩点|平均绩点|grade point average)\s*(?:为|是)?\s*[:：]?\s*"
    r"(\d(?:\.\d{1,3})?)\s*(?:/\s*(\d(?:\.\d)?))?",
    re.I,
)
_RANK = re.compile(
    r"(?:排名|名次|rank(?:ing)?)\s*[:：]?\s*(?:前\s*(\d{1,2}(?:\.\d)?)\s*%|"
    r"(\d{1,4})\s*/\s*(\d{1,4})"
    r"|top\s*(\d{1,2}(?:\.\d)?)\s*%)|(?:top|前)\s*(\d{1,2}(?:\.\d)?)\s*%",
    re.I,
)
_COURSE_LINE = re.compile(
    r"(?:主修课程|主要课程|核心课程|相关课程|专业课程|所学课程|(?:relevant |core |"
    r"main )?course(?:s|work))\s*[:：]\s*(.+)",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*[、,，;；/|｜]\s*|\s{2,}")
_GRADE = re.compile(r"[（(]\s*(\d{2,3}(?:\.\d)?)\s*分?\s*[)）]|\s+(\d{2,3})\s*分?$")
_CERTIFICATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"cet[\s\-]?6|大学英语六级|英语六级|六级", re.I), "CET-6"),
    (re.compile(r"cet[\s\-]?4|大学英语四级|英语四级|(?<!专业)四级", re.I), "CET-4"),
    (re.compile(r"tem[\s\-]?8|英语专业八级|专八", re.I), "TEM-8"),
    (re.compile(r"tem[\s\-]?4|英语专业四级|专四", re.I), "TEM-4"),
    (re.compile(r"(?:ielts|雅思)\s*(?:成绩)?\s*[:：]?\s*(\d(?:\.\d)?)?", re.I), "IELTS"),
    (re.compile(r"(?:toefl|托福)\s*(?:ibt)?\s*[:：]?\s*(\d{2,3})?", re.I), "TOEFL"),
    (
        re.compile(r"(?:全国)?计算机(?:等级考试)?\s*([一二三四]|[1-4])\s*级|ncre", re.I),
        "计算机等级考试",
    ),
    (re.compile(r"普通话\s*(?:水平测试)?\s*([一二]级[甲乙]等)?"), "普通话"),
    (re.compile(r"(?:机动车)?驾驶证|驾照|driver'?s licen[cs]e", re.I), "驾驶证"),
    (re.compile(r"\bcswp\b|\bcswa\b", re.I), "SolidWorks认证"),
    (re.compile(r"\bpmp\b", re.I), "PMP"),
    (re.compile(r"\bccn[ap]\b", re.I), "Cisco"),
    (re.compile(r"电工证|电工操作证|低压电工", re.I), "电工证"),
    (re.compile(r"软件设计师|软考|网络工程师证", re.I), "软考"),
    (re.compile(r"日语\s*n\s*([1-5])|jlpt\s*n([1-5])", re.I), "JLPT"),
)
#: Certificates' names in English (for an English résumé).
_CERTIFICATE_EN: dict[str, str] = {
    "计算机一级": "NCRE Level 1 (computer)",
    "计算机二级": "NCRE Level 2 (computer)",
    "计算机三级": "NCRE Level 3 (computer)",
    "计算机四级": "NCRE Level 4 (computer)",
    "计算机等级考试": "NCRE (computer)",
    "普通话": "Putonghua certificate",
    "驾驶证": "Driving licence",
    "SolidWorks认证": "SolidWorks certification",
    "电工证": "Electrician's licence",
    "软考": "Software qualification (Ruankao)",
}
_LANGUAGES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"英语|english|cet|ielts|toefl|雅思|托福", re.I), "英语", "English"),
    (re.compile(r"日语|japanese|jlpt", re.I), "日语", "Japanese"),
    (re.compile(r"德语|german", re.I), "德语", "German"),
    (re.compile(r"韩语|korean", re.I), "韩语", "Korean"),
    (re.compile(r"俄语|russian", re.I), "俄语", "Russian"),
)
_AWARD = re.compile(
    r"(特等奖|一等奖|二等奖|三等奖|金奖|银奖|铜奖|优秀奖|优胜奖|冠军|亚军|季军|"
    r"first prize|second prize|third prize|grand prize|gold(?: medal| award)?|silver(?: medal|"
    r" award)?|"
    r"bronze(?: medal| award)?|honou?rable mention|meritorious winner|finalist|winner|champion)",
    re.I,
)
_LEVELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"国际|international|world|global", re.I), "international"),
    (re.compile(r"全国|国家级|国赛|national|china|chinese", re.I), "national"),
    (re.compile(r"省|provincial|province|jilin", re.I), "provincial"),
    (re.compile(r"校|school|university|college|campus", re.I), "school"),
)
_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")
_INTERNSHIP_WORDS = re.compile(r"实习|intern", re.I)


def draft_resume(
    raw: RawDocument, taxonomy: Taxonomy | None = None, today: dt.date | None = None
) -> ResumeDraft:
    """A student profile draft from a résumé's text (nothing is stored)."""
    taxonomy = taxonomy or load_taxonomy()
    today = today or dt.date.today()
    personal = find_personal(raw.text)
    text = mask(raw.text, personal)
    located = Located(text, split_sections(text, RESUME_HEADINGS))
    language = language_of(text)
    label = "en" if language == "en" else "zh"
    fields: dict[str, DraftField] = {}
    warnings: list[str] = []

    education = located.spans(["education"]) or [(0, len(text))]
    edu_confidence = 0.9 if located.spans(["education"]) else 0.6
    degree_field, degree_at = _degree(located, education, edu_confidence)
    major_fields = _major(located, taxonomy, education, degree_at, edu_confidence, label)
    fields.update(major_fields)
    if degree_field.value is None and "major_code" in fields:
        major = taxonomy.majors.get(fields["major_code"].value)
        if major is not None and ("专科" in major.zh or "associate" in major.en.lower()):
            degree_field = DraftField(value=Degree.associate.value, confidence=0.6)
    fields["degree"] = degree_field
    fields["graduation_year"] = _graduation_year(located, education, degree_at, today)
    fields["gpa"] = _gpa(located)
    fields["rank_percentile"] = _rank(located)
    fields["courses"] = _courses(located)
    fields["certificates"] = _certificates(located, english=label == "en")
    fields["languages"] = _languages(located, label)
    fields["projects"] = _projects(located)
    fields["internships"] = _internships(located, today)
    fields["competitions"] = _competitions(located)
    fields["preferences"] = _preferences(located)
    majors = [(f.start, f.end) for f in major_finder(taxonomy).find_all(text)]
    headed = any(s.name != "header" for s in located.sections)
    weights = SKILL_WEIGHTS if headed else {"header": 0.75}
    skills = find_skills(located, taxonomy, weights, hidden=majors)
    skills.extend(_competing(located, taxonomy, fields["competitions"], skills))
    fields["self_description"] = _summary(located, fields, skills, label)
    for name in ("major", "degree", "graduation_year"):
        if fields.get(name) is None or fields[name].value is None:
            warnings.append(f"{name}: not found; please fill it in")
    if not skills:
        warnings.append("skills: none recognised; please add them")
    findings = [
        PersonalFinding(
            field=value.field, value=value.value, source=located.source(value.start, value.end)
        )
        for value in personal
    ]
    if raw.photo:
        findings.append(PersonalFinding(field="photo", value=None))
    return ResumeDraft(
        **located.about(raw),  # type: ignore[arg-type]
        fields=fields,
        warnings=warnings,
        skills=skills,
        personal=findings,
    )


def _degree(
    located: Located, spans: list[tuple[int, int]], confidence: float
) -> tuple[DraftField, int | None]:
    found = [
        (f.value, start + f.start, start + f.end)
        for start, end in spans
        for f in degrees_in(located.text[start:end])
    ]
    if not found:
        return DraftField(), None
    degree, begin, finish = max(found, key=lambda d: (Degree(d[0]).rank, -d[1]))
    return located.field(Degree(degree).value, begin, finish, confidence), begin


def _major(
    located: Located,
    taxonomy: Taxonomy,
    spans: list[tuple[int, int]],
    near: int | None,
    confidence: float,
    label: str,
) -> dict[str, DraftField]:
    finder = major_finder(taxonomy)
    known = [
        (f.value, start + f.start, start + f.end)
        for start, end in spans
        for f in finder.find_all(located.text[start:end])
    ]
    if known:
        major, begin, finish = min(
            known, key=lambda m: abs(m[1] - near) if near is not None else m[1]
        )
        return {
            "major": located.field(major.label(label), begin, finish, confidence),  # type: ignore[attr-defined]
            "major_code": located.field(major.code, begin, finish, confidence),  # type: ignore[attr-defined]
        }
    written = [
        (f.value, start + f.start, start + f.end)
        for start, end in spans
        for f in finder.written(located.text[start:end])
    ]
    if not written:
        return {"major": DraftField(), "major_code": DraftField()}
    words, begin, finish = min(
        written, key=lambda m: abs(m[1] - near) if near is not None else m[1]
    )
    closest = finder.closest(str(words))
    if closest is not None and closest[1] >= MAJOR_SIMILARITY:
        major, similarity = closest
        value = major.label(label)
        return {
            "major": located.field(value, begin, finish, round(confidence * similarity, 2)),
            "major_code": located.field(
                major.code, begin, finish, round(confidence * similarity, 2)
            ),
        }
    return {"major": located.field(words, begin, finish, 0.4), "major_code": DraftField()}


def _graduation_year(
    located: Located, spans: list[tuple[int, int]], near: int | None, today: dt.date
) -> DraftField:
    stated = [
        (f.value, start + f.start, start + f.end)
        for start, end in [(0, len(located.text))]
        for f in graduation_years(located.text[start:end])
    ]
    if stated:
        year, begin, finish = max(stated, key=lambda s: s[0])
        return located.field(year, begin, finish, 0.95)
    ranges = [
        (r, start + r.start, start + r.end)
        for start, end in spans
        for r in ranges_in(located.text[start:end])
    ]
    if ranges:
        chosen, begin, finish = max(
            ranges, key=lambda r: (r[0].last or dt.date.max, -abs(r[1] - (near or r[1])))
        )
        if chosen.last is not None:
            return located.field(chosen.last.year, begin, finish, 0.85)
        return located.field(chosen.first.year + 4, begin, finish, 0.5)
    years = [
        (int(m.group()), start + m.start(), start + m.end())
        for start, end in spans
        for m in _YEAR.finditer(located.text[start:end])
    ]
    if years:
        year, begin, finish = max(years)
        return located.field(year, begin, finish, 0.5)
    return DraftField()


def _gpa(located: Located) -> DraftField:
    for m in _GPA.finditer(located.text):
        value = float(m.group(1))
        scale = float(m.group(2)) if m.group(2) else None
        if scale and scale > 0 and scale != 4.0:
            value, confidence = value * 4.0 / scale, 0.8
        elif value <= 4.0:
            confidence = 0.95 if scale else 0.85
        elif value <= 5.0:
            value, confidence = value * 0.8, 0.5
        else:
            continue
        if 0 <= value <= 4.0:
            return located.field(round(value, 2), m.start(1), m.end(), confidence)
    return DraftField()


def _rank(located: Located) -> DraftField:
    m = _RANK.search(located.text)
    if not m:
        return DraftField()
    percent = m.group(1) or m.group(4) or m.group(5)
    if percent:
        value = float(percent)
    else:
        place, size = int(m.group(2)), int(m.group(3))
        if not 0 < place <= size:
            return DraftField()
        value = round(100 * place / size, 1)
    return located.field(value, m.start(), m.end(), 0.8) if 0 <= value <= 100 else DraftField()


def _courses(located: Located) -> DraftField:
    spans = located.spans(["courses"])
    items: list[tuple[str, int]] = []
    for start, end in spans:
        for piece_start, piece in _pieces(located.text, start, end):
            items.append((piece, piece_start))
    if not spans:
        for m in _COURSE_LINE.finditer(located.text):
            for piece_start, piece in _pieces(located.text, m.start(1), m.end(1)):
                items.append((piece, piece_start))
    courses = []
    for piece, _ in items:
        grade = _GRADE.search(piece)
        name = _GRADE.sub("", piece).strip(" 。.:：")
        if 1 < len(name) <= 40:
            value = grade.group(1) or grade.group(2) if grade else None
            courses.append(
                {"name": name, "grade": float(value) if value and float(value) <= 100 else None}
            )
    if not courses:
        return DraftField(value=[])
    first = items[0][1]
    return located.field(courses, first, first + len(items[0][0]), 0.85 if spans else 0.75)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    for m in re.finditer(r"[^、,，;；/|｜\n]+", text[start:end]):
        piece = m.group().strip(" •·-")
        if piece:
            out.append((start + m.start(), piece))
    return out


def _certificates(located: Located, english: bool = False) -> DraftField:
    found: dict[str, tuple[int, int]] = {}
    for pattern, name in _CERTIFICATES:
        m = pattern.search(located.text)
        if m is None:
            continue
        detail = next((g for g in m.groups() if g), None) if m.groups() else None
        value = (
            f"{name} {detail}".strip() if detail and name in ("IELTS", "TOEFL", "JLPT") else name
        )
        if name == "计算机等级考试" and detail:
            value = (
                f"计算机{detail}级"
                if detail in "一二三四"
                else f"计算机{'一二三四'[int(detail) - 1]}级"
            )
        if name == "JLPT" and detail:
            value = f"JLPT N{detail}"
        if name == "CET-4" and "CET-6" in found:
            continue
        found.setdefault(value, (m.start(), m.end()))
    if not found:
        return DraftField(value=[])
    first = min(found.values())
    names = [_CERTIFICATE_EN.get(name, name) if english else name for name in found]
    return located.field(names, first[0], first[1], 0.85)


def _languages(located: Located, label: str) -> DraftField:
    names = []
    first: tuple[int, int] | None = None
    for pattern, zh, en in _LANGUAGES:
        m = pattern.search(located.text)
        if m:
            names.append(zh if label == "zh" else en)
            first = first or (m.start(), m.end())
    if not names or first is None:
        return DraftField(value=[])
    return located.field(names, first[0], first[1], 0.6)


def _projects(located: Located) -> DraftField:
    out = []
    spans = located.spans(["projects"])
    for start, end in spans:
        for entry in entries(located.text, start, end):
            title = entry.title()[:200]
            if not title:
                continue
            out.append(
                {"title": title, "role": entry.role(), "description": entry.description[:4000]}
            )
    if not out:
        return DraftField(value=[])
    return located.field(out, spans[0][0], spans[-1][1], 0.7)


def _internships(located: Located, today: dt.date) -> DraftField:
    out = []
    spans = located.spans(["internships"])
    for start, end in spans:
        for entry in entries(located.text, start, end):
            organisation = entry.organisation() or entry.title()
            if not organisation:
                continue
            months = round(entry.dates.months(today), 1) if entry.dates else None
            out.append(
                {
                    "organisation": organisation[:200],
                    "role": (entry.role() or "")[:200],
                    "description": entry.description[:4000],
                    "months": months if months and 0 < months <= 60 else None,
                }
            )
    if not out:
        return DraftField(value=[])
    return located.field(out, spans[0][0], spans[-1][1], 0.7)


def _competitions(located: Located) -> DraftField:
    out = []
    spans = located.spans(["competitions"])
    for start, end in spans:
        for line in located.text[start:end].split("\n"):
            line = re.sub(r"^\s*([•·▪●◆■□○\-*–—]|\d{1,2}[.、)）])\s*", "", line).strip()
            if len(line) < 4:
                continue
            award = _AWARD.search(line)
            year = _YEAR.search(line)
            level = next((name for pattern, name in _LEVELS if pattern.search(line)), None)
            name = re.sub(
                r"[（(]?\s*(?:19|20)\d{2}\s*(?:年|[.\-/]\s*\d{1,2}\s*月?)?\s*[)）]?", "", line
            )
            if award:
                name = name.replace(award.group(), "")
            name = re.sub(
                r"\s*[|｜·,，:：\-–—]+\s*$|^\s*[|｜·,，:：\-–—]+\s*", "", name.strip()
            ).strip()
            if not name:
                continue
            out.append(
                {
                    "name": name[:200],
                    "level": level,
                    "award": award.group() if award else None,
                    "year": int(year.group()) if year else None,
                }
            )
    if not out:
        return DraftField(value=[])
    return located.field(out, spans[0][0], spans[-1][1], 0.7)


def _preferences(located: Located) -> DraftField:
    spans = located.spans(["objective"])
    if not spans:
        return DraftField(value={})
    start, end = spans[0]
    words = located.text[start:end]
    cities = list(dict.fromkeys(str(f.value) for f in cities_in(words)))
    types = []
    if _INTERNSHIP_WORDS.search(words):
        types.append("internship")
    if re.search(r"全职|full[\s-]?time|正式|校招|graduate position", words, re.I):
        types.append("job")
    value: dict[str, object] = {}
    if cities:
        value["cities"] = cities
    if types:
        value["position_types"] = types
    return located.field(value, start, end, 0.7) if value else DraftField(value={})


def _summary(
    located: Located, fields: dict[str, DraftField], skills: list, label: str
) -> DraftField:
    spans = located.spans(["summary"])
    if spans:
        start, end = spans[0]
        words = " ".join(
            line.strip() for line in located.text[start:end].split("\n") if line.strip()
        )
        if words:
            return located.field(words[:2000], start, end, 0.9)
    major = fields.get("major")
    degree = fields.get("degree")
    year = fields.get("graduation_year")
    names = [getattr(s, label) for s in skills[:8]]
    projects = [p["title"] for p in (fields["projects"].value or [])[:3]]
    if label == "zh":
        parts = [
            "".join(str(f.value) for f in (major, degree) if f is not None and f.value is not None)
            .replace("bachelor", "本科")
            .replace("master", "硕士")
            .replace("associate", "专科")
            .replace("doctor", "博士"),
            f"{year.value}届" if year is not None and year.value else "",
            "技能：" + "、".join(names) if names else "",
            "项目：" + "、".join(projects) if projects else "",
        ]
        text = "；".join(p for p in parts if p)
    else:
        head = " ".join(
            str(f.value) for f in (degree, major) if f is not None and f.value is not None
        )
        parts = [
            head,
            f"graduating {year.value}" if year is not None and year.value else "",
            "skills: " + ", ".join(names) if names else "",
            "projects: " + ", ".join(projects) if projects else "",
        ]
        text = "; ".join(p for p in parts if p)
    return DraftField(value=text[:2000] or None, confidence=0.5 if text else 0.0)


def _competing(
    located: Located, taxonomy: Taxonomy, competitions: DraftField, skills: list[SkillFinding]
) -> list[SkillFinding]:
    """The taxonomy's skill of engineering competitions (学科竞赛), when she lists contests."""
    skill = taxonomy.skills.get(COMPETING)
    if skill is None or any(s.id == COMPETING for s in skills) or competitions.source is None:
        return []
    names = [c["name"] for c in competitions.value or [] if _CONTEST.search(c["name"])]
    if not names:
        return []
    at = located.text.find(names[0], competitions.source.start)
    source = located.source(at, at + len(names[0])) if at >= 0 else competitions.source
    return [
        SkillFinding(
            id=skill.id, zh=skill.zh, en=skill.en, category=skill.category,
            sources=[source], confidence=0.6,
        )
    ]  # fmt: skip
