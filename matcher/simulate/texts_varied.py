"""A second writer of the simulated world's texts, with its own template bank.

It offers the functions of :mod:`matcher.simulate.texts` under the same names and arguments
(:func:`enterprise_description`, :func:`position_description`, :func:`position_title`,
:func:`self_description`, :func:`project_text`), so that a world can be written by either writer
or a mix of both, and a system that has learnt to decode one writer's templates meets text it has
not seen. Where :mod:`~matcher.simulate.texts` fills a few whole-text templates, this writer
composes each text from parts chosen independently: the opening, the clauses and their verbs,
the connectives, the order of the sections, bullets or prose, and optional parts left out. Fixed
wording comes in short pieces, so that long character n-grams seldom repeat from text to text
(``eval.texts_audit`` measures it).

What a text says is what :mod:`~matcher.simulate.texts` says: every skill, course, duty, degree,
major and number of weeks passed in appears in the text as given; personal data never does.
Languages are ``zh``, ``en`` and ``mixed`` (Chinese with English tool names and English words, as
engineers in China write, and now and then one section in English).

>>> import numpy as np
>>> text = self_description(np.random.default_rng(0), lang="zh", skills=["SolidWorks", "PLC"],
...     courses=["机械原理"], sector="mechatronics", city="长春", cold=False)
>>> all(word in text for word in ("SolidWorks", "PLC", "机械原理"))
True

Why one long module (about 1,400 lines): it is mostly the writer's own template text in two
languages, kept beside the few functions that choose among it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.simulate.names import CITY_EN
from matcher.simulate.texts import (
    BENEFITS_EN,
    BENEFITS_ZH,
    DEGREE_EN,
    DEGREE_ZH,
    SECTOR_EN,
    SECTOR_ZH,
    SECTOR_ZH_LONG,
    TIER_EN,
    TIER_ZH,
    enterprise_facts,
    join_en,
    join_zh,
    major_display,
    pick,
    pick_some,
)

logger = logging.getLogger(__name__)

__all__ = [
    "enterprise_description",
    "position_description",
    "position_title",
    "project_text",
    "self_description",
]


# -- small helpers -------------------------------------------------------------------------------


def _chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def _shuffled(rng: np.random.Generator, items: Sequence[str]) -> list[str]:
    """The items in a random order (writers do not keep one order of a list)."""
    return [items[int(i)] for i in rng.permutation(len(items))]


def _list_zh(rng: np.random.Generator, items: Sequence[str]) -> str:
    """A Chinese enumeration: 、 (most often), a slash, or 和/及/以及 before the last item."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    r = rng.random()
    if r < 0.5:
        return join_zh(items)
    if r < 0.65:
        return "/".join(items)
    return join_zh(items[:-1]) + pick(rng, ("和", "及", "以及", "、")) + items[-1]


def _list_en(rng: np.random.Generator, items: Sequence[str]) -> str:
    """An English enumeration: a, b and c / a, b, c / a / b / c."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    r = rng.random()
    if r < 0.6:
        return join_en(items)
    if r < 0.8:
        return ", ".join(items)
    return " / ".join(items)


def _cap(text: str, keep: Sequence[str] = ()) -> str:
    """The text with a capital first letter, unless it starts with one of ``keep`` (skills are
    written as given)."""
    if any(text.startswith(k) for k in keep):
        return text
    return text[:1].upper() + text[1:]


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫"
_SENTENCE_ENDS = frozenset("。！？.!?；;）)")


@dataclass(frozen=True)
class _Style:
    """How one writer lays a text out, chosen once per text.

    ``layout`` is "bullets" (a heading, then one item a line), "compact" (a heading and the items
    on one line) or "prose" (sentences, no headings); ``head`` formats a heading word ``{w}``
    (``{W}`` upper case); ``mark`` a bullet (``{i}`` its number, ``{c}`` a circled number); ``end``
    closes each listed item ("" for nothing); ``gap`` separates sections.
    """

    layout: str
    head: str
    mark: str
    end: str
    gap: str


def _style(rng: np.random.Generator, zh: bool) -> _Style:
    r = rng.random()
    layout = "bullets" if r < 0.45 else ("compact" if r < 0.65 else "prose")
    if zh:
        heads = ("{w}：", "【{w}】", "{w}:", "■{w}", "◆{w}：", "[{w}]", "{w}")
        marks = ("{i}、", "{i}. ", "{i}.", "（{i}）", "{c}", "- ", "·", "{i}）", "• ")
        ends = ("；", "；", "。", "", ";")
        if layout == "compact":
            heads = ("{w}：", "【{w}】", "{w}:", "◆{w}：", "[{w}]")
    else:
        heads = ("{w}:", "{w}", "{W}:", "[{w}]", "— {w} —", "{w} –")
        marks = ("- ", "• ", "* ", "{i}. ", "{i}) ")
        ends = ("", "", ";", ".")
        if layout == "compact":
            heads = ("{w}:", "{W}:", "[{w}]", "{w} –")
    gap = "\n" if layout != "prose" or _chance(rng, 0.3) else ""
    if layout == "bullets" and _chance(rng, 0.3):
        gap = "\n\n"
    return _Style(layout, pick(rng, heads), pick(rng, marks), pick(rng, ends), gap)


def _heading(style: _Style, word: str) -> str:
    return style.head.format(w=word, W=word.upper())


def _listed(
    style: _Style, word: str, items: Sequence[str], zh: bool, keep: Sequence[str] = ()
) -> str:
    """A section with a heading: items one a line (bullets) or on one line (compact)."""
    items = [i for i in items if i]
    if style.layout == "bullets":
        lines = []
        for n, item in enumerate(items):
            mark = style.mark.format(i=n + 1, c=_CIRCLED[min(n, len(_CIRCLED) - 1)])
            if mark[-1] in _CIRCLED and item[:1].isascii():
                mark += " "  # ①BMS would read as one token
            last = n == len(items) - 1
            end = style.end
            if last and end in ("；", ";"):
                end = "。" if zh else "."
            lines.append(mark + (item if zh else _cap(item, keep)) + end)
        return _heading(style, word) + "\n" + "\n".join(lines)
    sep = "；" if zh else "; "
    body = sep.join(items) + ("。" if zh else ".")
    head = _heading(style, word)
    return head + ("" if zh else " ") + (body if zh else _cap(body, keep))


# -- enterprises ---------------------------------------------------------------------------------

_E_FOUND_ZH = (
    "{e}成立于{y}年，位于{p}", "{e}创建于{y}年，总部在{p}", "{e}始建于{y}年，地址在{p}",
    "{e}于{y}年在{p}成立", "{e}（{y}年成立）坐落在{p}", "{e}{y}年成立，位于{p}",
    "{e}是{p}的一家企业，成立于{y}年", "{y}年，{e}在{p}注册成立",
)  # fmt: skip
_E_BUSINESS_ZH = (
    "专注于{b}的研发、生产与销售", "主营{b}", "主要产品为{b}", "从事{b}的研发和制造",
    "核心业务是{b}", "以{b}为主要产品", "提供{b}", "做{b}起家", "长期深耕{b}",
)  # fmt: skip
_E_APPS_ZH = (
    "产品应用于{a}等领域", "产品主要用在{a}", "客户集中在{a}等行业", "下游覆盖{a}",
    "服务于{a}等行业客户", "产品广泛用于{a}", "面向{a}等市场",
)  # fmt: skip
_E_STAFF_ZH = (
    "现有员工约{n}人", "员工{n}人左右", "公司规模约{n}人", "团队约{n}人", "目前有{n}名左右员工",
    "全公司约{n}人",
)  # fmt: skip
_E_RD_ZH = (
    "其中研发人员占比{r}%", "研发人员约占{r}%", "研发占比{r}%", "{r}%为研发人员",
    "技术研发人员占{r}%", "研发团队占到{r}%",
)  # fmt: skip
_E_TIER_ZH = ("公司是{t}", "公司被认定为{t}", "{e}是{t}", "获评{t}", "属于{t}", "已入选{t}")
_E_PARTNER_ZH = (
    "公司与学校共建实践基地，每年接收实习生和毕业生",
    "与学校共建了实践基地，每年都接收实习生和毕业生",
    "是学校的校企合作实践基地，每年招收实习生和应届生",
    "和学校有共建的实习基地，每年接收毕业生与实习生",
    "与学院合作建立实践基地，常年接收实习生，也招毕业生",
    "作为校企共建实践基地，每年都有实习生和毕业生加入",
)  # fmt: skip
_E_SECOND_ZH = (
    "近年来业务拓展至{s}领域", "近几年开始布局{s}", "同时也在发展{s}业务", "业务已延伸到{s}",
    "新拓展了{s}方向", "目前也涉足{s}",
)  # fmt: skip
_E_FOUND_EN = (
    "{e}, founded in {y} and based in {p},", "Founded in {y}, {e} is based in {p} and",
    "{e} was set up in {p} in {y} and", "Based in {p} since {y}, {e}", "{e} ({p}, est. {y})",
    "Since {y}, {e} in {p}",
)  # fmt: skip
_E_BUSINESS_EN = (
    "develops and makes {b} for {a}.", "builds {b} used in {a}.",
    "designs and produces {b} for customers in {a}.", "supplies {b} to {a}.",
    "makes {b}; its customers work in {a}.", "focuses on {b}, sold into {a}.",
)  # fmt: skip
_E_STAFF_EN = (
    "We have about {n} employees.", "About {n} people work here.",
    "The team is around {n} people.", "Headcount: roughly {n}.", "We are a company of about {n}.",
)  # fmt: skip
_E_TIER_EN = ("The company is recognised as {t}.", "We are {t}.", "Recognised as {t}.")
_E_PARTNER_EN = (
    "We run a joint practice base with the university and take interns every year.",
    "Each year we host interns through a practice base shared with the university.",
    "With the university we run a practice base, and we take interns every year.",
    "Interns join us every year through our joint practice base with the university.",
)  # fmt: skip


def enterprise_description(
    rng: np.random.Generator,
    *,
    lang: str,
    short_name: str,
    en_name: str,
    city: str,
    district: str | None,
    sectors: Sequence[str],
    tier: str,
    size: str,
    founded: int,
    partner: bool,
) -> str:
    """A few sentences about an enterprise in its writer's language (parts in varying order)."""
    business, apps, staff = enterprise_facts(rng, sectors, size)
    if lang == "en":
        return _enterprise_en(rng, en_name, city, tier, partner, founded, business, apps, staff)
    rd = int(rng.integers(20, 60))
    place = f"{city}{district or ''}"
    e = short_name
    b = business[0] + (f"（{business[1]}）" if lang == "mixed" and _chance(rng, 0.5) else "")
    found = pick(rng, _E_FOUND_ZH).format(e=e, y=founded, p=place)
    what = pick(rng, _E_BUSINESS_ZH).format(b=b)
    where = pick(rng, _E_APPS_ZH).format(a=_list_zh(rng, [a[0] for a in apps]))
    staff_txt = pick(rng, _E_STAFF_ZH).format(n=staff)
    rd_txt = pick(rng, _E_RD_ZH).format(r=rd)
    clauses = [found, what, where] if _chance(rng, 0.7) else [f"{e}{what}", where, found]
    sentences = ["，".join(clauses[:2]), clauses[2]] if _chance(rng, 0.4) else ["，".join(clauses)]
    if _chance(rng, 0.7):
        size_part = f"{staff_txt}，{rd_txt}"
    else:
        size_part = f"{staff_txt}。{rd_txt.removeprefix('其中')}"
    extra = []
    if tier != "none":
        extra.append(pick(rng, _E_TIER_ZH).format(e=e, t=TIER_ZH[tier]))
    if partner:
        extra.append(pick(rng, _E_PARTNER_ZH))
    if len(sectors) > 1:
        extra.append(
            pick(rng, _E_SECOND_ZH).format(s=pick(rng, (SECTOR_ZH_LONG, SECTOR_ZH))[sectors[1]])
        )
    extra = _shuffled(rng, extra)
    if _chance(rng, 0.5):
        sentences.append(size_part)
        sentences.extend(extra)
    else:
        sentences.extend(extra)
        sentences.insert(1, size_part)
    text = "。".join(s for s in sentences if s) + "。"
    if lang == "mixed" and _chance(rng, 0.5):
        text += " " + _enterprise_en(
            rng, en_name, city, "none", False, founded, business, apps, staff, short=True
        )
    return text


