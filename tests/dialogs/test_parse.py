"""Forgiving parsers: dates, months, numbers, money, ratios, yes/no in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dialogs.engine import parse
from bot.dialogs.engine.parse import Invalid


@pytest.mark.parametrize("text", ["1975-06-15", "1975/6/15", "1975.6.15", "1975年6月15日",
                                  "1975年6月15号", "19750615", " 1975-6-15 ", "１９７５－０６－１５",
                                  "1975 年 6 月 15 日", "1975 6 15"])
def test_dates_in_many_spellings(text: str) -> None:
    assert parse.parse_date(text) == dt.date(1975, 6, 15)


@pytest.mark.parametrize("text", ["1975-13-40", "1975-02-30", "19751340", "2023年2月29日"])
def test_impossible_dates_say_so(text: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_date(text)
    assert err.value.key == parse.NO_SUCH_DATE and err.value.params["text"]


@pytest.mark.parametrize("text", ["", "yesterday", "1975年6月", "75-6-15", "1975-06-15x",
                                  "15/06/75", "Smarch 3 1975"])
def test_unreadable_dates(text: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_date(text)
    assert err.value.key == parse.BAD_DATE


def test_day_first_dates_as_english_speakers_write_them() -> None:
    assert parse.parse_date("15/06/1975") == dt.date(1975, 6, 15)  # issue 15: was refused


def test_leap_day_is_a_date() -> None:
    assert parse.parse_date("2024年2月29日") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text,expected", [("1975年6月", (1975, 6)), ("1975-06", (1975, 6)),
                                           ("1975/6", (1975, 6)), ("197506", (1975, 6)),
                                           ("1975年06月份", (1975, 6)),
                                           ("1975年6月15日", (1975, 6))])
def test_months(text: str, expected: tuple[int, int]) -> None:
    assert parse.parse_month(text) == expected


@pytest.mark.parametrize("text,key", [("1975-13", parse.NO_SUCH_DATE),
                                      ("June", parse.BAD_MONTH),
                                      ("1975-02-30", parse.NO_SUCH_DATE)])
def test_bad_months(text: str, key: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_month(text)
    assert err.value.key == key


@pytest.mark.parametrize("text,expected", [
    ("5万", 50000), ("5万元", 50000), ("50000元", 50000), ("50,000", 50000),
    ("¥50,000", 50000), ("￥50，000", 50000), ("1.5万", 15000), ("五万", 50000),
    ("50k", 50000), ("50K", 50000), ("5w", 50000), ("两万", 20000), ("一万五千", 15000),
    ("一万五", 15000), ("1万5千", 15000), ("三千五", 3500), ("一百零五", 105), ("十二万", 120000),
    ("一亿五千万", 150_000_000), ("0.8万元", 8000), ("RMB 3000", 3000), ("约5万元左右", 50000),
    ("1234.5", 1235), ("壹万", 10000)])
def test_money(text: str, expected: int) -> None:
    assert parse.parse_money(text) == expected


@pytest.mark.parametrize("text", ["", "万", "5万万", "abc", "-5", "5..5", "一二", "five"])
def test_unreadable_money(text: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_money(text)
    assert err.value.key == parse.BAD_MONEY


@pytest.mark.parametrize("text,expected", [("5", 5), ("5.5", 5.5), ("6年", 6), ("十五", 15),
                                           ("二十五", 25), ("12人", 12), ("1.50", 1.5)])
def test_numbers(text: str, expected: float) -> None:
    value = parse.parse_number(text)
    assert value == expected and type(value) is type(expected)


def test_whole_numbers_refuse_fractions() -> None:
    assert parse.parse_int("12") == 12
    with pytest.raises(Invalid):
        parse.parse_int("2.5")


@pytest.mark.parametrize("text,expected", [("75%", 0.75), ("75％", 0.75), ("0.75", 0.75),
                                           ("75", 0.75), ("百分之七十五", 0.75), ("100%", 1.0),
                                           ("0", 0.0), ("7.5%", 0.075), ("150%", 1.5),
                                           ("120", 1.2)])
def test_ratios(text: str, expected: float) -> None:
    assert parse.parse_ratio(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["most", "", "abc%", "-5%"])
def test_bad_ratios(text: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_ratio(text)
    assert err.value.key == parse.BAD_RATIO


@pytest.mark.parametrize("text", ["是", "是的", "对", "有", "yes", "Y", "YES", "ok", "好的。"])
def test_yes(text: str) -> None:
    assert parse.parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["否", "不是", "没有", "no", "N", "不", "没", "无"])
def test_no(text: str) -> None:
    assert parse.parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["maybe", "也许", "", "yes no"])
def test_neither_yes_nor_no(text: str) -> None:
    with pytest.raises(Invalid) as err:
        parse.parse_yes_no(text)
    assert err.value.key == parse.BAD_YES_NO
