"""Text templates of the simulated world: how people write positions, profiles and descriptions.

Writers vary: a skill appears under its Chinese label, its English label or one of its aliases
(tool names such as "OpticStudio" for Zemax), bare or inside a phrase ("熟练使用…", "experience
with …"). Language is one of ``zh`` (mainly Chinese), ``en`` (mainly English) or ``mixed``.
Every template here is the project's own writing.

Why one long module (about 800 lines): it is mostly the project's own template text in two
languages, kept beside the few functions that choose among it.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from matcher.simulate.names import CITY_EN
from matcher.text.normal import has_han
from matcher.text.taxonomy import Skill

logger = logging.getLogger(__name__)

T = TypeVar("T")

SECTOR_ZH: dict[str, str] = {
    "optics": "光电",
    "mechatronics": "智能制造",
    "icv": "智能网联汽车",
    "software": "软件",
    "semiconductor": "半导体",
    "new_energy": "新能源",
}
SECTOR_ZH_LONG: dict[str, str] = {
    "optics": "光电与光学",
    "mechatronics": "机电一体化与智能制造",
    "icv": "智能网联汽车与汽车电子",
    "software": "工业软件",
    "semiconductor": "半导体与光电芯片",
    "new_energy": "新能源与储能",
}
SECTOR_EN: dict[str, str] = {
    "optics": "optics and photonics",
    "mechatronics": "mechatronics and smart manufacturing",
    "icv": "intelligent connected vehicles",
    "software": "industrial software",
    "semiconductor": "semiconductors",
    "new_energy": "new energy",
}
DEGREE_ZH: dict[str, str] = {"associate": "大专", "bachelor": "本科", "master": "硕士"}
DEGREE_EN: dict[str, str] = {
    "associate": "an associate degree",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
}


def pick(rng: np.random.Generator, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.integers(len(items)))]


def pick_some(rng: np.random.Generator, items: Sequence[T], k: int) -> list[T]:
    """Up to ``k`` distinct items in random order."""
    k = min(k, len(items))
    if k <= 0:
        return []
    idx = rng.choice(len(items), size=k, replace=False)
    return [items[int(i)] for i in idx]


def _tool_like(alias: str) -> bool:
    """ASCII aliases that Chinese writers use as they are: tool names, acronyms, short words."""
    return alias.isascii() and (len(alias) <= 10 or any(c.isupper() or c.isdigit() for c in alias))


_SURFACES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


def _surface_options(skill: Skill, lang: str) -> tuple[str, tuple[str, ...]]:
    """(main label, alternative written forms) of a skill for a writer's language (memoised)."""
    key = (skill.id, lang)
    if key not in _SURFACES:
        _SURFACES[key] = _compute_surface_options(skill, lang)
    return _SURFACES[key]


def _compute_surface_options(skill: Skill, lang: str) -> tuple[str, tuple[str, ...]]:
    if lang == "zh":
        main = skill.zh
        alts = [a for a in skill.aliases if has_han(a) or _tool_like(a)]
    else:
        main = skill.en
        alts = [a for a in skill.aliases if a.isascii()]
    return main, tuple(_acronyms(a) for a in alts if a and a != main and len(a) <= 40)


def skill_surface(skill: Skill, lang: str, rng: np.random.Generator) -> str:
    """How one writer names a skill: the label of the language or an alias (tool names vary).

    A mixed-language writer uses either language's forms, skill by skill.
    """
    if lang == "mixed":
        lang = "zh" if rng.random() < 0.5 else "en"
    main, alts = _surface_options(skill, lang)
    if not alts or rng.random() < 0.5:
        return main
    return alts[int(rng.integers(len(alts)))]


def weighted_index(rng: np.random.Generator, cumulative: Sequence[float]) -> int:
    """Index drawn with probabilities proportional to the steps of ``cumulative`` (fast scalar)."""
    return bisect.bisect_right(cumulative, rng.random() * cumulative[-1])


_SHORT_LOWER = re.compile(r"(?<![A-Za-z])([a-z]{2,4})(?![A-Za-z])")


