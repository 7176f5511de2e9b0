"""Answer a rules-driven check through the fake Bot API, whatever order it asks in.

A script maps a fragment of a question to the answer: a button label to tap, or text
to type. The walk stops when the newest message matches no question of the script
(the result), and fails if a question repeats endlessly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tap:
    label: str


def question_matches(text: str, script: dict[str, Any]) -> str | None:
    """The fragment that stands latest in the text: the question comes last, after any
    note such as "reused from your profile: date of birth"."""
    found = [(text.rfind(fragment), fragment) for fragment in script if fragment in text]
    return max(found)[1] if found else None


async def walk(api: Any, user: Any, script: dict[str, Any], max_steps: int = 15
               ) -> tuple[str, list[str]]:
    """Answer until the result; return (result text, fragments asked in order)."""
    asked: list[str] = []
    for _ in range(max_steps):
        msg = api.last_bot_message(user.id)
        is_question = any(data.startswith(("a:", "n:")) for _, data in msg.buttons if data)
        fragment = question_matches(msg.text, script) if is_question else None
        if fragment is None:
            if is_question:
                raise AssertionError(f"unexpected question: {msg.text}")
            return msg.text, asked
        asked.append(fragment)
        answer = script[fragment]
        if isinstance(answer, Tap):
            await user.click_and_wait(answer.label, msg.message_id)
        else:
            await user.send_and_wait(answer)
    raise AssertionError(f"no result after {max_steps} answers; asked {asked}")


def all_text(api: Any, chat_id: int) -> str:
    return "\n".join(m.text or m.caption or "" for m in api.chat(chat_id))
