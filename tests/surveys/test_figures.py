"""Figures, chart, exports and links of the survey service layer (no chat)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.dialogs.surveys.effects import chart, links
from bot.dialogs.surveys.effects.export import trainee_csv, trainee_xlsx
from bot.dialogs.surveys.effects.export_more import SCORE_FIRST_ROW, employer_xlsx, score_xlsx
from bot.dialogs.surveys.effects.stats import occupation_totals, suggestions, trainee_rows
from bot.dialogs.surveys.forms import FIXED_KEYS, SCORE_ITEMS, score_subtotals
from bot.i18n import get_translator
from tests.surveys import annex4

ZH, EN = get_translator("zh_CN"), get_translator("en")
COURSES = [{"course": "数控编程", "teacher": "王工"}, {"course": "焊接", "teacher": "赵工"}]


def response(courses: list[str], fixed: str, text: str = "") -> dict:
    names = {"E": "excellent", "G": "good", "F": "fair", "P": "poor"}
    return {"courses": [names[c] for c in courses],
            "items": {k: names[v] for k, v in zip(FIXED_KEYS, fixed, strict=True)},
            "suggestions": text}


ANSWERS = [response(["E", "F"], "EEEEEEEEEE", "多些实操"), response(["G", "P"], "GGGGGGGGGG"),
           response(["E", "P"], "FFFFFFFFFP", "  "), response(["F", "G"], "PPPPPPPPPP")]


def test_rows_count_levels_and_rate_per_course_and_item() -> None:
    rows = trainee_rows(COURSES, ANSWERS)
    assert [r.key for r in rows] == ["c0", "c1", *FIXED_KEYS]
    c1, c2, overall = rows[0], rows[1], rows[-1]
    assert c1.counts == {"excellent": 2, "good": 1, "fair": 1, "poor": 0} and c1.rate == 0.75
    assert c2.counts == {"excellent": 0, "good": 1, "fair": 1, "poor": 2} and c2.rate == 0.25
    assert overall.counts == {"excellent": 1, "good": 1, "fair": 0, "poor": 2}
    assert c1.name(ZH) == "数控编程（王工）" and overall.name(ZH) == "满意度评价"
    assert trainee_rows(COURSES, [])[0].rate is None
    assert suggestions(ANSWERS) == ["多些实操"]


def _image(drawn: chart.Chart) -> Image.Image:
    image = Image.open(io.BytesIO(drawn.png)).convert("RGB")
    assert image.size == (drawn.width, drawn.height)
    return image


def test_chart_bars_have_the_shares_of_each_level() -> None:
    rows = trainee_rows(COURSES, ANSWERS)
    for t in (ZH, EN):
        drawn = chart.draw_chart(rows, "test", t)
        image = _image(drawn)
        assert len(drawn.bars) == len(rows)
        for (x0, y0, x1, y1), row in zip(drawn.bars, rows, strict=True):
            line = [image.getpixel((x, (y0 + y1) // 2)) for x in range(x0, x1)]
            for level, colour in chart.COLORS.items():
                width = sum(1 for px in line if px == colour)
                assert abs(width - row.counts[level] / row.answers * (x1 - x0)) <= 2


def test_chart_of_a_survey_without_answers_is_grey() -> None:
    rows = trainee_rows(COURSES, [])
    drawn = chart.draw_chart(rows, "none", EN)
    image = _image(drawn)
    x0, y0, x1, y1 = drawn.bars[0]
    assert {image.getpixel((x, (y0 + y1) // 2)) for x in range(x0 + 1, x1 - 1)} == {
        chart.EMPTY}


def test_xlsx_follows_annex_2_and_lists_responses() -> None:
    camp = {"unit": "技师学院", "category": "机械", "courses": COURSES}
    rows = trainee_rows(COURSES, ANSWERS)
    book = load_workbook(io.BytesIO(trainee_xlsx(camp, rows, ANSWERS, "3月", ZH)))
    sheet, listing = book.worksheets
    assert [sheet.cell(8, c).value for c in range(2, 8)] == ["学习课程", "授课人", "优秀", "良好",
                                                             "一般", "较差"]
    assert sheet["A7"].value == "评价项目" and sheet["D7"].value == "评价结果"
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert {"A9:A11", "A12:A15", "A16:A19", "B11:C11"} <= merged  # sections and overall rows
    assert [sheet.cell(r, 2).value for r in (9, 10, 11, 12, 16, 20)] == [
        "数控编程", "焊接", "综合评价", "教学内容", "组织管理", None]
    assert sheet["A20"].value == "满意度评价" and sheet["A21"].value == "意见与建议"
    assert [sheet.cell(10, c).value for c in range(4, 10)] == [0, 1, 1, 2, 4, 0.25]
    assert listing.max_row == 5 and listing["B1"].value == "数控编程（王工）"
    assert listing["D1"].value == "师资综合评价"  # item names, no codes
    assert listing["B2"].value == "优秀" and listing["N2"].value == "多些实操"


def test_csv_has_one_line_per_item_in_english_too() -> None:
    rows = trainee_rows(COURSES, ANSWERS)
    data = trainee_csv(rows, EN)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["Section", "What is rated", "Course", "Instructor", "Excellent", "Good",
                        "Fair", "Poor", "Answers", "Satisfaction rate (%)"]
    assert table[1] == ["Instructors", "数控编程 (王工)", "数控编程", "王工", "2", "1", "1",
                        "0", "4", "75.0"]
    assert table[-1][:2] == ["Satisfaction", "Overall satisfaction"] and len(table) == 13
    zh = list(csv.reader(io.StringIO(trainee_csv(rows, ZH).decode("utf-8-sig"))))
    assert zh[0][:2] == ["评价项目", "评价内容"]
    assert [line[1] for line in zh[1:4]] == ["数控编程（王工）", "焊接（赵工）", "师资综合评价"]


def test_employer_occupations_add_up_across_employers() -> None:
    answers = [{"company": "甲", "occupations": [
                   {"name": "数控车工", "senior_technicians": 1, "technicians": 2,
                    "senior_workers": 3, "demand": 4},
                   {"name": "钳工", "senior_technicians": 0, "technicians": 1,
                    "senior_workers": 1, "demand": 1}]},
               {"company": "乙", "occupations": [
                   {"name": "数控 车工", "senior_technicians": 1, "technicians": 1,
                    "senior_workers": 1, "demand": 1}]}]
    totals = occupation_totals(answers)
    assert [(t.name, t.employers, t.counts["demand"]) for t in totals] == [
        ("数控车工", 1, 4), ("数控 车工", 1, 1), ("钳工", 1, 1)]  # largest first
    answers[1]["occupations"][0]["name"] = " 数控车工 "
    first = occupation_totals(answers)[0]
    assert (first.name, first.employers, first.counts["senior_workers"]) == ("数控车工", 2, 4)
    book = load_workbook(io.BytesIO(employer_xlsx("T", answers, ZH)))
    assert [c.value for c in book.worksheets[1][2]] == ["数控车工", 2, 2, 3, 4, 5]


def test_score_sheet_xlsx_has_sections_subtotals_and_total() -> None:
    scores = [5.0] * 11 + [4.0] * 4 + [3.5] * 5
    data = {"unit": "学院", "trainees": 28, "year": "2025-2026", "scores": scores}
    sheet = load_workbook(io.BytesIO(score_xlsx(data, dt.date(2026, 3, 1), ZH))).worksheets[0]
    first, last = SCORE_FIRST_ROW, SCORE_FIRST_ROW + len(SCORE_ITEMS) - 1
    assert [sheet.cell(r, 2).value for r in (first, last)] == [1, 20]
    assert sheet.cell(first, 1).value == "培训过程 (55分)"
    assert [sheet.cell(4, c).value for c in range(1, 6)] == annex4.HEADS
    assert [sheet.cell(r, 3).value for r in range(first, last + 1)] == annex4.ITEMS
    assert [sheet.cell(r, 6).value for r in (first, first + 11, first + 15)] == [55, 16, 17.5]
    assert sheet.cell(last + 1, 5).value == 88.5 and sheet.cell(last + 1, 4).value == 100
    assert score_subtotals(scores) == {"process": 55, "trainees": 16, "service": 17.5}


def test_score_sheet_in_english_has_the_items_in_full() -> None:
    data = {"unit": "U", "trainees": 3, "year": "2025-2026", "scores": [5.0] * 20}
    sheet = load_workbook(io.BytesIO(score_xlsx(data, dt.date(2026, 3, 1), EN))).worksheets[0]
    assert sheet.cell(4, 3).value == "What is assessed, and the standard"
    assert sheet.cell(SCORE_FIRST_ROW, 3).value.startswith("Is the training plan carried out")


def test_the_annex_4_wording_kept_here_is_the_policy_text() -> None:
    lines = annex4.policy_lines()
    if lines is None:
        pytest.skip("the policy text (../shared/policies) is not beside this checkout")
    assert any(line.split("\t") == annex4.HEADS for line in lines)
    for n, item in enumerate(annex4.ITEMS, start=1):
        assert any(f"\t{n}\t{item}\t" in f"\t{line}\t" for line in lines), item


def test_payloads_are_unguessable_and_within_telegram_rules() -> None:
    tokens = {links.new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in list(tokens)[:20]:
        for kind, payload in (("campaign", links.campaign_payload(token)),
                              ("invite", links.invite_payload(token))):
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
            assert links.parse_payload(payload) == (kind, token)
    for bad in ("sv_", "sv_short", "sv_" + "a" * 23, "xx_" + "a" * 22, "sv_" + "a" * 21 + "!"):
        assert links.parse_payload(bad) is None


def test_respondent_key_is_stable_per_campaign_and_secret() -> None:
    key = links.respondent_key("s1", 5, 123456789)
    assert key == links.respondent_key("s1", 5, 123456789) and len(key) == 64
    assert "123456789" not in key
    assert len({key, links.respondent_key("s1", 6, 123456789),
                links.respondent_key("s2", 5, 123456789),
                links.respondent_key("s1", 5, 123456780)}) == 4


def test_deep_link_uses_the_bot_username_when_known() -> None:
    class Services:
        pass

    services = Services()
    assert links.deep_link(services, "sv_x") == "/start sv_x"
    links.set_bot_username(services, "craft_bot")
    assert links.deep_link(services, "sv_x") == "https://t.me/craft_bot?start=sv_x"
    png = links.qr_png("https://t.me/craft_bot?start=sv_x")
    assert Image.open(io.BytesIO(png)).format == "PNG"
