"""Writers of the parsing evaluation set: résumés and job descriptions, and their renderers.

A writer turns one simulated record (``data/sample``) into the *content* of a document — a title,
sections of paragraphs, bullets, dated entries, key–value pairs and tables — in Chinese or
English and in one of many styles, and returns with it the labels a person would type from that
document. Labels are computed from what the writer put in (each skill it names, the GPA it
prints, the salary it states), never by reading a rendered document back. Renderers lay the
content out as PDF (reportlab), DOCX (python-docx) or plain text.

>>> import random
>>> content = job_text(POSITION, ENTERPRISE, "zh", 3, random.Random(1))  # doctest: +SKIP
>>> pdf = to_pdf(content, "two_column")  # doctest: +SKIP

Why one long module (about 3,000 lines): it is mostly template text in two languages, kept
beside the few functions that choose among it and the renderers that lay it out.
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matcher.simulate.names import CITY_EN, INDUSTRY_WORDS, trade_pinyin
from matcher.simulate.roles import ROLES, Role
from matcher.simulate.texts import COMPETITIONS

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY_DIR = ROOT / "matcher" / "text" / "taxonomy_data"

LAYOUTS_PDF = ("single", "two_column", "table")
LAYOUTS_DOCX = ("single", "table", "two_column")
#: Personal fields a résumé may show, in the order labels list them.
PERSONAL_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "political_status",
    "hometown",
    "phone",
    "email",
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return bool(_CJK.search(text))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# -- taxonomy --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillInfo:
    """One skill of the project's taxonomy."""

    id: str
    zh: str
    en: str
    category: str
    aliases: tuple[str, ...]
    majors: tuple[str, ...]


class Taxonomy:
    """The skills and majors of ``matcher/text/taxonomy_data``, read as plain data.

    ``scan`` finds literal mentions of taxonomy names (longest match, ASCII names on word
    boundaries). The writers use it only to refuse template text that would name a skill
    the labels do not hold; labels never come from it.
    """

    def __init__(self, directory: Path = TAXONOMY_DIR) -> None:
        self.skills: dict[str, SkillInfo] = {}
        for row in _read_jsonl(directory / "skills.jsonl"):
            self.skills[row["id"]] = SkillInfo(
                row["id"],
                row["zh"],
                row["en"],
                row["category"],
                tuple(row["aliases"]),
                tuple(row["majors"]),
            )
        self.majors: dict[str, dict[str, Any]] = {
            row["code"]: row for row in _read_jsonl(directory / "majors.jsonl")
        }
        self.names: dict[str, str] = {}
        for s in self.skills.values():
            for name in (s.zh, s.en, *s.aliases):
                self.names.setdefault(name.lower().strip(), s.id)
        self._lengths: dict[str, list[int]] = {}
        for name in self.names:
            self._lengths.setdefault(name[0], []).append(len(name))
        for lengths in self._lengths.values():
            lengths[:] = sorted(set(lengths), reverse=True)
        self._major_names: dict[str, str] = {}
        for code, row in self.majors.items():
            for name in (code, row["zh"], row["en"], major_display(row["en"])):
                self._major_names[name.lower()] = code

    def lookup(self, text: str) -> str | None:
        """The skill id whose name is exactly ``text`` (case-insensitive)."""
        return self.names.get(text.lower().strip())

    def major_code(self, name_or_code: str) -> str | None:
        """The code of a major given by code, Chinese name or English name."""
        return self._major_names.get(name_or_code.lower().strip())

    def major_name(self, code: str, lang: str) -> str:
        """The taxonomy name of a major: Chinese, or English with its catalogue note."""
        row = self.majors[code]
        return row["zh"] if lang != "en" else row["en"]

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """Literal taxonomy names in ``text`` as (start, end, skill id), longest first."""
        low = text.lower()
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(low):
            hit = None
            for n in self._lengths.get(low[i], ()):
                piece = low[i : i + n]
                sid = self.names.get(piece)
                if sid is None or len(piece) < n:
                    continue
                if piece[0].isascii() and piece[0].isalnum() and i > 0:
                    prev = low[i - 1]
                    if prev.isascii() and prev.isalnum():
                        continue
                end = i + n
                if piece[-1].isascii() and piece[-1].isalnum() and end < len(low):
                    nxt = low[end]
                    if nxt.isascii() and nxt.isalnum():
                        continue
                hit = (i, end, sid)
                break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

    def scan_ids(self, text: str) -> set[str]:
        """The skill ids literally named in ``text``."""
        return {sid for _, _, sid in self.scan(text)}


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The taxonomy, read once."""
    return Taxonomy()


def major_display(name: str) -> str:
    """A major's name as written in a document (without the catalogue note in brackets)."""
    return re.sub(r"\s*[（(][^)）]*[)）]\s*$", "", name)


# -- written skills of the records ---------------------------------------------------------------

_WRAP_PREFIX = re.compile(
    r"^(?:精通|熟练使用|熟练掌握|能熟练使用|熟练|熟悉|掌握|了解|具备|有|basic|"
    r"experience with|proficient in|proficiency in|solid knowledge of|familiarity with|"
    r"familiar with|knowledge of|hands-on|bonus:)\s*",
    re.IGNORECASE,
)
_WRAP_SUFFIX = re.compile(
    r"\s*(?:\((?:proficient|advanced|basic|intermediate)\)|基础扎实|（加分项）|is a plus|"
    r"preferred|experience|经验者优先|经验|者优先|优先)$",
    re.IGNORECASE,
)


def written_skill_id(text: str, taxo: Taxonomy | None = None) -> str | None:
    """The taxonomy id of one written skill of a record, or None.

    Exact match of the text against the taxonomy's names, after stripping a leading level
    word (精通, 熟练使用, proficient in…) and, for positions, the wrapper of a requirement
    (…经验者优先, … is a plus).
    """
    taxo = taxo or taxonomy()
    t = text.strip()
    for _ in range(4):
        sid = taxo.lookup(t)
        if sid:
            return sid
        stripped = _WRAP_SUFFIX.sub("", _WRAP_PREFIX.sub("", t)).strip()
        if stripped == t:
            return None
        t = stripped
    return taxo.lookup(t)


# -- content ---------------------------------------------------------------------------------------


@dataclass
class Item:
    """One block of a section.

    ``kind`` is ``para`` (text), ``bullet`` (text after ``mark``), ``entry`` (text with a
    right-aligned ``right``, e.g. dates), ``pairs`` (``rows`` of label–value, ``cols`` 2 or 4)
    or ``table`` (``rows`` of cells, the first a header when ``header``). ``role`` says what the
    text is when it is not a claim of the holder (``course``, ``major``, ``org``, ``company``,
    ``objective``, ``title``, ``award``): the audit of unintended skill names skips those.
    """

    kind: str
    text: str = ""
    mark: str = ""
    right: str = ""
    rows: list[list[str]] = field(default_factory=list)
    cols: int = 2
    header: bool = False
    role: str = ""


@dataclass
class Section:
    """A heading and its items; ``side`` sections go to the narrow column of two columns."""

    key: str
    heading: str
    items: list[Item]
    side: bool = False


@dataclass
class Content:
    """A document before layout: title, lines under it, sections, labels and style knobs."""

    kind: str
    lang: str
    title: str
    subtitle: list[str]
    sections: list[Section]
    labels: dict[str, Any]
    style: dict[str, Any] = field(default_factory=dict)
    #: Skill mentions written as a variant that is not literally a taxonomy name.
    variants: list[tuple[str, str]] = field(default_factory=list)
    mentions: int = 0

    def lines(self) -> list[tuple[str, str]]:
        """Every text of the document with its role (for audits)."""
        out = [(self.title, "title")] + [(s, "subtitle") for s in self.subtitle]
        for sec in self.sections:
            out.append((sec.heading, "heading"))
            for it in sec.items:
                if it.kind in ("pairs", "table"):
                    out.extend((cell, it.role) for row in it.rows for cell in row)
                else:
                    out.append((it.text, it.role))
                    if it.right:
                        out.append((it.right, it.role))
        return out


@dataclass
class ResumeContent(Content):
    """A résumé's content; ``labels`` hold skills, major, degree, graduation year, GPA, personal."""


@dataclass
class JobContent(Content):
    """A job description's content; ``labels`` hold the fields of a position form."""


# -- how one writer names skills -------------------------------------------------------------------

#: Natural variants a person writes that are not literally taxonomy names but name one skill
#: beyond doubt (versions, course-style phrasings, model numbers). Written for this project.
VARIANTS: dict[str, tuple[str, ...]] = {
    "zemax": ("Zemax OpticStudio 2019", "ZEMAX 13", "Zemax-EE"),
    "code_v": ("CodeV 11.2",),
    "optical_design": ("镜头光学设计", "imaging optics design"),
    "optical_assembly": ("镜头装配与调校", "lens alignment"),
    "optical_testing": ("光学元件的检测与测试", "optical test and measurement"),
    "interferometry": ("ZYGO干涉仪面形测量", "Zygo interferometer testing"),
    "mtf_testing": ("MTF测试仪使用", "MTF bench testing"),
    "laser_principles": ("激光原理及激光器调试", "laser fundamentals"),
    "image_processing": ("数字图像处理算法", "image-processing algorithms"),
    "machine_vision": ("机器视觉检测项目开发", "machine-vision inspection"),
    "halcon": ("Halcon 20.11", "HALCON 18"),
    "opencv": ("OpenCV 4.5", "OpenCV 4.x"),
    "photoelectric_detection": ("光电检测系统搭建",),
    "fiber_optics": ("光纤与光缆技术", "fibre-optic components"),
    "thin_film_coating": ("光学镀膜（真空镀膜机操作）",),
    "solidworks": ("SolidWorks 2020", "Solidworks 2018", "SOLIDWORKS 2022"),
    "autocad": ("AutoCAD 2019", "AutoCAD 2014"),
    "ug_nx": ("UG NX 12.0", "NX 1953"),
    "catia": ("CATIA V5-6R2018",),
    "creo": ("Creo 7.0",),
    "cad_3d_modeling": ("三维实体建模", "3-D solid modelling"),
    "engineering_drawing": ("机械制图与识图", "reading engineering drawings"),
    "mechanical_design": ("机械结构的设计", "design of mechanical parts"),
    "fea": ("有限元强度校核", "FE analysis"),
    "ansys": ("ANSYS 2020 R2",),
    "plc_programming": ("PLC程序设计与调试", "PLC logic programming"),
    "siemens_s7": ("西门子S7-1200系列",),
    "tia_portal": ("博途V15.1", "TIA Portal V15"),
    "motion_control": ("多轴运动控制编程", "multi-axis motion control"),
    "servo_control": ("伺服驱动器参数调试", "servo drive tuning"),
    "industrial_robot": ("六轴工业机器人操作", "6-axis industrial robots"),
    "robot_programming": ("机器人示教与编程", "teach-pendant robot programming"),
    "hmi_scada": ("触摸屏组态", "HMI screen design"),
    "pneumatics": ("气动回路设计", "pneumatic circuits"),
    "sensors_measurement": ("传感器原理与应用", "sensors and their applications"),
    "c_language": ("C语言程序开发", "C (C99/C11)"),
    "python": ("Python 3.8", "Python3.x"),
    "cpp": ("C++11/14",),
    "matlab": ("Matlab R2021b", "MATLAB 2020a"),
    "simulink": ("Simulink建模与仿真", "Simulink modelling"),
    "stm32": ("STM32F407", "STM32F1系列"),
    "microcontroller": ("51单片机开发", "8-bit microcontrollers"),
    "embedded_c": ("嵌入式C语言编程", "embedded C programming"),
    "keil_iar": ("Keil uVision5",),
    "altium_designer": ("Altium Designer 21", "AD21"),
    "pcb_design": ("双层PCB绘制", "2-layer PCB layout"),
    "test_instruments": ("示波器、万用表的使用", "oscilloscopes and multimeters"),
    "soldering": ("电路板手工焊接",),
    "circuit_simulation": ("Multisim 14",),
    "labview": ("LabVIEW 2018",),
    "linux": ("Ubuntu 20.04",),
    "git": ("Git/GitHub",),
    "sql": ("MySQL 8.0",),
    "qt": ("Qt 5.12", "PyQt5"),
    "ros": ("ROS Melodic/Noetic",),
    "slam": ("激光SLAM建图", "2D laser SLAM"),
    "deep_learning": ("深度学习（卷积网络）", "deep neural networks"),
    "pytorch": ("PyTorch 1.12",),
    "can_bus": ("CAN总线通信协议", "CAN 2.0B"),
    "canoe": ("CANoe 11.0",),
    "autosar": ("AUTOSAR分层架构", "AUTOSAR layered architecture"),
    "automotive_fault_diagnosis": ("汽车故障诊断与排除", "car fault diagnosis"),
    "automotive_electronics": ("汽车电器与电子技术",),
    "bms": ("BMS电池管理系统", "BMS software"),
    "lithium_battery": ("动力锂电池",),
    "office_software": ("Office办公软件（Word/Excel/PPT）", "MS Office 2016"),
    "cet4": ("CET-4（512分）", "CET-4 (512)"),
    "cet6": ("CET-6（480分）", "CET-6 (480)"),
    "english_communication": ("英语口语良好", "good spoken English"),
    "technical_english": ("能阅读英文技术资料",),
    "data_analysis": ("数据统计与分析",),
    "machining_process": ("机械加工工艺编制",),
    "cnc_machining": ("数控车床操作",),
    "electrical_control": ("继电器-接触器控制电路",),
    "electric_machines": ("电机原理与拖动",),
    "frequency_inverter": ("变频器参数设置",),
    "vehicle_testing": ("整车道路试验",),
    "power_electronics": ("电力电子变流技术",),
    "signal_processing": ("信号处理算法",),
    "fpga": ("Xilinx FPGA开发",),
    "verilog": ("Verilog-2001",),
    "data_structures_algorithms": ("数据结构与常用算法",),
    "java": ("Java SE",),
    "lean_production": ("精益生产改善",),
    "marketing": ("市场调研与推广",),
    "international_trade": ("外贸单证与跟单",),
    "translation": ("中英笔译",),
    "japanese": ("日语听说读写",),
    "german": ("德语B2水平",),
    "russian": ("俄语听说读写",),
}

