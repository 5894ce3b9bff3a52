"""A position draft from a job description's text.

Required skills are those the requirements and the duties name; preferred ones those in a
preferred section or in a clause that says so (……者优先, 加分, “is a plus”, nice to have). The
company's introduction and the benefits are not read for skills.
"""

from __future__ import annotations

import datetime as dt
import re

from matcher.documents.common import Located, find_skills
from matcher.documents.draft import DraftField, JobDraft, SkillFinding
from matcher.documents.fields import (
    DATE,
    cities_in,
    degrees_in,
    district_after,
    major_finder,
    negotiable,
    parse_date,
    salary_in,
)
from matcher.documents.sections import JOB_HEADINGS, split_sections
from matcher.documents.text import RawDocument
from matcher.schemas import Degree
from matcher.text.taxonomy import Taxonomy, load_taxonomy

#: Confidence of a skill found only in each section (absent: not read for skills).
SKILL_WEIGHTS: dict[str, float] = {
    "requirements": 0.95,
    "preferred": 0.9,
    "responsibilities": 0.8,
    "info": 0.7,
    "header": 0.7,
}
_PREFERRED = re.compile(
    r"优先|加分|更佳|为佳|更好|a plus|is a plus|are a plus|preferred|nice to have|nice-to-have|"
    r"bonus"
    r"|desirable|an advantage|advantageous|ideally|would be great",
    re.I,
)
_CLAUSE_ZH = re.compile(r"[^。；;\n，,]+")
_CLAUSE_EN = re.compile(r"[^.;\n]+")
_TITLE_LINE = re.compile(
    r"^\s*(?:岗位名称|职位名称|招聘岗位|招聘职位|岗位|职位|实习岗位|项目名称|job title|"
    r"position title|"
    r"position|title|role|vacancy)\s*[:：]\s*(\S.{0,80}?)\s*$",
    re.I | re.M,
)
#: Lines near the top read for a title.
_TITLE_LINES = 40
_TITLE_WORDS = re.compile(
    r"工程师|技术员|专员|助理|经理|主管|设计师|研究员|实习生|实习|顾问|架构师|开发|算法|测试|运维|"
    r"销售|实践项目|管培生|技师|操作员|质检员|工艺员|负责人|"
    r"engineer|intern\b|internship|developer|technician|specialist|analyst|designer|manager|"
    r"scientist|assistant|architect|researcher|operator|consultant|practice project|trainee|"
    r"coordinator|inspector|programmer",
    re.I,
)
_TITLE_HEAD = re.compile(
    r"^(.{2,40}?(?:工程师|技术员|专员|助理|经理|主管|设计师|研究员|实习生|顾问|架构师|"
    r"engineer|intern|developer|technician|specialist|analyst|designer|manager|scientist|"
    r"assistant|architect|researcher|operator|consultant|trainee)(?:\s*[（(][^)）]{1,20}[)）])?)\s",
    re.I,
)
_TITLE_HEADER = re.compile(
    r"^\s*(?:岗位名称|职位名称|招聘岗位|job title|position)\s+\S.*\n(.+)$", re.I | re.M
)
#: Lines with money, counts, dates or cells are facts of a posting, not its title (a year alone,
#: as in “Engineer (Graduate, 2026)”, is not).
_FIGURES = re.compile(
    r"\d{5,}|\d\s*[kK千万](?![a-z])|\d{4}\s*[-./年]\s*\d{1,2}|\d+\s*(?:人|名)|[|｜]"
    r"|^[\[【(（].*[\]】)）]$"
)
_TYPE_PREFIX = re.compile(
    r"^(?:企业实践项目|实践项目|实习项目|实习|practice project|internship|project)$", re.I
)
_DUTY_START = re.compile(
    r"^\s*(?:负责|参与|协助|完成|[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[•·▪●◆■□○\-*–—])"
)
_SENTENCE = re.compile(r"[。；;！!？?]|，.*，|\.\s+[A-Z]|\b(?:we|our|you|your|is|are|will)\b", re.I)
#: Banners of a posting that are not its title.
_NOT_TITLES = (
    ("校园招聘", "招聘公告", "招聘启事", "招聘简章", "岗位信息表", "招聘岗位信息表", "招聘计划"),
    ("key facts", "at a glance", "quick facts", "job posting", "internship posting", "vacancy"),
)
_TITLE_BANNER = re.compile(
    r"^\s*[【\[]\s*(?:急聘|诚聘|招聘|热招|高薪诚聘|hiring|now hiring)\s*[】\]]\s*", re.I
)
_TITLE_NOISE = re.compile(
    r"^(?:招聘|诚聘|急聘|热招|高薪诚聘|hiring|we are hiring|now hiring)\s*[:：]?\s*", re.I
)
_COMPANY_LINE = re.compile(
    r"有限公司|股份公司|集团|研究所|co\.,? ?ltd|inc\.|corporation|company limited", re.I
)
_TYPE_LINE = re.compile(
    r"(?:工作性质|岗位类型|职位类型|招聘类型|用工类型|job type|employment type|"
    r"type)\s*[:：]\s*(.+)",
    re.I,
)
_INTERNSHIP = re.compile(r"实习|intern(?:ship)?\b", re.I)
_PROJECT = re.compile(
    r"实践项目|企业项目|项目实践|校企合作项目|practice project|capstone|industry project", re.I
)
_JOB = re.compile(r"全职|正式员工|校招|社招|full[\s-]?time|permanent", re.I)
_DEGREE_MIN = re.compile(
    r"(大专|专科|高职|本科|学士|硕士|研究生|博士)\s*(?:及|或)?\s*(?:以上|以上学历|及以上学历|学历)"
    r"|(?:学历(?:要求)?|education)\s*[:：]\s*(大专|专科|本科|硕士|博士|bachelor|master|associate|"
    r"phd)"
    r"|(associate|bachelor|master|doctoral|ph\.?d)(?:'s)?\s*(?:degree)?\s*(?:or\s+(?:above|higher|"
    r"equivalent)|and\s+above|required|minimum)"
    r"|(?:at\s+least|minimum(?:\s+of)?)\s+an?\s+(associate|bachelor|master)(?:'s)?",
    re.I,
)
_DEGREE_WORDS = {
    "大专": Degree.associate,
    "专科": Degree.associate,
    "高职": Degree.associate,
    "associate": Degree.associate,
    "本科": Degree.bachelor,
    "学士": Degree.bachelor,
    "bachelor": Degree.bachelor,
    "硕士": Degree.master,
    "研究生": Degree.master,
    "master": Degree.master,
    "博士": Degree.doctor,
    "doctoral": Degree.doctor,
    "phd": Degree.doctor,
    "ph.d": Degree.doctor,
}
#: A list of majors a position takes (统计学、数学等相关专业; a degree in Physics or Optics): its
#: words name fields of study, not skills (统计学 is not the skill 概率论与数理统计).
_MAJOR_LIST = re.compile(
    r"([^，,。；;：:\n]{2,80}?)(?:等|及)?(?:相关|相近|理工科)?专业(?!技能|知识|能力|软件|背景下)"
    r"|degree\s+(?:or\s+above\s+|or\s+higher\s+)?in\s+([^;.\n]{3,120}?)"
    r"(?=\s+or\s+a\s+related|[;.\n]|$)",
    re.I,
)
_MAJOR_CLAUSE = re.compile(
    r"专业|学科|major|degree (?:or above |or higher )?in|discipline|background in"
    r"|graduates? (?:of|in)",
    re.I,
)
_ANY_MAJOR = re.compile(
    r"专业不限|不限专业|专业不作要求|any (?:major|discipline)|all majors|no major requirement|"
    r"open to all majors",
    re.I,
)
_LOCATION = re.compile(
    r"(?:工作地点|工作城市|工作地址|上班地点|办公地点|实习地点|项目地点|地点|location|"
    r"work location|based in|city|"
    r"workplace)\s*[:：]?\s*(.{1,60})",
    re.I,
)
_OPENINGS = re.compile(
    r"(?:招聘人数|招聘名额|需求人数|人数|名额|headcount|openings?|vacancies|positions available|"
    r"number of (?:openings|positions|hires))\s*[:：]?\s*(\d{1,4})"
    r"|招\s*(\d{1,4})\s*(?:人|名)|(\d{1,4})\s*(?:人|名)(?:左右)?(?=[\s，,。；;)）]|$)"
    r"|(\d{1,4})\s+(?:openings|positions|vacancies|hires|people|students|interns)\b",
    re.I,
)
_DEADLINE = re.compile(
    rf"(?:截止(?:日期|时间)?|报名截止|投递截止|申请截止|apply by|deadline|closing date|"
    rf"applications? close[sd]?(?: on)?|apply before)\s*(?:为|至|:|：)?\s*({DATE})"
    rf"|({DATE})\s*(?:前|之前|截止)",
    re.I,
)


