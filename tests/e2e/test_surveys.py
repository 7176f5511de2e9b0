"""Trainee satisfaction survey (annex 2) end to end: the real bot against the fake Bot API.

An officer creates a campaign in chat and gets a t.me link and a QR code; three trainees
open the link at the same time (one goes back to change an answer, one comes back after
submitting and is told answers cannot be changed, one abandons halfway); the officer gets the counts, a chart (PNG,
measured), an XLSX and a CSV (read back), reminds the one who did not finish and closes
the survey. Refusals: a non-officer asking for results, a second response, a closed
campaign, forged links; each stores nothing. The response rows hold no Telegram id or
name.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io

from openpyxl import load_workbook
from PIL import Image

from bot.delivery.worker import start_dispatcher
from bot.dialogs.surveys.effects import chart
from bot.dialogs.surveys.effects.links import qr_png
from bot.dialogs.surveys.effects.stats import trainee_rows
from bot.i18n import get_translator
from storage.models import DialogStateRow, SurveyResponse, SurveyStart, User
from tests.e2e.harness import bot_settings, running_bot
from tests.surveys.chatting import (
    LABEL,
    OFFICER_ENTRY,
    answer_trainee,
    create_trainee_campaign,
    expected_counts,
    rows,
    texts,
    visible,
)

OFFICER, TRAINEE_A, TRAINEE_B, TRAINEE_C = 7_100_000_001, 7_200_000_011, 7_200_000_022, \
    7_200_000_033
LATE, FORGER = 7_200_000_044, 7_200_000_055
NAMES = {TRAINEE_A: "Meihua", TRAINEE_B: "Jianguo", TRAINEE_C: "Xiaoyan"}
COURSES = (("数控编程", "王工"), ("精密测量", "李老师"), ("工业机器人", "张老师"))
A = "EGEGEFGEEGFGE"  # 13 ratings: 3 courses, then the 10 fixed items
B_FIRST = "GGFEGGGFEGGEG"
LEVELS = ("excellent", "good", "fair", "poor")
ZH = get_translator("zh_CN")


async def trainee_a(api, payload: str) -> None:
    a = api.user(TRAINEE_A, NAMES[TRAINEE_A], username="meihua_li")
    await a.send_and_wait(f"/start {payload}")
    assert "（1/15）" in visible(a) and "数控编程" in visible(a)
    await a.click_and_wait("优秀")
    await a.click_and_wait("一般")  # a slip on course 2 ...
    assert "（3/15）" in visible(a)
    said = texts(await a.send_and_wait("随便"))  # free text where buttons are expected
    assert "请点击下方的按钮作答" in said and "（3/15）" in said
    await a.click_and_wait("⬅️ 上一步")  # ... corrected with Back
    assert "（2/15）" in visible(a) and "精密测量" in visible(a)
    await a.click_and_wait("良好")
    for code in A[2:]:
        await a.click_and_wait(LABEL[code])
    await a.send_and_wait("希望增加实操课时")
    assert "精密测量（李老师）：良好" in visible(a)  # the check before submitting, by name
    assert "C2" not in visible(a) and "✏️ 精密测量（李老师）" in str(a.last_message.buttons)
    assert "谢谢" in texts(await a.click_and_wait("✅ 提交答案"))


async def trainee_b(api, payload: str) -> None:
    b = api.user(TRAINEE_B, NAMES[TRAINEE_B])
    await b.send_and_wait(f"/start {payload}")
    assert "谢谢" in texts(await answer_trainee(b, B_FIRST, None))


async def trainee_c(api, payload: str) -> None:
    c = api.user(TRAINEE_C, NAMES[TRAINEE_C])
    await c.send_and_wait(f"/start {payload}")
    for _ in range(5):
        await c.click_and_wait("优秀")  # ... and then stops answering
    assert "（6/15）" in visible(c)


async def second_response_refused(api, db_url: str, payload: str) -> None:
    """Nothing links a response to its respondent, so a second visit can neither add one
    nor change the first: the trainee is told so, and no button offers a change."""
    b = api.user(TRAINEE_B)
    said = texts(await b.send_and_wait(f"/start {payload}"))
    assert "您已经回答过本调查" in said and "未记录任何内容" in said and "无法查看或修改" in said
    assert not [label for label, _ in b.last_message.buttons if "修改" in label]
    assert len(await rows(db_url, SurveyResponse)) == 2  # nothing new stored
    said = texts(await b.press_and_wait(b.last_message.message_id, f"svy:edit:{payload}",
                                        check=False))  # a button of an earlier version
    assert "无法查看或修改" in said
    assert len(await rows(db_url, SurveyResponse)) == 2


async def non_officer_is_refused(api, campaign: int) -> None:
    a = api.user(TRAINEE_A)
    await a.send_and_wait("/menu")
    assert OFFICER_ENTRY not in [label for label, _ in a.last_message.buttons]
    for data in (f"svy:c:{campaign}:results", f"svy:c:{campaign}:xlsx", "svy:list",
                 "svy:new:trainee", f"svy:c:{campaign}:remind"):
        said = texts(await a.press_and_wait(a.last_message.message_id, data, check=False))
        assert "只有满意度调查负责人可以查看调查和结果" in said, said
    assert not api.calls_of("sendDocument", TRAINEE_A) and not api.calls_of("sendPhoto",
                                                                            TRAINEE_A)


def check_chart(png: bytes, expected: list[dict[str, int]]) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert Image.open(io.BytesIO(png)).format == "PNG"
    rows = trainee_rows([{"course": c, "teacher": t} for c, t in COURSES],
                        [{"courses": ["good"] * 3, "items": {}}])
    drawn = chart.draw_chart(rows, "x", ZH)  # the same layout: where the bars are
    assert image.size == (drawn.width, drawn.height)
    for (x0, y0, x1, y1), counts in zip(drawn.bars, expected, strict=False):
        line = [image.getpixel((x, (y0 + y1) // 2)) for x in range(x0, x1)]
        for level in LEVELS:
            width = sum(1 for px in line if px == chart.COLORS[level])
            share = counts[level] / sum(counts.values())
            assert abs(width - share * (x1 - x0)) <= 2, (level, width)


def check_xlsx(data: bytes, expected: list[dict[str, int]]) -> None:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == "培育对象满意度调查表（汇总）"
    assert sheet["B2"].value == "江苏省技师学院" and sheet["B3"].value == "机械制造"
    assert sheet["B5"].value == 2  # responses
    by_label = {}
    for r in range(9, sheet.max_row + 1):
        by_label.setdefault(sheet.cell(r, 2).value, r)
    checks = [("数控编程", 0), ("精密测量", 1), ("工业机器人", 2), ("教学内容", 4),
              ("组织管理", 8)]
    for label, index in checks:
        r = by_label[label]
        counts = [sheet.cell(r, c).value for c in range(4, 8)]
        assert counts == [expected[index][lv] for lv in LEVELS], label
        assert sheet.cell(r, 8).value == 2
        satisfied = expected[index]["excellent"] + expected[index]["good"]
        assert abs(sheet.cell(r, 9).value - satisfied / 2) < 1e-9
    assert sheet.cell(by_label["数控编程"], 3).value == "王工"
    assert sheet.cell(9, 1).value == "师资评价"
    suggestion_row = next(r for r in range(9, sheet.max_row + 1)
                          if sheet.cell(r, 1).value == "意见与建议")
    assert "希望增加实操课时" in sheet.cell(suggestion_row, 2).value
    assert load_workbook(io.BytesIO(data)).worksheets[1].max_row == 3  # header + 2


def check_csv(data: bytes, expected: list[dict[str, int]]) -> None:
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:2] == ["评价项目", "评价内容"] and table[0][-1] == "满意率（%）"
    lines = {line[1]: line for line in table[1:]}
    names = ["数控编程（王工）", "精密测量（李老师）", "工业机器人（张老师）", "师资综合评价",
             "教学内容"]
    assert list(lines)[:4] == names[:4] and "满意度评价" in lines  # names, no codes
    for index, name in enumerate(names):
        assert [int(v) for v in lines[name][4:8]] == [expected[index][lv] for lv in LEVELS]
        assert lines[name][8] == "2"


async def officer_results(api, campaign: int, expected: list[dict[str, int]]) -> None:
    officer = api.user(OFFICER)
    await officer.send_and_wait("/menu")
    await officer.click_and_wait(OFFICER_ENTRY)
    await officer.click_and_wait("📋 调查与结果")
    await officer.press_and_wait(officer.last_message.message_id, f"svy:c:{campaign}:results")
    said = visible(officer)
    assert "答卷：2份。已开始但未完成：1人。" in said, said
    c1 = expected[0]
    rate = ZH.percent((c1["excellent"] + c1["good"]) / 2)
    assert (f"数控编程（王工）: 优秀 {c1['excellent']} · 良好 {c1['good']} · "
            f"一般 {c1['fair']} · 较差 {c1['poor']} → {rate}") in said
    await officer.click_and_wait("📈 图表", timeout=30)  # the first chart loads matplotlib
    photo = officer.last_message
    assert photo.kind == "photo" and "各项满意度（2份答卷）" in photo.caption
    check_chart(photo.file_bytes, expected)
    await officer.click_and_wait("📄 Excel表格", timeout=30)  # and openpyxl
    check_xlsx(officer.last_message.file_bytes, expected)
    await officer.click_and_wait("🧾 CSV文件")
    check_csv(officer.last_message.file_bytes, expected)


async def remind_unfinished(api, db_url: str, payload: str) -> None:
    officer = api.user(OFFICER)
    said = texts(await officer.click_and_wait("🔔 提醒1位未完成的人"))
    assert "已为1位已开始但未完成的人中的1位安排提醒" in said, said
    handle = await start_dispatcher(bot_settings(api, db_url))
    try:
        await api.wait_for(lambda: any("提醒" in (m.text or "") and payload in (m.text or "")
                                       for m in api.chat(TRAINEE_C)),
                           timeout=10, what="the reminder to trainee C")
    finally:
        await handle.stop()
    for other in (TRAINEE_A, TRAINEE_B):
        assert not any("📝 提醒" in (m.text or "") for m in api.chat(other))


async def close_and_refuse(api, db_url: str, campaign: int, payload: str) -> None:
    officer = api.user(OFFICER)
    await officer.press_and_wait(officer.last_message.message_id,
                                 f"svy:c:{campaign}:results", check=False)
    await officer.click_and_wait("🔒 立即结束")
    assert "调查已结束" in texts(await officer.click_and_wait("🔒 确定结束"))
    c = api.user(TRAINEE_C)  # comes back after the close: told at the first answer
    said = texts(await c.click_and_wait("良好"))
    assert "这次调查已于" in said and "不能再填写" in said and "没有保存" in said, said
    assert "（7/15）" not in visible(c)
    late = api.user(LATE)
    said = texts(await late.send_and_wait(f"/start {payload}"))
    assert "这次调查已于" in said and "没有记录任何内容" in said
    assert len(await rows(db_url, SurveyResponse)) == 2
    assert [s.telegram_id for s in await rows(db_url, SurveyStart)] == [TRAINEE_C]


async def forged_links(api, db_url: str) -> None:
    forger = api.user(FORGER)
    for payload in ("sv_" + "A" * 22, "sv_short", "of_" + "B" * 22):
        said = texts(await forger.send_and_wait(f"/start {payload}"))
        assert "链接无效" in said and ("没有记录任何内容" in said or "没有任何改动" in said), said
    user = (await rows(db_url, User, User.telegram_id == FORGER))[0]
    assert await rows(db_url, DialogStateRow, DialogStateRow.user_id == user.id) == []
    assert await rows(db_url, SurveyStart, SurveyStart.telegram_id == FORGER) == []


async def check_anonymity(db_url: str) -> None:
    responses = await rows(db_url, SurveyResponse)
    assert len(responses) == 2
    columns = set(SurveyResponse.__table__.columns.keys())
    assert columns == {"id", "campaign_id", "answers", "submitted_on"}
    for row in responses:
        dump = " ".join(str(getattr(row, col)) for col in columns)
        for telegram_id, name in NAMES.items():
            assert str(telegram_id) not in dump and name not in dump
        assert "meihua_li" not in dump and "Test" not in dump
        assert isinstance(row.submitted_on, dt.date)  # the day only


async def test_trainee_survey_end_to_end(fake_api, db_url) -> None:
    async with running_bot(fake_api, db_url, admin_ids=[OFFICER], survey_min_responses=2):
        officer = fake_api.user(OFFICER, "Officer")
        payload, campaign, said = await create_trainee_campaign(officer, COURSES)
        assert f"https://t.me/craftbot_test_bot?start={payload}" in said
        assert len(payload) <= 64 and payload.startswith("sv_")
        qr = officer.last_message
        assert qr.kind == "photo" and qr.file_bytes == qr_png(
            f"https://t.me/craftbot_test_bot?start={payload}")
        await asyncio.gather(trainee_a(fake_api, payload), trainee_b(fake_api, payload),
                             trainee_c(fake_api, payload))
        await second_response_refused(fake_api, db_url, payload)
        await non_officer_is_refused(fake_api, campaign)
        expected = expected_counts([A, B_FIRST])
        await officer_results(fake_api, campaign, expected)
        await remind_unfinished(fake_api, db_url, payload)
        await close_and_refuse(fake_api, db_url, campaign, payload)
        await forged_links(fake_api, db_url)
    await check_anonymity(db_url)