def _enterprise_en(
    rng: np.random.Generator,
    en_name: str,
    city: str,
    tier: str,
    partner: bool,
    founded: int,
    business: tuple[str, str],
    apps: Sequence[tuple[str, str]],
    staff: int,
    short: bool = False,
) -> str:
    place = CITY_EN.get(city, city)
    found = pick(rng, _E_FOUND_EN).format(e=en_name, y=founded, p=place)
    what = pick(rng, _E_BUSINESS_EN).format(b=business[1], a=_list_en(rng, [a[1] for a in apps]))
    parts = [f"{found} {what}"]
    if short:
        return parts[0]
    rest = [pick(rng, _E_STAFF_EN).format(n=staff)]
    if tier != "none":
        rest.append(pick(rng, _E_TIER_EN).format(t=TIER_EN[tier]))
    if partner:
        rest.append(pick(rng, _E_PARTNER_EN))
    return " ".join(parts + _shuffled(rng, rest))


# -- positions: Chinese bank ---------------------------------------------------------------------

_H_DUTY_ZH = (
    "岗位职责", "工作职责", "工作内容", "职位描述", "岗位描述", "主要职责", "职责描述",
    "你将负责", "你要做的", "工作描述",
)  # fmt: skip
_H_DUTY_ZH_TYPE = {"internship": ("实习内容",), "project": ("项目内容", "实践内容"), "job": ()}
_H_REQ_ZH = (
    "任职要求", "岗位要求", "任职资格", "职位要求", "应聘要求", "任职条件", "招聘要求",
    "我们希望你", "你需要", "岗位条件",
)  # fmt: skip
_H_PREF_ZH = ("加分项", "优先条件", "优先考虑", "加分")
_H_MIX = {
    "duty": (
        "JD",
        "Job Description",
        "岗位职责 Responsibilities",
        "Responsibilities",
        "职责 Duties",
    ),
    "req": (
        "Requirements",
        "任职要求 Requirements",
        "Must have",
        "Qualifications",
        "要求 Requirements",
    ),
    "pref": ("Nice to have", "加分项 Bonus", "Bonus", "Plus 加分项", "Preferred"),
}
_DUTY_VERB_ZH = ("负责", "负责", "负责", "", "", "参与", "参与", "协助", "主要负责")
_DUTY_EXTRA_ZH = (
    "完成上级交办的其他工作", "完成领导安排的其他任务", "配合其他部门完成相关工作",
    "整理相关技术文档", "参与部门内部的技术交流", "其他临时性工作",
)  # fmt: skip
_DUTY_OPEN_VERB_ZH = ("入职后主要", "这个岗位主要", "工作上主要", "加入后你将", "平时主要", "你会")
_DUTY_OPEN_BARE_ZH = (
    "你的工作主要是", "日常工作包括", "岗位的核心工作是", "主要工作：", "工作内容包括",
    "具体来说是",
)  # fmt: skip
_DUTY_NEXT_ZH = (
    "，同时参与", "，也会参与", "；另外负责", "，并协助", "，还要负责", "；此外参与", "，以及",
    "、", "，还有", "，也包括",
)  # fmt: skip
_DEG_ZH = (
    "{d}及以上学历", "{d}以上学历", "{d}及以上", "{d}或以上学历", "学历{d}及以上",
    "统招{d}及以上学历", "最低{d}学历",
)  # fmt: skip
_MAJ_ZH = (
    "{m}等相关专业", "{m}等专业", "{m}或相近专业", "{m}相关专业", "{m}等专业的毕业生", "{m}方向",
    "{m}等专业均可",
)  # fmt: skip
_ANY_MAJOR_ZH = ("专业不限", "不限专业", "专业不作要求")
_REQ_ZH = (
    "熟悉{s}", "掌握{s}", "熟练掌握{s}", "具备{s}基础", "{s}基础扎实", "有{s}方面的经验", "懂{s}",
    "对{s}比较熟悉", "具备{s}相关知识或经验", "需掌握{s}", "在{s}方面有一定积累", "要求熟悉{s}",
    "能运用{s}解决实际问题",
)  # fmt: skip
_REQ_TAIL_ZH = ("", "", "", "", "等", "，能独立上手", "，上手快", "，有项目实践", "等相关知识")
_REQ_ZH_MIX = ("熟悉{s}，能独立debug", "{s}要熟，有hands-on经验", "掌握{s}（hands-on）")
_PREF_ZH = (
    "有{s}经验者优先", "熟悉{s}者优先", "了解{s}优先", "懂{s}的优先考虑", "会{s}的同学优先",
    "有{s}相关经验的优先", "{s}加分", "掌握{s}者优先考虑", "熟悉{s}可加分", "有{s}项目经历更佳",
    "接触过{s}的优先",
)  # fmt: skip
_PREF_ZH_MIX = ("{s}经验加分（bonus）", "有{s}经验优先（nice to have）", "会{s}的优先，plus")
_HIDDEN_ZH = (
    "工作中会经常用到{s}", "日常会接触{s}", "岗位会用到{s}", "平时要用{s}", "团队日常使用{s}",
    "工作涉及{s}", "会接触到{s}相关工作", "入职后会用到{s}，可在岗学习",
)  # fmt: skip
_SOFT_ZH = (
    "责任心强", "沟通表达清楚", "学习能力强", "能吃苦耐劳", "愿意下现场", "做事细致",
    "有团队意识", "抗压能力较好", "动手能力强", "逻辑思维清晰", "工作积极主动", "执行力强",
    "踏实肯干", "能适应车间环境", "对技术有热情", "善于总结", "有良好的文档习惯",
    "能读懂英文技术资料", "有一定的英文读写能力", "具备良好的沟通能力", "做事有条理",
    "服从工作安排",
)  # fmt: skip
_SOFT_ZH_MIX = (
    "英文datasheet能看懂", "有owner意识", "debug能力强", "coding习惯好", "能看英文paper",
)  # fmt: skip
_INTERN_PERIOD_ZH = (
    "实习期{m}个月以上", "实习时间不少于{m}个月", "至少实习{m}个月",
    "需保证{m}个月及以上的实习期", "实习周期{m}个月起", "能连续实习{m}个月以上",
)  # fmt: skip
_INTERN_DAYS_ZH = (
    "每周到岗不少于4天", "每周至少4天", "一周出勤4天以上", "每周能来4天及以上", "每周4天起",
)  # fmt: skip
_INTERN_CONVERT_ZH = (
    "表现优秀者可转正", "优秀者有转正机会", "表现好可留用", "优秀实习生可获留用", "有转正机会",
    "实习合格可转正",
)  # fmt: skip
_INTERN_CONVERT_MIX = ("表现好的有return offer", "优秀者发转正offer")
_INTERN_HEAD_ZH = ("实习要求：", "【实习说明】", "实习安排：", "关于实习：", "", "", "")
_PROJECT_WEEKS_ZH = (
    "项目周期约{w}周", "为期{w}周左右", "周期{w}周", "持续约{w}周", "计划{w}周完成", "预计{w}周",
    "共{w}周",
)  # fmt: skip
_PROJECT_SUP_ZH = (
    "由企业导师与学校指导教师共同指导", "企业导师和校内老师联合指导",
    "双导师带教（企业导师+学校老师）", "企业工程师和学校老师一起带", "校企双导师指导",
    "公司安排导师，学校指导教师全程参与",
)  # fmt: skip
_PROJECT_CERT_ZH = (
    "结束后出具实践证明", "完成后可开具实践证明", "结项后发放实践证明", "考核通过颁发实践证明",
    "项目结束提供实践证明", "合格者获得企业实践证明",
)  # fmt: skip
_PROJECT_HEAD_ZH = ("项目说明：", "【项目安排】", "实践安排：", "关于项目：", "", "", "")
_BENEFIT_HEAD_ZH = (
    "福利待遇：", "我们提供：", "【福利待遇】", "薪资福利：", "待遇：", "公司福利：", "入职享有",
    "福利：",
)  # fmt: skip
_BENEFIT_HEAD_MIX = ("Benefits：", "福利 Benefits：")
_CLOSE_ZH = (
    "欢迎投递！", "欢迎各位同学投递简历。", "有意者请投递简历。", "简历请注明应聘岗位。",
    "期待你的加入！", "欢迎应届毕业生报名。", "感兴趣的话直接投递即可。", "名额有限，尽早投递。",
    "欢迎推荐身边的同学。", "可先投简历，再约面谈。",
)  # fmt: skip
_CLOSE_MIX = ("欢迎投递，looking forward to meeting you！", "有兴趣的话直接投简历，thanks！")
_INTRO_A_ZH = (
    "{e}专注{L}", "{e}深耕{L}领域多年", "{e}主要从事{L}方向的研发和生产",
    "{e}是{S}行业的一家技术型企业", "{e}做{L}相关产品", "我们{e}是做{S}的", "{e}的业务覆盖{L}",
    "{e}是一家{S}企业", "{e}聚焦{L}", "{e}一直在做{S}",
)  # fmt: skip
_INTRO_B_ZH = (
    "因业务发展需要", "随着项目增加", "因团队扩充", "为储备技术人才", "因新项目启动",
    "因研发团队扩招",
)  # fmt: skip
_INTRO_C_ZH = (
    "现招聘{t}", "现开放{t}岗位", "诚聘{t}", "招{t}", "现面向高校招聘{t}", "正在寻找{t}",
    "本次招聘{t}", "现需要{t}",
)  # fmt: skip
_INTRO_C_PROJECT_ZH = ("现发布{t}", "面向在校生开放{t}", "本次项目：{t}", "推出{t}", "现开放{t}")