#: Aliases that read oddly as a skill in a list (job titles, people, activities).
_AWKWARD = re.compile(r"(工程师|专员|安全员|学生干部|班干部|刷题|美工|engineer$|^sales engineer)")
_COMMON_SHORT = frozenset(
    {"and", "of", "the", "for", "with", "data", "lean", "pack", "cell", "line", "test", "map"}
)


@lru_cache(maxsize=1)
def _casing() -> dict[str, str]:
    """How English labels spell their words (solidworks → SolidWorks), for lower-case aliases."""
    out: dict[str, str] = {}
    for s in taxonomy().skills.values():
        for word in re.findall(r"[A-Za-z][A-Za-z0-9+#.-]*", s.en):
            if word != word.lower():
                out.setdefault(word.lower(), word)
    return out


def _cased(alias: str) -> str:
    """Writers capitalise tool names and acronyms that the taxonomy stores in lower case."""
    casing = _casing()
    if " " in alias.strip() and alias.isascii():
        # an English phrase such as "ray tracing": only known acronyms change (iso → ISO)
        return " ".join(
            casing.get(w, w) if w.upper() == casing.get(w, "") else w for w in alias.split()
        )

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in casing:
            return casing[w]
        if 2 <= len(w) <= 4 and w.isalpha() and w not in _COMMON_SHORT:
            return w.upper()
        if re.fullmatch(r"[a-z]{1,3}\d[a-z0-9\-]*", w):
            return w.upper()  # s7-1500 → S7-1500, fx3u → FX3U
        return w

    return re.sub(r"[a-z][a-z0-9+#.\-]*", fix, alias)


def is_tool(sid: str) -> bool:
    """Whether a skill is a tool (a program, language, chip or bus) rather than a subject."""
    s = taxonomy().skills[sid]
    return bool(re.search(r"[A-Za-z]", s.zh)) or s.category == "software"


def _tool_word(name: str) -> bool:
    """An English form a Chinese writer keeps as it is: SolidWorks, MATLAB, S7-1500, python3 —
    not an ordinary English word (Wiring, sensor)."""
    if not name.isascii() or " " in name:
        return False
    return any(c.isdigit() for c in name) or sum(c.isupper() for c in name) >= 2


@lru_cache(maxsize=4096)
def surface_options(sid: str, lang: str) -> tuple[str, ...]:
    """Written forms of a skill for a writer's language: its label first, then aliases."""
    s = taxonomy().skills[sid]
    if lang == "zh":
        opts = [s.zh] + ([s.en] if _tool_word(s.en) and s.en != s.zh else [])
        opts += [
            c
            for c in (_cased(a) for a in s.aliases)
            if (has_cjk(c) or _tool_word(c)) and not _AWKWARD.search(c) and len(c) <= 16
        ]
    else:
        opts = [s.en] + [
            _cased(a)
            for a in s.aliases
            if a.isascii() and not _AWKWARD.search(a) and len(a) <= 40 and a != s.en.lower()
        ]
    keep = [o for i, o in enumerate(opts) if i == 0 or _names_one_skill(o, sid)]
    return tuple(dict.fromkeys(keep))


def _names_one_skill(name: str, sid: str) -> bool:
    """False for a form such as "MATLAB/Simulink" whose parts name other skills as well."""
    taxo = taxonomy()
    return all(taxo.lookup(part) in (None, sid) for part in re.split(r"[/\s]+", name) if part)


@lru_cache(maxsize=1)
def valid_variants() -> dict[str, tuple[str, ...]]:
    """The variants that name only their own skill (checked against the taxonomy's names)."""
    taxo = taxonomy()
    out: dict[str, tuple[str, ...]] = {}
    for sid, forms in VARIANTS.items():
        if sid not in taxo.skills:
            continue
        ok = tuple(v for v in forms if taxo.scan_ids(v) <= {sid})
        if ok:
            out[sid] = ok
    return out


def _fits(variant: str, lang: str) -> bool:
    """Chinese writers use English variants only when they are tool names (SolidWorks 2020)."""
    if lang == "en":
        return not has_cjk(variant)
    if has_cjk(variant) or " " not in variant:
        return True
    return all(any(c.isupper() or c.isdigit() for c in w) for w in variant.split())


class SkillNamer:
    """Names skills the way one writer does and records each mention: the skill labels.

    Every call returns a written form (label, alias or, for about one mention in seven, a
    natural variant not literally in the taxonomy) and adds the skill to ``ids``.
    """

    def __init__(self, lang: str, rng: random.Random, variant_rate: float = 0.55) -> None:
        self.lang = lang
        self.rng = rng
        self.variant_rate = variant_rate
        self.ids: dict[str, None] = {}
        self.variants: list[tuple[str, str]] = []
        self.mentions = 0

    def __call__(self, sid: str, *, plain: bool = False) -> str:
        """A written form of ``sid``; ``plain`` forbids variants (for tables of levels)."""
        lang = self.lang
        if lang == "mixed":
            lang = "zh" if self.rng.random() < 0.5 else "en"
        self.ids[sid] = None
        self.mentions += 1
        forms = [v for v in valid_variants().get(sid, ()) if _fits(v, lang)]
        if forms and not plain and self.rng.random() < self.variant_rate:
            v = self.rng.choice(forms)
            if taxonomy().lookup(v) != sid:
                self.variants.append((sid, v))
            return v
        opts = surface_options(sid, lang)
        if len(opts) == 1 or self.rng.random() < 0.55:
            return opts[0]
        return self.rng.choice(opts[1:5])

    def label(self, sid: str) -> str:
        """The skill's own label in the writer's language (no alias, no variant)."""
        self.ids[sid] = None
        self.mentions += 1
        s = taxonomy().skills[sid]
        return s.en if self.lang == "en" else s.zh

    def note(self, sid: str) -> None:
        """Record a skill named by fixed text (a certificate, a soft-skill phrase)."""
        self.ids[sid] = None


def _cap(text: str) -> str:
    """The text with its first letter upper-cased (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def join_zh(items: Sequence[str]) -> str:
    """A、B和C."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + ("和" if len(items) > 2 else "、") + items[-1]


def join_en(items: Sequence[str]) -> str:
    """A, B and C."""
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- people and places -----------------------------------------------------------------------------

_PINYIN_TABLE = (
    "一yi 丁ding 万wan 东dong 丽li 乔qiao 书shu 于yu 亮liang 付fu 任ren 伟wei 何he 余yu 佟tong "
    "佳jia 侯hou 俊jun 倩qian 傅fu 关guan 冬dong 冯feng 凯kai 刘liu 勇yong 博bo 卢lu 可ke 史shi "
    "叶ye 吕lyu 吴wu 周zhou 唐tang 嘉jia 坤kun 夏xia 天tian 奕yi 姚yao 姜jiang 娜na 婷ting 子zi "
    "孔kong 孙sun 孟meng 宁ning 宇yu 安an 宋song 宫gong 家jia 尹yin 岳yue 峰feng 崔cui 常chang "
    "庞pang 康kang 廖liao 建jian 张zhang 强qiang 彤tong 彭peng 徐xu 心xin 志zhi 思si 怡yi 悦yue "
    "慧hui 戴dai 敏min 文wen 斌bin 新xin 方fang 旭xu 昊hao 明ming 易yi 晓xiao 晨chen 曹cao "
    "曾zeng 月yue 朱zhu 朴piao 李li 杜du 杨yang 杰jie 林lin 桐tong 梁liang 梦meng 欣xin "
    "正zheng 武wu 段duan 毛mao 江jiang 汤tang 汪wang 沈shen 泽ze 洁jie 浩hao 海hai 涛tao 涵han "
    "潘pan 然ran 熊xiong 王wang 玥yue 琪qi 琳lin 瑶yao 璐lu 田tian 白bai 睿rui 石shi 磊lei "
    "秋qiu 秦qin 程cheng 罗luo 胡hu 航hang 艺yi 苏su 若ruo 范fan 萧xiao 萱xuan 董dong 蒋jiang "
    "蔡cai 蕾lei 薇wei 薛xue 袁yuan 许xu 诗shi 语yu 谢xie 谭tan 贺he 贾jia 赖lai 赵zhao 超chao "
    "轩xuan 辰chen 邓deng 邱qiu 邵shao 邹zou 郑zheng 郝hao 郭guo 金jin 鑫xin 钟zhong 钱qian "
    "铭ming 阎yan 阳yang 陆lu 陈chen 隋sui 雨yu 雪xue 雯wen 雷lei 静jing 韩han 顾gu 颖ying "
    "飞fei 馨xin 马ma 高gao 魏wei 鲁lu 鹏peng 黄huang 黎li 龙long 龚gong"
)
PINYIN: dict[str, str] = {w[0]: w[1:] for w in _PINYIN_TABLE.split()}


def name_parts_en(name: str) -> tuple[str, str]:
    """(given, surname) of a Chinese name in pinyin: 崔凯正 → ("Kaizheng", "Cui")."""
    syl = [PINYIN.get(ch, "") for ch in name]
    surname = syl[0].capitalize()
    given = "".join(syl[1:]).capitalize()
    return given, surname


_PLACE_EN = {**{k: v.replace(" City", "") for k, v in CITY_EN.items()}, "哈尔滨": "Harbin"}
_PLACE_EN["天津"] = "Tianjin"
_SUFFIX_EN = (
    ("科技有限公司", "Technology Co., Ltd."),
    ("技术有限公司", "Technology Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("设备有限公司", "Equipment Co., Ltd."),
    ("有限公司", "Co., Ltd."),
)
DISTRICT_EN: dict[str, str] = {
    "长春新区": "Changchun New Area",
    "经开区": "Economic Development Zone",
    "汽开区": "Automotive Economic Development Zone",
    "高新区": "High-tech Zone",
    "净月区": "Jingyue District",
    "朝阳区": "Chaoyang District",
    "绿园区": "Lvyuan District",
    "宽城区": "Kuancheng District",
    "南关区": "Nanguan District",
    "二道区": "Erdao District",
    "船营区": "Chuanying District",
    "丰满区": "Fengman District",
    "昌邑区": "Changyi District",
    "浑南区": "Hunnan District",
    "铁西区": "Tiexi District",
    "沈北新区": "Shenbei New District",
    "大东区": "Dadong District",
    "海淀区": "Haidian District",
    "亦庄经开区": "Yizhuang Economic-Technological Development Area",
    "昌平区": "Changping District",
    "顺义区": "Shunyi District",
    "嘉定区": "Jiading District",
    "浦东新区": "Pudong New Area",
    "松江区": "Songjiang District",
    "闵行区": "Minhang District",
    "南山区": "Nanshan District",
    "宝安区": "Bao'an District",
    "龙华区": "Longhua District",
    "坪山区": "Pingshan District",
    "工业园区": "Suzhou Industrial Park",
    "相城区": "Xiangcheng District",
    "吴中区": "Wuzhong District",
}
PROVINCE: dict[str, tuple[str, str]] = {
    "长春": ("吉林省", "Jilin Province"),
    "吉林": ("吉林省", "Jilin Province"),
    "沈阳": ("辽宁省", "Liaoning Province"),
    "苏州": ("江苏省", "Jiangsu Province"),
    "北京": ("", ""),
    "上海": ("", ""),
    "深圳": ("广东省", "Guangdong Province"),
}


def org_name_en(zh: str) -> str:
    """The English name of an invented organisation (长春晖衡激光技术有限公司 → Changchun Huiheng
    Laser Technology Co., Ltd.), built the way the simulator builds enterprise names."""
    place = next((p for p in _PLACE_EN if zh.startswith(p)), "")
    rest = zh[len(place) :]
    trade, rest = rest[:2], rest[2:]
    word_en = ""
    words = sorted(
        {w for ws in INDUSTRY_WORDS.values() for w in ws}, key=lambda w: len(w[0]), reverse=True
    )
    for w_zh, w_en in words:
        if rest.startswith(w_zh):
            word_en = w_en
            break
    suffix_en = next((en for s, en in _SUFFIX_EN if rest.endswith(s)), "Co., Ltd.")
    if word_en.endswith("Technology") and suffix_en.startswith("Technology"):
        suffix_en = suffix_en[len("Technology ") :]
    parts = [_PLACE_EN.get(place, ""), trade_pinyin(trade), word_en, suffix_en]
    return " ".join(p for p in parts if p)


def org_short_zh(zh: str) -> str:
    """The everyday short name: 长春晖衡激光技术有限公司 → 晖衡激光."""
    place = next((p for p in _PLACE_EN if zh.startswith(p)), "")
    rest = zh[len(place) :]
    for s, _ in _SUFFIX_EN:
        if rest.endswith(s):
            return rest[: -len(s)]
    return rest


#: Documents are written in spring 2026: nothing a résumé tells happened after 2025.
LAST_YEAR = 2025

#: Invented schools (no real university has these names).
UNIVERSITY = ("长春北湖理工大学", "Changchun Beihu University of Technology")
POLYTECHNIC = ("长春北湖职业技术学院", "Changchun Beihu Polytechnic")
OTHER_UNIVERSITIES = (
    ("吉林东岭工程学院", "Jilin Dongling Institute of Engineering"),
    ("辽宁白鹭科技大学", "Liaoning Bailu University of Science and Technology"),
)
#: What a student says she wants to work in (words that name no skill).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "optics": ("光电", "photonics"),
    "mechatronics": ("装备制造", "equipment manufacturing"),
    "icv": ("汽车", "the automotive industry"),
    "software": ("软件", "software"),
    "semiconductor": ("芯片", "chips"),
    "new_energy": ("新能源", "new energy"),
}
SECTOR_WORDS: dict[str, tuple[str, str]] = {
    "optics": ("光电与光学", "optics and photonics"),
    "mechatronics": ("机电一体化与智能装备", "mechatronics and automation equipment"),
    "icv": ("智能网联汽车与汽车电子", "connected and intelligent vehicles"),
    "software": ("工业软件", "industrial software"),
    "semiconductor": ("半导体与光电芯片", "semiconductors and photonic chips"),
    "new_energy": ("新能源与储能", "new energy and batteries"),
}


