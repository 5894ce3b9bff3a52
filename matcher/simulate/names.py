"""Names and places of the simulated world: people, enterprises, cities and districts.

Every name is composed from parts written for this project. Enterprise names follow the usual
pattern of Chinese SMEs (city + 字号 + industry + 有限公司) with invented 字号; a list of
well-known trade names is refused so that no real company is imitated.
"""

from __future__ import annotations

import bisect
import logging
from functools import lru_cache
from itertools import accumulate

import numpy as np

logger = logging.getLogger(__name__)

# -- places ------------------------------------------------------------------------------------

#: Cities of the world, in a fixed order (index = city id). Changchun first.
CITIES: tuple[str, ...] = ("长春", "吉林", "沈阳", "北京", "上海", "深圳", "苏州")
CITY_EN: dict[str, str] = {
    "长春": "Changchun",
    "吉林": "Jilin City",
    "沈阳": "Shenyang",
    "北京": "Beijing",
    "上海": "Shanghai",
    "深圳": "Shenzhen",
    "苏州": "Suzhou",
}
#: Where enterprises are (same order as CITIES).
CITY_WEIGHTS: tuple[float, ...] = (0.72, 0.06, 0.05, 0.04, 0.04, 0.04, 0.05)
#: Salary level of each city relative to Changchun, and its living cost.
CITY_SALARY: tuple[float, ...] = (1.0, 0.88, 1.02, 1.55, 1.55, 1.50, 1.30)
CITY_COST: tuple[float, ...] = (1.0, 0.90, 1.05, 1.75, 1.75, 1.65, 1.35)
#: Tier-one metropolises (the "big-city pull" of a student applies to these).
BIG_CITIES: frozenset[int] = frozenset({3, 4, 5, 6})

#: Districts per city; for Changchun the weights depend on the sector (see DISTRICT_BY_SECTOR).
DISTRICTS: dict[str, tuple[str, ...]] = {
    "长春": (
        "长春新区",
        "经开区",
        "汽开区",
        "高新区",
        "净月区",
        "朝阳区",
        "绿园区",
        "宽城区",
        "南关区",
        "二道区",
    ),
    "吉林": ("高新区", "船营区", "丰满区", "昌邑区"),
    "沈阳": ("浑南区", "铁西区", "沈北新区", "大东区"),
    "北京": ("海淀区", "亦庄经开区", "昌平区", "顺义区"),
    "上海": ("嘉定区", "浦东新区", "松江区", "闵行区"),
    "深圳": ("南山区", "宝安区", "龙华区", "坪山区"),
    "苏州": ("工业园区", "高新区", "相城区", "吴中区"),
}
#: Changchun district weights by sector (order of DISTRICTS["长春"]).
DISTRICT_BY_SECTOR: dict[str, tuple[float, ...]] = {
    "optics": (0.28, 0.08, 0.03, 0.25, 0.14, 0.10, 0.03, 0.03, 0.03, 0.03),
    "mechatronics": (0.14, 0.24, 0.20, 0.12, 0.04, 0.04, 0.12, 0.05, 0.02, 0.03),
    "icv": (0.12, 0.14, 0.45, 0.12, 0.05, 0.03, 0.05, 0.02, 0.01, 0.01),
    "software": (0.20, 0.06, 0.04, 0.30, 0.24, 0.08, 0.02, 0.02, 0.02, 0.02),
    "semiconductor": (0.35, 0.10, 0.03, 0.32, 0.10, 0.04, 0.02, 0.02, 0.01, 0.01),
    "new_energy": (0.15, 0.30, 0.30, 0.10, 0.05, 0.02, 0.04, 0.02, 0.01, 0.01),
}

#: Hometowns (province + city) with weights: mostly Jilin, then the north-east and beyond.
HOMETOWNS: tuple[tuple[str, float], ...] = (
    ("吉林长春", 0.24),
    ("吉林吉林", 0.08),
    ("吉林四平", 0.04),
    ("吉林松原", 0.04),
    ("吉林延边", 0.03),
    ("吉林通化", 0.03),
    ("吉林白城", 0.02),
    ("吉林辽源", 0.02),
    ("吉林白山", 0.02),
    ("黑龙江哈尔滨", 0.05),
    ("黑龙江齐齐哈尔", 0.03),
    ("黑龙江大庆", 0.02),
    ("辽宁沈阳", 0.03),
    ("辽宁大连", 0.02),
    ("辽宁鞍山", 0.02),
    ("内蒙古赤峰", 0.02),
    ("内蒙古通辽", 0.02),
    ("山东潍坊", 0.03),
    ("山东临沂", 0.02),
    ("河北石家庄", 0.02),
    ("河北邯郸", 0.02),
    ("河南商丘", 0.02),
    ("河南周口", 0.02),
    ("山西运城", 0.02),
    ("安徽阜阳", 0.02),
    ("江苏徐州", 0.02),
    ("四川南充", 0.02),
    ("甘肃天水", 0.01),
    ("贵州遵义", 0.01),
    ("浙江温州", 0.01),
    ("广东湛江", 0.01),
)

