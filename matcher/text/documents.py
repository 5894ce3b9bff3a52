"""Documents: the text of a student profile or a position that retrieval and features read.

A student's document is built from the study and experience fields only; the fields listed in
:data:`matcher.schemas.PERSONAL_FIELDS` never enter it (a test feeds every one of them through).
A position's document is its title, description, skills and its enterprise's sectors.

The dense channel reads a shorter text of each (:func:`student_summary`, :func:`position_summary`):
the fields that say what a person can do or a position needs, without the boilerplate of a
description. A 4-bit e5 model's cost grows with the length of what it reads, and the measured
retrieval of the short text is no worse (docs/decisions.md, "Multilingual dense channel").
"""

from __future__ import annotations

from matcher.schemas import Enterprise, Position, Sector, Student

#: Words for sectors in both languages, so that a sector reads as text to every channel.
SECTOR_WORDS: dict[Sector, str] = {
    Sector.optics: "光电 光学 optics photonics",
    Sector.mechatronics: "机电 智能制造 mechatronics intelligent manufacturing",
    Sector.icv: "智能网联汽车 汽车电子 intelligent connected vehicles automotive electronics",
    Sector.software: "软件 software",
    Sector.semiconductor: "半导体 semiconductor",
    Sector.new_energy: "新能源 new energy",
}


def _join(parts: list[str]) -> str:
    return "\n".join(p for p in (part.strip() for part in parts) if p)


def student_document(student: Student) -> str:
    """The matching text of a student: major, courses, skills, experience, self-description."""
    parts = [student.major, student.college or ""]
    parts.append(" ".join(c.name for c in student.courses))
    parts.append(", ".join(student.skills))
    parts.append(", ".join(student.certificates))
    for project in student.projects:
        parts.append(f"{project.title}. {project.description}")
    for comp in student.competitions:
        parts.append(" ".join(x for x in (comp.name, comp.award or "") if x))
    for job in student.internships:
        parts.append(f"{job.role} {job.organisation}. {job.description}")
    parts.append(student.self_description)
    return _join(parts)


def position_document(position: Position, enterprise: Enterprise | None = None) -> str:
    """The matching text of a position: title, description, skills, enterprise sectors."""
    parts = [position.title, position.description]
    if position.required_skills:
        parts.append(", ".join(position.required_skills))
    if position.preferred_skills:
        parts.append(", ".join(position.preferred_skills))
    if enterprise is not None:
        parts.append(" ".join(SECTOR_WORDS[s] for s in enterprise.sectors))
    return _join(parts)


#: Characters of a summary kept for the dense channel (about 60 tokens of e5's vocabulary).
SUMMARY_CHARS = 128


def student_summary(student: Student) -> str:
    """What the dense channel reads of a student: major, skills, projects, roles, competitions."""
    parts = [student.major, ", ".join(student.skills)]
    parts.append(" ".join(p.title for p in student.projects))
    parts.append(" ".join(j.role for j in student.internships))
    parts.append(" ".join(c.name for c in student.competitions))
    parts.append(" ".join(c.name for c in student.courses))
    return _join(parts)[:SUMMARY_CHARS]


def position_summary(position: Position, enterprise: Enterprise | None = None) -> str:
    """What the dense channel reads of a position: title, skills and its enterprise's sectors."""
    parts = [position.title, ", ".join([*position.required_skills, *position.preferred_skills])]
    if enterprise is not None:
        parts.append(" ".join(SECTOR_WORDS[s] for s in enterprise.sectors))
    return _join(parts)[:SUMMARY_CHARS]