def phone_text(phone: str, form: int) -> str:
    """A mobile number as people write it: 13812345678, 138-1234-5678, +86 138 1234 5678…"""
    a, b, c = phone[:3], phone[3:7], phone[7:]
    return (
        phone,
        f"{a}-{b}-{c}",
        f"+86 {a} {b} {c}",
        f"{a} {b} {c}",
        f"(+86) {phone}",
    )[form % 5]


def email_text(given: str, surname: str, birth_year: int, number: str, form: int) -> str:
    """An invented address on reserved example domains."""
    local = (
        f"{given.lower()}.{surname.lower()}",
        f"{surname.lower()}{given.lower()}{birth_year % 100:02d}",
        number,
        f"{given[0].lower()}{surname.lower()}{number[-3:]}",
    )[form % 4]
    domain = ("example.com", "mail.example.cn", "stu.example.edu.cn", "example.org")[
        (form // 4 + len(local)) % 4
    ]
    if local == number:
        domain = "stu.example.edu.cn"
    return f"{local}@{domain}"


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_text(year: int, month: int, form: int) -> str:
    """A year and month in one of the forms résumés use."""
    return (
        f"{year}.{month:02d}",
        f"{year}年{month}月",
        f"{_MONTHS_EN[month - 1]} {year}",
        f"{year}/{month:02d}",
        f"{month:02d}/{year}",
        f"{year}-{month:02d}",
    )[form]


def period_text(start: tuple[int, int], end: tuple[int, int] | None, form: int, zh: bool) -> str:
    """A period: 2021.09-2025.06, 2021年9月–2025年6月, Sep 2021 – Jun 2025, 09/2021 - 06/2025."""
    dash = ("-", " - ", "–", " – ", "—", "~")[form % 6]
    f = (0, 1, 0, 3, 0, 5)[form % 6] if zh else (2, 4, 2, 3, 0, 2)[form % 6]
    if form % 6 == 1 and zh:
        dash = "–"
    a = month_text(*start, f)
    b = ("至今" if zh else "Present") if end is None else month_text(*end, f)
    return f"{a}{dash}{b}"


# -- certificates and competitions --------------------------------------------------------------

#: Certificates of the records: (Chinese, English, skills the certificate names).
CERTIFICATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "CET-4": ("大学英语四级（CET-4）", "CET-4", ("cet4",)),
    "CET-6": ("大学英语六级（CET-6）", "CET-6", ("cet6",)),
    "全国计算机等级考试二级": (
        "全国计算机等级考试二级",
        "National Computer Rank Examination, Level 2",
        (),
    ),
    "机动车驾驶证C1": ("机动车驾驶证（C1）", "Driver's license (C1)", ("driving_license",)),
    "普通话二级甲等": ("普通话二级甲等", "Putonghua test, Level 2A", ("chinese_proficiency",)),
    "低压电工作业证": (
        "低压电工作业证",
        "Electrician license (low voltage)",
        ("electrician_certificate",),
    ),
    "工业机器人操作与运维职业技能等级证书": (
        "工业机器人操作与运维职业技能等级证书（1+X）",
        "1+X certificate: industrial robot operation and maintenance",
        ("industrial_robot",),
    ),
    "SolidWorks CSWA认证": ("SolidWorks CSWA认证", "SolidWorks CSWA", ("solidworks",)),
    "AutoCAD工程师认证": ("AutoCAD工程师认证", "AutoCAD Certified User", ("autocad",)),
    "智能网联汽车测试装调职业技能等级证书": (
        "智能网联汽车测试装调职业技能等级证书（1+X）",
        "1+X certificate: ICV testing and assembly",
        ("icv_overview",),
    ),
    "软件设计师（软考中级）": (
        "软件设计师（软考中级）",
        "Software Designer (national exam, intermediate)",
        (),
    ),
}
_CERT_ALIASES = {
    "Driving licence (C1)": "机动车驾驶证C1",
    "NCRE Level 2": "全国计算机等级考试二级",
    "Mandarin proficiency level 2A": "普通话二级甲等",
    "Low-voltage electrician certificate": "低压电工作业证",
    "Industrial robot operation certificate (1+X)": "工业机器人操作与运维职业技能等级证书",
    "SolidWorks CSWA": "SolidWorks CSWA认证",
    "AutoCAD certified user": "AutoCAD工程师认证",
    "ICV testing and assembly certificate (1+X)": "智能网联汽车测试装调职业技能等级证书",
    "Software Designer (national exam, intermediate)": "软件设计师（软考中级）",
}
_LEVEL_ZH = {"national": "国家级", "provincial": "省级", "school": "校级"}
_LEVEL_EN = {"national": "national", "provincial": "provincial", "school": "university"}
_AWARD_EN = {
    "一等奖": "First Prize",
    "二等奖": "Second Prize",
    "三等奖": "Third Prize",
    "优秀奖": "Honourable Mention",
}


def competition_names(name: str) -> tuple[str, str]:
    """(Chinese, English) name of a competition given in either language."""
    for zh, en, _ in COMPETITIONS:
        if name in (zh, en):
            return zh, en
    return name, name


def competition_skills(zh_name: str) -> tuple[str, ...]:
    """Skills an award names: every engineering competition, and modelling for the modelling one."""
    if "数学建模" in zh_name:
        return ("engineering_competitions", "mathematical_modeling")
    return ("engineering_competitions",)


# -- which skills a résumé claims ---------------------------------------------------------------

_SECTOR_CATEGORIES: dict[str, set[str]] = {
    "optics": {"optics", "electronics"},
    "mechatronics": {"mechatronics", "electronics"},
    "icv": {"icv", "electronics", "software"},
    "software": {"software", "math"},
    "semiconductor": {"semiconductor", "electronics", "optics"},
    "new_energy": {"new_energy", "electronics", "icv"},
}


def student_major_code(student: dict[str, Any], taxo: Taxonomy | None = None) -> str | None:
    """The student's major code: the record's, else looked up from the major's name."""
    taxo = taxo or taxonomy()
    code = student.get("major_code")
    if code in taxo.majors:
        return code
    return taxo.major_code(student.get("major", ""))


def record_skill_ids(written: Iterable[str], taxo: Taxonomy | None = None) -> list[str]:
    """The distinct taxonomy ids of a record's written skills, in order (unmatched dropped)."""
    taxo = taxo or taxonomy()
    out: dict[str, None] = {}
    for w in written:
        sid = written_skill_id(w, taxo)
        if sid:
            out[sid] = None
    return list(out)


def skill_relevance(sid: str, code: str | None, taxo: Taxonomy | None = None) -> float:
    """How plausible a skill is for a major: 0 unrelated … 5 a core skill of the major."""
    taxo = taxo or taxonomy()
    s = taxo.skills[sid]
    if code is None or code not in taxo.majors:
        return 1.0
    major = taxo.majors[code]
    score = 0.0
    if code in s.majors:
        score += 2
    if sid in major["skills"]:
        score += 2
    cats = set().union(*(_SECTOR_CATEGORIES.get(x, set()) for x in major["sectors"]))
    if s.category in cats:
        score += 1
    if s.category in ("professional", "language") and score == 0:
        score = 0.8
    return score


def claim_skills(student: dict[str, Any], rng: random.Random, k: int | None = None) -> list[str]:
    """A plausible 5–12 of a record's noisy skills, preferring those related to the major.

    At most one unrelated skill and two professional or language ones are kept.
    """
    taxo = taxonomy()
    code = student_major_code(student, taxo)
    ids = record_skill_ids(student.get("skills", []), taxo)
    scored = sorted(
        ((skill_relevance(s, code, taxo) + rng.random() * 0.9, s) for s in ids), reverse=True
    )
    k = k or rng.randint(5, 12)
    out: list[str] = []
    unrelated = soft = 0
    for score, sid in scored:
        if len(out) >= k:
            break
        cat = taxo.skills[sid].category
        if score < 1.0:
            if unrelated >= 1:
                continue
            unrelated += 1
        if cat in ("professional", "language"):
            if soft >= 2:
                continue
            soft += 1
        out.append(sid)
    return out


# -- résumé ----------------------------------------------------------------------------------------

RESUME_HEADINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "personal": (("个人信息", "基本信息", "基本资料"), ("Personal Details", "Contact", "CONTACT")),
    "objective": (
        ("求职意向", "应聘岗位", "求职目标"),
        ("Objective", "Career Objective", "Target Role"),
    ),
    "education": (
        ("教育背景", "教育经历", "学习经历"),
        ("Education", "EDUCATION", "Academic Background"),
    ),
    "skills": (
        ("专业技能", "技能特长", "个人技能", "技能证书"),
        ("Skills", "Technical Skills", "SKILLS", "Core Skills"),
    ),
    "projects": (
        ("项目经历", "项目经验", "科研与项目经历", "课程设计与项目"),
        ("Projects", "Project Experience", "PROJECTS", "Selected Projects"),
    ),
    "internships": (
        ("实习经历", "工作经历", "实践经历", "实习实践"),
        ("Internship", "Experience", "Work Experience", "Internship Experience"),
    ),
    "awards": (
        ("获奖情况", "竞赛经历", "荣誉奖项", "获奖经历"),
        ("Awards", "Honors and Awards", "Competitions", "AWARDS"),
    ),
    "certificates": (("证书", "资格证书", "证书与语言"), ("Certificates", "Certifications")),
    "courses": (
        ("主修课程", "核心课程", "专业课程"),
        ("Courses", "Relevant Coursework", "Core Courses"),
    ),
    "summary": (
        ("自我评价", "个人总结", "自我介绍"),
        ("Summary", "About me", "Profile", "Personal Statement"),
    ),
}
_BULLETS_ZH = ("●", "■", "◆", "-", "※", "", "○")
_BULLETS_EN = ("•", "-", "–", "*", "●", "", "■")

#: Things students build in projects, per sector: (Chinese, English). Written for this project.
PROJECT_THINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "optics": (
        ("便携式照度计", "portable illuminance meter"),
        ("小型望远物镜", "compact binocular objective"),
        ("桌面级光路实验平台", "tabletop optical bench"),
        ("零件尺寸在线检查装置", "inline part-size gauge"),
        ("微小位移测量装置", "small-displacement gauge"),
        ("太阳光谱采集仪", "sunlight spectrum logger"),
    ),
    "mechatronics": (
        ("智能循迹小车", "line-following car"),
        ("桌面三自由度机械手", "three-axis desktop manipulator"),
        ("自动分拣装置", "automatic sorting rig"),
        ("温湿度监控终端", "temperature and humidity monitor"),
        ("小型物料搬运平台", "small material-handling platform"),
        ("立体车库模型", "model of an automated car park"),
    ),
    "icv": (
        ("校园低速摆渡车", "low-speed campus shuttle"),
        ("车道偏离预警样机", "lane departure warning prototype"),
        ("车窗防夹控制器", "anti-pinch window controller"),
        ("智能小车避障系统", "obstacle avoidance for a model car"),
        ("倒车预警装置", "reversing alarm"),
    ),
    "software": (
        ("设备状态监控软件", "equipment status monitor"),
        ("实验室预约系统", "lab booking system"),
        ("零件缺陷识别程序", "part defect recogniser"),
        ("课程成绩管理系统", "course grade manager"),
    ),
    "semiconductor": (
        ("音频均衡器模块", "audio equaliser block"),
        ("计数器与分频模块", "counter and clock-divider block"),
        ("LED恒流驱动板", "constant-current LED driver board"),
    ),
    "new_energy": (
        ("太阳能板清洁小车", "solar panel cleaning cart"),
        ("电池组电压巡检装置", "battery string voltage logger"),
        ("电动自行车控制器", "e-bike controller"),
    ),
}
#: Lines for tools (a program, a language, a chip) and for knowledge (a method, a subject).
_PROJECT_LINES_ZH = (
    "使用{a}完成{thing}的方案设计与仿真验证",
    "负责{a}部分的开发与调试，解决了测试中出现的稳定性问题",
    "基于{a}和{b}搭建实验平台，记录并整理实验结果",
    "利用{a}对关键参数进行优化，主要指标提升约{n}%",
    "用{a}完成核心模块，并与组员联调通过",
    "采用{a}实现主要功能，样机运行稳定",
)
_PROJECT_KNOW_ZH = (
    "运用{a}相关知识完成{thing}的关键设计",
    "结合{a}，分析实验数据并找出主要的误差来源",
    "负责{a}部分的方案论证，并与{b}相关的设计相互校核",
    "在{a}方面查阅资料，提出改进方案并验证",
)
_PROJECT_LINES_EN = (
    "Used {a} to design and verify the {thing}.",
    "Wrote and debugged the {a} part; fixed stability problems found in tests.",
    "Set up a test bench with {a} and {b} and recorded the results.",
    "Tuned key parameters with {a}, improving the main figure by about {n}%.",
    "Built the core module in {a} and brought it up together with two teammates.",
    "Implemented the main functions with {a}; the prototype ran reliably.",
)
_PROJECT_KNOW_EN = (
    "Applied {a} to the key design decisions of the {thing}.",
    "Used what I learned in {a} to explain the test results and find the main error sources.",
    "Worked out the {a} side of the design and cross-checked it against the {b} side.",
    "Read up on {a} and proposed an improvement that we then verified.",
)
_PROJECT_FILLERS_ZH = (
    "与组员分工配合，按期完成样机制作",
    "项目获评校级优秀课程设计",
    "撰写结题材料，项目顺利结题",
)
_PROJECT_FILLERS_EN = (
    "Finished the prototype on schedule with three teammates.",
    "Rated an outstanding course project.",
    "Wrote up the results for the final review.",
)
_INTERN_LINES_ZH = (
    "协助工程师使用{a}完成产品的日常测试与记录",
    "在导师指导下用{a}分析生产问题，提出改进建议",
    "使用{a}完成部门交办的任务，按时交付",
)
_INTERN_KNOW_ZH = (
    "参与{a}相关工作，整理图纸与工艺资料",
    "负责{a}方面的基础工作，按时完成交付",
    "跟随导师学习{a}在实际产品中的应用",
)
_INTERN_LINES_EN = (
    "Helped engineers use {a} in routine product tests and kept the records.",
    "Used {a} under a mentor to look into production issues and suggest fixes.",
    "Used {a} for tasks from the team and delivered on time.",
)
_INTERN_KNOW_EN = (
    "Worked on {a} tasks and kept drawings and process files up to date.",
    "Took care of day-to-day {a} work and delivered on time.",
    "Learned from a mentor how {a} is applied to real products.",
)
#: Soft skills a summary may claim, with the phrases that claim them.
SOFT_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "teamwork": (
        ("具有良好的团队合作精神", "善于团队协作"),
        ("a good team player", "happy to work in a team"),
    ),
    "communication_skills": (
        ("沟通能力强", "具备良好的沟通表达能力"),
        ("good at communicating with people", "a confident communicator"),
    ),
    "learning_ability": (
        ("学习能力强", "自学能力强"),
        ("a fast learner", "quick at self-learning"),
    ),
    "stress_resilience": (("能吃苦耐劳", "抗压能力强"), ("able to work under pressure",)),
    "problem_solving": (
        ("善于分析问题并动手解决",),
        ("good at problem solving", "an analytical thinker"),
    ),
}
_SUMMARY_OPEN_ZH = (
    "本人性格开朗，做事认真踏实。",
    "做事细致有耐心，喜欢动手实践。",
    "对{sector}行业有浓厚兴趣，动手能力较强。",
    "为人踏实，目标明确。",
)
_SUMMARY_OPEN_EN = (
    "Hands-on and careful engineering student.",
    "I like building things and finishing what I start.",
    "Curious about {sector} and keen to learn on the job.",
    "Reliable, patient and detail-minded.",
)
_SCHOLARSHIPS = (
    ("校级一等奖学金", "First-class Scholarship (university)"),
    ("国家励志奖学金", "National Encouragement Scholarship"),
    ("三好学生", "Merit Student"),
    ("校级二等奖学金", "Second-class Scholarship (university)"),
)
_POLITICAL = ("共青团员", "中共党员", "群众", "中共预备党员")