def draft_job(
    raw: RawDocument, taxonomy: Taxonomy | None = None, today: dt.date | None = None
) -> JobDraft:
    """A position draft from a job description's text (nothing is stored)."""
    taxonomy = taxonomy or load_taxonomy()
    text = raw.text
    located = Located(text, split_sections(text, JOB_HEADINGS))
    fields: dict[str, DraftField] = {}
    fields["title"] = _title(located)
    fields["type"] = _type(located, fields["title"])
    fields["min_degree"] = _min_degree(located)
    fields["accepted_majors"] = _majors(located, taxonomy)
    fields.update(_place(located))
    fields.update(_salary(located))
    fields["openings"] = _openings(located)
    fields["deadline"] = _deadline(located)
    fields["description"] = (
        DraftField(value=text[:20_000], confidence=1.0) if text else DraftField()
    )
    # With sections, the header is the title and the company's name: not a list of skills.
    weights = {k: v for k, v in SKILL_WEIGHTS.items() if k != "header"}
    if all(s.name == "header" for s in located.sections):
        weights = {"header": 0.8}
    elif not located.spans(["requirements", "responsibilities"]):
        # Headings it does not know: what is not the company, the benefits or how to apply.
        weights = {**weights, "header": 0.7}
    majors = [(f.start, f.end) for f in major_finder(taxonomy).find_all(text)]
    majors += [m.span(m.lastindex or 1) for m in _MAJOR_LIST.finditer(text)]
    findings = find_skills(located, taxonomy, weights, hidden=majors)
    required, preferred = _split_preferred(located, findings)
    warnings = [
        f"{name}: not found; please fill it in"
        for name in ("title", "city")
        if fields[name].value is None
    ]
    if not required and not preferred:
        warnings.append("required_skills: none recognised; please add them")
    return JobDraft(
        **located.about(raw),  # type: ignore[arg-type]
        fields=fields,
        warnings=warnings,
        required_skills=required,
        preferred_skills=preferred,
    )


