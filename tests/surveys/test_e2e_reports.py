"""Survey reports end to end through the fake Bot API, in Chinese and English: nothing of
the results before SURVEY_MIN_RESPONSES (default 3) responses; then the results by item
name with 意见与建议, a long comment kept whole (with the trainee's consent), and the
chart drawn in the reader's language with item names. The two charts are written to
var/ (survey-chart-zh.png, survey-chart-en.png) for a person to look at. An English
trainee whose survey closes half-way is told at the next answer."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from bot.dialogs.surveys.effects import chart
from storage.models import SurveyResponse
from tests.e2e.harness import running_bot
from tests.surveys.chatting import (
    LABEL,
    create_trainee_campaign,
    rows,
    texts,
    visible,
)

OFFICER = 7_500_000_001
TRAINEES = (7_500_000_011, 7_500_000_022, 7_500_000_033, 7_500_000_044)
COURSES = (("数控编程", "王工"), ("精密测量", "李老师"))
LONG = "希望增加实操课时，" * 200  # 1,800 characters: over the form's box
VAR = Path(__file__).resolve().parents[2] / "var"


async def answer(api, user_id: int, payload: str, ratings: str, comment: str | None,
                 language: str = "zh-hans") -> str:
    user = api.user(user_id, "T", language_code=language)
    await user.send_and_wait(f"/start {payload}")
    for code in ratings:
        await user.click_and_wait(LABEL[code])
    if comment is None:
        await user.click_and_wait("没有意见和建议")
    else:
        await user.send_and_wait(comment)
        if len(comment) > 1000:
            assert f"您的意见有{len(comment)}个字" in visible(user)
            await user.click_and_wait(f"✅ 全部保留（{len(comment)}个字）")
    return texts(await user.click_and_wait("✅ 提交答案"))


async def results(officer, campaign: int) -> str:
    await officer.press_and_wait(officer.last_message.message_id,
                                 f"svy:c:{campaign}:results", check=False)
    return visible(officer)


async def test_results_wait_for_three_responses_then_show_names_comments_and_charts(
        fake_api, sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[OFFICER]):
        officer = fake_api.user(OFFICER, "Officer")
        payload, campaign, _ = await create_trainee_campaign(officer, COURSES)
        assert "谢谢" in await answer(fake_api, TRAINEES[0], payload, "EG" + "E" * 10, "多些实操")
        assert "谢谢" in await answer(fake_api, TRAINEES[1], payload, "GF" + "G" * 10, None)

        said = await results(officer, campaign)
        assert "答卷：2份" in said and "满3份答卷才显示结果；目前有2份" in said
        assert "数控编程" not in said and "多些实操" not in said  # no counts, no comments
        buttons = [d for _, d in officer.last_message.buttons]
        assert not any(d.endswith((":chart", ":xlsx", ":csv")) for d in buttons)
        forced = texts(await officer.press_and_wait(officer.last_message.message_id,
                                                    f"svy:c:{campaign}:xlsx", check=False))
        assert "满3份答卷才显示结果" in forced
        assert not fake_api.calls_of("sendDocument", OFFICER)

        assert "谢谢" in await answer(fake_api, TRAINEES[2], payload, "FE" + "P" * 10, LONG)
        stored = {r.answers["suggestions"] for r in await rows(sqlite_url, SurveyResponse)}
        assert LONG in stored  # kept whole, not refused

        said = await results(officer, campaign)
        assert "答卷：3份" in said
        assert "数控编程（王工）: 优秀 1 · 良好 1 · 一般 1 · 较差 0" in said, said
        assert "满意度评价: 优秀 1 · 良好 1 · 一般 0 · 较差 1" in said
        assert "C1" not in said and " O:" not in said  # item names, never codes
        assert "意见与建议" in said
        # listed in the order of the responses' random keys, not of arrival
        assert re.search(r"^[12]\. 多些实操$", said, re.M) and f"（共{len(LONG)}字）" in said
        await officer.click_and_wait("📈 图表")
        zh = officer.last_message
        assert zh.kind == "photo" and "各项满意度（3份答卷）" in zh.caption

        await officer.send_and_wait("/lang")
        await officer.click_and_wait("English")
        said = await results(officer, campaign)
        assert "CNC" not in said and "数控编程 (王工): Excellent 1 · Good 1" in said, said
        assert "Suggestions" in said and re.search(r"^[12]\. 多些实操$", said, re.M)
        await officer.click_and_wait("📈 Chart")
        en = officer.last_message
        assert en.kind == "photo" and "satisfaction per item (3 responses)" in en.caption

    VAR.mkdir(exist_ok=True)
    for name, photo in (("zh", zh), ("en", en)):
        (VAR / f"survey-chart-{name}.png").write_bytes(photo.file_bytes)
    images = [Image.open(io.BytesIO(p.file_bytes)).convert("RGB") for p in (zh, en)]
    assert images[0].size == images[1].size and images[0].tobytes() != images[1].tobytes()
    for image in images:
        assert chart.COLORS["excellent"] in {image.getpixel((x, y)) for x in range(0, 1000, 5)
                                             for y in range(0, image.height, 5)}


async def test_an_english_trainee_is_told_at_once_when_the_survey_closes(fake_api,
                                                                        sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[OFFICER]):
        officer = fake_api.user(OFFICER, "Officer")
        payload, campaign, _ = await create_trainee_campaign(officer, COURSES)
        trainee = fake_api.user(TRAINEES[3], "Ann", language_code="en")
        await trainee.send_and_wait(f"/start {payload}")
        await trainee.click_and_wait("Excellent")
        assert "(2/14)" in visible(trainee)
        await officer.press_and_wait(officer.last_message.message_id,
                                     f"svy:c:{campaign}:closeok", check=False)
        said = texts(await trainee.click_and_wait("Good"))
        assert "This survey closed on" in said and "can no longer be answered" in said, said
        assert "(3/14)" not in said
        assert await rows(sqlite_url, SurveyResponse) == []