def _pick_heading(key: str, zh: bool, sr: random.Random) -> str:
    zh_opts, en_opts = RESUME_HEADINGS[key]
    return sr.choice(zh_opts if zh else en_opts)


def _degree_words(degree: str, code: str, zh: bool, form: int) -> str:
    """本科/学士/B.Eng./Bachelor of Engineering/硕士/M.S./专科/大专…"""
    if zh:
        return {
            "associate": ("专科", "大专", "高职（专科）", "专科")[form % 4],
            "bachelor": ("本科", "学士", "本科", "工学学士")[form % 4],
            "master": ("硕士", "硕士研究生", "工学硕士", "硕士")[form % 4],
        }[degree]
    if degree == "associate":
        return ("Associate degree", "Associate Degree (3-year)", "Diploma (3-year associate)")[
            form % 3
        ]
    if degree == "master":
        return ("M.S.", "Master of Engineering", "M.Eng.", "MSc")[form % 4]
    if code.startswith("05"):
        return ("B.A.", "Bachelor of Arts", "BA")[form % 3]
    if code.startswith("12"):
        return ("Bachelor of Management", "B.Mgt.", "Bachelor of Management")[form % 3]
    if code.startswith("02"):
        return ("Bachelor of Economics", "B.Econ.", "Bachelor of Economics")[form % 3]
    if code.startswith("07"):
        return ("B.S.", "Bachelor of Science", "B.Sc.")[form % 3]
    return ("B.Eng.", "Bachelor of Engineering", "B.E.", "BEng")[form % 4]


def _years(degree: str) -> int:
    return {"associate": 3, "bachelor": 4, "master": 3}.get(degree, 4)