def _split_preferred(
    located: Located, findings: list[SkillFinding]
) -> tuple[list[SkillFinding], list[SkillFinding]]:
    """Findings all of whose places are preferred (a section or a clause) are preferred."""
    required, preferred = [], []
    for finding in findings:
        if all(_is_preferred(located, source.start, source.section) for source in finding.sources):
            preferred.append(finding)
        else:
            required.append(finding)
    return required, preferred


def _is_preferred(located: Located, position: int, section: str) -> bool:
    if section == "preferred":
        return True
    text = located.text
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    pattern = _CLAUSE_ZH if re.search(r"[\u4e00-\u9fff]", line) else _CLAUSE_EN
    for m in pattern.finditer(line):
        if line_start + m.start() <= position < line_start + m.end():
            return bool(_PREFERRED.search(m.group()))
    return False


def _title(located: Located) -> DraftField:
    """The position's title: a labelled line, else the likeliest line near the top.

    Lines near the top are scored: a word that names a job (工程师, Engineer, Intern, 实践项目)
    counts most; a company's name, a heading, a duty, a sentence, a fact with a label (薪资：…)
    or figures rule a line out; an earlier line wins a tie.
    """
    m = _TITLE_LINE.search(located.text)
    if m:
        return located.field(_clean_title(m.group(1)), m.start(1), m.end(1), 0.95)
    table = _TITLE_HEADER.search(located.text)
    if table:
        cell = re.match(r"\s*(\S+)", table.group(1))
        if cell and _TITLE_WORDS.search(cell.group(1)):
            start = table.start(1) + cell.start(1)
            return located.field(cell.group(1), start, start + len(cell.group(1)), 0.8)
    best: tuple[float, int, str] | None = None
    position = 0
    for index, line in enumerate(located.text.split("\n")[:_TITLE_LINES]):
        candidate = _title_candidate(line)
        if candidate is not None:
            words = bool(_TITLE_WORDS.search(candidate))
            score = (3.0 if words else 0.0) - 0.05 * index
            offset = position + line.find(candidate)
            if best is None or score > best[0]:
                best = (score, offset, candidate)
        position += len(line) + 1
    if best is None:
        return DraftField()
    score, start, words = best
    confidence = 0.85 if score > 2 else 0.5
    return located.field(_clean_title(words), start, start + len(words), confidence)