# -- positions: English bank ---------------------------------------------------------------------

_H_DUTY_EN = (
    "Responsibilities", "What you will do", "What you'll do", "The role", "Your tasks",
    "Key responsibilities", "In this role", "About the role", "Duties", "The job", "Your role",
    "Tasks",
)  # fmt: skip
_H_DUTY_EN_TYPE = {
    "internship": ("Your tasks",),
    "project": ("Project description", "The work"),
    "job": (),
}
_H_REQ_EN = (
    "Requirements", "Qualifications", "What we're looking for", "About you", "You have",
    "What you bring", "Your profile", "Who you are", "What you need", "You bring", "Must have",
)  # fmt: skip
_H_PREF_EN = ("Nice to have", "Bonus points", "Preferred", "A plus", "Bonus", "Desirable")
_DUTY_PREFIX_EN = ("", "", "", "", "", "help ", "you will ", "you ")
_DUTY_OPEN_EN = (
    "You will {d}", "Day to day, you will {d}", "The job is to {d}", "Your main task is to {d}",
    "In this role you'll {d}", "You'll mainly {d}", "We need someone to {d}",
    "Most days you will {d}", "You {d}", "Expect to {d}", "Your job: {d}", "Here you {d}",
    "The team needs you to {d}", "Mainly, you {d}", "Your work is to {d}", "First, you {d}",
)  # fmt: skip
_DUTY_NEXT_EN = (
    ", and also {d}", "; you will also {d}", " and {d}", ". You'll also {d}",
    ". From time to time you will {d}", ". Another part of the job is to {d}",
    "; on top of that, {d}", ". Also: {d}", ", then {d}", "; sometimes you {d}",
    ". You {d} as well", ", and you {d}",
)  # fmt: skip
_DEG_WORD_EN = {"associate": "Associate", "bachelor": "Bachelor's", "master": "Master's"}
_DEG_EN = (
    "{a}", "at least {a}", "{W} degree or above", "{W} degree or higher", "{a} or higher",
    "{W} degree (minimum)", "{W} or above",
)  # fmt: skip
_MAJ_EN = (
    "in {m}", "in {m} or a related field", "in {m} or similar", "in {m} or a related discipline",
    "({m} or close)", "in {m} or a neighbouring subject", "— {m} or related",
    "in {m}, or near it",
)  # fmt: skip
_ANY_MAJOR_EN = ("in any field", "(any major)", "(open to all majors)", "(no major requirement)")
_REQ_Q_EN = ("working", "solid", "good", "practical", "sound", "decent", "real", "strong")
_REQ_N_EN = (
    "knowledge of", "command of", "skills in", "grasp of", "background in", "understanding of",
)  # fmt: skip
_REQ_EN = (
    "you know {s}", "familiar with {s}", "proficient in {s}", "good at {s}", "at home with {s}",
    "confident with {s}", "you have worked with {s}", "experienced in {s}", "trained in {s}",
    "able to apply {s}", "well versed in {s}", "you understand {s}",
)  # fmt: skip
_PREF_EN = (
    "{s} is a plus", "bonus: {s}", "nice to have: {s}", "{s} preferred",
    "knowing {s} is an advantage", "ideally you also know {s}", "{s} would be great",
    "any {s} background is a plus", "extra points for {s}", "{s} desirable",
    "bonus if you have used {s}", "{s}: a plus", "ideally some {s}", "preferred: {s}",
    "bonus for {s}", "nice if you know {s}",
)  # fmt: skip
_HIDDEN_EN = (
    "day to day you will also use {s}", "the team works with {s} daily",
    "you'll pick up {s} on the job", "tools in daily use: {s}", "expect to touch {s} as well",
    "we use {s} a lot", "you will work with {s} too", "{s} is part of daily work",
    "you'll meet {s} here", "our daily kit includes {s}", "{s} comes up often",
    "you'll learn {s} here if it is new to you", "we rely on {s}", "the work involves {s}",
)  # fmt: skip
_SOFT_EN = (
    "a clear talker", "keen to learn", "careful", "happy on the shop floor", "a team player",
    "organised", "able to read English datasheets", "curious", "calm when things break",
    "self-driven", "patient", "tidy in your work", "good at writing things down",
    "quick to learn", "steady under pressure", "open to feedback", "hands-on", "punctual",
    "fond of solving problems", "honest about what you don't know",
)  # fmt: skip
_SOFT_LEAD_EN = ("you are ", "", "ideally ", "we hope you're ", "soft side: ", "and you are ")
_INTERN_PERIOD_EN = (
    "at least {m} months", "{m}+ months", "minimum {m} months",
    "a placement of {m} months or more", "{m} months or longer", "no less than {m} months",
)  # fmt: skip
_INTERN_DAYS_EN = (
    "four days a week", "4 days/week", "at least four days per week", "four or more days a week",
    "4+ days weekly",
)  # fmt: skip
_INTERN_CONVERT_EN = (
    "strong interns get return offers", "good interns may stay on full-time",
    "a return offer is possible", "possible conversion to a full-time role",
    "the best interns are offered jobs", "we hire good interns",
)  # fmt: skip
_INTERN_FORMS_EN = (
    "{P}, {d}; {c}.", "Internship: {p}, {d}. {C}.", "Duration: {p} ({d}). {C}.",
    "We ask for {p}, {d}. {C}.", "Terms: {p}; {d}; {c}.", "{C}. Time: {p}, {d}.",
)  # fmt: skip
_PROJECT_WEEKS_EN = (
    "a {w}-week project", "about {w} weeks", "{w} weeks in total", "runs for roughly {w} weeks",
    "planned for {w} weeks", "{w} weeks long",
)  # fmt: skip
_PROJECT_SUP_EN = (
    "co-supervised by an enterprise mentor and a university teacher",
    "one mentor from our team and one from your university",
    "guided jointly by our engineer and your teacher",
    "with a company mentor and a faculty supervisor",
    "two mentors: one of ours, one from the university",
)  # fmt: skip
_PROJECT_CERT_EN = (
    "a practice certificate at the end", "you receive a certificate of practice when it ends",
    "completion certificate provided", "we issue a practice certificate afterwards",
    "a certificate when you finish",
)  # fmt: skip
_PROJECT_FORMS_EN = (
    "{W}, {s}; {c}.", "Project: {w}, {s}. {C}.", "{W} — {s}. {C}.", "Format: {w}, {s}, {c}.",
    "{S}; {w}. {C}.",
)  # fmt: skip
_BENEFITS_EN_ALT = {
    "social insurance and housing fund": (
        "social insurance and housing fund",
        "full social insurance + housing fund",
        "statutory insurance and housing fund",
        "social insurance & housing fund",
    ),
    "weekends off": ("weekends off", "two-day weekends", "Saturdays and Sundays off"),
    "meal allowance": ("meal allowance", "lunch subsidy", "meals covered"),
    "talent apartment": ("talent apartment", "staff housing", "a talent flat"),
    "annual bonus": ("annual bonus", "year-end bonus", "a bonus at year end"),
    "health check": ("health check", "yearly medical check", "annual check-up"),
    "shuttle bus": ("shuttle bus", "company bus", "commuter bus"),
    "paid leave": ("paid leave", "paid holidays", "paid annual leave"),
    "technical training": ("technical training", "on-the-job training", "training courses"),
}
_BENEFIT_HEAD_EN = (
    "What we offer:", "Benefits:", "Perks:", "We offer", "You get", "On offer:", "In return:",
    "What you get:", "Package:", "Plus",
)  # fmt: skip
_CLOSE_EN = (
    "Apply now!", "We look forward to your CV.", "Send us your CV.",
    "Questions? Just apply and ask.", "Students of all years welcome to apply.",
    "Come and build with us.", "Apply through the platform.", "Interested? Apply here.",
    "We reply to every application.", "Hope to meet you soon.",
)  # fmt: skip
_INTRO_A_EN = (
    "{e} works in {S}", "{e} is a {S} company", "At {e} we build products in {S}",
    "{e} focuses on {S}", "{e} has been growing fast in {S}", "{e} makes hardware for {S}",
    "We are {e}, working in {S}", "{e} has spent years in {S}", "{e} serves customers in {S}",
    "{e} is an engineering firm in {S}", "{e} does R&D in {S}", "{e}: a {S} business",
    "{e} designs products for {S}",
)  # fmt: skip
_INTRO_C_EN = (
    " and is hiring: {t}.", " and has an opening: {t}.", ". We're hiring: {t}.",
    ". Open role: {t}.", " — we are looking for you as {t}.", ". Now recruiting: {t}.",
    ". We need: {t}.", ". This post: {t}.", ". Role: {t}.", "; we have a place open: {t}.",
    ". Hiring now — {t}.",
)  # fmt: skip