def _acronyms(alias: str) -> str:
    """Writers capitalise acronyms that the taxonomy stores in lower case (ftir → FTIR)."""
    if not alias.isascii() and not has_han(alias):
        return alias
    if alias.isascii() and " " in alias.strip():
        return alias  # an English phrase such as "verbal communication"
    return _SHORT_LOWER.sub(lambda m: m.group(1).upper(), alias)


def major_display(name: str) -> str:
    """A major's name as written in a sentence (without catalogue notes in brackets)."""
    return re.sub(r"\s*[（(][^)）]*[)）]\s*$", "", name)


_REQ_ZH = (
    "熟悉{s}",
    "熟练掌握{s}",
    "掌握{s}",
    "具备{s}经验",
    "能熟练使用{s}",
    "了解{s}",
    "{s}基础扎实",
)
_REQ_EN = (
    "experience with {s}",
    "proficiency in {s}",
    "solid knowledge of {s}",
    "hands-on {s} experience",
    "familiarity with {s}",
)
_PREF_ZH = ("有{s}经验者优先", "熟悉{s}者优先", "了解{s}优先", "{s}（加分项）")
_PREF_EN = ("{s} is a plus", "experience with {s} preferred", "bonus: {s}")


def requirement_phrase(surface: str, lang: str, rng: np.random.Generator, preferred: bool) -> str:
    """A written requirement: bare (most often) or inside a short phrase."""
    if rng.random() < 0.6:
        return surface
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.7)
    if preferred:
        return pick(rng, _PREF_ZH if zh else _PREF_EN).format(s=surface)
    return pick(rng, _REQ_ZH if zh else _REQ_EN).format(s=surface)


def join_zh(items: Sequence[str]) -> str:
    """Join with the Chinese enumeration comma."""
    return "、".join(items)


