"""FAQ entries published from officers' answers: reading the articles an entry rests on,
finding entries for a free-text question, flagging those whose policy ended, and drawing
them as officials' answers with their date. Pure.

Entries reach the pure code as dicts in Env.extras["faq"] (loaded on free-text turns by
bot/dialogs/handoff/effects.py): {"id", "region", "topic", "question_zh", "question_en",
"answer_zh", "answer_en", "articles": ["<document>|<article>"], "valid_from": iso,
"approved_role"}.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from typing import Any

from bot.dialogs.engine.types import N_, Env
from bot.dialogs.handoff.regions import region_name, role_label
from knowledge.articles import article_label

NO_ARTICLES = "-"
MIN_COVERAGE = 0.6  # share of the question's content words an entry must contain
LIMIT = 2
REVIEW_STATUSES = ("expired",)


def policy_ids() -> list[str]:
    from knowledge.policy import all_policies

    return sorted(all_policies())


def parse_articles(text: str) -> tuple[list[str], list[str]]:
    """("<document>|<article>" found, pieces not understood) from lines like
    "jiangsu-excellent-technician 第三条" (also split by ';' or '；')."""
    from knowledge.policy import all_policies

    if text.strip() == NO_ARTICLES:
        return [], []
    found, bad = [], []
    for piece in text.replace("；", "\n").replace(";", "\n").splitlines():
        piece = piece.strip()
        if not piece:
            continue
        document, _, article = piece.partition(" ")
        policy = all_policies().get(document.strip())
        if policy is None or article.strip() not in policy.articles:
            bad.append(piece)
        else:
            found.append(f"{policy.id}|{article.strip()}")
    return list(dict.fromkeys(found)), bad


def needs_review(articles: list[str], today: dt.date) -> bool:
    """An entry resting on an article of a policy that has ended (or was replaced: a
    policy that names a successor) is shown flagged until an officer reviews it."""
    from knowledge.policy import all_policies

    for ref in articles:
        policy = all_policies().get(ref.partition("|")[0])
        if policy is None:
            return True  # the document left the data: certainly worth a look
        if policy.status_on(today) in REVIEW_STATUSES or getattr(policy, "replaced_by", None):
            return True
    return False


def _tf(entry: dict[str, Any]) -> Counter[str]:
    from knowledge.search_text import tokenize

    return Counter(tokenize(" ".join(str(entry.get(k) or "") for k in (
        "question_zh", "question_en"))))


def matches(text: str, entries: list[dict[str, Any]], limit: int = LIMIT
            ) -> list[dict[str, Any]]:
    """Entries whose question covers most of the question's content words, best first."""
    from knowledge.search_text import coverage, token_groups

    groups = token_groups(text)
    if not groups:
        return []
    scored = [(coverage(groups, _tf(e)), -int(e.get("id") or 0), e) for e in entries]
    good = [s for s in scored if s[0] >= MIN_COVERAGE]
    good.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [e for _, _, e in good[:limit]]


def _lang(entry: dict[str, Any], field: str, env: Env) -> str:
    en = env.t.locale.startswith("en")
    return str(entry.get(f"{field}_{'en' if en else 'zh'}") or entry.get(f"{field}_zh") or "")


def citation_text(articles: list[str], env: Env) -> str:
    from bot.dialogs.checks.result import document_name

    parts = []
    for ref in articles:
        document, _, article = ref.partition("|")
        name = document_name(document, env)
        parts.append(env.t._("({document} {article})", document=html.escape(name),
                             article=html.escape(article_label(article, env.t.locale))))
    return " ".join(parts)


def entry_block(entry: dict[str, Any], env: Env) -> str:
    """One entry, labelled as an officials' answer with its date and approver's role."""
    t = env.t
    day = t.date(dt.date.fromisoformat(str(entry["valid_from"])))
    label = t._("🏛 <b>Officials' answer</b> ({role}, {region}, valid from {date})",
                role=html.escape(role_label(entry.get("approved_role"), t)),
                region=html.escape(region_name(entry.get("region"), t)), date=day)
    lines = [label, f"<b>{html.escape(_lang(entry, 'question', env))}</b>",
             html.escape(_lang(entry, "answer", env))]
    articles = list(entry.get("articles") or [])
    if articles:
        lines.append(f"<i>{citation_text(articles, env)}</i>")
    if needs_review(articles, env.today):
        lines.append("⚠️ " + html.escape(t._(REVIEW_NOTE)))
    return "\n".join(lines)


REVIEW_NOTE = N_("A policy this answer rests on has ended or been replaced; officers are "
                 "reviewing it, so please check before relying on it.")
