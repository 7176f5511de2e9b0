"""Where a question goes: regions (the cities officers are appointed for, as in the
surveys, and the other places the bot knows) and topics, and guessing both from the
question's words or the programme it came from. Pure.

Officers appointed for a city see that city's questions; questions for a region nobody
is appointed for (Quzhou, Jiangmen, province-wide, elsewhere) reach the administrators
(ADMIN_IDS see every region).
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.engine.types import N_
from bot.dialogs.home.lookup import TOPIC_LABELS
from bot.dialogs.surveys.forms import CITIES

REGIONS: tuple[tuple[str, str], ...] = CITIES + (
    ("jiangsu", N_("Jiangsu, province-wide")), ("quzhou", N_("Quzhou")),
    ("jiangmen", N_("Jiangmen")), ("other", N_("Elsewhere, or not sure")))
REGION_NAMES = dict(REGIONS)

TOPICS: tuple[tuple[str, str], ...] = tuple(TOPIC_LABELS.items()) + (
    ("applying", N_("📝 How to apply in practice")), ("other", N_("💬 Something else")))
TOPIC_NAMES = dict(TOPICS)

# Words that name a place, per region code (Chinese and pinyin/English).
PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "nanjing": ("南京", "nanjing"), "wuxi": ("无锡", "wuxi"), "xuzhou": ("徐州", "xuzhou"),
    "changzhou": ("常州", "changzhou"), "suzhou": ("苏州", "suzhou"),
    "nantong": ("南通", "nantong"), "lianyungang": ("连云港", "lianyungang"),
    "huaian": ("淮安", "huaian", "huai'an"), "yancheng": ("盐城", "yancheng"),
    "yangzhou": ("扬州", "yangzhou"), "zhenjiang": ("镇江", "zhenjiang"),
    "taizhou": ("泰州", "taizhou"), "suqian": ("宿迁", "suqian"),
    "quzhou": ("衢州", "quzhou"), "jiangmen": ("江门", "jiangmen"),
    "jiangsu": ("江苏", "jiangsu"),
}
# Words that point to a topic, most specific first.
TOPIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("retirement", ("退休", "retire", "pension")),
    ("applying", ("怎么申请", "如何申请", "怎么报", "怎么办理", "流程", "材料", "去哪", "how to apply",
                  "where to apply", "documents")),
    ("allowances", ("津贴", "补贴", "allowance", "subsidy")),
    ("competitions", ("竞赛", "比赛", "大赛", "competition", "contest", "medal")),
    ("hosting", ("承办", "举办", "host")),
    ("evaluation", ("鉴定", "评价", "认定", "assessment")),
    ("studios_bases", ("工作室", "基地", "studio", "base")),
    ("recruiting", ("引进", "招聘", "recruit")),
    ("training_plan", ("培训", "研修", "培养", "training")),
    ("titles_medals", ("技师", "工匠", "称号", "technician", "craftsman", "title")),
)
POLICY_REGIONS = {"quzhou": "quzhou", "jiangmen": "jiangmen", "jiangsu": "jiangsu"}


def region_name(code: str | None, t: Any) -> str:
    return t._(REGION_NAMES.get(code or "", code or "?"))


def topic_name(code: str | None, t: Any) -> str:
    return t._(TOPIC_NAMES.get(code or "", code or "?"))


def guess_region(text: str, program: str | None = None) -> str | None:
    """The place the question names (the first one named), else the programme's region."""
    lowered = text.lower()
    found = [(lowered.find(w), code) for code, words in PLACE_WORDS.items() for w in words
             if w in lowered]
    if found:
        return min(found)[1]
    if program:
        from bot.dialogs.checks.catalog import info

        prog = info(program)
        if prog is not None:
            return POLICY_REGIONS.get(prog.region)
    return None


def guess_topic(text: str, program: str | None = None) -> str | None:
    lowered = text.lower()
    for code, words in TOPIC_WORDS:
        if any(w in lowered for w in words):
            return code
    if program:
        from bot.dialogs.checks.catalog import info

        prog = info(program)
        if prog is not None and prog.topic in TOPIC_NAMES:
            return prog.topic
    return None


def region_of(value: Any, t: Any) -> str | None:
    """A region code from a pressed button (the code) or typed text (its name in either
    language, or the code)."""
    text = str(value or "").strip()
    if text in REGION_NAMES:
        return text
    lowered = text.lower().removesuffix("市").removesuffix(" city")
    for code, label in REGIONS:
        names = {t._(label).lower().removesuffix("市"), label.lower()}
        if lowered and lowered in names:
            return code
    return None


def role_label(role: str | None, t: Any) -> str:
    """How an answer is signed: by role and region, never by name."""
    if not role or role == "admin":
        return t._("administrator")
    kind, _, region = role.partition(":")
    return t._("officer for {region}", region=region_name(region, t))
