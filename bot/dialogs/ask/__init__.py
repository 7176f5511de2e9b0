"""Questions in one's own words ("💬 Ask a question", or any text outside a dialog):
the matching programmes and articles, with a button to check one's case."""

from __future__ import annotations

from bot.dialogs.ask import answer
from bot.dialogs.engine.registry import Feature

FEATURE = Feature(name="ask", text=answer.answer, digression=answer.digression)