def join_en(items: Sequence[str]) -> str:
    """Join as an English list: a, b and c."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- enterprises ---------------------------------------------------------------------------------

BUSINESS: dict[str, tuple[tuple[str, str], ...]] = {
    "optics": (
        ("精密光学镜头与光学组件", "precision lenses and optical assemblies"),
        ("红外热成像机芯与整机", "thermal imaging cores and cameras"),
        ("激光加工设备与工业激光器", "laser processing equipment and industrial lasers"),
        ("工业机器视觉检测系统", "machine-vision inspection systems"),
        ("光学检测仪器", "optical test instruments"),
        ("光纤传感系统", "fibre-optic sensing systems"),
        ("激光雷达光学模组", "LiDAR optical modules"),
    ),
    "mechatronics": (
        ("非标自动化设备与产线集成", "custom automation equipment and line integration"),
        ("工业机器人系统集成", "industrial robot system integration"),
        ("精密零部件加工", "precision parts machining"),
        ("数控装备与智能工装", "CNC equipment and smart tooling"),
        ("检测与测量设备", "inspection and measurement equipment"),
    ),
    "icv": (
        ("汽车电子控制器", "automotive electronic control units"),
        ("智能驾驶域控制器与感知系统", "driving domain controllers and perception systems"),
        ("车载网络与诊断工具", "in-vehicle networking and diagnostic tools"),
        ("车路协同设备", "vehicle-road cooperation equipment"),
        ("汽车电子测试与验证服务", "automotive electronics testing and validation services"),
    ),
    "software": (
        ("工业软件与制造业信息化", "industrial software and factory IT"),
        ("工业数据平台", "industrial data platforms"),
    ),
    "semiconductor": (
        ("光电芯片与器件", "photonic chips and devices"),
        ("功率半导体封装测试", "power semiconductor packaging and test"),
        ("FPGA与嵌入式硬件方案", "FPGA and embedded hardware solutions"),
    ),
    "new_energy": (
        ("动力电池系统与电池管理", "traction battery systems and BMS"),
        ("储能系统集成", "energy storage integration"),
        ("电机控制器与电驱系统", "motor controllers and e-drives"),
    ),
}
APPLICATIONS: tuple[tuple[str, str], ...] = (
    ("汽车", "automotive"),
    ("安防监控", "security cameras"),
    ("工业检测", "industrial inspection"),
    ("医疗器械", "medical devices"),
    ("航空航天", "aerospace"),
    ("消费电子", "consumer electronics"),
    ("新能源电池制造", "battery manufacturing"),
    ("轨道交通", "rail transport"),
    ("农业机械", "agricultural machinery"),
)
TIER_ZH = {
    "none": "",
    "provincial": "吉林省专精特新中小企业",
    "little_giant": "国家级专精特新“小巨人”企业",
}
TIER_EN = {
    "none": "",
    "provincial": "a provincial specialised-and-innovative SME",
    "little_giant": "a national 'little giant' specialised SME",
}
SIZE_STAFF: dict[str, tuple[int, int]] = {
    "micro": (8, 20),
    "small": (20, 100),
    "medium": (100, 300),
    "large": (300, 1200),
}


def enterprise_facts(
    rng: np.random.Generator, sectors: Sequence[str], size: str
) -> tuple[tuple[str, str], list[tuple[str, str]], int]:
    """What both text writers say of an enterprise, drawn in one order: its business
    (Chinese, English) in its first sector, two or three fields its products serve, and its
    staff within its size band."""
    business = pick(rng, BUSINESS[sectors[0]])
    apps = pick_some(rng, APPLICATIONS, 2 + int(rng.integers(2)))
    lo, hi = SIZE_STAFF[size]
    return business, apps, int(rng.integers(lo, hi + 1))


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
    """A few sentences about an enterprise in its writer's language."""
    business, apps, staff = enterprise_facts(rng, sectors, size)
    place = f"{city}{district or ''}"
    place_en = CITY_EN.get(city, city)
    zh_parts = [
        f"{short_name}成立于{founded}年，位于{place}，专注于{business[0]}的研发、生产与销售，"
        f"产品应用于{join_zh([a[0] for a in apps])}等领域。",
        f"公司现有员工约{staff}人，其中研发人员占比{int(rng.integers(20, 60))}%。",
    ]
    if tier != "none":
        zh_parts.append(f"公司是{TIER_ZH[tier]}。")
    if partner:
        zh_parts.append("公司与学校共建实践基地，每年接收实习生和毕业生。")
    if len(sectors) > 1:
        zh_parts.append(f"近年来业务拓展至{SECTOR_ZH_LONG[sectors[1]]}领域。")
    en_parts = [
        f"{en_name}, founded in {founded} and based in {place_en}, develops and makes "
        f"{business[1]} for {join_en([a[1] for a in apps])}.",
        f"We have about {staff} employees.",
    ]
    if tier != "none":
        en_parts.append(f"The company is recognised as {TIER_EN[tier]}.")
    if partner:
        en_parts.append(
            "We run a joint practice base with the university and take interns every year."
        )
    if lang == "zh":
        return "".join(zh_parts)
    if lang == "en":
        return " ".join(en_parts)
    return "".join(zh_parts[:2]) + " " + " ".join(en_parts[:1])


# -- positions -----------------------------------------------------------------------------------

BENEFITS_ZH = (
    "五险一金",
    "双休",
    "餐补",
    "人才公寓",
    "年终奖",
    "定期体检",
    "班车接送",
    "带薪年假",
    "长春市人才补贴",
    "技术培训",
)
BENEFITS_EN = (
    "social insurance and housing fund",
    "weekends off",
    "meal allowance",
    "talent apartment",
    "annual bonus",
    "health check",
    "shuttle bus",
    "paid leave",
    "technical training",
)


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
    """A position's description: duties and requirements written as sentences.

    ``req``/``pref``/``hidden`` are skill surfaces already in the writer's language (``hidden``
    are needs the writer mentions only in passing). A mixed-language writer switches language
    between sections (e.g. Chinese duties, English requirements).
    """
    k = 2 + int(rng.integers(2))
    pick_idx = rng.choice(len(duties_zh), size=min(k, len(duties_zh)), replace=False)
    duties_z = [duties_zh[int(i)] for i in pick_idx]
    duties_e = list(dict.fromkeys(duties_en[int(i) % len(duties_en)] for i in pick_idx))
    style = int(rng.integers(3))
    if lang == "mixed":
        first = bool(rng.random() < 0.5)
        langs = {
            "intro": first,
            "duties": first,
            "req": not first,
            "tail": bool(rng.random() < 0.5),
        }
    else:
        langs = dict.fromkeys(("intro", "duties", "req", "tail"), lang == "zh")
    sections = [
        _intro(rng, langs["intro"], ent_short, sector, title),
        _duties(langs["duties"], style, duties_z if langs["duties"] else duties_e),
        _requirements(langs["req"], style, req, pref, degree, majors),
        _hidden(langs["req"], hidden),
        _tail(rng, langs["tail"], ptype, weeks),
    ]
    text = ""
    prev_zh: bool | None = None
    for zh, part in sections:
        if not part:
            continue
        if text:
            text += "\n" if style == 0 else ("" if zh and prev_zh else " ")
        text += part
        prev_zh = zh
    return text


