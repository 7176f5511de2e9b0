"""Which places the knowledge covers: recognise Chinese provinces and major cities in a
text and say whether our policy documents cover them.

Coverage comes from the policy data (each document's `region`): a province is covered by a
provincial document (江苏), a city by a city document (衢州, 江门) or by its province's
document (南京 by 江苏); national documents (the retirement age) apply everywhere and are
reported apart. Pure: no clock, no I/O beyond the policy data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.facts import pick
from knowledge.policy import all_policies

# Provincial-level divisions: code -> (zh, en).
PROVINCES: dict[str, tuple[str, str]] = {
    "beijing": ("北京", "Beijing"), "tianjin": ("天津", "Tianjin"), "hebei": ("河北", "Hebei"),
    "shanxi": ("山西", "Shanxi"), "neimenggu": ("内蒙古", "Inner Mongolia"),
    "liaoning": ("辽宁", "Liaoning"), "jilin": ("吉林", "Jilin"),
    "heilongjiang": ("黑龙江", "Heilongjiang"), "shanghai": ("上海", "Shanghai"),
    "jiangsu": ("江苏", "Jiangsu"), "zhejiang": ("浙江", "Zhejiang"), "anhui": ("安徽", "Anhui"),
    "fujian": ("福建", "Fujian"), "jiangxi": ("江西", "Jiangxi"), "shandong": ("山东", "Shandong"),
    "henan": ("河南", "Henan"), "hubei": ("湖北", "Hubei"), "hunan": ("湖南", "Hunan"),
    "guangdong": ("广东", "Guangdong"), "guangxi": ("广西", "Guangxi"), "hainan": ("海南", "Hainan"),
    "chongqing": ("重庆", "Chongqing"), "sichuan": ("四川", "Sichuan"),
    "guizhou": ("贵州", "Guizhou"), "yunnan": ("云南", "Yunnan"), "xizang": ("西藏", "Tibet"),
    "shaanxi": ("陕西", "Shaanxi"), "gansu": ("甘肃", "Gansu"), "qinghai": ("青海", "Qinghai"),
    "ningxia": ("宁夏", "Ningxia"), "xinjiang": ("新疆", "Xinjiang"),
    "hongkong": ("香港", "Hong Kong"), "macao": ("澳门", "Macao"), "taiwan": ("台湾", "Taiwan"),
}
# Major cities: code -> (zh, en, province code).
CITIES: dict[str, tuple[str, str, str]] = {
    "nanjing": ("南京", "Nanjing", "jiangsu"), "suzhou": ("苏州", "Suzhou", "jiangsu"),
    "wuxi": ("无锡", "Wuxi", "jiangsu"), "changzhou": ("常州", "Changzhou", "jiangsu"),
    "nantong": ("南通", "Nantong", "jiangsu"), "xuzhou": ("徐州", "Xuzhou", "jiangsu"),
    "yangzhou": ("扬州", "Yangzhou", "jiangsu"), "zhenjiang": ("镇江", "Zhenjiang", "jiangsu"),
    "taizhou_js": ("泰州", "Taizhou (Jiangsu)", "jiangsu"),
    "yancheng": ("盐城", "Yancheng", "jiangsu"), "huaian": ("淮安", "Huai'an", "jiangsu"),
    "lianyungang": ("连云港", "Lianyungang", "jiangsu"), "suqian": ("宿迁", "Suqian", "jiangsu"),
    "hangzhou": ("杭州", "Hangzhou", "zhejiang"), "ningbo": ("宁波", "Ningbo", "zhejiang"),
    "wenzhou": ("温州", "Wenzhou", "zhejiang"), "quzhou": ("衢州", "Quzhou", "zhejiang"),
    "jinhua": ("金华", "Jinhua", "zhejiang"), "shaoxing": ("绍兴", "Shaoxing", "zhejiang"),
    "jiaxing": ("嘉兴", "Jiaxing", "zhejiang"), "huzhou": ("湖州", "Huzhou", "zhejiang"),
    "taizhou_zj": ("台州", "Taizhou (Zhejiang)", "zhejiang"),
    "lishui": ("丽水", "Lishui", "zhejiang"),
    "guangzhou": ("广州", "Guangzhou", "guangdong"), "shenzhen": ("深圳", "Shenzhen", "guangdong"),
    "jiangmen": ("江门", "Jiangmen", "guangdong"), "foshan": ("佛山", "Foshan", "guangdong"),
    "dongguan": ("东莞", "Dongguan", "guangdong"), "zhuhai": ("珠海", "Zhuhai", "guangdong"),
    "zhongshan": ("中山", "Zhongshan", "guangdong"), "huizhou": ("惠州", "Huizhou", "guangdong"),
    "shantou": ("汕头", "Shantou", "guangdong"), "zhanjiang": ("湛江", "Zhanjiang", "guangdong"),
    "chengdu": ("成都", "Chengdu", "sichuan"), "wuhan": ("武汉", "Wuhan", "hubei"),
    "changsha": ("长沙", "Changsha", "hunan"), "zhengzhou": ("郑州", "Zhengzhou", "henan"),
    "xian": ("西安", "Xi'an", "shaanxi"), "jinan": ("济南", "Jinan", "shandong"),
    "qingdao": ("青岛", "Qingdao", "shandong"), "hefei": ("合肥", "Hefei", "anhui"),
    "fuzhou": ("福州", "Fuzhou", "fujian"), "xiamen": ("厦门", "Xiamen", "fujian"),
    "nanchang": ("南昌", "Nanchang", "jiangxi"), "shijiazhuang": ("石家庄", "Shijiazhuang", "hebei"),
    "taiyuan": ("太原", "Taiyuan", "shanxi"), "shenyang": ("沈阳", "Shenyang", "liaoning"),
    "dalian": ("大连", "Dalian", "liaoning"), "changchun": ("长春", "Changchun", "jilin"),
    "harbin": ("哈尔滨", "Harbin", "heilongjiang"), "nanning": ("南宁", "Nanning", "guangxi"),
    "haikou": ("海口", "Haikou", "hainan"), "guiyang": ("贵阳", "Guiyang", "guizhou"),
    "kunming": ("昆明", "Kunming", "yunnan"), "lhasa": ("拉萨", "Lhasa", "xizang"),
    "lanzhou": ("兰州", "Lanzhou", "gansu"), "xining": ("西宁", "Xining", "qinghai"),
    "yinchuan": ("银川", "Yinchuan", "ningxia"), "urumqi": ("乌鲁木齐", "Urumqi", "xinjiang"),
    "hohhot": ("呼和浩特", "Hohhot", "neimenggu"),
}
# English names that are ambiguous as plain words are matched only as whole words.
_EN_EXTRA = {"hong kong": "hongkong", "macau": "macao", "xizang": "xizang"}


@dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    name_en: str
    kind: str  # "province" or "city"
    province: str  # the province code (itself for a province)

    def name(self, locale: str) -> str:
        return pick((self.name_zh, self.name_en), locale)


@dataclass(frozen=True)
class Mention:
    region: Region
    covered: bool  # a document of this place, or of the province a city belongs to
    documents: tuple[str, ...]  # the (non-national) documents that cover it
    partly: tuple[str, ...] = ()  # covered places inside it (浙江 -> 衢州), region codes


@cache
def regions() -> dict[str, Region]:
    out = {code: Region(code, zh, en, "province", code) for code, (zh, en) in PROVINCES.items()}
    out.update({code: Region(code, zh, en, "city", prov)
                for code, (zh, en, prov) in CITIES.items()})
    return out


@cache
def _documents_by_region() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for pol in all_policies().values():
        out.setdefault(pol.region, []).append(pol.id)
    return {k: tuple(v) for k, v in out.items()}


def covered_regions() -> list[Region]:
    """The places our documents cover, provinces first (江苏, 衢州, 江门)."""
    codes = [c for c in _documents_by_region() if c in regions()]
    return sorted((regions()[c] for c in codes), key=lambda r: (r.kind != "province", r.code))


def national_documents() -> tuple[str, ...]:
    return _documents_by_region().get("china", ())


def _coverage(region: Region) -> Mention:
    docs = _documents_by_region()
    own = docs.get(region.code, ())
    via_province = docs.get(region.province, ()) if region.kind == "city" else ()
    found = own + via_province
    partly: tuple[str, ...] = ()
    if region.kind == "province" and not own:
        partly = tuple(r.code for r in covered_regions()
                       if r.kind == "city" and r.province == region.code)
    return Mention(region, bool(found), found, partly)


def find_regions(text: str) -> list[Mention]:
    """Provinces and major cities named in a text (Chinese or English), in order of
    appearance, each with whether our documents cover it."""
    low = text.lower()
    names: list[tuple[str, str]] = []
    for r in regions().values():
        names.append((r.name_zh, r.code))
        base = r.name_en.split(" (")[0].lower()
        names.append((base, r.code))
    names += list(_EN_EXTRA.items())
    names.sort(key=lambda n: -len(n[0]))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for name, code in names:
        start = 0
        while (i := low.find(name, start)) >= 0:
            j = i + len(name)
            start = j
            if name.isascii() and ((i > 0 and low[i - 1].isalpha())
                                   or (j < len(low) and low[j].isalpha())):
                continue
            if any(a < j and i < b for a, b in taken):
                continue
            taken.append((i, j))
            found.append((i, code))
    seen: dict[str, Mention] = {}
    for _, code in sorted(found):
        if code not in seen:
            seen[code] = _coverage(regions()[code])
    return list(seen.values())


def uncovered(text: str) -> list[Mention]:
    """The places a text names that no document of ours covers (上海, 深圳 ...)."""
    return [m for m in find_regions(text) if not m.covered]


def coverage_note(text: str, locale: str = "zh_CN") -> str | None:
    """One sentence for a question naming places we do not cover, else None:
    "上海不在覆盖范围内；目前覆盖：江苏、江门、衢州（全国性的退休年龄规定各地都适用）。"."""
    from knowledge.i18n import translator

    missing = uncovered(text)
    if not missing:
        return None
    _ = translator(locale)
    sep = ", " if locale.startswith("en") else "、"
    names = sep.join(m.region.name(locale) for m in missing)
    covered = sep.join(r.name(locale) for r in covered_regions())
    parts = [m for m in missing if m.partly]
    note = _("{places}: not covered by the documents I hold. Covered: {covered}; the national "
             "retirement-age rules apply everywhere.", places=names, covered=covered)
    if parts:
        inside = sep.join(regions()[c].name(locale) for m in parts for c in m.partly)
        note += " " + _("Within it only {inside} is covered.", inside=inside)
    return note
