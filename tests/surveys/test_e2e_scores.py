"""The acceptance score sheet (annex 4) end to end: an assessor appointed by link scores a
training unit, sees the section subtotals and the total, and gets the sheet as XLSX."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from storage.models import ScoreSheet
from tests.e2e.harness import running_bot
from tests.surveys import annex4
from tests.surveys.chatting import OFFICER_ENTRY, rows, texts, visible
from tests.surveys.test_e2e_employer import appoint

ADMIN, ASSESSOR, STRANGER = 7_400_000_001, 7_400_000_002, 7_400_000_003
# Items 1-11 (process, 55), 12-15 (trainees, 20), 16-20 (service, 25)
SCORES = [5, 4, 4.5, 5, 3, 4, 5, 5, 4, 3, 5, 4, 4, 3.5, 5, 5, 4, 4, 5, 3]


async def test_assessor_scores_a_training_unit(fake_api, sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN]):
        fake_api.user(ADMIN, "Admin")
        invite = await appoint(fake_api, ADMIN, "考核人", "南京市")
        assessor = fake_api.user(ASSESSOR, "Kao")
        await assessor.send_and_wait(f"/start {invite}")
        await assessor.click_and_wait("✅ 接受")
        labels = [label for label, _ in assessor.last_message.buttons]
        assert "📝 承训单位考核验收表" in labels and OFFICER_ENTRY not in labels

        said = texts(await assessor.press_and_wait(assessor.last_message.message_id,
                                                   "svy:list", check=False))
        assert "只有满意度调查负责人" in said  # an assessor sees no survey results

        await assessor.click_and_wait("📝 承训单位考核验收表")
        # an assessor for one city is not asked to choose among one city
        assert "（1/24）" in visible(assessor) and "南京市" not in str(
            assessor.last_message.buttons)
        await assessor.send_and_wait("江苏省技师学院")
        await assessor.send_and_wait("30人")
        year = next(label for label, d in assessor.last_message.buttons if d.startswith("a:")
                    and label[:4].isdigit())
        await assessor.click_and_wait(year)
        assert "（4/24）" in visible(assessor) and "本部分目前得分：0/55" in visible(assessor)
        assert "请输入0到5之间的数值" in texts(await assessor.send_and_wait("6"))
        assert "整分或半分" in texts(await assessor.send_and_wait("4.3"))
        for n, score in enumerate(SCORES, start=1):
            if isinstance(score, float):
                await assessor.send_and_wait(str(score))
            else:
                await assessor.click_and_wait(str(score))
            if n == 11:
                assert "本部分目前得分：0/20" in visible(assessor)
            if n == 10:
                assert f"本部分目前得分：{sum(SCORES[:10]):g}/55" in visible(assessor)
        shown = visible(assessor)
        process, trainees, service = sum(SCORES[:11]), sum(SCORES[11:15]), sum(SCORES[15:])
        assert f"培训过程：{process:g}/55" in shown and f"学员效果：{trainees:g}/20" in shown
        assert f"管理服务：{service:g}/25" in shown
        assert f"总分：{sum(SCORES):g}/100" in shown
        await assessor.click_and_wait("✅ 保存并导出")
        document = assessor.last_message
        assert document.kind == "document" and f"总分{sum(SCORES):g}/100" in document.caption
        sheet = load_workbook(io.BytesIO(document.file_bytes)).worksheets[0]
        assert sheet["A1"].value == "承训单位考核验收表" and sheet["B3"].value == "江苏省技师学院"
        assert sheet["E3"].value == 30 and year in sheet["A2"].value
        assert [sheet.cell(r, 5).value for r in range(5, 25)] == SCORES
        assert [sheet.cell(r, 6).value for r in (5, 16, 20)] == [process, trainees, service]
        assert sheet.cell(25, 1).value == "总计" and sheet.cell(25, 5).value == sum(SCORES)
        # the annex's own wording: the column heads and every item, word for word
        assert [sheet.cell(4, c).value for c in range(1, 6)] == annex4.HEADS
        assert [sheet.cell(r, 3).value for r in range(5, 25)] == annex4.ITEMS
        assert sheet.cell(5, 1).value == "培训过程 (55分)"

        stranger = fake_api.user(STRANGER)
        await stranger.send_and_wait("/menu")
        said = texts(await stranger.press_and_wait(stranger.last_message.message_id,
                                                   "svy:score", check=False))
        assert "只有考核人和调查负责人可以填写考核验收表" in said
        sheets = await rows(sqlite_url, ScoreSheet)
        assert [(s.assessor_id, s.city, s.scores) for s in sheets] == [
            (ASSESSOR, "nanjing", SCORES)]
        said = texts(await stranger.press_and_wait(stranger.last_message.message_id,
                                                   f"svy:sheet:{sheets[0].id}", check=False))
        assert "只有考核人" in said and not fake_api.calls_of("sendDocument", STRANGER)

        admin = fake_api.user(ADMIN)
        await admin.send_and_wait("/menu")
        await admin.click_and_wait(OFFICER_ENTRY)
        await admin.click_and_wait("🗂 考核表")
        await admin.press_and_wait(admin.last_message.message_id, f"svy:sheet:{sheets[0].id}")
        exported = load_workbook(io.BytesIO(admin.last_message.file_bytes)).worksheets[0]
        assert exported.cell(25, 5).value == sum(SCORES)
