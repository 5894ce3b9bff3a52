"""A document cut into its sections by their headings (教育背景 / Education, 任职要求 / …).

A heading is a line that, without its decoration (【】, ■, numbering, a trailing colon), is one
of the known headings of its kind of document, in Chinese or English, alone or both
(“教育背景 Education”); or such a heading followed by a colon and the section's first content
(“专业技能：熟悉……”). Text before the first heading is the ``header`` section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

#: Résumé headings, by section.
RESUME_HEADINGS: dict[str, tuple[str, ...]] = {
    "personal": (
        "个人信息",
        "基本信息",
        "个人资料",
        "联系方式",
        "个人基本信息",
        "基本资料",
        "personal information",
        "personal details",
        "personal info",
        "personal data",
        "contact",
        "contact information",
        "contact details",
        "contacts",
    ),
    "objective": (
        "求职意向",
        "求职目标",
        "应聘岗位",
        "意向岗位",
        "应聘职位",
        "求职岗位",
        "目标岗位",
        "objective",
        "career objective",
        "job objective",
        "target position",
        "job intention",
        "career goal",
        "position sought",
    ),
    "education": (
        "教育背景",
        "教育经历",
        "学习经历",
        "学历背景",
        "教育情况",
        "教育",
        "education",
        "education background",
        "educational background",
        "academic background",
        "academic history",
    ),
    "courses": (
        "主修课程",
        "主要课程",
        "核心课程",
        "相关课程",
        "专业课程",
        "所学课程",
        "课程",
        "courses",
        "relevant courses",
        "core courses",
        "relevant coursework",
        "coursework",
        "main courses",
        "selected courses",
        "key courses",
    ),
    "skills": (
        "专业技能",
        "技能",
        "技能特长",
        "个人技能",
        "技能证书",
        "技能与证书",
        "专业能力",
        "技术能力",
        "掌握技能",
        "技术技能",
        "技能清单",
        "技能专长",
        "专业技能与证书",
        "技术栈",
        "skills",
        "technical skills",
        "skills and certificates",
        "skills & certificates",
        "core skills",
        "professional skills",
        "competencies",
        "skill set",
        "skillset",
        "tools",
        "technical proficiency",
        "key skills",
        "skills and tools",
        "tech stack",
        "skills & tools",
        "technical competencies",
    ),
    "projects": (
        "项目经历",
        "项目经验",
        "科研经历",
        "科研项目",
        "课程设计",
        "项目实践",
        "项目",
        "科研与项目经历",
        "项目与科研经历",
        "毕业设计",
        "projects",
        "project experience",
        "academic projects",
        "research experience",
        "research projects",
        "selected projects",
        "project",
        "research",
    ),
    "internships": (
        "实习经历",
        "实习经验",
        "工作经历",
        "工作经验",
        "实践经历",
        "社会实践",
        "实习",
        "实习与实践",
        "实践经验",
        "企业实践",
        "internship",
        "internships",
        "work experience",
        "experience",
        "professional experience",
        "employment",
        "internship experience",
        "work history",
        "practical experience",
    ),
    "competitions": (
        "获奖情况",
        "获奖经历",
        "竞赛经历",
        "竞赛获奖",
        "荣誉奖项",
        "所获荣誉",
        "获奖荣誉",
        "荣誉",
        "奖项",
        "竞赛",
        "竞赛与获奖",
        "获奖与荣誉",
        "荣誉与奖励",
        "科技竞赛",
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "awards & honors",
        "awards and honours",
        "competitions",
        "achievements",
        "honors and awards",
        "competitions and awards",
        "awards & competitions",
    ),
    "certificates": (
        "证书",
        "资格证书",
        "证书资质",
        "所获证书",
        "证书与资质",
        "职业资格",
        "certificates",
        "certifications",
        "licenses",
        "certificates and licenses",
        "qualifications and certificates",
    ),
    "summary": (
        "自我评价",
        "个人评价",
        "自我介绍",
        "个人总结",
        "个人简介",
        "个人优势",
        "自我总结",
        "summary",
        "profile",
        "about me",
        "personal statement",
        "self-evaluation",
        "self evaluation",
        "self-assessment",
        "self assessment",
        "professional summary",
        "personal profile",
    ),
    "languages": (
        "语言能力",
        "外语水平",
        "语言",
        "外语能力",
        "languages",
        "language skills",
        "language",
    ),
    "activities": (
        "校园经历",
        "学生工作",
        "社团经历",
        "校园活动",
        "兴趣爱好",
        "爱好",
        "志愿者经历",
        "campus activities",
        "activities",
        "leadership",
        "extracurricular activities",
        "hobbies",
        "interests",
        "volunteering",
        "hobbies and interests",
    ),
}

#: Job-description headings, by section.
JOB_HEADINGS: dict[str, tuple[str, ...]] = {
    "responsibilities": (
        "岗位职责",
        "工作职责",
        "工作内容",
        "职位描述",
        "岗位描述",
        "职责",
        "职责描述",
        "主要职责",
        "岗位内容",
        "项目内容",
        "实践内容",
        "实习内容",
        "responsibilities",
        "duties",
        "what you will do",
        "what you'll do",
        "job description",
        "the role",
        "about the role",
        "key responsibilities",
        "main responsibilities",
        "your tasks",
        "tasks",
        "role description",
        "project description",
        "the job",
        "the work",
        "what you'll be doing",
        "what you will be doing",
        "your role",
        "in this role",
        "job summary",
        "你将负责",
        "你要做的",
        "工作描述",
    ),
    "requirements": (
        "任职要求",
        "岗位要求",
        "任职资格",
        "职位要求",
        "应聘要求",
        "要求",
        "任职条件",
        "申请条件",
        "招聘要求",
        "能力要求",
        "基本要求",
        "requirements",
        "qualifications",
        "who you are",
        "what we're looking for",
        "what we are looking for",
        "minimum qualifications",
        "required qualifications",
        "basic qualifications",
        "requirements and qualifications",
        "your profile",
        "candidate profile",
        "you have",
        "you bring",
        "what you bring",
        "what you need",
        "what you'll need",
        "what you will need",
        "about you",
        "must have",
        "must-haves",
        "required skills",
        "skills required",
        "skills and experience",
        "we are looking for",
        "we're looking for",
        "your background",
        "needed",
        "我们希望你",
        "你需要",
        "我们需要",
        "岗位条件",
        "技能要求",
    ),
    "preferred": (
        "加分项",
        "优先条件",
        "优先考虑",
        "加分",
        "优先",
        "其他优先条件",
        "preferred",
        "preferred qualifications",
        "nice to have",
        "nice-to-have",
        "bonus points",
        "a plus",
        "pluses",
        "bonus",
        "desirable",
        "preferred skills",
    ),
    "benefits": (
        "福利待遇",
        "薪资福利",
        "福利",
        "我们提供",
        "薪酬福利",
        "待遇",
        "公司福利",
        "benefits",
        "what we offer",
        "perks",
        "compensation and benefits",
        "we offer",
    ),
    "company": (
        "公司介绍",
        "公司简介",
        "关于我们",
        "企业简介",
        "企业介绍",
        "公司概况",
        "about us",
        "about the company",
        "company",
        "company profile",
        "who we are",
        "company overview",
    ),
    "info": (
        "基本信息",
        "岗位信息",
        "职位信息",
        "招聘信息",
        "职位概况",
        "job information",
        "job details",
        "details",
        "position details",
        "overview",
        "position information",
        "key facts",
    ),
    "apply": (
        "申请方式",
        "投递方式",
        "应聘方式",
        "联系方式",
        "报名方式",
        "how to apply",
        "application",
        "to apply",
        "contact",
        "apply",
    ),
}

_DECORATION = re.compile(
    r"^[\s\d一二三四五六七八九十]*[、.．)）]?\s*|[\s:：|｜/／\-—_=*#■□◆◇●○▪▶►【】\[\]〔〕()（）<>《》]+"
)
_TRAILING = re.compile(r"[\s:：]+$")
_SPLIT = re.compile(r"\s*[/|｜／]\s*|\s{2,}|(?<=[\u4e00-\u9fff])\s*(?=[A-Za-z])")
_INLINE = re.compile(r"^\s*[【\[■◆●▶]?\s*([^:：【】\[\]]{1,24}?)\s*[】\]]?\s*[:：]\s*(\S.*)$")


@dataclass(frozen=True)
class Section:
    """A section: its name and the character span of its content in the document's text."""

    name: str
    start: int
    end: int
    heading: str = ""