# -- positions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Post:
    """What a position description has to say."""

    ptype: str
    title: str
    duties_zh: tuple[str, ...]
    duties_en: tuple[str, ...]
    req: tuple[str, ...]
    pref: tuple[str, ...]
    hidden: tuple[str, ...]
    degree: str
    majors: tuple[str, ...]
    ent: str
    sector: str
    weeks: int


def position_description(
    rng: np.random.Generator,
    *,
    lang: str,
    ptype: str,
    title: str,
    duties_zh: Sequence[str],
    duties_en: Sequence[str],
    req: Sequence[str],
    pref: Sequence[str],
    hidden: Sequence[str],
    degree: str,
    majors: Sequence[str],
    ent_short: str,
    sector: str,
    weeks: int,
) -> str:
    """A position's description: duties, requirements and terms, in a layout of its own.

    Arguments as :func:`matcher.simulate.texts.position_description`: ``req``/``pref``/``hidden``
    are skill surfaces in the writer's language (``hidden`` are needs mentioned in passing). Two
    or three duties are chosen; every skill, the degree, the first majors (four in Chinese, three
    in English) and the weeks (or months of an internship) are written.
    """
    k = 2 + int(rng.integers(2))
    idx = rng.choice(len(duties_zh), size=min(k, len(duties_zh)), replace=False)
    post = _Post(
        ptype=ptype,
        title=title,
        duties_zh=tuple(duties_zh[int(i)] for i in idx),
        duties_en=tuple(dict.fromkeys(duties_en[int(i) % len(duties_en)] for i in idx)),
        req=tuple(req),
        pref=tuple(pref),
        hidden=tuple(hidden),
        degree=degree,
        majors=tuple(major_display(m) for m in majors),
        ent=ent_short,
        sector=sector,
        weeks=weeks,
    )
    if lang == "en":
        return _position_en(rng, post)
    return _position_zh(rng, post, mixed=lang == "mixed")


def _position_zh(rng: np.random.Generator, post: _Post, mixed: bool) -> str:
    style = _style(rng, zh=True)
    hidden_where = pick(rng, ("duty", "req", "alone")) if post.hidden else ""
    # A mixed-language writer sometimes writes one section in English.
    en_req = mixed and _chance(rng, 0.3)
    en_duty = mixed and not en_req and _chance(rng, 0.15)
    if en_duty:
        duties = _duties_en(rng, post, _style(rng, zh=False), hidden_where == "duty")
    else:
        duties = _duties_zh(rng, post, style, mixed, hidden_where == "duty")
    if en_req:
        reqs = _reqs_en(rng, post, _style(rng, zh=False), hidden_where == "req")
    else:
        reqs = _reqs_zh(rng, post, style, mixed, hidden_where == "req")
    body = [duties, *reqs] if _chance(rng, 0.85) else [*reqs, duties]
    if hidden_where == "alone":
        hid = pick(rng, _HIDDEN_ZH).format(s=_list_zh(rng, post.hidden)) + "。"
        body.insert(int(rng.integers(1, len(body) + 1)), hid)
    tail = _tail_zh(rng, post, style, mixed)
    # Internships and projects often state their terms first.
    sections = [tail, *body] if post.ptype != "job" and _chance(rng, 0.25) else [*body, tail]
    if _chance(rng, 0.55):
        intro = _intro_zh(rng, post, mixed)
        if _chance(rng, 0.85):
            sections.insert(0, intro)
        else:
            sections.append(pick(rng, ("关于我们：", "公司简介：", "【关于我们】")) + intro)
    if _chance(rng, 0.3):
        sections.append(pick(rng, _CLOSE_ZH + (_CLOSE_MIX if mixed else ())))
    return _join_sections(rng, style, sections)


def _join_sections(rng: np.random.Generator, style: _Style, sections: Sequence[str]) -> str:
    out = ""
    for part in sections:
        if not part:
            continue
        if out:
            ascii_edge = out[-1].isascii() or part[0].isascii()
            if style.gap:
                out += style.gap
            elif out[-1] not in _SENTENCE_ENDS:
                out += "\n"  # a heading line or a list without a final stop
            elif ascii_edge and rng.random() < 0.7:
                out += " "
        out += part
    return out


def _duty_zh(rng: np.random.Generator, duty: str) -> str:
    return pick(rng, _DUTY_VERB_ZH) + duty


