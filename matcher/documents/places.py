"""Cities and districts as a document writes them, in Chinese or English, to the Chinese names
the product stores (a position's ``city`` is ``长春``, its district ``高新区``)."""

from __future__ import annotations

#: Chinese city names with their English spellings (the region first, then the large cities).
CITY_NAMES: dict[str, tuple[str, ...]] = {
    "长春": ("changchun",),
    "吉林": ("jilin city", "jilin"),
    "四平": ("siping",),
    "辽源": ("liaoyuan",),
    "通化": ("tonghua",),
    "白山": ("baishan",),
    "松原": ("songyuan",),
    "白城": ("baicheng",),
    "延吉": ("yanji",),
    "沈阳": ("shenyang",),
    "大连": ("dalian",),
    "哈尔滨": ("harbin",),
    "北京": ("beijing",),
    "天津": ("tianjin",),
    "上海": ("shanghai",),
    "深圳": ("shenzhen",),
    "广州": ("guangzhou",),
    "苏州": ("suzhou",),
    "杭州": ("hangzhou",),
    "南京": ("nanjing",),
    "无锡": ("wuxi",),
    "宁波": ("ningbo",),
    "合肥": ("hefei",),
    "武汉": ("wuhan",),
    "长沙": ("changsha",),
    "成都": ("chengdu",),
    "重庆": ("chongqing",),
    "西安": ("xi'an", "xian"),
    "青岛": ("qingdao",),
    "济南": ("jinan",),
    "郑州": ("zhengzhou",),
    "厦门": ("xiamen",),
    "福州": ("fuzhou",),
    "东莞": ("dongguan",),
    "佛山": ("foshan",),
    "珠海": ("zhuhai",),
    "常州": ("changzhou",),
    "石家庄": ("shijiazhuang",),
    "太原": ("taiyuan",),
    "呼和浩特": ("hohhot",),
    "昆明": ("kunming",),
}

#: District names in English (Changchun's development zones first) to their Chinese names.
DISTRICT_EN: dict[str, str] = {
    "high-tech zone": "高新区",
    "high-tech development zone": "高新区",
    "high tech zone": "高新区",
    "hi-tech zone": "高新区",
    "high-tech industrial development zone": "高新区",
    "economic development zone": "经开区",
    "economic and technological development zone": "经开区",
    "etdz": "经开区",
    "automobile economic development zone": "汽开区",
    "automotive economic development zone": "汽开区",
    "auto industry development zone": "汽开区",
    "automotive development zone": "汽开区",
    "changchun new area": "长春新区",
    "new area": "长春新区",
    "jingyue": "净月区",
    "jingyue district": "净月区",
    "jingyue high-tech zone": "净月区",
    "chaoyang district": "朝阳区",
    "lvyuan district": "绿园区",
    "luyuan district": "绿园区",
    "kuancheng district": "宽城区",
    "nanguan district": "南关区",
    "erdao district": "二道区",
    "shuangyang district": "双阳区",
    "jiutai district": "九台区",
    "industrial park": "工业园区",
    "suzhou industrial park": "工业园区",
    "pudong new area": "浦东新区",
    "pudong": "浦东新区",
    "jiading district": "嘉定区",
    "songjiang district": "松江区",
    "minhang district": "闵行区",
    "haidian district": "海淀区",
    "haidian": "海淀区",
    "changping district": "昌平区",
    "shunyi district": "顺义区",
    "yizhuang": "亦庄经开区",
    "nanshan district": "南山区",
    "nanshan": "南山区",
    "bao'an district": "宝安区",
    "baoan district": "宝安区",
    "longhua district": "龙华区",
    "pingshan district": "坪山区",
    "hunnan district": "浑南区",
    "tiexi district": "铁西区",
    "chuanying district": "船营区",
    "fengman district": "丰满区",
    "changyi district": "昌邑区",
}


def city_aliases() -> dict[str, str]:
    """Every written form (Chinese with and without 市, English lower-cased) to the city."""
    table: dict[str, str] = {}
    for city, english in CITY_NAMES.items():
        table[city + "市"] = city
        table[city] = city
        for name in english:
            table[name] = city
    return table
