"""How questions look to officers and askers: the queue, one question with its thread,
the asker's list in /mydata, the statistics. Pure: the storage side hands in snapshots
(dicts) and never a user's Telegram id or name, which officers are not shown.

Ticket snapshot: {"id", "region", "topic", "status", "question", "created": datetime,
"due_on": date | None, "answer", "answered_role", "answered_at", "thread":
[{"kind", "role", "body", "at"}]}
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.handoff import codec
from bot.dialogs.handoff.regions import region_name, role_label, topic_name
from bot.dialogs.home.menu import menu_button

STATUS_NAMES = {"open": N_("open"), "waiting": N_("waiting for the asker"),
                "answered": N_("answered"), "closed": N_("closed as out of scope"),
                "withdrawn": N_("withdrawn")}
KIND_NAMES = {"ask_back": N_("Officer asked"), "reply": N_("Asker replied"),
              "reassign": N_("Passed on"), "close": N_("Closed")}


def _local(moment: dt.datetime, env: Env) -> dt.datetime:
    return moment.astimezone(env.now.tzinfo) if env.now.tzinfo else moment


def _due(due_on: dt.date | None, env: Env) -> str:
    t = env.t
    if due_on is None:
        return t._("reply day unknown (holiday calendar not published)")
    if due_on < env.today:
        return t._("overdue since {date}", date=t.date(due_on))
    return t._("reply due by {date}", date=t.date(due_on))


def queue_reply(tickets: list[dict[str, Any]], more: int, env: Env, admin: bool) -> Reply:
    t = env.t
    if tickets:
        lines = [t._("<b>Questions waiting for an answer</b> (oldest first):")]
    else:
        lines = [t._("No question is waiting for an answer in your regions.")]
    rows = []
    for tk in tickets:
        label = t._("#{n} · {region} · {topic} · {due}", n=tk["id"],
                    region=region_name(tk["region"], t), topic=topic_name(tk["topic"], t),
                    due=_due(tk["due_on"], env))
        if tk["status"] == "waiting":
            label = "⏳ " + label
        rows.append([Button(label[:60], codec.ticket_data("t", tk["id"]))])
    if more:
        lines.append(t._("… and {n} more after these.", n=more))
    extra = [Button(t._("📚 FAQ entries"), codec.plain("fq"))]
    if admin:
        extra.append(Button(t._("📊 Statistics"), codec.plain("st")))
    rows += [extra, [menu_button(env)]]
    return Reply("\n".join(lines), rows)


def ticket_reply(tk: dict[str, Any], env: Env, note: str | None = None) -> Reply:
    t = env.t
    created = _local(tk["created"], env)
    head = t._("<b>Question #{n}</b> · {region} · {topic}\nAsked {date} · {status} · {due}",
               n=tk["id"], region=html.escape(region_name(tk["region"], t)),
               topic=html.escape(topic_name(tk["topic"], t)), date=t.date(created.date()),
               status=t._(STATUS_NAMES.get(tk["status"], tk["status"])),
               due=_due(tk["due_on"], env))
    lines = [note, head] if note else [head]
    question = tk.get("question")
    lines.append(html.escape(question) if question else
                 "<i>" + html.escape(t._("(the asker deleted the text)")) + "</i>")
    for m in tk.get("thread") or []:
        who = t._(KIND_NAMES.get(m["kind"], m["kind"]))
        body = html.escape(m.get("body") or "")
        lines.append(f"<i>{html.escape(who)} ({html.escape(role_label(m['role'], t))})"
                     f"</i>: {body}")
    if tk.get("answer"):
        lines.append(t._("<b>Answer</b> ({role}): {text}",
                         role=html.escape(role_label(tk.get("answered_role"), t)),
                         text=html.escape(tk["answer"])))
    n = tk["id"]
    rows: list[list[Button]] = []
    if tk["status"] in ("open", "waiting") and question:
        rows += [[Button(t._("✍️ Answer"), codec.ticket_data("a", n)),
                  Button(t._("❓ Ask back"), codec.ticket_data("b", n))],
                 [Button(t._("🔀 Another region"), codec.ticket_data("r", n)),
                  Button(t._("🚫 Out of scope"), codec.ticket_data("x", n))]]
    if tk["status"] == "answered" and tk.get("answer"):
        rows.append([Button(t._("📢 Publish as FAQ entry"), codec.ticket_data("f", n))])
    rows.append([Button(t._("⬅️ Back to the queue"), codec.plain("in")), menu_button(env)])
    return Reply("\n\n".join(lines), rows)


def created_reply(n: int, region: str, topic: str, promise: str, env: Env,
                  officers: bool) -> Reply:
    t = env.t
    text = t._("📨 Sent: your question has the number <b>#{n}</b> ({region}, {topic}). {promise} "
               "The answer comes here, in this chat.",
               n=n, region=html.escape(region_name(region, t)),
               topic=html.escape(topic_name(topic, t)), promise=html.escape(promise))
    if not officers:
        text += "\n" + html.escape(t._("No officer is appointed for this region yet, so the "
                                       "administrators have it."))
    return Reply(text, [[menu_button(env)]])


def mydata_lines(tickets: list[dict[str, Any]], env: Env) -> str:
    t = env.t
    lines = [t._("<b>Your questions to officers</b> (text kept with your consent):")]
    for tk in tickets:
        status = t._(STATUS_NAMES.get(tk["status"], tk["status"]))
        lines.append(t._("#{n} ({region}, {status}): {text}", n=tk["id"],
                         region=html.escape(region_name(tk["region"], t)),
                         status=html.escape(status),
                         text=html.escape(tk.get("question") or "")))
        for m in tk.get("thread") or []:
            if m["kind"] == "reply":
                lines.append("  ↳ " + html.escape(m.get("body") or ""))
    return "\n".join(lines)


def faq_list_reply(entries: list[dict[str, Any]], env: Env) -> Reply:
    from bot.dialogs.handoff.faq import needs_review

    t = env.t
    if not entries:
        return Reply(t._("No FAQ entry is published yet."),
                     [[Button(t._("⬅️ Back to the queue"), codec.plain("in")),
                       menu_button(env)]])
    flagged = [e for e in entries if needs_review(list(e["articles"]), env.today)]
    lines = [t._("<b>FAQ entries</b>: {n} published, {k} to review (a policy they rest on "
                 "has ended or been replaced).", n=len(entries), k=len(flagged))]
    rows = []
    for e in sorted(entries, key=lambda e: (e not in flagged, -e["id"]))[:10]:
        mark = "⚠️ " if e in flagged else ""
        q = e["question_en"] if t.locale.startswith("en") else e["question_zh"]
        lines.append(f"{mark}#{e['id']} {html.escape(q)}")
        rows.append([Button(t._("🗑 Withdraw #{n}", n=e["id"]),
                            codec.ticket_data("wd", e["id"]))])
    rows.append([Button(t._("⬅️ Back to the queue"), codec.plain("in")), menu_button(env)])
    return Reply("\n".join(lines), rows)