def _key(text: str) -> str:
    return _DECORATION.sub(" ", text).strip().lower().replace("  ", " ")


def _lookup(headings: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, words in headings.items():
        for word in words:
            table[word.lower()] = name
    return table


_TABLES: dict[int, dict[str, str]] = {}


def heading_of(line: str, headings: Mapping[str, tuple[str, ...]]) -> str | None:
    """The section ``line`` heads, if it is a heading alone (bilingual headings too)."""
    table = _TABLES.setdefault(id(headings), _lookup(headings))
    stripped = _TRAILING.sub("", line.strip())
    if not stripped or len(stripped) > 48:
        return None
    key = _key(stripped)
    if key in table:
        return table[key]
    parts = [_key(part) for part in _SPLIT.split(stripped) if _key(part)]
    names = {table.get(part) for part in parts}
    if len(parts) >= 2 and len(names) == 1 and None not in names:
        return names.pop()
    return None


def split_sections(text: str, headings: Mapping[str, tuple[str, ...]]) -> list[Section]:
    """The sections of ``text`` in order; the text before the first heading is ``header``."""
    sections: list[Section] = []
    current, start, title = "header", 0, ""
    for line_start, line in _lines(text):
        name = heading_of(line, headings)
        content_start = line_start + len(line)
        if name is None:
            inline = _INLINE.match(line)
            if inline and heading_of(inline.group(1), headings) is not None:
                name = heading_of(inline.group(1), headings)
                content_start = line_start + inline.start(2)
        if name is None:
            continue
        if line_start > start or current != "header":
            sections.append(Section(current, start, line_start, title))
        current, start, title = name, content_start, line.strip()
    sections.append(Section(current, start, len(text), title))
    return [s for s in sections if text[s.start : s.end].strip() or s.name != "header"]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1