ETHNICITIES: tuple[tuple[str, float], ...] = (
    ("汉族", 0.885),
    ("满族", 0.040),
    ("朝鲜族", 0.030),
    ("蒙古族", 0.020),
    ("回族", 0.015),
    ("锡伯族", 0.004),
    ("壮族", 0.003),
    ("土家族", 0.003),
)

# -- people --------------------------------------------------------------------------------------

SURNAMES: str = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷"
    "钱汤尹黎易常武乔贺赖龚文关付佟宫岳隋庞鲁"
)
#: Relative surname frequencies: the first ten are much more common.
_SURNAME_WEIGHT = np.array([6.0] * 10 + [2.0] * 20 + [1.0] * (len(SURNAMES) - 30))
SURNAME_P = _SURNAME_WEIGHT / _SURNAME_WEIGHT.sum()
_SURNAME_CUM = list(accumulate(SURNAME_P.tolist()))
KOREAN_SURNAMES: str = "金朴崔李郑"

GIVEN_MALE: str = "浩宇轩涛博明俊杰鹏磊强伟鑫晨阳睿航志文建超海斌龙飞凯旭东嘉泽铭昊然峰辰亮勇正坤"
GIVEN_FEMALE: str = "欣怡婷雪静丽晓悦雨琪梦佳慧颖璐敏洁彤萱蕾月玥娜琳瑶诗涵可心宁馨雯倩薇艺桐"
GIVEN_SHARED: str = "子思一嘉文安书语若奕家天秋冬新"


def person_name(rng: np.random.Generator, female: bool, korean: bool = False) -> str:
    """A Chinese name: surname plus one or two given characters."""
    if korean:
        surname = KOREAN_SURNAMES[int(rng.integers(len(KOREAN_SURNAMES)))]
    else:
        k = bisect.bisect_right(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])
        surname = SURNAMES[min(k, len(SURNAMES) - 1)]
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    first = pool[int(rng.integers(len(pool)))]
    if rng.random() < 0.3:
        return surname + first
    second_pool = pool + GIVEN_SHARED
    second = second_pool[int(rng.integers(len(second_pool)))]
    if rng.random() < 0.5:
        first, second = second, first
    return surname + first + second


def phone_number(rng: np.random.Generator) -> str:
    """An invented mobile number (1 + operator digit + 9 digits)."""
    second = "3456789"[int(rng.integers(7))]
    rest = "".join(str(int(d)) for d in rng.integers(0, 10, size=9))
    return "1" + second + rest


# -- enterprises -------------------------------------------------------------------------------

#: Characters for invented 字号 (trade names); two are combined.
_TRADE_FIRST: str = "瑞博精睿恒泰鼎拓卓远宸晟弘宏诺启凌越锐嘉智元科航朗辉昱晖铭巨擎德星北迈"
_TRADE_SECOND: str = "思远辰拓诚达源新创合骏峰鸿驰恒致衡朗光晟图岳川宁航坤瀚曦域途锦逸策"
#: Well-known trade names that must never be composed (real companies in the region or field).
_FORBIDDEN_TRADE: frozenset[str] = frozenset(
    {
        "长光",
        "光华",
        "奥普",
        "禹衡",
        "一汽",
        "富奥",
        "启明",
        "希达",
        "联创",
        "华为",
        "大族",
        "锐科",
        "舜宇",
        "德赛",
        "均胜",
        "航盛",
        "东软",
        "华测",
        "中车",
        "远峰",
        "北迈",
        "博远",
        "恒达",
        "鼎新",
        "德星",
        "嘉源",
        "卓达",
        "宏达",
        "泰达",
        "华达",
        "新源",
        "远达",
        "精诚",
        "凌云",
        "星宇",
        "瑞达",
        "元创",
        "航天",
        "卓越",
        "恒源",
        "智达",
    }
)

#: Industry words per sector, Chinese and English.
INDUSTRY_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "optics": (
        ("光电", "Optoelectronics"),
        ("光学", "Optics"),
        ("激光", "Laser"),
        ("精密光学", "Precision Optics"),
        ("光电仪器", "Photonic Instruments"),
        ("红外", "Infrared"),
        ("视觉", "Vision"),
    ),
    "mechatronics": (
        ("精密机械", "Precision Machinery"),
        ("智能装备", "Intelligent Equipment"),
        ("自动化", "Automation"),
        ("机电", "Mechatronics"),
        ("智能制造", "Smart Manufacturing"),
        ("机器人", "Robotics"),
    ),
    "icv": (
        ("汽车电子", "Automotive Electronics"),
        ("智能网联", "Connected Mobility"),
        ("智行", "Smart Mobility"),
        ("车联", "Vehicle Networks"),
        ("智能驾驶", "Intelligent Driving"),
    ),
    "software": (
        ("软件", "Software"),
        ("信息技术", "Information Technology"),
        ("数字科技", "Digital Technology"),
    ),
    "semiconductor": (
        ("半导体", "Semiconductor"),
        ("微电子", "Microelectronics"),
        ("芯片", "Chip Technology"),
    ),
    "new_energy": (
        ("新能源", "New Energy"),
        ("储能", "Energy Storage"),
        ("电驱", "Electric Drive"),
    ),
}
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("科技有限公司", "Technology Co., Ltd."),
    ("技术有限公司", "Technology Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("设备有限公司", "Equipment Co., Ltd."),
)