def _gpa_text(
    gpa: float | None, rank: float | None, zh: bool, form: int
) -> tuple[str, float | None]:
    """The GPA line and the GPA it states (None when only a rank or nothing is shown)."""
    good_rank = rank is not None and rank <= 30
    top = max(5, int(-(-(rank or 100) // 5) * 5)) if good_rank else None
    if gpa is not None and gpa >= 2.6 and form % 5 != 4:
        g = f"{gpa:.2f}"
        if zh:
            text = (
                f"GPA：{g}/4.0",
                f"绩点：{g}",
                f"平均学分绩点 {g}（满分4.0）",
                f"GPA {g}/4.00" + (f"，专业排名前{top}%" if top else ""),
            )[form % 4]
        else:
            text = (
                f"GPA: {g}/4.0",
                f"GPA {g} / 4.00",
                f"Cumulative GPA: {g}" + (f" (top {top}%)" if top else ""),
                f"GPA {g}",
            )[form % 4]
        return text, round(gpa, 2)
    if top:
        return (f"成绩排名：专业前{top}%" if zh else f"Ranked in the top {top}% of the major"), None
    return "", None


def _courses(student: dict[str, Any], code: str | None, zh: bool, rng: random.Random) -> list[str]:
    """Course names in the document's language: the record's when they are, else the major's."""
    names = [c["name"] for c in student.get("courses", [])]
    same = [n for n in names if has_cjk(n) == zh]
    if len(same) >= 4:
        return same[:8]
    taxo = taxonomy()
    if code and code in taxo.majors:
        core = taxo.majors[code]["core_courses"]
        pool = [c["zh" if zh else "en"] for c in core]
        return rng.sample(pool, min(len(pool), rng.randint(5, 8)))
    return same


def resume_text(
    student: dict[str, Any], lang: str, style: int, rng: random.Random
) -> ResumeContent:
    """The content and labels of one résumé of ``student`` in ``lang`` (``zh`` or ``en``).

    ``style`` fixes the headings, date, degree and GPA forms, the personal block and the order
    of sections; ``rng`` draws the content (which skills go where, dates of projects…).
    """
    taxo = taxonomy()
    zh = lang != "en"
    sr = random.Random(style * 7919 + (0 if zh else 17))
    namer = SkillNamer(lang, rng)
    code = student_major_code(student, taxo) or ""
    major_row = taxo.majors.get(code)
    degree = student["degree"]
    grad = int(student["graduation_year"])
    sector = (major_row["sectors"][0] if major_row else None) or "mechatronics"
    if sector not in PROJECT_THINGS:
        sector = "mechatronics"

    # -- skills: most in the skills section, a few only in projects or internships
    claimed = claim_skills(student, rng)
    rng.shuffle(claimed)
    # skills a project or an internship can use: related to the major, not soft skills
    usable = [
        s
        for s in claimed
        if skill_relevance(s, code or None, taxo) >= 1
        and taxo.skills[s].category not in ("professional", "language")
    ]
    n_only = min(len(usable) - 2, rng.choice((0, 1, 1, 2, 3))) if len(claimed) > 5 else 0
    project_only = usable[: max(0, n_only)]
    listed = [s for s in claimed if s not in project_only]
    listed.sort(key=lambda s: (taxo.skills[s].category, s))

    # -- personal block
    name = student["name"]
    given, surname = name_parts_en(name)
    name_en = sr.choice((f"{given} {surname}", f"{surname.upper()} {given}", f"{given} {surname}"))
    phone = phone_text(student["phone"], sr.randrange(5))
    email = email_text(
        given, surname, student["birth_year"], student["student_number"], sr.randrange(16)
    )
    birth = (int(student["birth_year"]), rng.randint(1, 12))
    personal: list[str] = []
    sections: list[Section] = []
    subtitle: list[str] = []
    pform = sr.randrange(3)
    title = name if zh else name_en
    style_d: dict[str, Any] = {}
    if zh:
        if pform == 0:
            subtitle.append(f"电话：{phone}  |  邮箱：{email}")
            personal = ["name", "phone", "email"]
        else:
            rows: list[list[str]] = []
            if pform == 1:
                title = sr.choice(("个人简历", "简  历", "个人简历"))
                rows.append(["姓名", name])
                rows.append(["性别", "男" if student["gender"] == "male" else "女"])
                personal.append("name")
                personal.append("gender")
            rows.append(["出生年月", month_text(*birth, sr.choice((0, 1, 5)))])
            personal.append("birth_date")
            if pform == 1 or sr.random() < 0.5:
                rows.append(["民族", student["ethnicity"]])
                personal.append("ethnicity")
            rows.append(["政治面貌", rng.choice(_POLITICAL)])
            personal.append("political_status")
            if sr.random() < 0.6:
                rows.append(["籍贯", student["hometown"]])
                personal.append("hometown")
            rows.append(["联系电话" if sr.random() < 0.5 else "电话", phone])
            rows.append(["电子邮箱" if sr.random() < 0.5 else "邮箱", email])
            personal += ["phone", "email"]
            if pform == 2:
                personal.insert(0, "name")
            sections.append(
                Section(
                    "personal",
                    _pick_heading("personal", zh, sr),
                    [Item("pairs", rows=rows, cols=4 if len(rows) > 4 else 2)],
                    side=True,
                )
            )
            style_d["photo"] = pform == 1
    else:
        personal = ["name", "phone", "email"]
        if pform == 0:
            subtitle.append(f"{phone} | {email} | Changchun, China")
        elif pform == 1:
            subtitle.append(f"Phone: {phone}")
            subtitle.append(f"Email: {email}")
        else:
            rows = [["Phone", phone], ["Email", email]]
            if sr.random() < 0.5:
                rows.append(["Date of birth", month_text(*birth, 2)])
                personal.insert(1, "birth_date")
            rows.append(["Location", "Changchun, Jilin"])
            sections.append(
                Section(
                    "personal", _pick_heading("personal", zh, sr), [Item("pairs", rows=rows)], True
                )
            )

    # -- objective
    types = (student.get("preferences") or {}).get("position_types") or ["job"]
    roles = [r for r in ROLES if r.sector == sector] or list(ROLES)
    role = rng.choice(roles)
    if sr.random() < 0.7:
        if zh:
            kind = {"job": "全职", "internship": "实习", "project": "企业实践项目"}[types[0]]
            text = f"{role.titles_zh[0]}（{kind}）"
            if sr.random() < 0.5:
                text += "；期望城市：长春"
        else:
            kind = {"job": "full-time", "internship": "internship", "project": "practice project"}[
                types[0]
            ]
            text = f"{role.titles_en[0]} ({kind})"
        if sr.random() < 0.5:
            subtitle.append(("求职意向：" if zh else "Objective: ") + text)
        else:
            sections.append(
                Section(
                    "objective",
                    _pick_heading("objective", zh, sr),
                    [Item("para", text, role="objective")],
                )
            )

    # -- education
    years = _years(degree)
    start = grad - years
    dform = sr.randrange(6)
    deg_form = sr.randrange(4)
    university = POLYTECHNIC if degree == "associate" else UNIVERSITY
    uni = university[0 if zh else 1]
    major_written = taxo.major_name(code, "zh" if zh else "en") if major_row else student["major"]
    major_shown = major_written if zh else major_display(major_written)
    college = (major_row["college"] if zh else major_row["college_en"]) if major_row else ""
    deg_word = _degree_words(degree, code, zh, deg_form)
    class_of = zh and sr.random() < 0.25
    if class_of:
        level = {"associate": "专科", "bachelor": "本科", "master": "硕士"}[degree]
        subtitle.insert(0, f"{grad}届{level}毕业生")
    end: tuple[int, int] | None = (grad, 6)
    if class_of or (not zh and sr.random() < 0.2):
        end = None
    period = period_text((start, 9), end, dform, zh)
    if end is None and not zh:
        period += f" (expected June {grad})"
    gpa_line, gpa_label = _gpa_text(
        student.get("gpa"), student.get("rank_percentile"), zh, sr.randrange(10)
    )
    edu_items: list[Item] = []
    eform = sr.randrange(4)
    if eform == 3:
        head = ["时间", "学校", "专业", "学历"] if zh else ["Period", "School", "Major", "Degree"]
        rows = [head, [period, uni, major_shown, deg_word]]
        edu_items.append(Item("table", rows=rows, header=True, role="major"))
    elif eform == 2 and zh:
        rows = [["学校", uni], ["专业", major_shown], ["学历", deg_word], ["时间", period]]
        edu_items.append(Item("pairs", rows=rows, role="major"))
    elif zh:
        sep = sr.choice(("  |  ", "    ", " · ", "  "))
        left = sep.join(
            x for x in (uni, college if sr.random() < 0.4 else "", major_shown, deg_word) if x
        )
        edu_items.append(Item("entry", left, right=period, role="major"))
    else:
        if sr.random() < 0.5:
            left = f"{deg_word} in {major_shown}, {uni}"
        else:
            left = f"{uni} — {deg_word}, {major_shown}"
        edu_items.append(Item("entry", left, right=period, role="major"))
    if gpa_line:
        edu_items.append(Item("para", gpa_line))
    courses = _courses(student, code or None, zh, rng)
    courses_in_edu = sr.random() < 0.45
    if courses and courses_in_edu:
        if zh:
            text = "主修课程：" + "、".join(courses)
        else:
            text = "Relevant coursework: " + ", ".join(courses)
        edu_items.append(Item("para", text, role="course"))
    if degree == "master":
        bach = rng.choice(OTHER_UNIVERSITIES)[0 if zh else 1]
        related = [
            c
            for c, m in taxo.majors.items()
            if m["college"] == (major_row or {}).get("college")
            and len(c) >= 6
            and not c.startswith("X")
            and c != code
        ] or ["080705"]
        bcode = rng.choice(related)
        bname = taxo.major_name(bcode, "zh" if zh else "en")
        bname = bname if zh else major_display(bname)
        bperiod = period_text((start - 4, 9), (start, 6), dform, zh)
        bdeg = _degree_words("bachelor", bcode, zh, deg_form)
        sep = "  |  " if zh else ", "
        edu_items.append(Item("entry", sep.join((bach, bname, bdeg)), right=bperiod, role="major"))
    sections.append(Section("education", _pick_heading("education", zh, sr), edu_items))
    if courses and not courses_in_edu:
        cform = sr.randrange(3)
        if cform == 0 and zh and student.get("courses") and has_cjk(courses[0]):
            grades = {c["name"]: c["grade"] for c in student.get("courses", []) if c.get("grade")}
            text = "、".join(f"{c}（{grades[c]:.0f}）" if c in grades else c for c in courses)
        else:
            text = ("、" if zh else ", ").join(courses)
        sections.append(
            Section(
                "courses",
                _pick_heading("courses", zh, sr),
                [Item("para", text, role="course")],
                side=True,
            )
        )

    # -- skills section
    bullets = _BULLETS_ZH if zh else _BULLETS_EN
    mark = sr.choice(bullets)
    sections.append(
        Section(
            "skills",
            _pick_heading("skills", zh, sr),
            _skill_items(listed, zh, sr.randrange(5), mark, namer, rng),
            side=True,
        )
    )

    # -- projects and internships
    n_proj = max(1, min(3, len(student.get("projects", [])) or rng.randint(1, 2)))
    pool = list(usable) or list(claimed)
    proj_items: list[Item] = []
    things = rng.sample(PROJECT_THINGS[sector], min(n_proj, len(PROJECT_THINGS[sector])))
    for i, thing in enumerate(things):
        must = [project_only[j] for j in range(len(project_only)) if j % len(things) == i]
        extra = [s for s in rng.sample(pool, min(len(pool), 3)) if s not in must]
        used = (must + extra)[: rng.randint(max(1, len(must)), max(2, len(must)))]
        year = rng.randint(min(start + 1, LAST_YEAR), min(max(start + 1, grad - 1), LAST_YEAR))
        m0 = rng.choice((3, 4, 9, 10))
        p = period_text((year, m0), (year, m0 + 2), dform, zh)
        proj_items.extend(_project_items(thing, used, zh, p, mark, namer, rng, sr))
    sections.append(Section("projects", _pick_heading("projects", zh, sr), proj_items))

    interns = student.get("internships", [])
    intern_year = min(grad - 1, LAST_YEAR)
    if intern_year < start + 1:
        interns = []
    elif not interns and rng.random() < 0.3:
        interns = [{"organisation": None, "months": 2.0}]
    if interns:
        items: list[Item] = []
        for n_rec, rec in enumerate(interns[:2]):
            org = (
                rec["organisation"]
                or f"长春{rng.choice(('恒拓', '睿图', '宸驰'))}{FIELD_WORDS[sector][0]}有限公司"
            )
            org_w = org if zh else org_name_en(org)
            months = max(2, min(6, round(rec.get("months") or 2)))
            y = intern_year - n_rec
            p = period_text((y, 7), (y, 6 + months), dform, zh)
            role_w = (
                rng.choice(("技术实习生", "实习生", "工艺实习生"))
                if zh
                else rng.choice(("Engineering Intern", "Intern", "Technical Intern"))
            )
            sep = "  " if zh else ", "
            items.append(Item("entry", f"{org_w}{sep}{role_w}", right=p, role="org"))
            use = [s for s in project_only if s not in namer.ids] or rng.sample(
                pool, min(2, len(pool))
            )
            for sid in use[:2]:
                if is_tool(sid):
                    tmpl = rng.choice(_INTERN_LINES_ZH if zh else _INTERN_LINES_EN)
                else:
                    tmpl = rng.choice(_INTERN_KNOW_ZH if zh else _INTERN_KNOW_EN)
                items.append(Item("bullet", tmpl.format(a=namer(sid)), mark=mark))
        sections.append(Section("internships", _pick_heading("internships", zh, sr), items))
    # skills never written (project_only leftovers) are named in the last project
    missing = [s for s in claimed if s not in namer.ids]
    if missing:
        tool = all(is_tool(s) for s in missing)
        tmpl = (
            (_PROJECT_LINES_ZH if tool else _PROJECT_KNOW_ZH)[0]
            if zh
            else (_PROJECT_LINES_EN if tool else _PROJECT_KNOW_EN)[0]
        )
        thing = things[-1][0 if zh else 1]
        text = tmpl.format(a=(join_zh if zh else join_en)([namer(s) for s in missing]), thing=thing)
        proj_items.append(Item("bullet", text, mark=mark))

    # -- awards and certificates
    award_items: list[Item] = []
    for comp in student.get("competitions", [])[:3]:
        czh, cen = competition_names(comp["name"])
        for sid in competition_skills(czh):
            namer.note(sid)
        award = comp["award"]
        if zh:
            award_zh = (
                award
                if award in _AWARD_EN
                else next((k for k, v in _AWARD_EN.items() if v == award), award)
            )
            text = f"{comp['year']}年 {czh} {_LEVEL_ZH[comp['level']]}{award_zh}"
        else:
            award_en = _AWARD_EN.get(award, award)
            text = f"{award_en} ({_LEVEL_EN[comp['level']]}), {cen}, {comp['year']}"
        award_items.append(Item("bullet", text, mark=mark, role="award"))
    if (student.get("gpa") or 0) >= 3.3 and rng.random() < 0.7 and start + 1 <= LAST_YEAR:
        s_zh, s_en = rng.choice(_SCHOLARSHIPS)
        year = rng.randint(start + 1, min(max(start + 1, grad - 1), LAST_YEAR))
        text = f"{year}年 {s_zh}" if zh else f"{s_en}, {year}"
        award_items.append(Item("bullet", text, mark=mark))
    if award_items:
        sections.append(Section("awards", _pick_heading("awards", zh, sr), award_items))

    cert_texts: list[str] = []
    for cert in student.get("certificates", []):
        key = _CERT_ALIASES.get(cert, cert)
        if key not in CERTIFICATES:
            continue
        czh, cen, sids = CERTIFICATES[key]
        for sid in sids:
            namer.note(sid)
        cert_texts.append(czh if zh else cen)
    if cert_texts:
        if sr.random() < 0.5:
            items = [Item("bullet", t, mark=mark) for t in cert_texts]
        else:
            items = [Item("para", ("；" if zh else "; ").join(cert_texts))]
        sections.append(
            Section("certificates", _pick_heading("certificates", zh, sr), items, side=True)
        )

    # -- summary
    if sr.random() < 0.75:
        opener = rng.choice(_SUMMARY_OPEN_ZH if zh else _SUMMARY_OPEN_EN)
        sector_w = FIELD_WORDS[sector][0 if zh else 1]
        bits = [opener.format(sector=sector_w)]
        softs = rng.sample(list(SOFT_PHRASES), rng.choice((0, 1, 2, 2)))
        phrases = []
        for sid in softs:
            namer.note(sid)
            phrases.append(rng.choice(SOFT_PHRASES[sid][0 if zh else 1]))
        if phrases:
            bits.append(("，".join(phrases) + "。") if zh else f"I am {join_en(phrases)}.")
        if listed and rng.random() < 0.5:
            sid = rng.choice(listed)
            bits.append(
                f"熟悉{namer(sid)}，希望在{sector_w}领域长期发展。"
                if zh
                else f"Comfortable with {namer(sid)}; looking for a long-term role in {sector_w}."
            )
        sep = "" if zh else " "
        sections.append(
            Section("summary", _pick_heading("summary", zh, sr), [Item("para", sep.join(bits))])
        )

    # -- order of sections
    order = sr.choice(
        (
            (
                "personal",
                "objective",
                "education",
                "skills",
                "projects",
                "internships",
                "awards",
                "certificates",
                "courses",
                "summary",
            ),
            (
                "personal",
                "objective",
                "education",
                "courses",
                "internships",
                "projects",
                "skills",
                "certificates",
                "awards",
                "summary",
            ),
            (
                "personal",
                "summary",
                "objective",
                "education",
                "skills",
                "projects",
                "internships",
                "awards",
                "certificates",
                "courses",
            ),
        )
    )
    sections.sort(key=lambda s: order.index(s.key))
    style_d.update(_doc_style(sr, zh))
    labels = {
        "skills": list(namer.ids),
        "major": taxo.major_name(code, "zh" if zh else "en") if major_row else student["major"],
        "major_code": code or None,
        "degree": degree,
        "graduation_year": grad,
        "gpa": gpa_label,
        "personal": [f for f in PERSONAL_FIELDS if f in personal],
    }
    return ResumeContent(
        "resume",
        lang,
        title,
        subtitle,
        sections,
        labels,
        style_d,
        variants=list(namer.variants),
        mentions=namer.mentions,
    )


_LEVELS_ZH = ("精通", "熟练使用", "熟练掌握", "熟悉", "掌握", "了解", "会用")
_LEVELS_ZH_KNOW = ("熟悉", "掌握", "了解", "熟练掌握", "学习过")
_LEVELS_EN = (
    "Proficient in",
    "Experienced with",
    "Familiar with",
    "Working knowledge of",
    "Basic knowledge of",
)
_LEVEL_WORD_ZH = ("熟练", "熟悉", "了解", "掌握")
_LEVEL_WORD_EN = ("Advanced", "Intermediate", "Basic", "Good")
_GROUP_ZH = {
    "software": "编程与软件",
    "optics": "光学与光电",
    "mechatronics": "机械与电气",
    "icv": "汽车相关",
    "electronics": "电子电路",
    "semiconductor": "半导体",
    "new_energy": "新能源",
    "math": "数学基础",
    "professional": "综合能力",
    "language": "外语",
}
_GROUP_EN = {
    "software": "Programming",
    "optics": "Optics",
    "mechatronics": "Mechanical and electrical",
    "icv": "Automotive",
    "electronics": "Electronics",
    "semiconductor": "Semiconductors",
    "new_energy": "New energy",
    "math": "Maths",
    "professional": "Other",
    "language": "Languages",
}
_SKILL_TAILS_ZH = ("", "", "，能独立完成相关任务", "，有项目实践经验", "，在课程设计中使用过")
_SKILL_TAILS_KNOW_ZH = ("", "", "，有一定基础", "，在课程中系统学习过")


def _skill_items(
    sids: list[str], zh: bool, form: int, mark: str, namer: SkillNamer, rng: random.Random
) -> list[Item]:
    """The skills section: level sentences, bullets, groups by category or a table of levels."""
    taxo = taxonomy()
    chunks: list[list[str]] = []
    by_kind: dict[tuple[str, bool], list[str]] = {}
    for s in sids:
        by_kind.setdefault((taxo.skills[s].category, is_tool(s)), []).append(s)
    for members in by_kind.values():
        i = 0
        while i < len(members):
            n = rng.choice((1, 2, 2, 3))
            chunks.append(members[i : i + n])
            i += n
    rng.shuffle(chunks)

    def level(chunk: list[str]) -> str:
        if not zh:
            return rng.choice(_LEVELS_EN)
        return rng.choice(_LEVELS_ZH if is_tool(chunk[0]) else _LEVELS_ZH_KNOW)

    if form == 0:  # one sentence of level clauses
        clauses = []
        for chunk in chunks:
            names = [namer(s) for s in chunk]
            if zh:
                clauses.append(level(chunk) + "、".join(names))
            else:
                clauses.append(f"{level(chunk).lower()} {join_en(names)}")
        text = "；".join(clauses) + "。" if zh else _cap("; ".join(clauses)) + "."
        return [Item("para", text)]
    if form == 1:  # one bullet per chunk
        items = []
        for chunk in chunks:
            names = [namer(s) for s in chunk]
            if zh:
                tails = _SKILL_TAILS_ZH if is_tool(chunk[0]) else _SKILL_TAILS_KNOW_ZH
                text = level(chunk) + "、".join(names) + rng.choice(tails)
            else:
                text = f"{level(chunk)} {join_en(names)}"
            items.append(Item("bullet", text, mark=mark))
        return items
    groups: dict[str, list[str]] = {}
    for s in sids:
        groups.setdefault(taxo.skills[s].category, []).append(s)
    if form == 2:  # "group: a, b" lines
        items = []
        for cat, members in groups.items():
            label = _GROUP_ZH[cat] if zh else _GROUP_EN[cat]
            sep = "、" if zh else ", "
            colon = "：" if zh else ": "
            items.append(Item("para", label + colon + sep.join(namer(s) for s in members)))
        return items
    if form == 3:  # table of levels
        head = ["技能", "掌握程度"] if zh else ["Skill", "Level"]
        rows = [head]
        for s in sids:
            level = rng.choice(_LEVEL_WORD_ZH if zh else _LEVEL_WORD_EN)
            rows.append([namer(s, plain=True), level])
        return [Item("table", rows=rows, header=True)]
    # form 4: table of groups
    rows = []
    for cat, members in groups.items():
        label = _GROUP_ZH[cat] if zh else _GROUP_EN[cat]
        rows.append([label, ("、" if zh else ", ").join(namer(s) for s in members)])
    return [Item("table", rows=rows)]


def _project_items(
    thing: tuple[str, str],
    used: list[str],
    zh: bool,
    period: str,
    mark: str,
    namer: SkillNamer,
    rng: random.Random,
    sr: random.Random,
) -> list[Item]:
    """A project: a dated entry (title, role) and two or three lines naming the skills used
    (a line of what was done when it used none the taxonomy knows)."""
    t = thing[0 if zh else 1]
    first = used[0] if used else ""
    tool = bool(used) and is_tool(first)
    if zh:
        title = (
            f"基于{namer(first, plain=True)}的{t}"
            if tool and rng.random() < 0.6
            else f"{t}设计与实现"
        )
        role = rng.choice(("项目负责人", "核心成员", "成员", "组长"))
        head = f"{title}  {role}" if sr.random() < 0.5 else f"{title}（{role}）"
    else:
        title = (
            f"{t[0].upper() + t[1:]} with {namer(first, plain=True)}"
            if tool and rng.random() < 0.6
            else f"Design of {'an' if t[0] in 'aeiou' else 'a'} {t}"
        )
        role = rng.choice(("Team lead", "Member", "Core developer"))
        head = f"{title} — {role}"
    items = [Item("entry", head, right=period)]
    tools = list(_PROJECT_LINES_ZH if zh else _PROJECT_LINES_EN)
    knows = list(_PROJECT_KNOW_ZH if zh else _PROJECT_KNOW_EN)
    rng.shuffle(tools)
    rng.shuffle(knows)
    rest = list(used)
    while rest:
        a = rest.pop(0)
        lines = tools if is_tool(a) else knows
        tmpl = next((x for x in lines if "{b}" not in x or rest), lines[0])
        lines.remove(tmpl)
        lines.append(tmpl)
        if "{b}" in tmpl:
            b = rest.pop(0)
            text = tmpl.format(a=namer(a), b=namer(b), thing=t, n=rng.randint(8, 30))
        else:
            text = tmpl.format(a=namer(a), thing=t, n=rng.randint(8, 30))
        items.append(Item("bullet", text, mark=mark))
    if rng.random() < 0.6 or not used:
        items.append(
            Item(
                "bullet", rng.choice(_PROJECT_FILLERS_ZH if zh else _PROJECT_FILLERS_EN), mark=mark
            )
        )
    return items


def _doc_style(sr: random.Random, zh: bool) -> dict[str, Any]:
    """Layout knobs: accent colour, heading decoration, fonts, list style."""
    return {
        "accent": sr.choice(("#1F4E79", "#2E75B6", "#333333", "#7B2C2C", "#2F5233", "#404040")),
        "heading": sr.choice(("rule", "bar", "bracket", "plain", "caps" if not zh else "rule")),
        "latin_font": sr.choice(("Helvetica", "Times-Roman", "Helvetica")),
        "docx_font": sr.choice(("Calibri", "Arial", "Times New Roman")),
        "docx_east": sr.choice(("宋体", "微软雅黑", "等线")),
        "docx_list": sr.random() < 0.35,
        "docx_columns": sr.choice(("table", "section")),
        "title_align": sr.choice(("left", "center")),
    }


# -- job description -------------------------------------------------------------------------------

JOB_HEADINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "company": (("公司简介", "关于我们", "企业介绍"), ("About us", "About the company", "Company")),
    "basics": (
        ("职位信息", "基本信息", "岗位信息"),
        ("Position details", "At a glance", "Key facts"),
    ),
    "duties": (
        ("岗位职责", "工作内容", "职位描述", "岗位描述"),
        ("Responsibilities", "What you will do", "Job Duties", "Key Responsibilities"),
    ),
    "requirements": (
        ("任职要求", "岗位要求", "任职资格", "职位要求"),
        ("Requirements", "Qualifications", "What we are looking for", "Who you are"),
    ),
    "preferred": (
        ("加分项", "优先条件", "以下条件优先"),
        ("Nice to have", "Preferred", "Bonus points", "Preferred Qualifications"),
    ),
    "benefits": (("福利待遇", "我们提供", "薪资福利"), ("What we offer", "Benefits", "Perks")),
    "apply": (("投递方式", "联系方式", "应聘方式"), ("How to apply", "Apply", "Contact")),
}
_BENEFITS_ZH = (
    "五险一金",
    "双休",
    "带薪年假",
    "餐补",
    "节日福利",
    "定期体检",
    "通勤班车",
    "年终奖",
    "人才公寓",
)
_BENEFITS_EN = (
    "social insurance and housing fund",
    "weekends off",
    "paid annual leave",
    "meal allowance",
    "annual health check",
    "shuttle bus",
    "year-end bonus",
    "talent apartment",
)
_GENERIC_DUTIES_ZH = (
    "负责{a}相关的设计、试验与问题分析",
    "使用{a}完成产品开发中的相关任务",
    "参与{a}方案评审，跟踪问题直至关闭",
    "协助完成{a}相关的文件整理与归档",
)
_GENERIC_DUTIES_EN = (
    "Own {a} work on new products, from first design to trials.",
    "Use {a} in day-to-day development tasks.",
    "Take part in {a} reviews and follow issues until they are closed.",
    "Keep the {a} files of the team in order.",
)
#: Duties that name no skill, for roles whose own duties all name skills outside the requirements.
_FILLER_DUTIES_ZH = (
    "配合完成样品测试与问题跟踪",
    "参与项目评审与技术交流",
    "完成部门安排的其他工作",
)
_FILLER_DUTIES_EN = (
    "Support sample tests and follow issues up.",
    "Join design reviews and technical discussions.",
    "Other tasks given by the team lead.",
)
#: Requirement phrasings for tools and for knowledge.
_REQ_ZH = ("熟悉{a}", "熟练掌握{a}", "能熟练使用{a}", "具备{a}相关经验", "有{a}项目经验", "精通{a}")
_REQ_KNOW_ZH = ("熟悉{a}", "掌握{a}", "具备{a}基础", "了解{a}相关知识", "熟练掌握{a}")
_REQ_EN = (
    "Hands-on experience with {a}",
    "Able to use {a} on your own",
    "Familiar with {a}",
    "Good command of {a}",
)
_REQ_KNOW_EN = (
    "Solid knowledge of {a}",
    "Familiar with {a}",
    "A good grounding in {a}",
    "Understanding of {a}",
)
_PREF_ZH = ("有{a}经验者优先", "熟悉{a}者优先", "了解{a}优先", "{a}（加分项）")
_PREF_EN = (
    "{a} is a plus",
    "Experience with {a} is preferred",
    "Bonus: {a}",
    "Exposure to {a} is welcome",
)
_FILLER_REQ_ZH = (
    "工作认真细致，有较强的责任感",
    "身体健康，能适应倒班",
    "服从安排，踏实肯干",
    "应届毕业生亦可",
)
_FILLER_REQ_EN = (
    "Careful, reliable and keen to learn",
    "Fresh graduates are welcome",
    "Able to work shifts when production needs it",
)
_TYPE_ZH = {"job": "全职", "internship": "实习", "project": "企业实践项目"}
_TYPE_EN = {
    "job": "Full-time",
    "internship": "Internship",
    "project": "Enterprise practice project",
}


@lru_cache(maxsize=1)
def _title_index() -> dict[str, tuple[Role, str, int]]:
    out: dict[str, tuple[Role, str, int]] = {}
    for role in ROLES:
        for i, t in enumerate(role.titles_zh):
            out.setdefault(t, (role, "job", i))
            out.setdefault(_intern_zh(t), (role, "internship", i))
        for i, t in enumerate(role.titles_en):
            out.setdefault(t, (role, "job", i))
            out.setdefault(t + " Intern", (role, "internship", i))
        for i, t in enumerate(role.topics_zh):
            out.setdefault("企业实践项目：" + t, (role, "project", i))
        for i, t in enumerate(role.topics_en):
            out.setdefault("Practice project: " + t, (role, "project", i))
    return out


def _intern_zh(t: str) -> str:
    return t.replace("工程师", "实习生") if "工程师" in t else t + "实习生"


def position_titles(title: str) -> tuple[Role | None, str, str]:
    """(role, Chinese title, English title) of a record's title, in either or both languages."""
    parts = [title]
    if " / " in title:
        parts = title.split(" / ")
    elif title.endswith("）") and "（" in title:
        i = title.index("（")
        parts = [title[:i], title[i + 1 : -1]]
    zh = next((p for p in parts if has_cjk(p)), "")
    en = next((p for p in parts if not has_cjk(p)), "")
    index = _title_index()
    found = next((index[p] for p in parts if p in index), None)
    if found is None:
        return None, zh or title, en or title
    role, kind, i = found
    if not zh:
        if kind == "project":
            zh = "企业实践项目：" + role.topics_zh[i % len(role.topics_zh)]
        else:
            base = role.titles_zh[i % len(role.titles_zh)]
            zh = _intern_zh(base) if kind == "internship" else base
    if not en:
        if kind == "project":
            en = "Practice project: " + role.topics_en[i % len(role.topics_en)]
        else:
            base = role.titles_en[i % len(role.titles_en)]
            en = base + " Intern" if kind == "internship" else base
    return role, zh, en


def salary_text(
    lo: int | None, hi: int | None, zh: bool, form: int, ptype: str
) -> tuple[str, int | None, int | None]:
    """A salary as written and the monthly CNY range it states (None, None for 面议/negotiable)."""
    if lo is None or hi is None or form == 9:
        return ("面议" if zh else "Negotiable"), None, None

    def r500(x: float) -> int:
        return int(round(x / 500.0) * 500) or 500

    def k(x: int) -> str:
        return f"{x / 1000:g}"

    f = form % 6
    if ptype != "job" and f in (2, 3):
        f = 1
    if zh:
        if f == 0:
            a, b = r500(lo), r500(hi)
            return f"{k(a)}K-{k(b)}K", a, b
        if f == 1:
            return f"{lo}-{hi}元/月", lo, hi
        if f == 2:
            a, b = r500(lo), r500(hi)
            return f"{k(a)}-{k(b)}k·{13 + (lo % 3 == 0)}薪", a, b
        if f == 3:
            ya, yb = round(lo * 12 / 10000), round(hi * 12 / 10000)
            yb = max(yb, ya + 1)
            return f"年薪{ya}-{yb}万", round(ya * 10000 / 12), round(yb * 10000 / 12)
        if f == 4:
            return f"月薪{lo}~{hi}元", lo, hi
        a, b = r500(lo), r500(hi)
        wan = f"{b / 10000:g}万" if b >= 10000 else f"{k(b)}千"
        return f"{k(a)}千-{wan}/月", a, b
    if f == 0:
        return f"RMB {lo:,}–{hi:,} per month", lo, hi
    if f == 1:
        a, b = r500(lo), r500(hi)
        return f"CNY {k(a)}k-{k(b)}k/month", a, b
    if f == 2:
        ya, yb = r500(lo) * 12, r500(hi) * 12
        return f"RMB {ya:,}–{yb:,} per year", round(ya / 12), round(yb / 12)
    if f == 3:
        a, b = r500(lo), r500(hi)
        return f"{k(a)}K-{k(b)}K", a, b
    if f == 4:
        return f"¥{lo:,} - ¥{hi:,} monthly", lo, hi
    return f"{lo}-{hi} CNY/month", lo, hi


def deadline_text(iso: str, zh: bool, form: int) -> str:
    """截止日期：2026年12月31日, Apply by 2026-12-31, Deadline: 31 December 2026…"""
    y, m, d = (int(x) for x in iso.split("-"))
    if zh:
        return (
            f"截止日期：{y}年{m}月{d}日",
            f"报名截止：{iso}",
            f"投递截止时间：{y}.{m:02d}.{d:02d}",
        )[form % 3]
    return (
        f"Apply by {iso}",
        f"Deadline: {d} {_MONTHS_LONG[m - 1]} {y}",
        f"Applications close on {_MONTHS_EN[m - 1]} {d}, {y}",
    )[form % 3]


def location_text(city: str, district: str | None, zh: bool, form: int) -> str:
    """长春市高新区, 长春·高新区, Changchun (High-tech Zone)…"""
    prov_zh, prov_en = PROVINCE.get(city, ("", ""))
    city_en = CITY_EN.get(city, city)
    if zh:
        suffix = "市"
        if district is None:
            return (f"{city}{suffix}", f"{prov_zh}{city}{suffix}", city)[form % 3]
        return (
            f"{city}{suffix}{district}",
            f"{city}·{district}",
            f"{prov_zh}{city}{suffix}{district}",
        )[form % 3]
    dist_en = DISTRICT_EN.get(district or "", district or "")
    if district is None:
        return (city_en, f"{city_en}, {prov_en}" if prov_en else city_en, city_en)[form % 3]
    return (
        f"{city_en} ({dist_en})",
        f"{dist_en}, {city_en}",
        f"{city_en}, {prov_en} — {dist_en}" if prov_en else f"{dist_en}, {city_en}",
    )[form % 3]


def degree_text(degree: str, zh: bool, form: int) -> str:
    """本科及以上, 硕士优先 (bachelor minimum), 大专及以上, Master's degree or above…"""
    if zh:
        return {
            "associate": ("大专及以上学历", "专科及以上", "大专以上学历"),
            "bachelor": ("本科及以上学历", "全日制本科及以上", "本科及以上学历，硕士优先"),
            "master": ("硕士及以上学历", "硕士研究生及以上", "硕士及以上"),
        }[degree][form % 3]
    return {
        "associate": (
            "Associate degree or above",
            "Associate degree (3-year) or higher",
            "At least an associate degree",
        ),
        "bachelor": (
            "Bachelor's degree or above",
            "BEng/BSc or above",
            "Bachelor's degree or above; a master's is preferred",
        ),
        "master": ("Master's degree or above", "MSc/MEng or above", "A master's degree"),
    }[degree][form % 3]


def job_text(
    position: dict[str, Any],
    enterprise: dict[str, Any],
    lang: str,
    style: int,
    rng: random.Random,
) -> JobContent:
    """The content and labels of one job description of ``position`` in ``lang``."""
    taxo = taxonomy()
    zh = lang != "en"
    sr = random.Random(style * 104729 + (0 if zh else 29))
    namer = SkillNamer(lang, rng)
    ptype = position["type"]
    role, title_zh, title_en = position_titles(position["title"])
    title = title_zh if zh else title_en
    req = record_skill_ids(position.get("required_skills", []), taxo)
    pref = [s for s in record_skill_ids(position.get("preferred_skills", []), taxo) if s not in req]
    allowed = set(req)

    city = position["city"]
    district = position.get("district") if sr.random() < 0.8 else None
    loc = location_text(city, district, zh, sr.randrange(3))
    sal, sal_lo, sal_hi = salary_text(
        position.get("salary_min"), position.get("salary_max"), zh, sr.randrange(10), ptype
    )
    openings = position.get("openings")
    if sr.random() < 0.12:
        openings = None
    open_form = sr.randrange(3)
    if zh:
        open_txt = (
            (f"{openings}人", f"{openings}名", f"{openings}人")[open_form] if openings else "若干"
        )
    else:
        open_txt = str(openings) if openings else "several"
    deadline = position.get("deadline") if sr.random() < 0.8 else None
    dl_txt = deadline_text(deadline, zh, sr.randrange(3)) if deadline else ""
    degree = position["min_degree"]
    deg_txt = degree_text(degree, zh, sr.randrange(3))
    majors = [c for c in (taxo.major_code(m) for m in position.get("accepted_majors", [])) if c]
    majors = list(dict.fromkeys(majors))[:4]
    if zh:
        names = [taxo.major_name(c, "zh") for c in majors]
        major_txt = f"{'、'.join(names)}等相关专业" if names else "专业不限"
    else:
        names = [major_display(taxo.major_name(c, "en")) for c in majors]
        major_txt = f"in {join_en(names)} or a related field" if names else "in any major"
    ent_name = enterprise["name"] if zh else org_name_en(enterprise["name"])

    sections: list[Section] = []
    subtitle: list[str] = []
    type_txt = (_TYPE_ZH if zh else _TYPE_EN)[ptype]
    meta_form = sr.randrange(3)
    meta_rows: list[list[str]]
    if zh:
        meta_rows = [
            ["工作地点", loc],
            [
                ("薪资待遇", "薪资范围", "月薪")[sr.randrange(3)]
                if ptype == "job"
                else "薪资/补贴",
                sal,
            ],
            ["招聘人数", open_txt],
            ["学历要求", deg_txt],
            [("岗位类型", "工作性质")[sr.randrange(2)], type_txt],
        ]
        if deadline:
            meta_rows.append(["截止日期", dl_txt.split("：", 1)[1]])
    else:
        meta_rows = [
            ["Location", loc],
            ["Salary" if ptype == "job" else "Pay", sal],
            [("Openings", "Headcount", "Positions available")[sr.randrange(3)], open_txt],
            ["Education", deg_txt],
            ["Type", type_txt],
        ]
        if deadline:
            meta_rows.append(["Deadline", deadline])
    if meta_form == 0:
        if zh:
            deg_short = {"associate": "大专", "bachelor": "本科", "master": "硕士"}[degree]
            heads = f"招{open_txt}" if openings else "人数若干"
            subtitle.append(f"{sal}  |  {loc}  |  {deg_short}  |  {type_txt}  |  {heads}")
        else:
            deg_short = {"associate": "Associate", "bachelor": "Bachelor", "master": "Master"}[
                degree
            ]
            subtitle.append(f"{sal} · {loc} · {deg_short} · {type_txt} · Openings: {open_txt}")
        subtitle.append(ent_name)
        if deadline:
            subtitle.append(dl_txt)
    elif meta_form == 1:
        subtitle.append(ent_name)
        sections.append(
            Section(
                "basics",
                _job_heading("basics", zh, sr),
                [Item("pairs", rows=meta_rows, cols=4 if sr.random() < 0.5 else 2)],
                side=True,
            )
        )
    else:
        subtitle.append(ent_name)

    # -- company (only where the location names the district: the profile names it too)
    if sr.random() < 0.6 and district is not None:
        desc = enterprise.get("description", "")
        if has_cjk(desc) != zh or not desc:
            short = org_short_zh(enterprise["name"])
            sect = enterprise["sectors"][0]
            if zh:
                desc = (
                    f"{short}成立于{enterprise['founded_year']}年，位于{enterprise['city']}"
                    f"{enterprise['district']}，主要从事{SECTOR_WORDS[sect][0]}相关产品的研发、生产与销售。"
                )
            else:
                desc = (
                    f"{ent_name} was founded in {enterprise['founded_year']} in "
                    f"{CITY_EN.get(enterprise['city'], enterprise['city'])}. We develop and make "
                    f"products in {SECTOR_WORDS[sect][1]}."
                )
        sections.append(
            Section(
                "company",
                _job_heading("company", zh, sr),
                [Item("para", desc, role="company")],
                side=True,
            )
        )

    # -- duties: the role's own where they name no skill outside the requirements
    numbered = sr.random() < 0.5
    nform = sr.randrange(3)
    mark = sr.choice(_BULLETS_ZH if zh else _BULLETS_EN)
    duty_pool = list((role.duties_zh if zh else role.duties_en) if role else ())
    duty_pool = [d for d in duty_pool if taxo.scan_ids(d) <= allowed]
    rng.shuffle(duty_pool)
    duties = duty_pool[: rng.randint(2, 3)]
    duty_texts = [
        (f"负责{d}" if zh and not d.startswith(("负责", "参与", "协助", "配合")) else d)
        for d in duties
    ]
    if not zh:
        duty_texts = [d[0].upper() + d[1:] + ("" if d.endswith(".") else ".") for d in duty_texts]
    techs = [s for s in req if taxo.skills[s].category not in ("professional", "language")]
    if len(duty_texts) < 3 and techs:
        tmpl = rng.choice(_GENERIC_DUTIES_ZH if zh else _GENERIC_DUTIES_EN)
        duty_texts.append(tmpl.format(a=namer(rng.choice(techs), plain=True)))
    fillers = list(_FILLER_DUTIES_ZH if zh else _FILLER_DUTIES_EN)
    rng.shuffle(fillers)
    while len(duty_texts) < 2:
        duty_texts.append(fillers.pop())
    sections.append(
        Section(
            "duties",
            _job_heading("duties", zh, sr),
            _numbered(duty_texts, numbered, nform, mark, zh),
        )
    )

    # -- requirements
    reqs: list[str] = []
    first = f"{deg_txt}，{major_txt}" if zh else f"{deg_txt} {major_txt}"
    reqs.append(first)
    rest = list(req)
    rest.sort(key=lambda s: (taxo.skills[s].category in ("professional", "language"), is_tool(s)))
    while rest:
        n = rng.choice((1, 2, 2, 3))
        chunk, rest = rest[:n], rest[n:]
        profs = [s for s in chunk if taxo.skills[s].category in ("professional", "language")]
        for tool in (True, False):
            techs = [s for s in chunk if s not in profs and is_tool(s) == tool]
            if not techs:
                continue
            names = [namer(s) for s in techs]
            if zh:
                tmpl = rng.choice(_REQ_ZH if tool else _REQ_KNOW_ZH)
            else:
                tmpl = rng.choice(_REQ_EN if tool else _REQ_KNOW_EN)
            reqs.append(tmpl.format(a=("、".join(names) if zh else join_en(names))))
        for s in profs:
            reqs.append(_soft_requirement(namer.label(s), s, zh))
    if rng.random() < 0.5:
        reqs.append(rng.choice(_FILLER_REQ_ZH if zh else _FILLER_REQ_EN))
    pref_texts: list[str] = []
    for s in pref:
        tmpl = rng.choice(_PREF_ZH if zh else _PREF_EN)
        pref_texts.append(tmpl.format(a=namer(s)))
    pref_form = sr.randrange(3)
    if pref_texts and pref_form == 0:
        reqs.extend(pref_texts)
        pref_texts_sec: list[str] = []
    else:
        pref_texts_sec = pref_texts
    req_items = _numbered(reqs, numbered, nform, mark, zh)
    req_items[0].role = "major"
    sections.append(Section("requirements", _job_heading("requirements", zh, sr), req_items))
    if pref_texts_sec:
        if pref_form == 1:
            items = _numbered(pref_texts_sec, numbered, nform, mark, zh)
        else:
            if zh:
                items = [Item("para", "；".join(pref_texts_sec) + "。")]
            else:
                items = [Item("para", "; ".join(pref_texts_sec) + ".")]
        sections.append(Section("preferred", _job_heading("preferred", zh, sr), items))

    # -- type-specific tail, benefits, meta at the bottom, how to apply
    if ptype == "internship":
        tail = (
            f"实习期{rng.choice((3, 4, 6))}个月以上，每周到岗不少于4天，表现优秀者可转正。"
            if zh
            else f"At least {rng.choice((3, 4, 6))} months, four days a week; "
            "strong interns get return offers."
        )
        sections.append(
            Section("notes", "实习说明" if zh else "About the internship", [Item("para", tail)])
        )
    elif ptype == "project":
        weeks = rng.choice((8, 10, 12, 16))
        tail = (
            f"项目周期约{weeks}周，由企业导师与学校指导教师共同指导，结束后出具实践证明。"
            if zh
            else f"A {weeks}-week project co-supervised by an enterprise mentor and a "
            "university teacher."
        )
        sections.append(
            Section("notes", "项目说明" if zh else "About the project", [Item("para", tail)])
        )
    if ptype == "job" and sr.random() < 0.6:
        perks = rng.sample(_BENEFITS_ZH if zh else _BENEFITS_EN, 4)
        text = ("、".join(perks) + "。") if zh else (_cap(join_en(perks)) + ".")
        sections.append(
            Section("benefits", _job_heading("benefits", zh, sr), [Item("para", text)], side=True)
        )
    if meta_form == 2:
        lines = [f"{k}：{v}" if zh else f"{k}: {v}" for k, v in meta_rows]
        sections.append(
            Section(
                "basics",
                _job_heading("basics", zh, sr),
                [Item("para", line) for line in lines],
                side=True,
            )
        )
    contact = f"hr@{trade_pinyin(org_short_zh(enterprise['name'])[:2]).lower()}.example.cn"
    apply_txt = (
        f"请将简历发送至 {contact}，邮件标题注明“姓名+应聘岗位”。"
        if zh
        else f"Send your CV to {contact} with the job title in the subject."
    )
    if sr.random() < 0.5:
        sections.append(
            Section("apply", _job_heading("apply", zh, sr), [Item("para", apply_txt)], side=True)
        )

    style_d = _doc_style(sr, zh)
    labels = {
        "title": title,
        "type": ptype,
        "required_skills": [s for s in namer.ids if s in set(req)],
        "preferred_skills": [s for s in namer.ids if s in set(pref)],
        "accepted_majors": majors,
        "min_degree": degree,
        "city": city,
        "district": district,
        "salary_min": sal_lo,
        "salary_max": sal_hi,
        "openings": openings,
        "deadline": deadline,
    }
    return JobContent(
        "job",
        lang,
        title,
        subtitle,
        sections,
        labels,
        style_d,
        variants=list(namer.variants),
        mentions=namer.mentions,
    )


_EXAMS = frozenset({"cet4", "cet6", "tem4", "tem8", "ielts", "toefl", "japanese_n1", "japanese_n2"})


_PROPER = frozenset({"English", "Chinese", "Japanese", "German", "Russian", "Korean", "Office"})


def _soft_requirement(name: str, sid: str, zh: bool) -> str:
    """A requirement line for a language exam, a language or a professional skill."""
    if sid in _EXAMS:
        return f"通过{name}" if zh else f"{name} or above"
    if zh:
        return f"具备较强的{name}" if name.endswith("能力") else f"具备{name}能力"
    if name.lower().endswith("skills"):
        return name
    words = [
        w.lower() if w[:1].isupper() and w[1:].islower() and w not in _PROPER else w
        for w in name.split()
    ]
    return "Good " + " ".join(words)


def _job_heading(key: str, zh: bool, sr: random.Random) -> str:
    zh_opts, en_opts = JOB_HEADINGS[key]
    return sr.choice(zh_opts if zh else en_opts)


def _numbered(texts: list[str], numbered: bool, form: int, mark: str, zh: bool) -> list[Item]:
    """Lines as a numbered list (1. / 1、/ (1)) or as bullets."""
    items = []
    for i, t in enumerate(texts, 1):
        t = t if zh else _cap(t)
        end = "；" if zh and not t.endswith(("。", "；")) else ""
        if not zh and not t.endswith("."):
            end = ";" if i < len(texts) else "."
        if numbered:
            num = (f"{i}. ", f"{i}、" if zh else f"{i}. ", f"({i}) ")[form]
            items.append(Item("para", f"{num}{t}{end}"))
        else:
            items.append(Item("bullet", t + end, mark=mark))
    return items


# -- plain text ------------------------------------------------------------------------------------


def to_text(content: Content) -> str:
    """The content as plain text, one block a line (what a copy-paste into a text box gives)."""
    out = [content.title, *content.subtitle, ""]
    for sec in content.sections:
        out.append(sec.heading)
        for it in sec.items:
            out.extend(_item_lines(it, content.lang != "en"))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _item_lines(it: Item, zh: bool) -> list[str]:
    colon = "：" if zh else ": "
    if it.kind == "bullet":
        return [f"{it.mark} {it.text}".strip()]
    if it.kind == "entry":
        return [f"{it.text}    {it.right}".rstrip()]
    if it.kind == "pairs":
        if it.cols == 4:
            return [
                "    ".join(f"{k}{colon}{v}" for k, v in it.rows[i : i + 2])
                for i in range(0, len(it.rows), 2)
            ]
        return [f"{k}{colon}{v}" for k, v in it.rows]
    if it.kind == "table":
        return [" | ".join(row) for row in it.rows]
    return [it.text]


# -- PDF -------------------------------------------------------------------------------------------

_CJK_FONT = "STSong-Light"


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))


