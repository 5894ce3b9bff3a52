"""Readers of single facts that résumés and job descriptions share: degrees, dates and years,
majors, places, money and counts. Each returns what it read with the span it read it from."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from matcher.documents.places import DISTRICT_EN, city_aliases
from matcher.schemas import Degree
from matcher.text.normal import normalise
from matcher.text.taxonomy import Major, Taxonomy


@dataclass(frozen=True)
class Found:
    """A value read from the text at ``start:end``."""

    value: object
    start: int
    end: int


# -- degrees ------------------------------------------------------------------------------------

_DEGREE_PATTERNS: tuple[tuple[Degree, re.Pattern[str]], ...] = (
    (
        Degree.doctor,
        re.compile(r"博士(?!后)|ph\.?\s?d\.?|doctor(?:ate|al)?(?: of| degree)|d\.eng", re.I),
    ),
    (
        Degree.master,
        re.compile(
            r"硕士|研究生(?!院|部|处)|master'?s?\b|m\.?\s?sc\b|m\.\s?s\.|\bms\b|m\.?\s?eng\b|"
            r"\bmeng\b"
            r"|postgraduate|graduate degree|\bm\.\s?e\.|\bm\.?\s?tech\b",
            re.I,
        ),
    ),
    (
        Degree.bachelor,
        re.compile(
            r"本科|学士|专升本|bachelor'?s?\b|b\.?\s?sc\b|b\.\s?s\.|\bbs\b|b\.?\s?eng\b|\bbeng\b"
            r"|undergraduate|\bb\.\s?e\.|\bb\.?\s?tech\b|\bb\.\s?a\.",
            re.I,
        ),
    ),
    (
        Degree.associate,
        re.compile(
            r"大专|专科|高职|高等职业|associate(?:'s)? degree|\bassociate\b|diploma|"
            r"vocational college"
            r"|higher vocational",
            re.I,
        ),
    ),
)


def degrees_in(text: str) -> list[Found]:
    """Every degree word in ``text`` with its level, in order of appearance."""
    found = [
        Found(degree, m.start(), m.end())
        for degree, pattern in _DEGREE_PATTERNS
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda f: f.start)


# -- dates ---------------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_WORD = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUMERIC_DATE = r"(?:19|20)\d{2}\s*(?:[年./\-]\s*\d{1,2}\s*(?:月)?(?:\s*[./\-]?\s*\d{1,2}\s*日?)?)?"
_WORD_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH_WORD},?\s+(?:19|20)\d{{2}}"
    rf"|{_MONTH_WORD}\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d{{2}})"
)
#: A month before its year, as English résumés write it (03/2023, 3.2023).
_MONTH_YEAR = r"(?<!\d)(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:19|20)\d{2}"
DATE = rf"(?:{_WORD_DATE}|{_MONTH_YEAR}|{_NUMERIC_DATE})"
_NOW = r"(?:至今|今|现在|目前|present|now|current|today)"
_RANGE = re.compile(rf"({DATE})\s*(?:-|–|—|~|～|至|到|to|－)+\s*({DATE}|{_NOW})", re.I)


def parse_date(text: str) -> dt.date | None:
    """A written date (2026年12月31日, 2026-12-31, 31 December 2026, Dec 2026, …) or None.

    A date without a day is the month's last day; without a month, the year's last day.
    """
    text = text.strip().rstrip("日").strip()
    words = re.fullmatch(
        rf"(\d{{1,2}})?\s*({_MONTH_WORD}),?\s*(\d{{1,2}})?,?\s+((?:19|20)\d{{2}})", text, re.I
    )
    if words:
        day = words.group(1) or words.group(3)
        month = _MONTHS[words.group(2).lower().rstrip(".")]
        return _date(int(words.group(4)), month, int(day) if day else None)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) == 2 and 1 <= numbers[0] <= 12 and 1900 <= numbers[1] <= 2100:
        return _date(numbers[1], numbers[0], None)  # 03/2023
    if not numbers or not 1900 <= numbers[0] <= 2100:
        return None
    month = numbers[1] if len(numbers) > 1 else 12
    day = numbers[2] if len(numbers) > 2 else None
    return _date(numbers[0], month, day)


def _date(year: int, month: int, day: int | None) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, last)
    return dt.date(year, month, day) if 1 <= day <= last else None


@dataclass(frozen=True)
class DateRange:
    """A written span of time (2021.09–2025.06, Sep 2021 – present)."""

    first: dt.date
    last: dt.date | None
    start: int
    end: int

    def months(self, today: dt.date) -> float:
        """Its length in months (an open range runs to ``today``)."""
        last = self.last or today
        return max(0.5, (last.year - self.first.year) * 12 + last.month - self.first.month)


def ranges_in(text: str) -> list[DateRange]:
    """Every written range of dates in ``text``."""
    out: list[DateRange] = []
    for m in _RANGE.finditer(text):
        first = parse_date(m.group(1))
        if first is None:
            continue
        first = first.replace(day=1)
        last = None if re.fullmatch(_NOW, m.group(2), re.I) else parse_date(m.group(2))
        out.append(DateRange(first, last, m.start(), m.end()))
    return out


_GRADUATION = re.compile(
    r"((?:19|20)\d{2})\s*届|(?:预计|将于)?\s*((?:19|20)\d{2})\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:毕业|"
    r"届毕业)"
    rf"|(?:expected\s+(?:graduation|to\s+graduate)?|graduat(?:ion|ing|e)(?:\s+date)?|"
    rf"class\s+of)\s*(?:in|:|：)?\s*(?:{_MONTH_WORD}\s+)?((?:19|20)\d{{2}})",
    re.I,
)


def graduation_years(text: str) -> list[Found]:
    """Years written as a graduation (2025届, 预计2026年6月毕业, Expected June 2026, …)."""
    out = []
    for m in _GRADUATION.finditer(text):
        group = next(i for i in (1, 2, 3) if m.group(i))
        out.append(Found(int(m.group(group)), m.start(), m.end()))
    return out


# -- majors --------------------------------------------------------------------------------------

_MAJOR_WRITTEN = (
    re.compile(
        r"(?:专业|所学专业|major)\s*[:：]\s*([^\n，,；;|｜()（）]{2,40}?)(?=\s{2,}|[\n，,；;|"
        r"｜()（）]|$)",
        re.I,
    ),
    re.compile(r"([\u4e00-\u9fff（）()]{2,20}?)专业"),
    re.compile(
        r"(?:b\.?\s?eng\.?|b\.?\s?sc\.?|b\.?\s?s\.?|m\.?\s?sc\.?|m\.?\s?eng\.?|m\.?\s?s\.?|"
        r"ph\.?\s?d\.?"
        r"|(?:bachelor|master|doctor)(?:'s)?(?: of (?:engineering|science|arts))?(?: degree)?)"
        r"\s*(?:in|of|,|:)\s+([A-Z][A-Za-z ,&\-]{3,80}?)(?=\s{2,}|[\n|;(]|,\s|$| \d)",
        re.I,
    ),
)


class MajorFinder:
    """Finds the project's majors in text, by name or by the closest written name."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.majors = list(taxonomy.majors.values())
        names: dict[str, Major] = {}
        for major in self.majors:
            for name in (major.zh, major.en, *_variants(major)):
                names.setdefault(normalise(name).strip(), major)
        self._names = names
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        # 英语四级 names a test, not the English major.
        self._pattern = re.compile(
            rf"(?:{alternatives})(?![四六八]级|口语|水平|能力|成绩|考试|阅读|写作)"
        )

    def find_all(self, text: str) -> list[Found]:
        """Every major named in ``text`` (value: the :class:`Major`), longest names first."""
        norm = normalise(text)
        if len(norm) != len(text):
            norm = text.lower()
        return [
            Found(self._names[m.group()], m.start(), m.end()) for m in self._pattern.finditer(norm)
        ]

    def written(self, text: str) -> list[Found]:
        """Majors written in words that are not a known name (value: the written words)."""
        out = []
        for pattern in _MAJOR_WRITTEN:
            for m in pattern.finditer(text):
                words = m.group(1).strip(" ：:")
                if words and not re.fullmatch(r"[\d\s.]+", words):
                    out.append(Found(words, m.start(1), m.start(1) + len(words)))
        return out

    def closest(self, words: str) -> tuple[Major, float] | None:
        """The major whose name is closest to ``words``, with the similarity (0–1)."""
        key = normalise(words).strip()
        best: tuple[Major, float] | None = None
        for name, major in self._names.items():
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if best is None or ratio > best[1]:
                best = (major, ratio)
        return best