def _duties_zh(
    rng: np.random.Generator, post: _Post, style: _Style, mixed: bool, with_hidden: bool
) -> str:
    duties = list(post.duties_zh)
    hidden = pick(rng, _HIDDEN_ZH).format(s=_list_zh(rng, post.hidden)) if with_hidden else ""
    if style.layout == "prose":
        first, rest = duties[0], duties[1:]
        if _chance(rng, 0.5):
            text = pick(rng, _DUTY_OPEN_VERB_ZH) + pick(rng, ("负责", "参与", "负责")) + first
        else:
            text = pick(rng, _DUTY_OPEN_BARE_ZH) + first
        for link, d in zip(pick_some(rng, _DUTY_NEXT_ZH, len(rest)), rest, strict=True):
            text += link + d
        return text + ("，" + hidden if hidden else "") + "。"
    items = [_duty_zh(rng, d) for d in duties]
    if hidden:
        items.insert(int(rng.integers(1, len(items) + 1)), hidden)
    if style.layout == "bullets" and _chance(rng, 0.25):
        items.append(pick(rng, _DUTY_EXTRA_ZH))
    words = _H_DUTY_ZH + _H_DUTY_ZH_TYPE[post.ptype]
    word = pick(rng, _H_MIX["duty"]) if mixed and _chance(rng, 0.4) else pick(rng, words)
    return _listed(style, word, items, zh=True)


def _degree_zh(rng: np.random.Generator, post: _Post) -> str:
    deg = pick(rng, _DEG_ZH).format(d=DEGREE_ZH[post.degree])
    if not post.majors:
        maj = pick(rng, _ANY_MAJOR_ZH)
    else:
        maj = pick(rng, _MAJ_ZH).format(m=_list_zh(rng, _shuffled(rng, post.majors[:4])))
    r = rng.random()
    if r < 0.55:
        return f"{deg}，{maj}"
    if r < 0.85:
        return f"{maj}，{deg}"
    return f"学历：{deg.removeprefix('学历')}；专业：{maj if post.majors else '不限'}"


def _skill_groups(rng: np.random.Generator, skills: Sequence[str]) -> list[list[str]]:
    """The skills in one group or, sometimes, split in two (written with different verbs)."""
    skills = _shuffled(rng, skills) if _chance(rng, 0.5) else list(skills)
    if len(skills) >= 2 and _chance(rng, 0.45):
        cut = 1 + int(rng.integers(len(skills) - 1))
        return [skills[:cut], skills[cut:]]
    return [skills] if skills else []


def _reqs_zh(
    rng: np.random.Generator, post: _Post, style: _Style, mixed: bool, with_hidden: bool
) -> list[str]:
    """The requirement section (and a separate preferred section in some listed layouts)."""
    items = [_degree_zh(rng, post)]
    templates = _REQ_ZH + (_REQ_ZH_MIX if mixed else ())
    for group in _skill_groups(rng, post.req):
        t = pick(rng, templates)
        tail = pick(rng, _REQ_TAIL_ZH) if t.endswith("{s}") else ""
        items.append(t.format(s=_list_zh(rng, group)) + tail)
    if with_hidden:
        items.append(pick(rng, _HIDDEN_ZH).format(s=_list_zh(rng, post.hidden)))
    if _chance(rng, 0.5):
        soft = _SOFT_ZH + (_SOFT_ZH_MIX if mixed else ())
        items.append("，".join(pick_some(rng, soft, 1 + int(rng.integers(2)))))
    if _chance(rng, 0.35) and len(items) > 2:
        items = [items[0], *_shuffled(rng, items[1:])]
    elif _chance(rng, 0.3):
        items = [*items[1:], items[0]]
    pref = ""
    separate = bool(post.pref) and style.layout != "prose" and _chance(rng, 0.35)
    if post.pref and not separate:
        for group in _skill_groups(rng, post.pref):
            t = pick(rng, _PREF_ZH + (_PREF_ZH_MIX if mixed else ()))
            items.append(t.format(s=_list_zh(rng, group)))
    if separate:
        word = pick(rng, _H_MIX["pref"]) if mixed and _chance(rng, 0.4) else pick(rng, _H_PREF_ZH)
        pref = _listed(style, word, [_list_zh(rng, post.pref)], zh=True)
        if style.layout == "bullets" and _chance(rng, 0.5):
            pref = _listed(style, word, list(post.pref), zh=True)
    if style.layout == "prose":
        lead = pick(rng, ("要求", "我们希望你：", "基本条件是", "希望你：", "", "", "对你的期待："))
        return [lead + "，".join(items) + "。", pref]
    word = pick(rng, _H_MIX["req"]) if mixed and _chance(rng, 0.4) else pick(rng, _H_REQ_ZH)
    return [_listed(style, word, items, zh=True), pref]