def _intro(
    rng: np.random.Generator, zh: bool, ent_short: str, sector: str, title: str
) -> tuple[bool, str]:
    if rng.random() >= 0.5:
        return zh, ""
    if zh:
        return zh, f"{ent_short}是一家专注于{SECTOR_ZH_LONG[sector]}的企业，现招聘{title}。"
    return zh, f"{ent_short} works in {SECTOR_EN[sector]} and is hiring: {title}."


def _duties(zh: bool, style: int, duties: Sequence[str]) -> tuple[bool, str]:
    if zh:
        if style == 0:
            return zh, "岗位职责：" + "".join(f"{i + 1}. 负责{d}；" for i, d in enumerate(duties))
        if style == 1:
            rest = "、".join(duties[1:]) or duties[0]
            return zh, f"你将主要负责{duties[0]}，并参与{rest}。"
        return zh, f"【工作内容】{'；'.join(duties)}。"
    if style == 0:
        return zh, "What you will do: " + "; ".join(duties) + "."
    if style == 1:
        return zh, f"You will {duties[0]}" + (f" and {duties[1]}." if len(duties) > 1 else ".")
    return zh, "Responsibilities: " + ". ".join(d[:1].upper() + d[1:] for d in duties) + "."


def _requirements(
    zh: bool,
    style: int,
    req: Sequence[str],
    pref: Sequence[str],
    degree: str,
    majors: Sequence[str],
) -> tuple[bool, str]:
    if zh:
        major_txt = (
            f"{join_zh([major_display(m) for m in majors[:4]])}等相关专业" if majors else "专业不限"
        )
        if style == 0:
            out = f"任职要求：1. {DEGREE_ZH[degree]}及以上学历，{major_txt}；"
            if req:
                out += f"2. 熟悉{join_zh(req)}；"
            if pref:
                out += f"3. 有{join_zh(pref)}相关经验者优先；"
            return zh, out + "4. 责任心强，具备良好的沟通能力和团队合作精神。"
        if style == 1:
            out = (
                f"我们希望你掌握{join_zh(req)}，" if req else ""
            ) + f"{DEGREE_ZH[degree]}及以上学历，{major_txt}。"
            return zh, out + (f"熟悉{join_zh(pref)}者优先考虑。" if pref else "")
        req_txt = f"具备{join_zh(req)}能力，" if req else ""
        out = f"【岗位要求】{DEGREE_ZH[degree]}以上，{major_txt}；{req_txt}学习能力强。"
        return zh, out + (f"【加分项】{join_zh(pref)}。" if pref else "")
    major_txt = (
        f"in {join_en([major_display(m) for m in majors[:3]])} or a related field"
        if majors
        else "in any field"
    )
    if style == 0:
        out = f"What we look for: {DEGREE_EN[degree]} {major_txt}." + (
            f" You know {join_en(req)}." if req else ""
        )
    elif style == 1:
        out = (
            f"We need solid skills in {join_en(req)} and {DEGREE_EN[degree]} {major_txt}."
            if req
            else f"We need {DEGREE_EN[degree]} {major_txt}."
        )
    else:
        out = (
            f"Requirements: {join_en(req)}; " if req else "Requirements: "
        ) + f"{DEGREE_EN[degree]} {major_txt}."
    return zh, out + (f" Nice to have: {join_en(pref)}." if pref else "")


