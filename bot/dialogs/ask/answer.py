"""Free-text questions outside any step: the best matching programmes and articles.

`answer(text, env)` asks knowledge.search, shows the top hits with their citation, the
article in our own words and the document's status, and offers a button to start the
check of each programme found, and beside them the officials' answers published as FAQ
entries (bot/dialogs/handoff/faq.py), labelled as such with their date. Nothing found:
it says so and offers to send the question to an officer (bot/dialogs/handoff/); it never
states an amount the articles do not give.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from bot.dialogs.checks.result import document_name
from bot.dialogs.engine.types import N_, Button, Env, Outcome, Reply
from bot.dialogs.home.menu import menu_button, menu_reply
from knowledge.articles import article_label

LIMIT = 3
STATUS = {
    "draft": N_("consultation draft"),
    "expired": N_("ended"),
    "not_yet_in_force": N_("not yet in force"),
}


def _search(text: str, env: Env) -> list[Any]:
    from knowledge.search import search

    return search(text, limit=LIMIT, locale=env.t.locale, today=env.today)


def _article(document: str, article: str) -> Any:
    from knowledge.policy import get_policy

    return get_policy(document).articles.get(article)


def _status(document: str, env: Env) -> str | None:
    from knowledge.policy import get_policy

    status = get_policy(document).status_on(env.today)
    return env.t._(STATUS[status]) if status in STATUS else None


def _citation(hit: Any, env: Env) -> str:
    name = document_name(hit.document, env)
    text = env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(article_label(hit.article, env.t.locale)))
    status = _status(hit.document, env)
    return f"{text} – {status}" if status else text


def _grouped(hits: list[Any]) -> list[list[Any]]:
    """Hits citing the same article together (the article is shown once)."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for hit in hits:
        groups.setdefault((hit.document, hit.article), []).append(hit)
    return list(groups.values())


def _hit_block(hits: list[Any], env: Env) -> str:
    first = hits[0]
    lines = [f"• <b>{html.escape(h.title)}</b>" for h in hits]
    lines.append(f"<i>{_citation(first, env)}</i>")
    art = _article(first.document, first.article)
    if art is not None:
        lines.append(html.escape(art.summary(env.t.locale)))
    return "\n".join(lines)


def check_button(program: str, title: str, env: Env, question: str = "") -> Button | None:
    """"▶️ Check: …", carrying what the question already named (国赛 + 银牌), so the
    check does not ask it again."""
    from bot.dialogs.checks.flow import check_data
    from knowledge.prefill import prefill

    data = check_data(program, prefill(question, program) if question else None)
    if data is None:
        return None
    return Button(env.t._("▶️ Check: {title}", title=title), data)


def _faq(text: str, env: Env) -> list[dict[str, Any]]:
    """Published FAQ entries (officials' answers) that match (loaded into Env.extras by
    bot/dialogs/handoff/effects.py on free-text turns)."""
    from bot.dialogs.handoff.faq import matches

    return matches(text, list(env.extras.get("faq") or []))


def answer(text: str, env: Env) -> Reply | Outcome:
    """The reply to a free-text question: officials' answers (FAQ entries) and policy
    articles that match; when nothing does, the offer to ask an officer (a dialog)."""
    from bot.dialogs.handoff.faq import entry_block
    from bot.dialogs.handoff.flow import offer
    from knowledge.regions import coverage_note

    if is_greeting(text):
        return menu_reply(env, note=env.t._(GREETING))
    hits, entries = _search(text, env), _faq(text, env)
    note = coverage_note(text, env.t.locale)  # "上海: not covered; covered: ..."
    if not hits and not entries:
        out = offer(text, env)
        if note and out.replies:  # say first that the place is not covered
            first = out.replies[0]
            out.replies[0] = replace(first, text="📍 " + html.escape(note) + "\n\n" + first.text)
        return out
    _ = env.t._
    blocks = ["📍 " + html.escape(note)] if note else []
    blocks += [entry_block(e, env) for e in entries]
    if hits:
        blocks.append(_("🔎 <b>What the policies say</b> (best match first):"))
    blocks += [_hit_block(group, env) for group in _grouped(hits)]
    rows: list[list[Button]] = []
    for hit in hits:
        button = check_button(hit.program, hit.title, env, text) if hit.program else None
        if button is not None and [button] not in rows:
            rows.append([button])
    if not hits:
        blocks.append(_("This is what officials answered to a question like yours; no policy "
                        "article of mine matches it."))
    elif rows:
        blocks.append(_("These are summaries in my own words. What you would get depends on "
                        "your case: press a check below and I will work it out."))
    else:
        blocks.append(_("These are summaries in my own words; no check of mine covers these "
                        "articles."))
    rows.append([Button(_("🙋 Ask an officer"), "hf:new")])
    rows.append([menu_button(env)])
    return Reply("\n\n".join(_fitting(blocks)), rows)


def _fitting(blocks: list[str]) -> list[str]:
    """Within Telegram's message limit: the lowest-ranked blocks before the closing line
    are left out (whole, never cut) until the rest fits."""
    from bot.dialogs.engine.limits import fits

    kept = list(blocks)
    while len(kept) > 2 and not fits("\n\n".join(kept)):
        del kept[-2]
    return kept


GREETING = N_("Hello! I answer questions about skilled-worker policies of Jiangsu, Quzhou "
              "and Jiangmen. Choose below, or type your question.")
_GREETINGS = {"hi", "hello", "hey", "hallo", "good morning", "good afternoon", "good evening",
              "你好", "您好", "你好呀", "嗨", "哈喽", "在吗", "在不在", "早上好", "下午好", "晚上好",
              "hi there", "hello there"}


def is_greeting(text: str) -> bool:
    return text.strip().lower().rstrip("!！。.~～ ") in _GREETINGS


_ASKING = ("?", "？", "吗", "呢", "多少", "怎么", "什么", "能不能", "能否", "可不可以", "如何",
           "哪些", "哪里", "是否", "有没有", "how ", "what", "which", "can i", "who ", "when ",
           "where", "why", "is there", "do i", "am i")


def looks_like_question(text: str) -> bool:
    low = text.lower().strip()
    return len(low) >= 4 and any(word in low for word in _ASKING)


def digression(text: str, env: Env) -> Reply | None:
    """A question typed inside a dialog, when the policies have an answer (else None,
    and the dialog asks its own question again)."""
    if not looks_like_question(text) or not _search(text, env):
        return None
    reply = answer(text, env)
    if not isinstance(reply, Reply):
        return None
    keep = [[menu_button(env)], [Button(env.t._("🙋 Ask an officer"), "hf:new")]]
    rows = [row for row in reply.buttons if row not in keep]  # the dialog goes on
    return Reply(reply.text, rows)
