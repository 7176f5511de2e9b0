"""Appointing a city officer with a one-time link, and the employer survey (annex 3) that
officer runs, end to end through the fake Bot API."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from storage.models import SurveyOfficer
from tests.e2e.harness import running_bot
from tests.surveys.chatting import (
    LINK,
    OFFICER_ENTRY,
    create_trainee_campaign,
    open_officer_menu,
    rows,
    texts,
    visible,
)

ADMIN, SUZHOU_OFFICER, LATECOMER = 7_300_000_001, 7_300_000_002, 7_300_000_003
EMPLOYER_1, EMPLOYER_2 = 7_300_000_011, 7_300_000_012


async def appoint(api, admin_id: int, role_label: str, city: str) -> str:
    admin = api.user(admin_id)
    await open_officer_menu(admin)
    await admin.click_and_wait("👥 任命负责人或考核人")
    await admin.click_and_wait(role_label)
    await admin.click_and_wait(city)
    said = texts(await admin.click_and_wait("✅ 生成链接"))
    found = LINK.search(said)
    assert found and found.group(2).startswith("of_"), said
    return found.group(2)


async def answer_employer(user, company: str, occupations: list[tuple[str, str]]) -> str:
    await user.send_and_wait(company)
    for n, (name, counts) in enumerate(occupations):
        await user.send_and_wait(name)
        await user.send_and_wait(counts)
        if n == len(occupations) - 1 and n < 2:
            await user.click_and_wait("没有其他职业了")
    await user.send_and_wait("精密零件加工一致性差")
    await user.send_and_wait("缺少实训设备；希望学习智能制造")
    await user.click_and_wait("暂无人员参加")
    await user.click_and_wait("没有了")
    return texts(await user.click_and_wait("✅ 提交答案"))


async def test_city_officer_appointed_by_link_runs_an_employer_survey(fake_api, sqlite_url
                                                                       ) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN], survey_min_responses=2):
        fake_api.user(ADMIN, "Admin")
        invite = await appoint(fake_api, ADMIN, "满意度调查负责人", "苏州市")
        officer = fake_api.user(SUZHOU_OFFICER, "Su")
        await officer.send_and_wait(f"/start {invite}")
        assert "任命您为苏州市的满意度调查负责人" in visible(officer)
        said = texts(await officer.click_and_wait("✅ 接受"))
        assert "您现在是苏州市的满意度调查负责人" in said
        assert OFFICER_ENTRY in [label for label, _ in officer.last_message.buttons]
        late = fake_api.user(LATECOMER)
        assert "已被使用" in texts(await late.send_and_wait(f"/start {invite}"))
        assert [(o.telegram_id, o.city) for o in await rows(sqlite_url, SurveyOfficer)] == [
            (SUZHOU_OFFICER, "suzhou")]

        # the administrator's Nanjing survey is not the Suzhou officer's business
        _, nanjing, _ = await create_trainee_campaign(fake_api.user(ADMIN), [("焊接", "赵工")])
        said = texts(await officer.press_and_wait(officer.last_message.message_id,
                                                  f"svy:c:{nanjing}:results", check=False))
        assert "找不到这一项" in said

        await open_officer_menu(officer)
        await officer.click_and_wait("➕ 新建用人单位调查")
        # an officer of one city is not asked to choose among one city
        assert "（1/4）" in visible(officer) and "标题" in visible(officer)
        assert not [label for label, _ in officer.last_message.buttons if "市" in label]
        await officer.send_and_wait("2026年度用人单位调查")
        await officer.click_and_wait("今天")
        await officer.click_and_wait("一周后")
        said = texts(await officer.click_and_wait("✅ 创建调查"))
        payload = LINK.search(said).group(2)

        first = fake_api.user(EMPLOYER_1, "Zhou")
        await first.send_and_wait(f"/start {payload}")
        assert "用人单位调查和评价" in visible(first) and "（1/12）" in visible(first)
        await first.send_and_wait("苏州精工机械有限公司")
        await first.send_and_wait("数控车工")
        assert "请输入四个整数" in texts(await first.send_and_wait("2 5 18"))
        await first.send_and_wait("2 5 18 10")
        await first.send_and_wait("钳工")
        await first.send_and_wait("高级技师1，技师3，高级工12，需求6")
        await first.click_and_wait("没有其他职业了")
        await first.send_and_wait("精密零件加工一致性差")
        await first.send_and_wait("缺少实训设备；希望学习智能制造")
        await first.send_and_wait("两人已能独立带徒")
        await first.click_and_wait("没有了")
        assert "谢谢" in texts(await first.click_and_wait("✅ 提交答案"))
        second = fake_api.user(EMPLOYER_2, "Wu")
        await second.send_and_wait(f"/start {payload}")
        assert "谢谢" in await answer_employer(second, "吴江纺机厂", [("数控车工", "1 1 1 1")])

        await officer.send_and_wait("/menu")
        await officer.click_and_wait(OFFICER_ENTRY)
        await officer.click_and_wait("📋 调查与结果")
        listed = [d for _, d in officer.last_message.buttons if d.startswith("svy:c:")]
        assert f"svy:c:{nanjing}:results" not in listed and len(listed) == 1
        await officer.press_and_wait(officer.last_message.message_id, listed[0])
        said = visible(officer)
        assert "答卷：2份" in said
        assert "数控车工: 高级技师 3, 技师 6, 高级工 19, 培训需求数 11" in said, said
        await officer.click_and_wait("📄 Excel表格")
        book = load_workbook(io.BytesIO(officer.last_message.file_bytes))
        summary, occupations = book.worksheets
        assert summary["A1"].value == "2026年度用人单位调查"
        # responses are stored under random keys: their rows come in no set order
        row = {summary.cell(r, 2).value: r for r in (3, 4)}
        first_row, second_row = row["苏州精工机械有限公司"], row["吴江纺机厂"]
        assert [c.value for c in summary[first_row]][1:7] == ["苏州精工机械有限公司", "数控车工",
                                                              2, 5, 18, 10]
        assert (summary[f"H{first_row}"].value, summary[f"K{first_row}"].value,
                summary[f"L{first_row}"].value) == ("钳工", 12, 6)
        assert summary[f"H{second_row}"].value in (None, "")
        assert summary[f"G{second_row}"].value == 1
        assert [c.value for c in occupations[2]] == ["数控车工", 2, 3, 6, 19, 11]
        await officer.click_and_wait("🧾 CSV文件")
        table = list(csv.reader(io.StringIO(officer.last_message.file_bytes.decode("utf-8-sig"))))
        assert table[0][:3] == ["序号", "填报单位", "职业（工种）1"] and len(table) == 3
        by_unit = {r[1]: r for r in table[1:]}
        assert by_unit["吴江纺机厂"][2:7] == ["数控车工", "1", "1", "1", "1"]