_PINYIN: dict[str, str] = {
    "瑞": "Rui",
    "博": "Bo",
    "精": "Jing",
    "睿": "Rui",
    "恒": "Heng",
    "泰": "Tai",
    "鼎": "Ding",
    "拓": "Tuo",
    "卓": "Zhuo",
    "远": "Yuan",
    "宸": "Chen",
    "晟": "Sheng",
    "弘": "Hong",
    "宏": "Hong",
    "诺": "Nuo",
    "启": "Qi",
    "凌": "Ling",
    "越": "Yue",
    "锐": "Rui",
    "嘉": "Jia",
    "智": "Zhi",
    "元": "Yuan",
    "科": "Ke",
    "航": "Hang",
    "朗": "Lang",
    "辉": "Hui",
    "昱": "Yu",
    "晖": "Hui",
    "铭": "Ming",
    "巨": "Ju",
    "擎": "Qing",
    "德": "De",
    "星": "Xing",
    "北": "Bei",
    "迈": "Mai",
    "思": "Si",
    "辰": "Chen",
    "诚": "Cheng",
    "达": "Da",
    "源": "Yuan",
    "新": "Xin",
    "创": "Chuang",
    "合": "He",
    "骏": "Jun",
    "峰": "Feng",
    "鸿": "Hong",
    "驰": "Chi",
    "致": "Zhi",
    "衡": "Heng",
    "光": "Guang",
    "图": "Tu",
    "岳": "Yue",
    "川": "Chuan",
    "宁": "Ning",
    "坤": "Kun",
    "瀚": "Han",
    "曦": "Xi",
    "域": "Yu",
    "途": "Tu",
    "锦": "Jin",
    "逸": "Yi",
    "策": "Ce",
}


@lru_cache(maxsize=1)
def trade_names() -> tuple[str, ...]:
    """Every allowed two-character 字号, in a fixed order."""
    names = []
    for a in _TRADE_FIRST:
        for b in _TRADE_SECOND:
            name = a + b
            if a != b and name not in _FORBIDDEN_TRADE:
                names.append(name)
    return tuple(names)


def trade_pinyin(trade: str) -> str:
    """Romanised 字号, e.g. 瑞思 → Ruisi."""
    syllables = [_PINYIN.get(ch, "") for ch in trade]
    word = "".join(syllables)
    return word[:1].upper() + word[1:].lower()


def enterprise_names(
    rng: np.random.Generator, cities: list[str], sectors: list[str]
) -> list[tuple[str, str]]:
    """Unique (Chinese, English) names, one per enterprise, never a known trade name."""
    trades = trade_names()
    used: set[str] = set()
    out: list[tuple[str, str]] = []
    for city, sector in zip(cities, sectors, strict=True):
        words = INDUSTRY_WORDS[sector]
        for attempt in range(200):
            trade = trades[int(rng.integers(len(trades)))]
            word_zh, word_en = words[int(rng.integers(len(words)))]
            suf_zh, suf_en = _SUFFIXES[int(rng.choice(len(_SUFFIXES), p=(0.55, 0.25, 0.12, 0.08)))]
            zh = f"{city}{trade}{word_zh}{suf_zh}"
            if attempt > 100:  # very large worlds: add a branch qualifier
                zh = (
                    f"{city}{trade}{word_zh}{['一', '二', '三', '四', '五'][attempt % 5]}分{suf_zh}"
                )
            if zh not in used:
                break
        used.add(zh)
        en = f"{CITY_EN[city].replace(' City', '')} {trade_pinyin(trade)} {word_en} {suf_en}"
        out.append((zh, en))
    return out


def internship_organisation(rng: np.random.Generator, sector: str) -> str:
    """A plausible past-internship organisation (invented, generic)."""
    trades = trade_names()
    trade = trades[int(rng.integers(len(trades)))]
    words = INDUSTRY_WORDS[sector]
    word = words[int(rng.integers(len(words)))][0]
    place = ("长春", "吉林", "长春", "沈阳", "哈尔滨", "天津")[int(rng.integers(6))]
    return f"{place}{trade}{word}有限公司"