def _variants(major: Major) -> list[str]:
    """Common shortenings of a major's name (机械设计制造及其自动化 → 机械设计制造及自动化)."""
    out = []
    zh = major.zh
    if "及其" in zh:
        out.append(zh.replace("及其", "及"))
    if zh.endswith("（专科）") or zh.endswith("(专科)"):
        out.append(zh[:-4])
    en = major.en
    if en.endswith(")") and "(" in en:
        out.append(en[: en.rindex("(")].strip())
    if " and " in en:
        out.append(en.replace(" and ", " & "))
    return out


@lru_cache(maxsize=4)
def major_finder(taxonomy: Taxonomy) -> MajorFinder:
    """The finder of ``taxonomy``'s majors (built once)."""
    return MajorFinder(taxonomy)


# -- places --------------------------------------------------------------------------------------

_CITIES = city_aliases()
# 吉林省 and 吉林大学 name a province and a university, not the city of Jilin.
_CITY_PATTERN = re.compile(
    "(?:" + "|".join(re.escape(name) for name in sorted(_CITIES, key=len, reverse=True)) + ")"
    r"(?!省|大学|\s+province|\s+university)",
    re.I,
)
_DISTRICT_ZH = re.compile(
    r"([\u4e00-\u9fff]{1,6}?(?:新区|开发区|经开区|汽开区|高新区|工业园区|园区|区|县))"
)
_DISTRICT_EN = re.compile(
    "|".join(re.escape(name) for name in sorted(DISTRICT_EN, key=len, reverse=True)), re.I
)


