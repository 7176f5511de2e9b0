"""Forgiving parsers for typed answers in Chinese and English.

Each parser returns a value or raises `Invalid(key, **params)` whose key is an English
message id (translated by the caller), so validators never build sentences themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.dialogs.engine.types import N_


class Invalid(ValueError):
    """A typed answer that could not be read; key is a message id, params fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


BAD_DATE = N_("I could not read that date. Please type it like 1975-06-15 or 15 June 1975.")
AMBIGUOUS_DATE = N_("Is {text} day/month or month/day? Please type it like 2026-12-31 or "
                    "31 Dec 2026.")
NO_SUCH_DATE = N_("There is no such date ({text}). Please check the month and day.")
BAD_MONTH = N_("I could not read that month. Please type it like 1975-06 or June 1975.")
BAD_NUMBER = N_("I could not read that number. Please type digits, for example 5 or 5.5.")
BAD_MONEY = N_("I could not read that amount. Please type it like 50000, 50k or ¥50,000.")
BAD_TIME = N_("I could not read that time. Please type it like 08:30, 15:30 or 3pm.")
BAD_RATIO = N_("I could not read that share. Please type it like 0.75 or 75%.")
BAD_YES_NO = N_("Please answer yes or no.")


def normalize(text: str) -> str:
    """Full-width to half-width, trimmed, inner spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


# --- dates -------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4}) (\d{1,2}) (\d{1,2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?(?:份)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4}) (\d{1,2})$"),
)


_MONTH_NAMES = {name: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MON = r"([a-z]+)\.?"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")  # 31/12/2026
_NO_YEAR = (re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),  # 12月31日
            re.compile(r"^(\d{1,2})\s*[/-]\s*(\d{1,2})$"))  # 12/31, 31/12
_EN_DATES = (re.compile(rf"^{_MON}\s+{_ORD},?\s*(\d{{4}})?$"),  # Dec 31 2026, December 31
             re.compile(rf"^{_ORD}\s+{_MON},?\s*(\d{{4}})?$"))  # 31 Dec 2026
_EN_MONTH = (re.compile(rf"^{_MON},?\s+(\d{{4}})$"),  # June 1975
             re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$"))  # 6/1975


def _make_date(text: str, year: str | int, month: str | int, day: str | int) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise Invalid(NO_SUCH_DATE, text=text) from None


def _month_number(name: str) -> int | None:
    return _MONTH_NAMES.get(name.lower())


def _day_month(text: str, a: int, b: int) -> tuple[int, int]:
    """(month, day) from two numbers in either order, when only one order is a date."""
    if a > 12 >= b:
        return b, a  # 31/12: day first
    if b > 12 >= a:
        return a, b  # 12/31: month first
    if a == b:
        return a, b
    raise Invalid(AMBIGUOUS_DATE, text=text)


def _in_year(text: str, month: int, day: int, today: dt.date | None) -> dt.date:
    """A date given without its year: the next such day from today on."""
    if today is None:
        raise Invalid(BAD_DATE)
    this_year = _make_date(text, today.year, month, day) if (month, day) != (2, 29) else None
    if this_year is not None and this_year >= today:
        return this_year
    for year in range(today.year + 1, today.year + 9):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise Invalid(NO_SUCH_DATE, text=text)


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """'1975-06-15', '1975/6/15', '1975年6月15日', '19750615', '31/12/2026', '12/31/2026',
    'Dec 31 2026', '31 December 2026'; with `today`, also a day without its year
    ('12月31日', 'Dec 31', '31/12'), taken as the next such day."""
    s = normalize(text)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            return _make_date(s, *m.groups())
    m = _YEAR_LAST.match(s)
    if m:
        month, day = _day_month(s, int(m.group(1)), int(m.group(2)))
        return _make_date(s, m.group(3), month, day)
    low = s.lower()
    for number, pattern in enumerate(_EN_DATES):
        m = pattern.match(low)
        if m:
            name, day = (m.group(1), m.group(2)) if number == 0 else (m.group(2), m.group(1))
            month = _month_number(name)
            if month is None:
                break
            if m.group(3):
                return _make_date(s, m.group(3), month, day)
            return _in_year(s, month, int(day), today)
    m = _NO_YEAR[0].match(s)
    if m:
        return _in_year(s, int(m.group(1)), int(m.group(2)), today)
    m = _NO_YEAR[1].match(s)
    if m:
        month, day = _day_month(s, int(m.group(1)), int(m.group(2)))
        return _in_year(s, month, day, today)
    raise Invalid(BAD_DATE)


def parse_month(text: str) -> tuple[int, int]:
    """Year and month: '1975-06', '1975年6月', '197506'; a full date gives its month."""
    s = normalize(text)
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise Invalid(NO_SUCH_DATE, text=s)
            return year, month
    m = _EN_MONTH[0].match(s.lower())
    if m and _month_number(m.group(1)):
        return int(m.group(2)), _month_number(m.group(1)) or 0
    m = _EN_MONTH[1].match(s)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(2)), int(m.group(1))
    try:
        day = parse_date(s)
    except Invalid as err:
        if err.key == NO_SUCH_DATE:
            raise
        raise Invalid(BAD_MONTH) from None
    return day.year, day.month


# --- numbers -------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
              "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
              "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_LATIN_UNITS = {"k": 10**3, "w": 10**4, "m": 10**6}
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億]")
_NOISE = re.compile(r"(?i)^(?:about|around|approx\.?|approximately|roughly|some|~|rmb|cny|"
                    r"yuan|人民币|约|大约|¥|￥)+|(?:元|块钱|块|rmb|cny|yuan|人民币|左右|年|个|人次|"
                    r"人|名|岁|项|次|届|people|persons|person|times|years|year|trainees)+$")


def _to_decimal(token: str) -> Decimal:
    return Decimal(token) if token[0].isdigit() else Decimal(_CN_DIGITS[token])


def _combine(tokens: list[str]) -> Decimal:
    """Add up digits and Chinese units: 一万五千 / 1万5千 / 一亿五千万 / 三千五 (=3500)."""
    total = Decimal(0)
    section = Decimal(0)
    number: Decimal | None = None
    last_unit = 0
    for tok in tokens:
        if tok in _CN_SMALL:
            unit = _CN_SMALL[tok]
            section += (number if number is not None else Decimal(1)) * unit
            number, last_unit = None, unit
        elif tok in _CN_BIG:
            unit = _CN_BIG[tok]
            if number is None and section == 0:
                raise InvalidOperation  # "万" alone, "5万万"
            section += number or 0
            if unit > 10**4:
                total = (total + section) * unit
            else:
                total += section * unit
            section, number, last_unit = Decimal(0), None, unit
        elif tok in ("零", "〇") and number is None:
            last_unit = 0  # 一百零五: the digit after 零 is a unit digit
        else:
            if number is not None:
                raise InvalidOperation  # two numbers in a row: "一二", "5 6"
            number = _to_decimal(tok)
    if number is not None:
        # a bare trailing digit after a unit means the next lower unit: 一万五 = 15000
        if last_unit >= 10 and number < 10 and number == number.to_integral_value():
            number *= last_unit // 10
        section += number
    return total + section


def parse_decimal(text: str) -> Decimal:
    """A non-negative number, forgiving about units: '5', '5.5', '1.5万', '五万', '50k'."""
    s = normalize(text).replace(",", "").replace("，", "").replace(" ", "")
    s = _NOISE.sub("", _NOISE.sub("", s))
    if s.startswith("百分之"):
        raise Invalid(BAD_NUMBER)
    factor = 1
    if s and s[-1].lower() in _LATIN_UNITS and len(s) > 1 and s[-2].isdigit():
        factor, s = _LATIN_UNITS[s[-1].lower()], s[:-1]
    tokens = _TOKEN.findall(s)
    if not s or "".join(tokens) != s:
        raise Invalid(BAD_NUMBER)
    try:
        return _combine(tokens) * factor
    except (InvalidOperation, KeyError):
        raise Invalid(BAD_NUMBER) from None


def parse_number(text: str) -> int | float:
    """A number as int when whole, else float."""
    value = parse_decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def parse_int(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise Invalid(N_("Please type a whole number, for example 12."))
    return int(value)


def parse_money(text: str) -> int:
    """Whole yuan: '5万', '5万元', '50000元', '50,000', '¥50,000', '1.5万', '五万', '50k'."""
    try:
        value = parse_decimal(text)
    except Invalid:
        raise Invalid(BAD_MONEY) from None
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_ratio(text: str) -> float:
    """A share as a fraction: '75%', '0.75', '75' (read as percent), '百分之七十五' -> 0.75."""
    s = normalize(text).replace(" ", "")
    percent = False
    if s.endswith(("%", "％")):
        s, percent = s[:-1], True
    elif s.startswith("百分之"):
        s, percent = s[3:], True
    try:
        value = parse_decimal(s)
    except Invalid:
        raise Invalid(BAD_RATIO) from None
    if percent or value > 1:
        value = value / 100  # "75" means 75%; the step's range says whether 150% is allowed
    return float(value)


# --- yes / no ---------------------------------------------------------------------------------

_YES = {"是", "是的", "是啊", "对", "对的", "对啊", "有", "有的", "好", "好的", "可以", "嗯",
        "要", "需要", "参加过", "当然", "yes", "y", "yeah", "yep", "yup", "true", "ok", "okay",
        "sure", "of course", "correct", "right", "1"}
_NO = {"否", "不是", "不是的", "不是啊", "不对", "没有", "没", "无", "不", "不要", "不需要",
       "没参加过", "no", "n", "nope", "nah", "not really", "false", "none", "never", "0"}


def parse_yes_no(text: str) -> bool:
    s = normalize(text).lower().rstrip("。.!！")
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise Invalid(BAD_YES_NO)


# --- times ------------------------------------------------------------------------------------

_TIME_24 = re.compile(r"^(\d{1,2})\s*[:：.]\s*(\d{2})$")  # 8:30, 20.15, 15：30
_TIME_AMPM = re.compile(r"^(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*([ap])\.?\s*m\.?$")  # 3pm, 3:30 p.m.
_TIME_ZH = re.compile(r"^(上午|早上|早晨|中午|下午|傍晚|晚上)?\s*(\d{1,2}|[一二两三四五六七八九十]+)\s*"
                      r"[点點时]\s*(半|一刻|三刻|\d{1,2}\s*分?)?$")  # 下午3点半, 8点15分


def _zh_small(text: str) -> int:
    return int(text) if text.isdigit() else int(_combine(_TOKEN.findall(text)))


def parse_time(text: str) -> dt.time:
    """'08:30', '15:30', '3pm', '3:30 p.m.', '8点', '8点半', '下午3点半', '晚上8点15分'."""
    s = normalize(text).lower()
    hour, minute = -1, 0
    m = _TIME_24.match(s)
    if s.isdigit() and len(s) <= 2:
        hour = int(s)  # "8", "20": on the hour
    elif m:
        hour, minute = int(m.group(1)), int(m.group(2))
    elif (m := _TIME_AMPM.match(s)) is not None:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12:
            raise Invalid(BAD_TIME)
        hour = hour % 12 + (12 if m.group(3) == "p" else 0)
    elif (m := _TIME_ZH.match(s.replace(" ", ""))) is not None:
        try:
            hour = _zh_small(m.group(2))
        except (InvalidOperation, KeyError):
            raise Invalid(BAD_TIME) from None
        extra = m.group(3) or ""
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(extra) or (
            int(extra.rstrip("分")) if extra else 0)
        if m.group(1) in ("下午", "傍晚", "晚上") and hour < 12:
            hour += 12
        if m.group(1) == "中午" and hour < 6:
            hour += 12
    if not 0 <= hour <= 23 or not 0 <= minute <= 59:
        raise Invalid(BAD_TIME)
    return dt.time(hour, minute)
