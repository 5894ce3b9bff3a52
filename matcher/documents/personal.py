"""Personal data in a document: found, handed to the personal fields, masked everywhere else.

Names, phone numbers, e-mail addresses, ID numbers, birth dates, gender, ethnicity, hometown and
political status are recognised by their labels (姓名：, Tel:, 出生年月：…) and by their shapes
(an 11-digit mobile number, an 18-character ID number with its check digit, an address with
an @). Each found value is replaced in the text by as many ``＊`` as it has characters, so that
every later step (sections, fields, skills, the summary, any log line) reads the masked text,
and the spans of the rest stay where they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MASK = "＊"

_LABEL_END = r"\s*[:：]\s*"
_PHONE = re.compile(
    r"(?<![\d\w])(?:\+?86[\s\-]?)?1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}(?!\d)"
    r"|(?<![\d\w])\(?0\d{2,3}\)?[\s\-]\d{7,8}(?!\d)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_LABELLED: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "name",
        re.compile(
            r"(?:姓\s*名|(?<![A-Za-z])(?:full\s+)?name)"
            + _LABEL_END
            + r"([\u4e00-\u9fff·]{2,6}|[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-]+){0,3})",
            re.IGNORECASE,
        ),
    ),
    (
        "birth_date",
        re.compile(
            r"(?:出生(?:年月|日期)?|生\s*日|date\s+of\s+birth|birth\s*date|birthday|d\.?o\.?b\.?|born)"
            + r"\s*[:：]?\s*((?:19|"
            r"20)\d{2}(?:\s*[年.\-/]\s*\d{1,2}(?:\s*[月.\-/]\s*\d{1,2}\s*日?)?\s*月?)?"
            + r"|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d{2}|"
            r"[A-Za-z]{3,9}\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2})",
            re.IGNORECASE,
        ),
    ),
    (
        "age",
        re.compile(r"(?:年\s*龄|(?<![A-Za-z])age)" + _LABEL_END + r"(\d{2}\s*岁?)", re.IGNORECASE),
    ),
    (
        "gender",
        re.compile(r"(?:性\s*别|gender|sex)" + _LABEL_END + r"(男|女|male|female)", re.IGNORECASE),
    ),
    (
        "ethnicity",
        re.compile(
            r"(?:民\s*族|ethnicity|nationality)"
            + _LABEL_END
            + r"([\u4e00-\u9fff]{1,6}族|[\u4e00-\u9fff]{1,4}|[A-Za-z]+)",
            re.IGNORECASE,
        ),
    ),
    (
        "hometown",
        re.compile(
            r"(?:籍\s*贯|户\s*籍|生源地|出生地|家庭住址|现居住地|现居地|住\s*址|hometown|place\s+of\s+origin|"
            r"native\s+place|home\s+address|address)"
            + _LABEL_END
            + r"([^\n，,；;|｜]{2,30}?)(?=\s{2,}|[，,；;|｜\n]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "political_status",
        re.compile(
            r"(?:政治面貌|political\s+status)"
            + _LABEL_END
            + r"([\u4e00-\u9fff]{2,8}|[A-Za-z ]{3,40}?)(?=\s{2,}|[，,；;|｜\n]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "id_number",
        re.compile(
            r"(?:身份证(?:号码?)?|id\s*(?:no\.?|number|card))" + _LABEL_END + r"(\S{6,20})",
            re.IGNORECASE,
        ),
    ),
    (
        "student_number",
        re.compile(
            r"(?:学\s*号|student\s*(?:no\.?|number|id))" + _LABEL_END + r"(\d{6,14})", re.IGNORECASE
        ),
    ),
)
#: A first line that is only a Chinese name (2–4 characters, a few with a middle dot).
_NAME_LINE_ZH = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})\s*$")
#: A first line that is only an English name (two to four capitalised words, or all capitals).
_NAME_LINE_EN = re.compile(r"^\s*([A-Z][a-z]+(?: [A-Z][a-z]+){1,3}|[A-Z]+(?: [A-Z]+){1,3})\s*$")
#: First lines that are not names although they look like them.
_NOT_NAMES = frozenset(
    {
        "个人简历",
        "简历",
        "求职简历",
        "应聘简历",
        "个人履历",
        "CURRICULUM VITAE",
        "RESUME",
        "Curriculum Vitae",
        "Resume",
    }
)
#: ID-number check-digit weights and map (GB 11643).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class PersonalValue:
    """One personal value found: which field, the value, and its span in the text."""

    field: str
    value: str
    start: int
    end: int


def _valid_id_number(text: str) -> bool:
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def find_personal(text: str) -> list[PersonalValue]:
    """Every personal value in ``text``, by label or by shape, in order of appearance."""
    found: list[PersonalValue] = []
    for field, pattern in _LABELLED:
        for match in pattern.finditer(text):
            value = match.group(1).strip()
            if value:
                start = match.start(1)
                found.append(PersonalValue(field, value, start, start + len(value)))
    for match in _ID_NUMBER.finditer(text):
        if _valid_id_number(match.group()):
            found.append(PersonalValue("id_number", match.group(), match.start(), match.end()))
    for match in _PHONE.finditer(text):
        found.append(PersonalValue("phone", match.group().strip(), match.start(), match.end()))
    for match in _EMAIL.finditer(text):
        found.append(PersonalValue("email", match.group(), match.start(), match.end()))
    if not any(value.field == "name" for value in found):
        found.extend(_name_on_top(text))
    taken: list[PersonalValue] = []
    for value in sorted(found, key=lambda v: (v.start, -(v.end - v.start))):
        if taken and value.start < taken[-1].end:
            continue
        taken.append(value)
    return taken


def _name_on_top(text: str) -> Iterator[PersonalValue]:
    """A name alone on one of the first three lines, as résumés often begin."""
    position = 0
    for line in text.split("\n")[:3]:
        for pattern in (_NAME_LINE_ZH, _NAME_LINE_EN):
            match = pattern.match(line)
            if (
                match
                and match.group(1) not in _NOT_NAMES
                and not _looks_like_heading(match.group(1))
            ):
                yield PersonalValue(
                    "name", match.group(1), position + match.start(1), position + match.end(1)
                )
                return
        position += len(line) + 1


def _looks_like_heading(word: str) -> bool:
    from matcher.documents.sections import RESUME_HEADINGS, heading_of

    return heading_of(word, RESUME_HEADINGS) is not None


def mask(text: str, values: list[PersonalValue]) -> str:
    """``text`` with every found value replaced by as many ``＊`` (spans elsewhere unchanged)."""
    chars = list(text)
    for value in values:
        for i in range(value.start, value.end):
            if not chars[i].isspace():
                chars[i] = MASK
    masked = "".join(chars)
    # Whatever still has the shape of a phone, an e-mail or an ID number goes too.
    for pattern in (_PHONE, _EMAIL, _ID_NUMBER):
        masked = pattern.sub(lambda m: MASK * len(m.group()), masked)
    return masked


def birth_year(value: str) -> int | None:
    """The year of a birth date as written, if it has one."""
    match = re.search(r"(19|20)\d{2}", value)
    return int(match.group()) if match else None