def _hidden(zh: bool, hidden: Sequence[str]) -> tuple[bool, str]:
    if not hidden:
        return zh, ""
    if zh:
        return zh, f"工作中会经常用到{join_zh(hidden)}。"
    return zh, f"Day to day you will also use {join_en(hidden)}."


def _tail(rng: np.random.Generator, zh: bool, ptype: str, weeks: int) -> tuple[bool, str]:
    if zh:
        if ptype == "internship":
            return zh, f"实习期{max(weeks // 4, 2)}个月以上，每周到岗不少于4天，表现优秀者可转正。"
        if ptype == "project":
            return (
                zh,
                f"项目周期约{weeks}周，由企业导师与学校指导教师共同指导，结束后出具实践证明。",
            )
        return zh, f"我们提供：{join_zh(pick_some(rng, BENEFITS_ZH, 3))}。"
    if ptype == "internship":
        return zh, (
            f"Internship of at least {max(weeks // 4, 2)} months, four days a week; "
            "strong interns get return offers."
        )
    if ptype == "project":
        return zh, (
            f"A {weeks}-week practice project co-supervised by an enterprise mentor and "
            "a university teacher."
        )
    return zh, f"We offer {join_en(pick_some(rng, BENEFITS_EN, 3))}."


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
        zh_title = (
            zh_title.replace("工程师", "实习生") if "工程师" in zh_title else zh_title + "实习生"
        )
        en_title = en_title + " Intern"
    if ptype == "project":
        zh_title = f"企业实践项目：{pick(rng, topics_zh)}"
        en_title = f"Practice project: {pick(rng, topics_en)}"
    if lang == "zh":
        return zh_title
    if lang == "en":
        return en_title
    return f"{zh_title} / {en_title}" if rng.random() < 0.6 else f"{en_title}（{zh_title}）"


# -- students ------------------------------------------------------------------------------------

#: Student project topics per sector: (zh title, en title, zh task, en task).
STUDENT_PROJECTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "optics": (
        (
            "基于Zemax的双高斯照相物镜设计",
            "Double-Gauss camera lens design",
            "完成初始结构选型和像差优化",
            "choose a starting design and optimise aberrations",
        ),
        (
            "脉冲激光测距系统设计",
            "Pulsed laser rangefinder",
            "搭建发射接收光路并完成测距实验",
            "build the emitter and receiver paths and run ranging tests",
        ),
        (
            "光纤光栅温度传感实验",
            "Fibre Bragg grating temperature sensing",
            "完成传感头封装和标定",
            "package the sensor head and calibrate it",
        ),
        (
            "基于OpenCV的零件尺寸视觉测量",
            "Vision-based part measurement with OpenCV",
            "实现边缘提取和亚像素测量",
            "implement edge extraction and sub-pixel measurement",
        ),
        (
            "红外图像增强算法研究",
            "Infrared image enhancement",
            "实现直方图均衡与细节增强",
            "implement histogram equalisation and detail enhancement",
        ),
    ),
    "mechatronics": (
        (
            "基于STM32的智能循迹小车",
            "STM32 line-following car",
            "完成电机驱动与PID调速",
            "write the motor driver and PID speed control",
        ),
        (
            "三自由度桌面机械臂设计",
            "Three-axis desktop robot arm",
            "完成结构设计与运动学计算",
            "design the structure and solve the kinematics",
        ),
        (
            "PLC控制的物料自动分拣系统",
            "PLC-controlled sorting system",
            "编写梯形图并完成联调",
            "write the ladder logic and commission the system",
        ),
        (
            "二级圆柱齿轮减速器设计",
            "Two-stage gear reducer design",
            "完成三维建模与强度校核",
            "build the 3D model and check strength",
        ),
        (
            "数控铣削加工工艺设计",
            "CNC milling process plan",
            "编制工艺卡并完成仿真加工",
            "write process sheets and simulate machining",
        ),
    ),
    "icv": (
        (
            "智能车竞赛摄像头组循迹车",
            "Smart-car contest camera car",
            "负责图像处理与转向控制",
            "handle image processing and steering control",
        ),
        (
            "基于ROS的室内自主导航小车",
            "ROS indoor navigation robot",
            "完成建图、定位与路径规划",
            "set up mapping, localisation and path planning",
        ),
        (
            "CAN总线车身控制节点设计",
            "CAN body control node",
            "完成报文收发与诊断功能",
            "implement messaging and diagnostics",
        ),
        (
            "基于YOLO的车道线与行人检测",
            "Lane and pedestrian detection with YOLO",
            "完成数据标注、训练与部署",
            "label data, train and deploy the model",
        ),
        (
            "Simulink自适应巡航控制建模",
            "Adaptive cruise control in Simulink",
            "建立车辆纵向模型并设计控制器",
            "model longitudinal dynamics and design the controller",
        ),
    ),
    "software": (
        (
            "Qt串口调试助手",
            "Qt serial port assistant",
            "实现多协议解析与数据曲线显示",
            "parse protocols and plot data",
        ),
        (
            "基于Python的生产数据可视化",
            "Production data dashboard in Python",
            "完成数据清洗与可视化",
            "clean and visualise the data",
        ),
        (
            "校园二手交易平台",
            "Campus second-hand marketplace",
            "负责后端接口与数据库设计",
            "build the back end and database",
        ),
    ),
    "semiconductor": (
        (
            "基于FPGA的图像滤波模块",
            "FPGA image filter",
            "用Verilog实现流水线滤波并仿真验证",
            "implement a pipelined filter in Verilog and verify it",
        ),
        ("UART通信IP核设计", "UART IP core", "完成RTL设计与仿真", "write RTL and simulate it"),
    ),
    "new_energy": (
        (
            "光伏MPPT控制仿真",
            "PV MPPT control simulation",
            "搭建模型并比较扰动观察法",
            "build the model and compare perturb-and-observe",
        ),
        (
            "锂电池SOC估算模型",
            "Li-ion SOC estimation",
            "实现扩展卡尔曼滤波估算",
            "implement an extended Kalman filter",
        ),
    ),
}