def _tail_zh(rng: np.random.Generator, post: _Post, style: _Style, mixed: bool) -> str:
    sep = pick(rng, ("，", "，", "；", " "))
    if post.ptype == "internship":
        m = max(post.weeks // 4, 2)
        parts = [
            pick(rng, _INTERN_PERIOD_ZH).format(m=m),
            pick(rng, _INTERN_DAYS_ZH),
            pick(rng, _INTERN_CONVERT_ZH + (_INTERN_CONVERT_MIX if mixed else ())),
        ]
        if _chance(rng, 0.3):
            parts[:2] = parts[1::-1]
        return pick(rng, _INTERN_HEAD_ZH) + sep.join(parts) + "。"
    if post.ptype == "project":
        parts = [
            pick(rng, _PROJECT_WEEKS_ZH).format(w=post.weeks),
            pick(rng, _PROJECT_SUP_ZH),
            pick(rng, _PROJECT_CERT_ZH),
        ]
        if _chance(rng, 0.3):
            parts[1:] = parts[:0:-1]
        return pick(rng, _PROJECT_HEAD_ZH) + sep.join(parts) + "。"
    benefits = pick_some(rng, BENEFITS_ZH, 3)
    head = pick(rng, _BENEFIT_HEAD_ZH + (_BENEFIT_HEAD_MIX if mixed else ()))
    if style.layout == "bullets" and _chance(rng, 0.4):
        word = pick(rng, ("福利待遇", "我们提供", "薪资福利", "公司福利", "福利"))
        return _listed(style, word, benefits, zh=True)
    joined = pick(rng, ("、", "，", " / ", "；", " ")).join(benefits)
    return head + joined + pick(rng, ("。", "等。", "等福利。", "。"))


def _intro_zh(rng: np.random.Generator, post: _Post, mixed: bool) -> str:
    long_name = pick(rng, (SECTOR_ZH_LONG, SECTOR_ZH))[post.sector]
    if mixed and _chance(rng, 0.3):
        long_name += f"（{SECTOR_EN[post.sector]}）"
    a = pick(rng, _INTRO_A_ZH).format(e=post.ent, L=long_name, S=SECTOR_ZH[post.sector])
    hiring = _INTRO_C_PROJECT_ZH if post.ptype == "project" else _INTRO_C_ZH
    c = pick(rng, hiring).format(t=post.title)
    r = rng.random()
    if r < 0.12:
        return f"公司：{post.ent}\n岗位：{post.title}"
    if r < 0.5:
        return f"{a}，{pick(rng, _INTRO_B_ZH)}，{c}。"
    if r < 0.8:
        return f"{a}。{c}。"
    return f"{a}，{c}。"


# -- positions in English ------------------------------------------------------------------------


def _position_en(rng: np.random.Generator, post: _Post) -> str:
    style = _style(rng, zh=False)
    hidden_where = pick(rng, ("duty", "req", "alone")) if post.hidden else ""
    body = [_duties_en(rng, post, style, hidden_where == "duty")]
    reqs = _reqs_en(rng, post, style, hidden_where == "req")
    body = [*body, *reqs] if _chance(rng, 0.85) else [*reqs, *body]
    if hidden_where == "alone":
        hid = pick(rng, _HIDDEN_EN).format(s=_list_en(rng, post.hidden))
        hid = _cap(hid, post.hidden) + "."
        body.insert(int(rng.integers(1, len(body) + 1)), hid)
    sections = [*body, _tail_en(rng, post, style)]
    if _chance(rng, 0.55):
        a = pick(rng, _INTRO_A_EN).format(e=post.ent, S=SECTOR_EN[post.sector])
        sections.insert(0, a + pick(rng, _INTRO_C_EN).format(t=post.title))
    if _chance(rng, 0.3):
        sections.append(pick(rng, _CLOSE_EN))
    text = ""
    for part in sections:
        if part:
            text += (style.gap or " ") if text else ""
            text += part
    return text


def _duties_en(rng: np.random.Generator, post: _Post, style: _Style, with_hidden: bool) -> str:
    duties = list(post.duties_en)
    hidden = pick(rng, _HIDDEN_EN).format(s=_list_en(rng, post.hidden)) if with_hidden else ""
    if style.layout == "prose":
        text = pick(rng, _DUTY_OPEN_EN).format(d=duties[0])
        rest = duties[1:]
        for link, d in zip(pick_some(rng, _DUTY_NEXT_EN, len(rest)), rest, strict=True):
            text += link.format(d=d)
        return text + (f"; {hidden}" if hidden else "") + "."
    items = [pick(rng, _DUTY_PREFIX_EN) + d for d in duties]
    if hidden:
        items.insert(int(rng.integers(1, len(items) + 1)), hidden)
    word = pick(rng, _H_DUTY_EN + _H_DUTY_EN_TYPE[post.ptype])
    return _listed(style, word, items, zh=False, keep=post.hidden)


def _degree_en(rng: np.random.Generator, post: _Post) -> str:
    deg = pick(rng, _DEG_EN).format(a=DEGREE_EN[post.degree], W=_DEG_WORD_EN[post.degree])
    if post.majors:
        maj = pick(rng, _MAJ_EN).format(m=_list_en(rng, _shuffled(rng, post.majors[:3])))
    else:
        maj = pick(rng, _ANY_MAJOR_EN)
    if _chance(rng, 0.15):
        return f"education: {deg}; major {maj}"
    return f"{deg} {maj}"


def _req_en(rng: np.random.Generator, skills: str) -> str:
    """A required skill: a qualifier and a noun (solid grasp of …) or a phrase of its own."""
    if _chance(rng, 0.5):
        return f"{pick(rng, _REQ_Q_EN)} {pick(rng, _REQ_N_EN)} {skills}"
    return pick(rng, _REQ_EN).format(s=skills)


def _reqs_en(rng: np.random.Generator, post: _Post, style: _Style, with_hidden: bool) -> list[str]:
    items = [_degree_en(rng, post)]
    for group in _skill_groups(rng, post.req):
        items.append(_req_en(rng, _list_en(rng, group)))
    if with_hidden:
        items.append(pick(rng, _HIDDEN_EN).format(s=_list_en(rng, post.hidden)))
    if _chance(rng, 0.45):
        soft = pick_some(rng, _SOFT_EN, 1 + int(rng.integers(2)))
        items.append(pick(rng, _SOFT_LEAD_EN) + " and ".join(soft))
    if _chance(rng, 0.35) and len(items) > 2:
        items = [items[0], *_shuffled(rng, items[1:])]
    pref_items = [
        pick(rng, _PREF_EN).format(s=_list_en(rng, g)) for g in _skill_groups(rng, post.pref)
    ]
    separate = bool(pref_items) and style.layout != "prose" and _chance(rng, 0.35)
    keep = post.req + post.pref + post.hidden
    if style.layout == "prose":
        lead = pick(rng, ("Requirements: ", "What we need: ", "We look for: ", "Must-haves: "))
        text = lead + "; ".join(items) + "."
        if pref_items:
            text += " " + _cap("; ".join(pref_items), post.pref) + "."
        return [text]
    if separate:
        pref_list = list(post.pref) if _chance(rng, 0.5) else [_list_en(rng, post.pref)]
        return [
            _listed(style, pick(rng, _H_REQ_EN), items, zh=False, keep=keep),
            _listed(style, pick(rng, _H_PREF_EN), pref_list, zh=False, keep=keep),
        ]
    return [_listed(style, pick(rng, _H_REQ_EN), items + pref_items, zh=False, keep=keep)]


def _tail_en(rng: np.random.Generator, post: _Post, style: _Style) -> str:
    if post.ptype == "internship":
        m = max(post.weeks // 4, 2)
        period = pick(rng, _INTERN_PERIOD_EN).format(m=m)
        days = pick(rng, _INTERN_DAYS_EN)
        conv = pick(rng, _INTERN_CONVERT_EN)
        form = pick(rng, _INTERN_FORMS_EN)
        return form.format(P=_cap(period), p=period, d=days, c=conv, C=_cap(conv))
    if post.ptype == "project":
        weeks = pick(rng, _PROJECT_WEEKS_EN).format(w=post.weeks)
        sup = pick(rng, _PROJECT_SUP_EN)
        cert = pick(rng, _PROJECT_CERT_EN)
        form = pick(rng, _PROJECT_FORMS_EN)
        return form.format(W=_cap(weeks), w=weeks, s=sup, S=_cap(sup), c=cert, C=_cap(cert))
    benefits = [pick(rng, _BENEFITS_EN_ALT.get(b, (b,))) for b in pick_some(rng, BENEFITS_EN, 3)]
    if style.layout == "bullets" and _chance(rng, 0.4):
        return _listed(style, pick(rng, ("What we offer", "Benefits", "Perks")), benefits, zh=False)
    return f"{pick(rng, _BENEFIT_HEAD_EN)} {_list_en(rng, benefits)}."


# -- titles --------------------------------------------------------------------------------------


def position_title(
    rng: np.random.Generator,
    *,
    lang: str,
    ptype: str,
    titles_zh: Sequence[str],
    titles_en: Sequence[str],
    topics_zh: Sequence[str],
    topics_en: Sequence[str],
) -> str:
    """A title in the writer's language; internships and projects are marked as such."""
    zh_title, en_title = pick(rng, titles_zh), pick(rng, titles_en)
    if ptype == "internship":
        if "工程师" in zh_title and _chance(rng, 0.5):
            zh_title = zh_title.replace("工程师", "实习生")
        else:
            zh_title = pick(rng, ("{t}实习生", "{t}（实习）", "实习生-{t}", "{t}实习岗")).format(
                t=zh_title
            )
        en_title = pick(
            rng, ("{t} Intern", "Intern – {t}", "{t} (Internship)", "{t} Internship")
        ).format(t=en_title)
    elif ptype == "project":
        zh_title = pick(
            rng,
            ("企业实践项目：{t}", "校企合作项目｜{t}", "【项目实践】{t}", "{t}（企业实践项目）"),
        ).format(t=pick(rng, topics_zh))
        en_title = pick(
            rng, ("Practice project: {t}", "Industry project – {t}", "Capstone (industry): {t}")
        ).format(t=pick(rng, topics_en))
    elif _chance(rng, 0.15):
        zh_title += pick(rng, ("（校招）", "（应届生）", "-校园招聘"))
    if lang == "zh":
        return zh_title
    if lang == "en":
        return en_title
    return pick(rng, ("{z} / {e}", "{e}（{z}）", "{z}（{e}）", "{z}-{e}")).format(
        z=zh_title, e=en_title
    )


# -- students: Chinese bank ----------------------------------------------------------------------

_TRAITS_ZH = (
    "性格开朗", "做事认真", "比较踏实", "执行力强", "喜欢钻研问题", "抗压能力较好", "善于沟通",
    "能吃苦", "动手能力强", "自学能力较强", "有耐心", "做事有条理", "责任心强", "适应能力强",
    "能沉下心做事", "逻辑思维清楚", "对新技术比较好奇", "时间观念强", "不怕脏不怕累",
    "乐于和别人合作", "遇到问题会先自己查资料", "做事细心", "肯学肯干", "比较有韧性",
    "做事有始有终", "表达清楚", "心态稳定", "愿意接受批评", "团队意识较强", "做事比较靠谱",
)  # fmt: skip
_TRAITS_ZH_MIX = (
    "是个team player", "hands-on能力还可以", "喜欢debug的过程", "学东西比较快，英文资料也能看",
)  # fmt: skip
_ADJ_ZH = ("踏实", "细心", "爱琢磨", "闲不住", "慢热但靠谱", "喜欢动手", "认真", "乐观", "有条理")
_TRAIT_FORMS_ZH = (
    "本人{t}", "我{t}", "{t}", "自我评价：{t}", "性格上{t}", "身边同学评价我{t}",
    "我是一个比较{a}的人，{t}",
)  # fmt: skip
_COURSE_ZH = (
    "主修课程有{c}", "专业课学过{c}", "修读了{c}等专业课", "学过{c}等课程",
    "大学期间重点学习了{c}", "{c}等课程为我打下了专业基础", "核心课程：{c}",
    "课程方面，学习了{c}", "系统学过{c}", "通过{c}等课程掌握了专业基础知识",
    "学习了{c}这些专业核心课", "在校学习了{c}等课",
)  # fmt: skip
_COURSE_TAIL_ZH = (
    "", "", "", "，基础比较扎实", "，理论基础较好", "，也做过相应的课程设计", "，学得比较扎实",
)  # fmt: skip
_SKILL_ZH = (
    "熟悉{s}", "掌握{s}", "对{s}比较熟", "{s}掌握得比较扎实", "具备{s}方面的基础",
    "技能方面，熟悉{s}", "比较擅长{s}", "在{s}上下过功夫", "{s}方面有一定基础", "学过并实践过{s}",
    "做过{s}相关的练习", "在{s}方面积累了一些经验", "能运用{s}解决实际问题",
)  # fmt: skip
_SKILL_MORE_ZH = (
    "对{s}也有一定了解", "另外懂一些{s}", "{s}也接触过", "还学过{s}", "{s}方面也有涉猎",
)  # fmt: skip
_SKILL_TAIL_ZH = (
    "做过几个课程设计", "参与过实验室项目", "在课程设计和比赛中都用过", "做过一些实际项目",
    "跟着老师做过课题", "在项目中反复用过",
)  # fmt: skip
_SKILL_ZH_MIX = (
    "{s}都有hands-on经验",
    "熟悉{s}，做过相关的project",
    "{s}这几块比较熟，debug也有经验",
)
_WHEN_ZH = ("课余时间", "平时", "周末", "业余时间", "空闲时")
_ACT_ZH = (
    "喜欢自己动手做些小东西", "常泡在实验室", "喜欢拆装和调试设备", "会看一些技术博客",
    "会关注开源项目", "喜欢焊板子、调程序", "会看些技术视频学新东西", "会参加学院的科创活动",
)  # fmt: skip
_GOAL_CITY_ZH = (
    "希望毕业后在{c}从事{L}相关工作", "求职意向：{c}，{S}方向", "想在{c}找{L}方面的工作",
    "意向城市{c}，方向是{L}", "毕业后打算在{c}做{L}相关的岗位", "希望能在{c}的{L}企业工作",
    "期望在{c}从事{L}行业", "想去{c}做{S}相关的技术工作",
)  # fmt: skip
_GOAL_ZH = (
    "希望从事{L}相关工作", "求职方向：{S}", "对{L}很感兴趣，希望在这个行业发展", "想进入{L}行业",
    "目标岗位是{S}方向的技术岗", "希望以后做{L}方面的工作",
)  # fmt: skip
_CLOSE_SELF_ZH = (
    "希望能在工作中快速成长", "相信自己能很快适应岗位", "愿意从基础工作做起",
    "期待有机会和大家一起共事", "会以认真的态度对待每一项工作", "希望有机会加入贵公司",
    "入职后会尽快熟悉业务",
)  # fmt: skip
_CLOSE_SELF_MIX = ("希望有机会join贵团队", "相信能很快上手，thanks")
_LABELS_ZH = {
    "courses": ("主修课程", "专业课程", "核心课程", "所学课程"),
    "skills": ("专业技能", "技能", "掌握技能", "技能特长", "个人技能"),
    "goal": ("求职意向", "意向方向", "期望工作"),
    "traits": ("自我评价", "个人评价", "个人特点"),
}
_COLD_ZH = ("认真负责", "踏实肯干", "服从安排", "能吃苦", "吃苦耐劳", "好学", "愿意学习", "肯干")
_COLD_ZH_END = ("", "", "希望找到合适的工作", "希望有机会试一试", "什么岗位都愿意尝试")


# -- students: English bank ----------------------------------------------------------------------

_ADJ_EN = (
    "hands-on", "patient", "careful", "curious", "reliable", "calm", "organised", "persistent",
    "practical", "open-minded", "hard-working", "cheerful", "steady", "focused", "tidy", "honest",
    "punctual", "flexible", "driven", "thorough", "friendly", "quiet", "diligent", "eager",
    "methodical", "resilient", "easy-going", "modest", "keen", "stubborn about bugs",
)  # fmt: skip
_TRAIT_FORMS_EN = (
    "I'm {a} and {b}", "I would call myself {a}, {b} and {c}", "People say I'm {a} and {b}",
    "About me: {a}, {b}", "I'm a {a}, {b} student", "Classmates know me as {a} and {b}",
    "{A}, {b} and {c}", "{A} and {b}", "Teachers describe me as {a}",
    "I'd say I'm {a}, maybe a bit too {b}", "Mostly {a}; also {b}", "Personality: {a}, {b}",
    "I try to be {a} and {b}", "Friends find me {a} and {b}", "In teams I'm {a} and {b}",
    "Short version: {a}, {b}, {c}",
)  # fmt: skip
_COURSE_EN = (
    "Relevant coursework: {c}", "I studied {c}", "Courses I took include {c}",
    "At university I took {c}", "My core courses were {c}", "Coursework covered {c}",
    "Key modules: {c}", "I have a good grounding in {c}", "Main courses: {c}",
    "My degree covered {c}", "I took {c}", "Modules I liked: {c}", "Classes included {c}",
    "Studied: {c}", "Core subjects were {c}", "My study focused on {c}",
)  # fmt: skip
_SKILL_EN = (
    "I am comfortable with {s}", "I know {s} well", "Skills: {s}", "I'm good at {s}",
    "I have a solid base in {s}", "Strong points: {s}", "I'm confident with {s}",
    "I have practised {s} in course projects", "I've worked on {s} in course projects",
    "I know my way around {s}", "Good with {s}", "I'm at home with {s}", "Things I do well: {s}",
    "I have spent a lot of time on {s}", "I can apply {s} to real problems",
    "Technical side: {s}",
)  # fmt: skip
_SKILL_MORE_EN = (
    "and I also know some {s}", "I have also tried {s}", "plus some {s}", "and a bit of {s}",
    "also {s}", "and I'm learning {s}", "with some {s} too", "and I've touched {s}",
    "as well as {s}", "plus {s}",
)  # fmt: skip
_GOAL_EN = (
    "I hope to work in {S}", "I'd like to start my career in {S}", "Looking for a role in {S}",
    "I want to work in {S}", "My goal is an engineering job in {S}", "Target field: {S}",
    "Next step: a job in {S}", "I'm aiming for {S}", "I see my future in {S}",
    "Interested in roles in {S}", "Hoping to join a company in {S}", "I want a start in {S}",
    "Field I want: {S}", "Keen on work in {S}",
)  # fmt: skip
_GOAL_CITY_EN = (" in {c}", ", ideally in {c}", " (preferably {c})", ", based in {c}")
_WHEN_EN = (
    "In my free time", "Outside class", "At weekends", "Most evenings", "After class",
    "In spare hours", "On weekends", "When I have time", "In the holidays", "Some evenings",
)  # fmt: skip
_ACT_EN = (
    "I build small electronics projects", "I tinker in the lab", "I read technical blogs",
    "I follow open-source projects", "I take apart and fix old devices",
    "I solder boards and write code", "I watch teardown videos", "I help in a lab",
    "I join campus tech clubs", "I try out new tools", "I repair bikes and gadgets",
    "I write small scripts for fun", "I print parts on a 3D printer", "I read about new chips",
)  # fmt: skip
_CLOSE_SELF_EN = (
    "I learn fast and I'm ready to start", "I'm keen to grow on the job",
    "Happy to start with the basics", "I'd love the chance to contribute",
    "Ready to learn from senior engineers", "I hope to grow with a good team",
    "I don't mind hard work", "Open to shifts and site work", "I'm ready to start soon",
    "I will give it my best", "Hoping for a chance to prove myself", "Glad to talk more",
)  # fmt: skip
_COLD_EN = (
    "Hard-working.", "Reliable and willing to learn.", "Looking for a suitable job.", "Diligent.",
    "Open to any role.",
)  # fmt: skip


# -- students ------------------------------------------------------------------------------------


def self_description(
    rng: np.random.Generator,
    *,
    lang: str,
    skills: Sequence[str],
    courses: Sequence[str],
    sector: str | None,
    city: str | None,
    cold: bool,
) -> str:
    """A student's free self-description in the profile's language.

    Arguments as :func:`matcher.simulate.texts.self_description`. The first three skills and
    courses, the sector and the city (when given) are written; a cold profile writes little or
    nothing.
    """
    if cold:
        if rng.random() < 0.6:
            return ""
        if lang == "en":
            return pick(rng, _COLD_EN)
        words = "，".join(pick_some(rng, _COLD_ZH, 1 + int(rng.integers(2))))
        end = pick(rng, _COLD_ZH_END)
        return words + ("，" + end if end else "") + "。"
    if lang == "en":
        return _self_en(rng, skills[:3], courses[:3], sector, city)
    return _self_zh(rng, skills[:3], courses[:3], sector, city, mixed=lang == "mixed")


def _traits_zh(rng: np.random.Generator, mixed: bool) -> str:
    bank = _TRAITS_ZH + (_TRAITS_ZH_MIX if mixed else ())
    traits = pick_some(rng, bank, 2 + int(rng.integers(2)))
    form = pick(rng, _TRAIT_FORMS_ZH)
    sep = "、" if form.startswith("自我评价") else "，"
    return form.format(t=sep.join(traits), a=pick(rng, _ADJ_ZH))


def _skills_zh(rng: np.random.Generator, skills: Sequence[str], mixed: bool) -> str:
    groups = _skill_groups(rng, skills)
    bank = _SKILL_ZH + (_SKILL_ZH_MIX if mixed else ())
    text = pick(rng, bank).format(s=_list_zh(rng, groups[0]))
    if len(groups) > 1:
        text += "，" + pick(rng, _SKILL_MORE_ZH).format(s=_list_zh(rng, groups[1]))
    if _chance(rng, 0.45):
        text += "，" + pick(rng, _SKILL_TAIL_ZH)
    return text


def _goal_zh(rng: np.random.Generator, sector: str, city: str | None) -> str:
    long_name = pick(rng, (SECTOR_ZH_LONG, SECTOR_ZH))[sector]
    bank = _GOAL_CITY_ZH if city else _GOAL_ZH
    return pick(rng, bank).format(c=city, L=long_name, S=SECTOR_ZH[sector])


def _self_zh(
    rng: np.random.Generator,
    skills: Sequence[str],
    courses: Sequence[str],
    sector: str | None,
    city: str | None,
    mixed: bool,
) -> str:
    skills = list(skills)
    courses = _shuffled(rng, courses) if _chance(rng, 0.4) else list(courses)
    if _chance(rng, 0.18):
        return _self_zh_lines(rng, skills, courses, sector, city, mixed)
    body: list[str] = []
    if courses:
        body.append(
            pick(rng, _COURSE_ZH).format(c=_list_zh(rng, courses)) + pick(rng, _COURSE_TAIL_ZH)
        )
    if skills:
        body.append(_skills_zh(rng, skills, mixed))
    body = _shuffled(rng, body)
    if _chance(rng, 0.35):
        act = pick(rng, _WHEN_ZH) + pick(rng, _ACT_ZH)
        body.insert(int(rng.integers(len(body) + 1)), act)
    traits = _traits_zh(rng, mixed) if _chance(rng, 0.85) else ""
    if traits and _chance(rng, 0.75):
        parts = [traits, *body]
    else:
        parts = [*body, *([traits] if traits else [])]
    english: list[str] = []
    if sector:
        if mixed and _chance(rng, 0.35):
            english.append(_goal_en(rng, sector, city))
        elif _chance(rng, 0.1):
            parts.insert(0, _goal_zh(rng, sector, city))
        else:
            parts.append(_goal_zh(rng, sector, city))
    if _chance(rng, 0.3):
        if mixed and _chance(rng, 0.4):
            english.append(pick(rng, _CLOSE_SELF_EN))
        else:
            parts.append(pick(rng, _CLOSE_SELF_ZH + (_CLOSE_SELF_MIX if mixed else ())))
    if not parts:
        parts.append(_traits_zh(rng, mixed))
    text = parts[0]
    for part in parts[1:]:
        labelled = "：" in part[:6]  # 自我评价：…, 核心课程：… start a sentence
        text += "。" if labelled else pick(rng, ("。", "。", "。", "；", "，"))
        text += part
    text += "。"
    if english:
        text += " " + ". ".join(english) + "."
    return text


def _self_zh_lines(
    rng: np.random.Generator,
    skills: Sequence[str],
    courses: Sequence[str],
    sector: str | None,
    city: str | None,
    mixed: bool,
) -> str:
    """The résumé way: labelled lines (课程, 技能, 意向, 自我评价) in a varying order."""
    sep = pick(rng, ("：", ":", "｜"))
    lines = []
    if courses:
        lines.append(pick(rng, _LABELS_ZH["courses"]) + sep + _list_zh(rng, courses))
    if skills:
        lines.append(pick(rng, _LABELS_ZH["skills"]) + sep + _list_zh(rng, skills))
    lines = _shuffled(rng, lines)
    if sector:
        where = pick(rng, (SECTOR_ZH_LONG, SECTOR_ZH))[sector]
        if city:
            where = pick(rng, ("{c}｜{s}", "{s}（{c}）", "{s}方向，{c}")).format(c=city, s=where)
        lines.append(pick(rng, _LABELS_ZH["goal"]) + sep + where)
    traits = pick_some(
        rng, _TRAITS_ZH + (_TRAITS_ZH_MIX if mixed else ()), 2 + int(rng.integers(2))
    )
    line = pick(rng, _LABELS_ZH["traits"]) + sep + "，".join(traits) + "。"
    if _chance(rng, 0.6):
        lines.append(line)
    else:
        lines.insert(0, line)
    return "\n".join(lines)


def _goal_en(rng: np.random.Generator, sector: str, city: str | None) -> str:
    text = pick(rng, _GOAL_EN).format(S=SECTOR_EN[sector])
    if city:
        text += pick(rng, _GOAL_CITY_EN).format(c=CITY_EN.get(city, city))
    return text


def _self_en(
    rng: np.random.Generator,
    skills: Sequence[str],
    courses: Sequence[str],
    sector: str | None,
    city: str | None,
) -> str:
    body: list[str] = []
    if courses:
        c = _shuffled(rng, courses) if _chance(rng, 0.4) else list(courses)
        body.append(pick(rng, _COURSE_EN).format(c=_list_en(rng, c)))
    if skills:
        groups = _skill_groups(rng, skills)
        text = pick(rng, _SKILL_EN).format(s=_list_en(rng, groups[0]))
        if len(groups) > 1:
            text += ", " + pick(rng, _SKILL_MORE_EN).format(s=_list_en(rng, groups[1]))
        body.append(text)
    body = _shuffled(rng, body)
    if _chance(rng, 0.35):
        act = f"{pick(rng, _WHEN_EN)}, {pick(rng, _ACT_EN)}"
        body.insert(int(rng.integers(len(body) + 1)), act)
    parts = body
    if _chance(rng, 0.85):
        adj = pick_some(rng, _ADJ_EN, 3)
        trait = pick(rng, _TRAIT_FORMS_EN).format(a=adj[0], b=adj[1], c=adj[2], A=_cap(adj[0]))
        parts = [trait, *parts] if _chance(rng, 0.75) else [*parts, trait]
    if sector:
        parts.append(_goal_en(rng, sector, city))
    if _chance(rng, 0.3):
        parts.append(pick(rng, _CLOSE_SELF_EN))
    if not parts:
        adj = pick_some(rng, _ADJ_EN, 2)
        parts.append(f"I'm {adj[0]} and {adj[1]}")
    end = pick(rng, (".", ".", ".", "!"))
    return ". ".join(_cap(p) for p in parts) + end


# -- student projects ----------------------------------------------------------------------------

_ROLE_ZH = ("负责人", "核心成员", "成员", "组长", "主要完成人", "队员", "参与人")
_ROLE_EN = ("team lead", "core member", "member", "participant", "team member")
_PROJ_ZH = (
    "项目中使用{s}，{t}", "{t}。用到的工具：{s}", "我主要{t}，期间用到{s}", "基于{s}，{t}",
    "{t}（{s}）", "用{s}{t}", "借助{s}，{t}", "主要工作：{t}；工具：{s}",
)  # fmt: skip
_PROJ_NO_SKILL_ZH = ("查阅资料并动手实践，{t}", "{t}", "从零开始，{t}")
_RESULT_ZH = (
    "最终通过验收", "课程设计成绩为优秀", "完成了样机演示", "撰写了技术报告", "样机运行稳定",
    "整理了完整的设计文档", "在结题答辩中展示了成果", "最后做出了可以演示的原型",
    "测试结果达到预期", "获得老师好评",
)  # fmt: skip
_PROJ_EN = (
    "Used {s} to {t}", "I {t}, working with {s}", "With {s}, I {t}", "My part: {t} ({s})",
    "Tools: {s}. Task: {t}", "Worked with {s} to {t}",
)  # fmt: skip
_PROJ_NO_SKILL_EN = ("Worked to {t}", "My part was to {t}", "I had to {t}")
_RESULT_EN = (
    "The prototype was demonstrated at the final review.", "Graded excellent.",
    "Wrote the technical report.", "It passed the final check.", "We demoed a working prototype.",
    "Results met the targets.", "Documented the whole design.",
)  # fmt: skip


def project_text(
    rng: np.random.Generator,
    *,
    lang: str,
    topic: tuple[str, str, str, str],
    skills: Sequence[str],
) -> tuple[str, str, str]:
    """(title, role, description) of a student project mentioning every skill given."""
    zh_title, en_title, zh_task, en_task = topic
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.6)
    if zh:
        if skills:
            desc = pick(rng, _PROJ_ZH).format(s=_list_zh(rng, skills), t=zh_task)
        else:
            desc = pick(rng, _PROJ_NO_SKILL_ZH).format(t=zh_task)
        if _chance(rng, 0.8):
            desc += pick(rng, ("，", "。", "；")) + pick(rng, _RESULT_ZH)
        return zh_title, pick(rng, _ROLE_ZH), desc + "。"
    if skills:
        desc = pick(rng, _PROJ_EN).format(s=_list_en(rng, skills), t=en_task)
    else:
        desc = pick(rng, _PROJ_NO_SKILL_EN).format(t=en_task)
    desc += "."
    if _chance(rng, 0.8):
        desc += " " + pick(rng, _RESULT_EN)
    return en_title, pick(rng, _ROLE_EN), desc