def _title_candidate(line: str) -> str | None:
    """The part of a line that could be a title, or None when the line cannot be one."""
    from matcher.documents.sections import heading_of

    text = line.strip()
    if not text or _DUTY_START.match(text) or _SENTENCE.search(text):
        return None
    company = _COMPANY_LINE.search(text)
    if company:
        # “光学工程师 长春某某光电有限公司”: a title and the company's name side by side.
        head = _TITLE_HEAD.match(text)
        if not head:
            return None
        text = head.group(1).strip()
    if len(text) > 60 or heading_of(text, JOB_HEADINGS) is not None:
        return None
    label = re.match(r"^(.{1,14}?)\s*[:：]", text)
    if label and _TITLE_NOISE.match(text):
        text = _TITLE_NOISE.sub("", text)
    elif label and not _TYPE_PREFIX.match(label.group(1)):
        return None
    text = _TITLE_BANNER.sub("", text)
    if _FIGURES.search(text):
        return None
    if heading_of(text, {"x": tuple(w for ws in _NOT_TITLES for w in ws)}) is not None:
        return None
    return text


def _clean_title(title: str) -> str:
    title = _TITLE_NOISE.sub("", _TITLE_BANNER.sub("", title.strip()))
    title = re.sub(
        r"\s*[|｜·\-–—]\s*\d+(?:\.\d+)?\s*[kK千]?\s*[-–~]\s*\d+(?:\.\d+)?\s*[kK千万].*$", "", title
    )
    return title.strip(" ：:|｜")


def _type(located: Located, title: DraftField) -> DraftField:
    m = _TYPE_LINE.search(located.text)
    candidates = []
    if title.value and title.source is not None:
        candidates.append((str(title.value), title.source.start, 0.9))
    if m:
        candidates.append((m.group(1), m.start(1), 0.9))
    candidates.append((located.text, 0, 0.7))
    for words, offset, confidence in candidates:
        for pattern, kind in ((_PROJECT, "project"), (_INTERNSHIP, "internship"), (_JOB, "job")):
            hit = pattern.search(words)
            if hit:
                return located.field(kind, offset + hit.start(), offset + hit.end(), confidence)
    return DraftField(value="job", confidence=0.5)