#: Competitions: (zh name, en name, sectors it suits).
COMPETITIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "全国大学生电子设计竞赛",
        "National Undergraduate Electronics Design Contest",
        ("mechatronics", "icv", "semiconductor", "optics"),
    ),
    (
        "全国大学生智能汽车竞赛",
        "National University Students Smart Car Race",
        ("icv", "mechatronics"),
    ),
    ("挑战杯全国大学生课外学术科技作品竞赛", "Challenge Cup", ()),
    ("全国大学生光电设计竞赛", "National Undergraduate Optoelectronic Design Contest", ("optics",)),
    (
        "中国大学生机械工程创新创意大赛",
        "China Mechanical Engineering Innovation Contest",
        ("mechatronics",),
    ),
    (
        "全国大学生机器人大赛RoboMaster",
        "RoboMaster University Championship",
        ("mechatronics", "icv"),
    ),
    ("全国大学生数学建模竞赛", "China Undergraduate Mathematical Contest in Modeling", ()),
    ("中国国际大学生创新大赛", "China International College Students' Innovation Competition", ()),
    ("蓝桥杯全国软件和信息技术专业人才大赛", "Lanqiao Cup", ("software",)),
    (
        "全国大学生工程实践与创新能力大赛",
        "National Engineering Practice and Innovation Contest",
        ("mechatronics",),
    ),
    ("中国大学生方程式汽车大赛", "Formula Student China", ("icv", "new_energy")),
    (
        "“西门子杯”中国智能制造挑战赛",
        "Siemens Cup China Intelligent Manufacturing Challenge",
        ("mechatronics",),
    ),
    (
        "全国大学生嵌入式芯片与系统设计竞赛",
        "National Embedded Chip and System Design Contest",
        ("semiconductor", "icv"),
    ),
)
AWARDS_ZH = ("一等奖", "二等奖", "三等奖", "优秀奖")
AWARDS_EN = ("First Prize", "Second Prize", "Third Prize", "Honourable Mention")