def _markup(text: str, base_cjk: bool) -> str:
    """Escaped paragraph markup with a font that has each character.

    STSong-Light lacks a few Latin-1 signs (·, –, é) and Helvetica lacks Chinese; the bullet •
    is taken from Symbol so that text extraction gets it back.
    """
    runs: list[tuple[str | None, str]] = []
    for ch in text:
        font: str | None
        if ch == "•":
            font = "Symbol"
        elif ch.isascii():
            font = None
        else:
            try:
                ch.encode("cp1252")
                font = "Helvetica"
            except UnicodeEncodeError:
                font = None if base_cjk else _CJK_FONT
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    out = []
    for font, chunk in runs:
        esc = escape(chunk)
        out.append(f'<font name="{font}">{esc}</font>' if font else esc)
    return "".join(out)


def _col_widths(rows: list[list[str]], ncol: int, width: float) -> list[float]:
    """Column widths in proportion to the longest cell of each column (CJK counts double)."""
    need = [9.0] * ncol
    for row in rows:
        for j, cell in enumerate(row):
            n = sum(2 if has_cjk(ch) else 1 for ch in cell)
            need[j] = max(need[j], min(float(n) + 4.0, 44.0))
    total = sum(need)
    return [width * n / total for n in need]


class _PdfKit:
    """Paragraph styles and flowable builders for one document."""

    def __init__(self, content: Content) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        self.c = content
        st = content.style
        self.accent = colors.HexColor(st.get("accent", "#1F4E79"))
        latin = st.get("latin_font", "Helvetica")
        bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}.get(latin, latin)
        self.colors = colors
        size = st.get("font_size", 9.5)
        self.styles = {
            ("body", True): ParagraphStyle(
                "bz", fontName=_CJK_FONT, fontSize=size, leading=size * 1.45, wordWrap="CJK"
            ),
            ("body", False): ParagraphStyle(
                "be", fontName=latin, fontSize=size, leading=size * 1.35
            ),
            ("head", True): ParagraphStyle(
                "hz",
                fontName=_CJK_FONT,
                fontSize=size + 3,
                leading=(size + 3) * 1.4,
                textColor=self.accent,
                spaceBefore=6,
                spaceAfter=2,
                wordWrap="CJK",
            ),
            ("head", False): ParagraphStyle(
                "he",
                fontName=bold,
                fontSize=size + 2,
                leading=(size + 2) * 1.35,
                textColor=self.accent,
                spaceBefore=6,
                spaceAfter=2,
            ),
            ("title", True): ParagraphStyle(
                "tz", fontName=_CJK_FONT, fontSize=20, leading=26, wordWrap="CJK"
            ),
            ("title", False): ParagraphStyle("te", fontName=bold, fontSize=19, leading=24),
            ("right", True): ParagraphStyle(
                "rz", fontName=_CJK_FONT, fontSize=size, leading=size * 1.45, alignment=2
            ),
            ("right", False): ParagraphStyle(
                "re", fontName=latin, fontSize=size, leading=size * 1.35, alignment=2
            ),
            ("bold", False): ParagraphStyle(
                "bo", fontName=bold, fontSize=size, leading=size * 1.35
            ),
            ("bold", True): ParagraphStyle(
                "bz2",
                fontName=_CJK_FONT,
                fontSize=size + 1,
                leading=(size + 1) * 1.4,
                textColor=self.accent,
                wordWrap="CJK",
            ),
        }
        if st.get("title_align") == "center":
            for key in (("title", True), ("title", False)):
                self.styles[key].alignment = 1

    def para(self, text: str, kind: str = "body", indent: float = 0) -> Any:
        from reportlab.platypus import Paragraph

        cjk = has_cjk(text) or (kind == "head" and self.c.lang != "en" and not text.isascii())
        style = self.styles[(kind, cjk)]
        if indent:
            from reportlab.lib.styles import ParagraphStyle

            style = ParagraphStyle(f"{style.name}i", parent=style, leftIndent=indent)
        return Paragraph(_markup(text, cjk), style)

    def heading(self, text: str, width: float) -> list[Any]:
        from reportlab.platypus import Table, TableStyle
        from reportlab.platypus.flowables import HRFlowable

        deco = self.c.style.get("heading", "rule")
        if deco == "bracket":
            text = f"【{text}】" if has_cjk(text) else f"[ {text} ]"
            return [self.para(text, "head")]
        if deco == "caps" and text.isascii():
            return [self.para(text.upper(), "head"), HRFlowable(width="100%", color=self.accent)]
        if deco == "bar":
            p = self.para(text, "head")
            t = Table([["", p]], colWidths=[4, width - 4])
            t.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (0, 0), self.accent),
                        ("LEFTPADDING", (1, 0), (1, 0), 6),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            return [t]
        if deco == "plain":
            return [self.para(text, "head")]
        return [self.para(text, "head"), HRFlowable(width="100%", thickness=0.6, color=self.accent)]

    def item(self, it: Item, width: float) -> list[Any]:
        from reportlab.platypus import Table, TableStyle

        zh = self.c.lang != "en"
        if it.kind == "para":
            return [self.para(it.text)]
        if it.kind == "bullet":
            text = f"{it.mark} {it.text}" if it.mark else it.text
            return [self.para(text, indent=6 if it.mark else 0)]
        if it.kind == "entry":
            if not it.right:
                return [self.para(it.text)]
            rw = min(0.36 * width, 42 + 4.6 * len(it.right))
            t = Table(
                [[self.para(it.text), self.para(it.right, "right")]],
                colWidths=[width - rw, rw],
            )
            t.setStyle(
                TableStyle(
                    [
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            return [t]
        colon = "：" if zh else ": "
        if it.kind == "pairs":
            if it.cols == 4 and width > 300:
                rows = []
                for i in range(0, len(it.rows), 2):
                    pair = it.rows[i : i + 2]
                    cells = [self.para(f"{k}{colon}{v}") for k, v in pair]
                    rows.append(cells + [""] * (2 - len(cells)))
                t = Table(rows, colWidths=[width / 2, width / 2])
                t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
                return [t]
            return [self.para(f"{k}{colon}{v}") for k, v in it.rows]
        # table
        ncol = max(len(r) for r in it.rows)
        widths = _col_widths(it.rows, ncol, width)
        rows = [[self.para(c) for c in r] + [""] * (ncol - len(r)) for r in it.rows]
        t = Table(rows, colWidths=widths, repeatRows=1 if it.header else 0)
        cmds = [
            ("GRID", (0, 0), (-1, -1), 0.5, self.colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if it.header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#E8EEF4")))
        t.setStyle(TableStyle(cmds))
        return [t]

    def section(self, sec: Section, width: float) -> list[Any]:
        from reportlab.platypus import Spacer

        out: list[Any] = self.heading(sec.heading, width)
        for it in sec.items:
            out.extend(self.item(it, width))
        out.append(Spacer(1, 4))
        return out

    def header(self) -> list[Any]:
        from reportlab.platypus import Spacer

        out = [self.para(self.c.title, "title")]
        for line in self.c.subtitle:
            out.append(self.para(line))
        out.append(Spacer(1, 6))
        return out


def to_pdf(content: Content, layout: str = "single") -> bytes:
    """The content as an A4 PDF: ``single`` column, ``two_column`` (a side bar) or ``table``."""
    if layout not in LAYOUTS_PDF:
        raise ValueError(f"layout must be one of {LAYOUTS_PDF}, not {layout!r}")
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.invariant = 1
    _register_fonts()
    kit = _PdfKit(content)
    buf = io.BytesIO()
    pw, ph = A4
    margin = 16 * mm
    title = (
        content.title if content.kind == "job" else ("简历" if content.lang != "en" else "Resume")
    )
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="",
        subject="",
        creator="",
    )
    full_w = pw - 2 * margin
    full = Frame(margin, margin, full_w, ph - 2 * margin, id="full")
    story: list[Any] = []
    if layout == "single":
        doc.addPageTemplates([PageTemplate(id="one", frames=[full])])
        story += kit.header()
        for sec in content.sections:
            story += kit.section(sec, full_w)
    elif layout == "two_column":
        side_w = full_w * 0.32
        gap = 8 * mm
        main_w = full_w - side_w - gap
        side = Frame(margin, margin, side_w, ph - 2 * margin, id="side")
        main = Frame(margin + side_w + gap, margin, main_w, ph - 2 * margin, id="main")
        shade = kit.colors.HexColor("#EEF2F6")

        def side_bg(canvas: Any, _doc: Any) -> None:
            canvas.saveState()
            canvas.setFillColor(shade)
            canvas.rect(0, 0, margin + side_w + 3 * mm, ph, stroke=0, fill=1)
            canvas.restoreState()

        doc.addPageTemplates(
            [
                PageTemplate(id="first", frames=[side, main], onPage=side_bg),
                PageTemplate(id="rest", frames=[full]),
            ]
        )
        story.append(NextPageTemplate("rest"))
        side_secs = [s for s in content.sections if s.side]
        main_secs = [s for s in content.sections if not s.side]
        title_in_side = content.style.get("title_side", content.kind == "resume")
        if title_in_side:
            story += kit.header()
        for sec in side_secs:
            story += kit.section(sec, side_w)
        story.append(FrameBreak())
        if not title_in_side:
            story += kit.header()
        for sec in main_secs:
            story += kit.section(sec, main_w)
    else:
        doc.addPageTemplates([PageTemplate(id="one", frames=[full])])
        story += kit.header()
        head_w = (26 if content.lang != "en" else 36) * mm
        for sec in content.sections:
            inner = []
            for it in sec.items:
                inner.extend(kit.item(it, full_w - head_w - 12))
            rows = [[kit.para(sec.heading, "bold"), inner[0] if inner else ""]]
            rows += [["", f] for f in inner[1:]]
            t = Table(rows, colWidths=[head_w, full_w - head_w])
            t.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.7, kit.colors.black),
                        ("LINEAFTER", (0, 0), (0, -1), 0.5, kit.colors.grey),
                        ("BACKGROUND", (0, 0), (0, -1), kit.colors.HexColor("#F2F2F2")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            story += [t, Spacer(1, 3)]
    doc.build(story)
    return buf.getvalue()


# -- DOCX ------------------------------------------------------------------------------------------


#: Children of w:pPr that follow w:pBdr in the schema's sequence.
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


class _DocxKit:
    """Builders of paragraphs and tables in a python-docx document or table cell."""

    def __init__(self, content: Content, doc: Any) -> None:
        from docx.shared import RGBColor

        self.c = content
        self.doc = doc
        accent = content.style.get("accent", "#1F4E79").lstrip("#")
        self.accent = RGBColor.from_string(accent.upper())

    def para(
        self,
        box: Any,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        color: Any = None,
        style: str | None = None,
        align: str | None = None,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = box.add_paragraph(style=style) if style else box.add_paragraph()
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(2)
        return p

    def heading(self, box: Any, text: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        deco = self.c.style.get("heading", "rule")
        if deco == "bracket":
            text = f"【{text}】" if has_cjk(text) else f"[ {text} ]"
        if deco == "caps" and text.isascii():
            text = text.upper()
        if deco == "plain" and box is self.doc:
            self.doc.add_heading(text, level=2)
            return
        p = self.para(box, text, bold=True, size=12.5, color=self.accent)
        if deco in ("rule", "caps", "bar"):
            ppr = p._p.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            edge = OxmlElement("w:bottom" if deco != "bar" else "w:left")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "8" if deco != "bar" else "24")
            edge.set(qn("w:space"), "1" if deco != "bar" else "4")
            edge.set(qn("w:color"), str(self.accent))
            bdr.append(edge)
            # w:pBdr comes before these in a paragraph's properties (OOXML order)
            ppr.insert_element_before(bdr, *_PPR_AFTER_PBDR)

    def item(self, box: Any, it: Item, width_cm: float) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Cm

        zh = self.c.lang != "en"
        if it.kind == "para":
            self.para(box, it.text)
        elif it.kind == "bullet":
            if self.c.style.get("docx_list") and it.mark:
                self.para(box, it.text, style="List Bullet")
            else:
                self.para(box, f"{it.mark} {it.text}".strip())
        elif it.kind == "entry":
            p = self.para(box, f"{it.text}\t{it.right}" if it.right else it.text, bold=True)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT)
        elif it.kind == "pairs":
            colon = "：" if zh else ": "
            if it.cols == 4:
                n = (len(it.rows) + 1) // 2
                t = box.add_table(rows=n, cols=4)
                for i, (k, v) in enumerate(it.rows):
                    r, c = divmod(i, 2)
                    t.cell(r, 2 * c).text = k
                    t.cell(r, 2 * c + 1).text = v
            else:
                for k, v in it.rows:
                    self.para(box, f"{k}{colon}{v}")
        else:
            ncol = max(len(r) for r in it.rows)
            t = box.add_table(rows=len(it.rows), cols=ncol)
            t.style = self.doc.styles["Table Grid"]
            for i, row in enumerate(it.rows):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
                    if it.header and i == 0:
                        for run in t.cell(i, j).paragraphs[0].runs:
                            run.bold = True
            if box is not self.doc:
                self.para(box, "")

    def section(self, box: Any, sec: Section, width_cm: float) -> None:
        self.heading(box, sec.heading)
        for it in sec.items:
            self.item(box, it, width_cm)

    def header(self, box: Any) -> None:
        align = self.c.style.get("title_align")
        self.para(box, self.c.title, bold=True, size=20, align=align)
        for line in self.c.subtitle:
            self.para(box, line, align=align)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _drop_first_empty(cell: Any) -> None:
    """A new cell starts with an empty paragraph; remove it once content was added."""
    paras = cell.paragraphs
    if len(paras) > 1 and not paras[0].text:
        paras[0]._p.getparent().remove(paras[0]._p)


def to_docx(content: Content, layout: str = "single") -> bytes:
    """The content as a Word document: ``single``, ``table`` (a form) or ``two_column``.

    A two-column document is a borderless two-cell table or a section with two newspaper
    columns (``style["docx_columns"]``), as Word résumé templates do it.
    """
    if layout not in LAYOUTS_DOCX:
        raise ValueError(f"layout must be one of {LAYOUTS_DOCX}, not {layout!r}")
    import datetime as dt

    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    st = content.style
    normal = doc.styles["Normal"]
    normal.font.name = st.get("docx_font", "Calibri")
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), st.get("docx_east", "宋体"))
    sec0 = doc.sections[0]
    sec0.page_width, sec0.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec0, side, Cm(1.9))
    sec0.top_margin = sec0.bottom_margin = Cm(1.6)
    width_cm = 21.0 - 3.8
    props = doc.core_properties
    props.author = ""
    props.title = content.title if content.kind == "job" else ""
    props.created = props.modified = dt.datetime(2026, 1, 5, 9, 0, 0)
    props.last_modified_by = ""
    props.revision = 1
    kit = _DocxKit(content, doc)
    if layout == "single":
        kit.header(doc)
        for sec in content.sections:
            kit.section(doc, sec, width_cm)
    elif layout == "table":
        kit.header(doc)
        t = doc.add_table(rows=0, cols=2)
        t.style = doc.styles["Table Grid"]
        t.autofit = False
        for sec in content.sections:
            cells = t.add_row().cells
            cells[0].width, cells[1].width = Cm(3.0), Cm(width_cm - 3.0)
            cells[0].text = sec.heading
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
            _shade(cells[0], "F2F2F2")
            for it in sec.items:
                kit.item(cells[1], it, width_cm - 3.4)
            _drop_first_empty(cells[1])
    else:
        side_secs = [s for s in content.sections if s.side]
        main_secs = [s for s in content.sections if not s.side]
        if st.get("docx_columns") == "section":
            kit.header(doc)
            new = doc.add_section(WD_SECTION.CONTINUOUS)
            cols = new._sectPr.xpath("./w:cols")[0]
            cols.set(qn("w:num"), "2")
            cols.set(qn("w:space"), "425")
            for sec in side_secs:
                kit.section(doc, sec, width_cm / 2 - 0.4)
            doc.add_paragraph().add_run().add_break(WD_BREAK.COLUMN)
            for sec in main_secs:
                kit.section(doc, sec, width_cm / 2 - 0.4)
        else:
            t = doc.add_table(rows=1, cols=2)
            t.autofit = False
            left, right = t.rows[0].cells
            left.width, right.width = Cm(5.6), Cm(width_cm - 5.6)
            _shade(left, "EEF2F6")
            if content.kind == "resume":
                kit.header(left)
            else:
                kit.header(right)
            for sec in side_secs:
                kit.section(left, sec, 5.2)
            for sec in main_secs:
                kit.section(right, sec, width_cm - 6.0)
            _drop_first_empty(left)
            _drop_first_empty(right)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with fixed member times, so that a document's bytes do not depend on when."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 5, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