def _min_degree(located: Located) -> DraftField:
    found = []
    for m in _DEGREE_MIN.finditer(located.text):
        word = next(g for g in m.groups() if g).lower().rstrip(".")
        degree = _DEGREE_WORDS.get(word) or _DEGREE_WORDS.get(word.replace(".", ""))
        if degree is not None and not _PREFERRED.search(located.text[m.end() : m.end() + 4]):
            found.append((degree, m.start(), m.end()))
    if found:
        degree, start, end = min(found, key=lambda d: d[0].rank)
        return located.field(degree.value, start, end, 0.9)
    mentions = degrees_in(located.text)
    if mentions:
        first = mentions[0]
        degree = Degree(first.value)
        after = located.text[first.end : first.end + 4]
        if _PREFERRED.search(after) and degree.rank > 0:
            degree = list(Degree)[degree.rank - 1]
        return located.field(degree.value, first.start, first.end, 0.6)
    return DraftField()


def _majors(located: Located, taxonomy: Taxonomy) -> DraftField:
    any_major = _ANY_MAJOR.search(located.text)
    if any_major:
        return located.field([], any_major.start(), any_major.end(), 0.9)
    spans = located.spans(["requirements", "info", "header"]) or [(0, len(located.text))]
    finder = major_finder(taxonomy)
    codes: list[str] = []
    first: tuple[int, int] | None = None
    clauses = [
        (start + m.start(), start + m.end())
        for span_start, span_end in spans
        for start in [span_start]
        for m in re.finditer(r"[^。；;\n]+", located.text[span_start:span_end])
        if _MAJOR_CLAUSE.search(m.group())
    ]
    for start, end in clauses:
        for f in finder.find_all(located.text[start:end]):
            code = f.value.code  # type: ignore[attr-defined]
            if code not in codes:
                codes.append(code)
                first = first or (start + f.start, start + f.end)
    if first is None:
        return DraftField(value=[], confidence=0.3)
    return located.field(codes, first[0], first[1], 0.8)


def _place(located: Located) -> dict[str, DraftField]:
    for m in _LOCATION.finditer(located.text):
        cities = cities_in(m.group(1))
        if cities:
            city = cities[0]
            start = m.start(1) + city.start
            district = district_after(located.text, m.start(1) + city.end)
            return {
                "city": located.field(city.value, start, m.start(1) + city.end, 0.95),
                "district": located.field(district.value, district.start, district.end, 0.85)
                if district
                else DraftField(),
            }
    cities = [c for c in cities_in(located.text) if located.section_at(c.start) != "company"]
    cities = cities or cities_in(located.text)
    # A city with its district (长春·汽开区) before one in a company's name (长春某某有限公司).
    cities.sort(key=lambda c: district_after(located.text, c.end) is None)
    if not cities:
        return {"city": DraftField(), "district": DraftField()}
    city = cities[0]
    district = district_after(located.text, city.end)
    return {
        "city": located.field(city.value, city.start, city.end, 0.6),
        "district": located.field(district.value, district.start, district.end, 0.5)
        if district
        else DraftField(),
    }


def _salary(located: Located) -> dict[str, DraftField]:
    found = salary_in(located.text)
    if found is None:
        said = negotiable(located.text)
        if said is not None:
            empty = located.field(None, said.start, said.end, 0.9)
            return {"salary_min": empty, "salary_max": empty.model_copy()}
        return {"salary_min": DraftField(), "salary_max": DraftField()}
    low, high = found
    return {
        "salary_min": located.field(low.value, low.start, low.end, 0.9),
        "salary_max": located.field(high.value, high.start, high.end, 0.9),
    }


def _openings(located: Located) -> DraftField:
    for m in _OPENINGS.finditer(located.text):
        number = int(next(g for g in m.groups() if g))
        if 1 <= number <= 10_000:
            return located.field(number, m.start(), m.end(), 0.85)
    return DraftField()


def _deadline(located: Located) -> DraftField:
    for m in _DEADLINE.finditer(located.text):
        written = m.group(1) or m.group(2)
        day = parse_date(written)
        if day is not None:
            return located.field(day.isoformat(), m.start(), m.end(), 0.9)
    return DraftField()