#: Certificates: (zh, en, base probability, sectors it suits; empty = any).
CERTIFICATES: tuple[tuple[str, str, float, tuple[str, ...]], ...] = (
    ("全国计算机等级考试二级", "NCRE Level 2", 0.30, ()),
    ("机动车驾驶证C1", "Driving licence (C1)", 0.45, ()),
    ("低压电工作业证", "Low-voltage electrician certificate", 0.15, ("mechatronics", "new_energy")),
    ("普通话二级甲等", "Mandarin proficiency level 2A", 0.15, ()),
    ("AutoCAD工程师认证", "AutoCAD certified user", 0.06, ("mechatronics",)),
    ("SolidWorks CSWA认证", "SolidWorks CSWA", 0.05, ("mechatronics",)),
    (
        "软件设计师（软考中级）",
        "Software Designer (national exam, intermediate)",
        0.04,
        ("software",),
    ),
    (
        "工业机器人操作与运维职业技能等级证书",
        "Industrial robot operation certificate (1+X)",
        0.06,
        ("mechatronics",),
    ),
    (
        "智能网联汽车测试装调职业技能等级证书",
        "ICV testing and assembly certificate (1+X)",
        0.05,
        ("icv",),
    ),
)

_SELF_ZH_OPEN = (
    "本人性格开朗，责任心强，具有良好的团队合作精神。",
    "我做事认真踏实，喜欢动手实践。",
    "本人学习能力强，能吃苦耐劳，善于沟通。",
    "我对技术有浓厚兴趣，遇到问题喜欢刨根问底。",
    "性格沉稳，执行力强，抗压能力较好。",
)
_SELF_EN_OPEN = (
    "I am a hands-on learner who enjoys building things.",
    "I am responsible, patient and a good team player.",
    "I like solving hard technical problems and learn new tools quickly.",
    "Calm under pressure and careful with details.",
)


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
    """A student's free self-description in the profile's language."""
    if cold:
        return (
            ""
            if rng.random() < 0.6
            else pick(
                rng, ("认真负责。", "踏实肯干，服从安排。", "Hard-working.", "希望找到合适的工作。")
            )
        )
    zh_bits = [pick(rng, _SELF_ZH_OPEN)]
    en_bits = [pick(rng, _SELF_EN_OPEN)]
    if courses:
        zh_bits.append(f"在校期间系统学习了{join_zh(courses[:3])}等课程。")
        en_bits.append(f"My courses included {join_en(courses[:3])}.")
    if skills:
        zh_bits.append(f"熟悉{join_zh(skills[:3])}，参与过多个课程设计和项目。")
        en_bits.append(f"I am comfortable with {join_en(skills[:3])}.")
    if sector:
        where = f"在{city}" if city else ""
        zh_bits.append(f"希望毕业后{where}从事{SECTOR_ZH_LONG[sector]}相关工作。")
        en_bits.append(f"I hope to work in {SECTOR_EN[sector]}" + (f" in {city}." if city else "."))
    if lang == "zh":
        return "".join(zh_bits)
    if lang == "en":
        return " ".join(en_bits)
    # mixed: one half in each language
    cut = 1 + int(rng.integers(max(len(zh_bits) - 1, 1)))
    return "".join(zh_bits[:cut]) + " " + " ".join(en_bits[cut:])


def project_text(
    rng: np.random.Generator,
    *,
    lang: str,
    topic: tuple[str, str, str, str],
    skills: Sequence[str],
) -> tuple[str, str, str]:
    """(title, role, description) of a student project mentioning some skills."""
    zh_title, en_title, zh_task, en_task = topic
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.6)
    if zh:
        role = pick(rng, ("负责人", "核心成员", "成员", "组长"))
        used = f"使用{join_zh(skills)}" if skills else "查阅资料并动手实践"
        result = pick(
            rng,
            ("最终通过验收", "成绩优秀", "获得课程设计优秀", "完成了样机演示", "撰写了技术报告"),
        )
        return zh_title, role, f"项目中{used}，{zh_task}，{result}。"
    role = pick(rng, ("team lead", "core member", "member"))
    used = f"Used {join_en(skills)} to" if skills else "Worked to"
    result = pick(
        rng,
        (
            "The prototype was demonstrated at the final review.",
            "Graded excellent.",
            "Wrote the technical report.",
        ),
    )
    return en_title, role, f"{used} {en_task}. {result}"
