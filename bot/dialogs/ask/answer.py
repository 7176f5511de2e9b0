"""Free-text questions outside any step: the best matching programmes and articles.

`answer(text, env)` asks knowledge.search, shows the top hits with their citation, the
article in our own words and the document's status, and offers a button to start the
check of each programme found. Nothing found: it says so and offers the menu; it never
states an amount the articles do not give.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.checks.result import DOCUMENTS
from bot.dialogs.engine.types import MAX_BUTTON_DATA, N_, Button, Env, Reply
from bot.dialogs.home.menu import menu_button, menu_reply

LIMIT = 3
NOTHING = N_("I found nothing about that in the policies I know (skilled-worker policies of "
             "Jiangsu, Quzhou and Jiangmen), so I will not guess. Try other words, or choose "
             "from the menu.")
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
    name = env.t._(DOCUMENTS[hit.document]) if hit.document in DOCUMENTS else hit.document
    text = env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(hit.article))
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


def check_button(program: str, title: str, env: Env) -> Button | None:
    data = f"menu:check:{program}"
    if len(data.encode("utf-8")) > MAX_BUTTON_DATA:
        return None
    return Button(env.t._("▶️ Check: {title}", title=title), data)


def answer(text: str, env: Env) -> Reply:
    """The reply to a free-text question (the menu with a note when nothing matches)."""
    hits = _search(text, env)
    if not hits:
        return menu_reply(env, note=env.t._(NOTHING))
    _ = env.t._
    blocks = [_("🔎 <b>What the policies say</b> (best match first):")]
    blocks += [_hit_block(group, env) for group in _grouped(hits)]
    rows: list[list[Button]] = []
    for hit in hits:
        button = check_button(hit.program, hit.title, env) if hit.program else None
        if button is not None and [button] not in rows:
            rows.append([button])
    if rows:
        blocks.append(_("These are summaries in my own words. What you would get depends on "
                        "your case: press a check below and I will work it out."))
    else:
        blocks.append(_("These are summaries in my own words; no check of mine covers these "
                        "articles."))
    rows.append([menu_button(env)])
    return Reply("\n\n".join(blocks), rows)


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
    rows = [row for row in reply.buttons if row != [menu_button(env)]]
    return Reply(reply.text, rows)
