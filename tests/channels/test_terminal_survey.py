"""Surveys in the terminal channel (zh and en): an officer makes a trainee survey from the
menu, and a trainee opens its link with `/start <payload>`, rates, submits, and is told a
second time that the answers are in (nothing links them to the person)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from bot.config import load_settings
from bot.handlers.terminal import TERMINAL_USER_ID, TerminalChat, plain
from bot.services import Services

PAYLOAD = re.compile(r"sv_[A-Za-z0-9_-]+")
WORDS = {
    "zh-hans": {"lang": "中文", "role": "技能人才", "no": "不用了", "entry": "满意度调查与考核",
                "new": "学员满意度调查", "city": "南京市", "today": "今天",
                "make": "创建调查", "rate": "优秀", "none": "没有", "submit": "提交",
                "thanks": "谢谢", "again": "已经"},
    "en": {"lang": "English", "role": "Skilled worker", "no": "No thanks",
           "entry": "Surveys and scoring", "new": "trainee",
           "city": "Nanjing", "today": "Today", "make": "Create the survey",
           "rate": "Excellent", "none": "No", "submit": "Submit", "thanks": "Thank",
           "again": "already"},
}


class Terminal:
    """One terminal session, tapped by the label a person reads (typed as `#n`)."""

    def __init__(self, services: Services, language_code: str) -> None:
        self.out = io.StringIO()
        self.chat = TerminalChat(services, out=self.out, language_code=language_code)

    async def say(self, line: str) -> str:
        start = len(self.out.getvalue())
        await self.chat.send(line)
        return self.out.getvalue()[start:]

    async def tap(self, label: str) -> str:
        found = [i for i, b in enumerate(self.chat.buttons, 1) if label in plain(b.label)]
        assert found, (label, [plain(b.label) for b in self.chat.buttons],
                       self.out.getvalue()[-1500:])
        return await self.say(f"#{found[0]}")


@pytest.mark.parametrize("language_code", ["zh-hans", "en"])
async def test_a_survey_made_and_answered_in_the_terminal(sqlite_url, language_code) -> None:
    w = WORDS[language_code]
    services = Services.create(load_settings(database_url=sqlite_url, _env_file=None,
                                             admin_ids=str(TERMINAL_USER_ID)))
    try:
        term = Terminal(services, language_code)
        await term.say("/start")
        await term.tap(w["lang"])
        await term.tap(w["role"])
        await term.tap(w["no"])
        await term.say("/menu")
        await term.tap(w["entry"])
        await term.tap(w["new"])
        await term.tap(w["city"])
        await term.say("江苏省技师学院")
        await term.say("机械制造")
        await term.say("数控编程 / 王工")
        await term.tap(w["today"])
        close = dt.date.today() + dt.timedelta(days=10)
        await term.say(close.isoformat())
        made = await term.tap(w["make"])
        found = PAYLOAD.search(made)
        assert found, made

        opened = await term.say(f"/start {found.group(0)}")
        assert "数控编程" in opened, opened
        for _ in range(20):  # one rating per rated question, until the suggestions
            if not any(w["rate"] in plain(b.label) for b in term.chat.buttons):
                break
            await term.tap(w["rate"])
        await term.tap(w["none"])
        done = await term.tap(w["submit"])
        assert w["thanks"] in done, done
        again = await term.say(f"/start {found.group(0)}")
        assert w["again"] in again, again
        assert "Traceback" not in term.out.getvalue()
    finally:
        await services.close()