def cities_in(text: str) -> list[Found]:
    """Every city named in ``text`` (value: its Chinese name)."""
    out = []
    for m in _CITY_PATTERN.finditer(text):
        word = m.group()
        if word.isascii() and not _word_bounded(text, m.start(), m.end()):
            continue
        out.append(Found(_CITIES[word.lower()], m.start(), m.end()))
    return out


def district_after(text: str, position: int) -> Found | None:
    """The district written right after a city (长春市高新区, Changchun (High-tech Zone))."""
    window = text[position : position + 40]
    zh = _DISTRICT_ZH.match(window.lstrip(" 市·,，(（-—"))
    if zh:
        offset = position + len(window) - len(window.lstrip(" 市·,，(（-—"))
        return Found(zh.group(1), offset, offset + len(zh.group(1)))
    en = _DISTRICT_EN.search(window)
    if en:
        return Found(DISTRICT_EN[en.group().lower()], position + en.start(), position + en.end())
    return None


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


# -- money and counts ----------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_DASH = r"\s*(?:-|–|—|~|～|至|到|to|－)\s*"
_SALARY_PATTERNS: tuple[tuple[re.Pattern[str], float, float], ...] = (
    # 年薪12-18万, 12-18万/年: per year in ten-thousands.
    (
        re.compile(rf"年薪\s*(?:约|为)?\s*({_NUMBER}){_DASH}({_NUMBER})\s*万", re.I),
        10_000 / 12,
        0.85,
    ),
    (
        re.compile(rf"({_NUMBER}){_DASH}({_NUMBER})\s*万\s*(?:元)?\s*(?:/|每)\s*年", re.I),
        10_000 / 12,
        0.85,
    ),
    # 8K-12K, 8-12k, 8千-1.2万: per month in thousands.
    (re.compile(rf"({_NUMBER})\s*[kK千]?{_DASH}({_NUMBER})\s*[kK千](?![a-zA-Z])"), 1_000, 0.9),
    (
        re.compile(rf"({_NUMBER})\s*万?{_DASH}({_NUMBER})\s*万\s*(?:元)?\s*(?:/|每)?\s*月"),
        10_000,
        0.85,
    ),
    (
        re.compile(rf"(?:月薪|月工资|月收入)\s*[:：]?\s*({_NUMBER})\s*万?{_DASH}({_NUMBER})\s*万"),
        10_000,
        0.85,
    ),
    # 8000-12000元/月, RMB 8,000–12,000 per month, ¥8000-12000.
    (
        re.compile(
            rf"(?:rmb|cny|¥|￥)?\s*({_NUMBER}){_DASH}(?:rmb|cny|¥|￥)?\s*({_NUMBER})\s*"
            r"(?:元|rmb|cny|yuan)?\s*(?:/\s*月|每月|/\s*month|per month|a month|monthly)",
            re.I,
        ),
        1,
        0.9,
    ),
    (
        re.compile(rf"(?:rmb|cny|¥|￥)\s*({_NUMBER}){_DASH}(?:rmb|cny|¥|￥)?\s*({_NUMBER})", re.I),
        1,
        0.75,
    ),
    (re.compile(rf"({_NUMBER}){_DASH}({_NUMBER})\s*元"), 1, 0.75),
)
_SALARY_WORDS = re.compile(
    r"薪|工资|待遇|报酬|补贴|salary|pay|compensation|stipend|wage|rmb|cny|¥|￥|元", re.I
)
_NEGOTIABLE = re.compile(r"面议|negotiable|competitive salary|薪资面谈", re.I)


def salary_in(text: str) -> tuple[Found, Found] | None:
    """The monthly salary range (CNY) a text states, as two found values, or None."""
    best: tuple[Found, Found, float] | None = None
    for line_start, line in _lines_with_offsets(text):
        if not _SALARY_WORDS.search(line) and not re.search(r"\d\s*[kK]\b", line):
            continue
        for pattern, factor, _confidence in _SALARY_PATTERNS:
            m = pattern.search(line)
            if not m:
                continue
            low, high = (_to_number(m.group(i)) * factor for i in (1, 2))
            if high < low or high <= 0:
                continue
            if factor == 1 and high < 500:  # "3-5年" and the like are not money
                continue
            low, high = round(low), round(high)
            if not 300 <= high <= 200_000:
                continue
            start = line_start + m.start()
            best = (
                Found(low, start, line_start + m.end()),
                Found(high, start, line_start + m.end()),
                0,
            )
            return best[0], best[1]
    return None


def negotiable(text: str) -> Found | None:
    """Where the text says the salary is negotiable (面议), if it does."""
    m = _NEGOTIABLE.search(text)
    return Found(None, m.start(), m.end()) if m else None


def _to_number(text: str) -> float:
    return float(text.replace(",", ""))


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, position = [], 0
    for line in text.split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out
