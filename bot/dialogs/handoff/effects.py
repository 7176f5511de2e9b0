"""Storage side of asking a person (bot/dialogs/handoff/flow.py and officer.py): loaders
of the officer rights, the ticket a button names, the published FAQ entries and the
asker's own questions; handlers that create, show, answer, ask back, pass on, close and
publish tickets. Every handler checks the rights again from storage (never from the
dialog state or the button): officers only within their cities, as in the surveys,
askers only their own tickets. Officers are never shown an asker's Telegram id or name.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.engine.types import N_, Button, Effect, Event, Reply
from bot.dialogs.handoff import codec, delivery, view
from bot.dialogs.handoff.flow import (
    MAX_QUESTION,
    NOT_ADMIN,
    NOT_OFFICER,
    NOT_YOURS,
    promise_text,
)
from bot.dialogs.handoff.officer import MAX_ANSWER
from bot.dialogs.handoff.promise import promise
from bot.dialogs.handoff.regions import REGION_NAMES, TOPIC_NAMES
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects.access import as_extras, load_access
from bot.dialogs.surveys.flow import Access
from storage.handoff import OPEN, FaqRepo, TicketRepo
from storage.models import FaqEntry, HandoffTicket

MENU_QUEUE = N_("📥 Questions from users (officers)")
QUEUE_SIZE = 10


# --- loaders ------------------------------------------------------------------------------------


def _named_ticket(event: Event | None) -> int | None:
    if event is None:
        return None
    if event.kind == "button":
        press = codec.decode(event.data)
        return press.ticket if press is not None and press.act != "wd" else None
    arg = event.args.strip().lstrip("#") if event.kind == "command" else ""
    return int(arg) if arg.isdigit() and 0 < int(arg) < codec.MAX_ID else None


async def access_extras(ctx: EffectContext, event: Event | None, payload: str | None
                        ) -> dict[str, Any]:
    acc = await load_access(ctx.session, ctx.services, ctx.user.telegram_id)
    extras: dict[str, Any] = {"survey_access": as_extras(acc)}
    if acc.officer:
        extras["menu_entries.handoff"] = [(MENU_QUEUE, codec.plain("in"))]
    number = _named_ticket(event)
    if number is not None:
        ticket = await TicketRepo(ctx.session).get(number)
        extras["handoff_target"] = None if ticket is None else {
            "id": ticket.id, "region": ticket.region, "status": ticket.status,
            "mine": ticket.user_id == ctx.user.id}
    return extras


def faq_dict(e: FaqEntry) -> dict[str, Any]:
    return {"id": e.id, "region": e.region, "topic": e.topic, "question_zh": e.question_zh,
            "question_en": e.question_en, "answer_zh": e.answer_zh, "answer_en": e.answer_en,
            "articles": list(e.articles or []), "valid_from": e.valid_from.isoformat(),
            "approved_role": e.approved_role}


async def faq_extras(ctx: EffectContext, event: Event | None, payload: str | None
                     ) -> dict[str, Any]:
    return {"faq": [faq_dict(e) for e in await FaqRepo(ctx.session).published()]}


async def snapshot(session: Any, ticket: HandoffTicket, thread: bool = True
                   ) -> dict[str, Any]:
    """What officers and the asker may see of a ticket: no user id, no address."""
    messages = await TicketRepo(session).messages(ticket.id) if thread else []
    return {"id": ticket.id, "region": ticket.region, "topic": ticket.topic,
            "status": ticket.status, "question": ticket.question,
            "created": ticket.created_at, "due_on": ticket.due_on, "answer": ticket.answer,
            "answered_role": ticket.answered_role, "answered_at": ticket.answered_at,
            "thread": [{"kind": m.kind, "role": m.author_role, "body": m.body, "at": m.at}
                       for m in messages]}


async def mydata_extras(ctx: EffectContext, event: Event | None, payload: str | None
                        ) -> dict[str, Any]:
    tickets = [t for t in await TicketRepo(ctx.session).of_user(ctx.user.id) if t.question]
    if not tickets:
        return {}
    shots = [await snapshot(ctx.session, t) for t in tickets]
    return {"mydata_more": [view.mydata_lines(shots, ctx.env)]}


# --- helpers --------------------------------------------------------------------------------------


def _note(ctx: EffectContext, key: str, **args: Any) -> list[Reply]:
    return [menu.menu_reply(ctx.env, note="⛔ " + html.escape(ctx.env.t._(key, **args)))]


async def _officer_ticket(ctx: EffectContext, number: Any
                          ) -> tuple[Access, HandoffTicket | None]:
    """The ticket if it exists and lies in this officer's regions (else None)."""
    acc = await load_access(ctx.session, ctx.services, ctx.user.telegram_id)
    ticket = await TicketRepo(ctx.session).get(int(number)) if isinstance(number, int) \
        else None
    if ticket is None or not acc.covers(ticket.region):
        return acc, None
    return acc, ticket


def _role(acc: Access, ticket: HandoffTicket) -> str:
    return "admin" if acc.admin else f"officer:{ticket.region}"


def _admins(ctx: EffectContext) -> list[int]:
    return sorted(ctx.services.settings.admin_ids)


async def _round(ctx: EffectContext, ticket: HandoffTicket) -> int:
    return len(await TicketRepo(ctx.session).messages(ticket.id)) + 1


async def _show(ctx: EffectContext, ticket: HandoffTicket, note: str | None = None
                ) -> list[Reply]:
    return [view.ticket_reply(await snapshot(ctx.session, ticket), ctx.env,
                              note=html.escape(note) if note else None)]


# --- the asker ------------------------------------------------------------------------------------


async def create(ctx: EffectContext, effect: Effect) -> list[Reply]:
    d, env = effect.data, ctx.env
    question = str(d.get("question") or "").strip()
    region, topic = str(d.get("region")), str(d.get("topic"))
    if not question or len(question) > MAX_QUESTION or region not in REGION_NAMES \
            or topic not in TOPIC_NAMES:
        return _note(ctx, N_("I could not send that question. Nothing was kept."))
    p = promise(env.today)
    ticket = await TicketRepo(ctx.session).create(
        user_id=ctx.user.id, channel=ctx.channel, address=ctx.chat_id, locale=env.t.locale,
        region=region, topic=topic, source=str(d.get("source") or "menu")[:16],
        question=question, now=env.now, due_on=p.due_on)
    appointed = await delivery.announce(ctx.session, ticket, _admins(ctx), env.now,
                                        ctx.services.settings.tz)
    return [view.created_reply(ticket.id, region, topic, promise_text(env), env, appointed)]


async def reply(ctx: EffectContext, effect: Effect) -> list[Reply]:
    """The asker answers a question an officer asked back."""
    number, text = effect.data.get("ticket"), str(effect.data.get("text") or "").strip()
    repo = TicketRepo(ctx.session)
    ticket = await repo.get(number) if isinstance(number, int) else None
    if ticket is None or ticket.user_id != ctx.user.id or ticket.status != "waiting":
        return _note(ctx, N_("This question is not waiting for your reply."))
    if not text or len(text) > MAX_ANSWER:
        return _note(ctx, N_("The message is empty or too long. Nothing was sent."))
    round_ = await _round(ctx, ticket)
    await repo.add_message(ticket.id, kind="reply", role="asker", actor=None, body=text,
                           now=ctx.env.now)
    await repo.set_status(ticket, "open")
    people, _ = await delivery.officers_for(ctx.session, ticket.region, _admins(ctx))
    await delivery.to_people(ctx.session, people, ticket, f"rep{round_}",
                             delivery.MSG_REPLIED, {"ticket": ticket.id}, ctx.env.now)
    await delivery.schedule_overdue(ctx.session, ticket, people, _admins(ctx), ctx.env.now,
                                    ctx.services.settings.tz, round_)
    note = ctx.env.t._("Sent: the officer sees your reply with question #{n}.", n=ticket.id)
    return [menu.menu_reply(ctx.env, note=html.escape(note))]


# --- the officers -----------------------------------------------------------------------------------


async def show(ctx: EffectContext, effect: Effect) -> list[Reply]:
    act, number = effect.data.get("act"), effect.data.get("ticket")
    acc = await load_access(ctx.session, ctx.services, ctx.user.telegram_id)
    if not acc.officer:
        return _note(ctx, NOT_OFFICER)
    if act == "in":
        queue = await TicketRepo(ctx.session).queue(acc.cities, limit=QUEUE_SIZE + 1)
        shots = [await snapshot(ctx.session, t, thread=False) for t in queue[:QUEUE_SIZE]]
        more = max(0, await TicketRepo(ctx.session).count_open(acc.cities) - QUEUE_SIZE)
        return [view.queue_reply(shots, more, ctx.env, acc.admin)]
    if act in ("st", "xl"):
        if not acc.admin:
            return _note(ctx, NOT_ADMIN)
        return await _statistics(ctx, act == "xl")
    if act == "fq":
        entries = [faq_dict(e) for e in await FaqRepo(ctx.session).published()]
        entries = [e for e in entries if acc.covers(e["region"])]
        return [view.faq_list_reply(entries, ctx.env)]
    if act == "wd":
        return await _withdraw(ctx, acc, number)
    acc, ticket = await _officer_ticket(ctx, number)
    if ticket is None:
        return _note(ctx, NOT_YOURS)
    if act == "xx":
        return await _close(ctx, acc, ticket)
    return await _show(ctx, ticket)


async def _statistics(ctx: EffectContext, export: bool) -> list[Reply]:
    from bot.dialogs.handoff.export import workbook
    from bot.dialogs.handoff.stats import stats_reply

    tickets = [await snapshot(ctx.session, t, thread=False)
               for t in await TicketRepo(ctx.session).all()]
    for tk in tickets:
        tk.pop("question", None)
        tk.pop("answer", None)
    faq_topics = Counter(e.topic for e in await FaqRepo(ctx.session).published())
    if export:
        content = workbook(tickets, faq_topics, ctx.env)
        return [Reply(html.escape(ctx.env.t._("Questions to officers: statistics and every "
                                              "question, without any text or person.")),
                      kind="document", content=content, filename="questions.xlsx")]
    return [stats_reply(tickets, faq_topics, ctx.env)]


async def _withdraw(ctx: EffectContext, acc: Access, number: Any) -> list[Reply]:
    repo = FaqRepo(ctx.session)
    entry = await repo.get(number) if isinstance(number, int) else None
    if entry is None or entry.status != "published" or not acc.covers(entry.region):
        return _note(ctx, N_("There is no published FAQ entry with that number in your "
                             "regions."))
    await repo.withdraw(entry)
    entries = [faq_dict(e) for e in await repo.published() if acc.covers(e.region)]
    return [view.faq_list_reply(entries, ctx.env)]


async def _close(ctx: EffectContext, acc: Access, ticket: HandoffTicket) -> list[Reply]:
    if ticket.status not in OPEN:
        return await _show(ctx, ticket, ctx.env.t._("This question is already settled."))
    repo = TicketRepo(ctx.session)
    await repo.set_status(ticket, "closed", ctx.env.now)
    await repo.add_message(ticket.id, kind="close", role=_role(acc, ticket),
                           actor=ctx.user.telegram_id, body=None, now=ctx.env.now)
    await delivery.call_off(ctx.session, ticket.id)
    await delivery.to_asker(ctx.session, ticket, "closed", delivery.MSG_CLOSED,
                            {"ticket": ticket.id}, ctx.env.now)
    return await _show(ctx, ticket, ctx.env.t._("Closed; the asker was told where to turn."))


async def _open_ticket(ctx: EffectContext, effect: Effect
                       ) -> tuple[Access, HandoffTicket | None, list[Reply]]:
    acc, ticket = await _officer_ticket(ctx, effect.data.get("ticket"))
    if ticket is None:
        return acc, None, _note(ctx, NOT_YOURS)
    if ticket.status not in OPEN or not ticket.question:
        return acc, None, await _show(ctx, ticket, ctx.env.t._("This question is already "
                                                               "settled."))
    return acc, ticket, []


def _text(effect: Effect) -> str:
    return str(effect.data.get("text") or "").strip()[:MAX_ANSWER]


async def answer(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, ticket, refused = await _open_ticket(ctx, effect)
    if ticket is None or not _text(effect):
        return refused or _note(ctx, N_("The answer is empty. Nothing was sent."))
    role = _role(acc, ticket)
    await TicketRepo(ctx.session).answer(ticket, text=_text(effect), role=role,
                                         officer=ctx.user.telegram_id, now=ctx.env.now)
    await delivery.call_off(ctx.session, ticket.id)
    sent = await delivery.to_asker(
        ctx.session, ticket, "answer", delivery.MSG_ANSWER,
        {"ticket": ticket.id, "role": delivery.role_both(role), "text": _text(effect)},
        ctx.env.now, [[(delivery.MENU, "menu:main")]])
    t = ctx.env.t
    note = t._("Sent to the asker, signed as {role}.", role=view.role_label(role, t)) if sent \
        else t._("Saved; the asker has deleted their data, so nobody receives it.")
    return await _show(ctx, ticket, note)


async def ask_back(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, ticket, refused = await _open_ticket(ctx, effect)
    if ticket is None or not _text(effect):
        return refused or _note(ctx, N_("The message is empty or too long. Nothing was sent."))
    role = _role(acc, ticket)
    repo = TicketRepo(ctx.session)
    await repo.add_message(ticket.id, kind="ask_back", role=role, actor=ctx.user.telegram_id,
                           body=_text(effect), now=ctx.env.now)
    await repo.set_status(ticket, "waiting")
    await delivery.call_off(ctx.session, ticket.id)
    await delivery.to_asker(
        ctx.session, ticket, "askback", delivery.MSG_ASK_BACK,
        {"ticket": ticket.id, "role": delivery.role_both(role), "text": _text(effect)},
        ctx.env.now, [[(delivery.REPLY, codec.ticket_data("re", ticket.id))],
                      [(delivery.MENU, "menu:main")]])
    return await _show(ctx, ticket, ctx.env.t._("Sent; the question waits for the asker's "
                                                "reply."))


async def reassign(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, ticket, refused = await _open_ticket(ctx, effect)
    region = str(effect.data.get("region"))
    if ticket is None:
        return refused
    if region not in REGION_NAMES or region == ticket.region:
        return await _show(ctx, ticket, ctx.env.t._("That is the region it is in already."))
    round_ = await _round(ctx, ticket)
    repo = TicketRepo(ctx.session)
    await repo.add_message(ticket.id, kind="reassign", role=_role(acc, ticket),
                           actor=ctx.user.telegram_id,
                           body=f"{ticket.region} → {region}", now=ctx.env.now)
    await delivery.call_off(ctx.session, ticket.id)
    await repo.reassign(ticket, region)
    await delivery.announce(ctx.session, ticket, _admins(ctx), ctx.env.now,
                            ctx.services.settings.tz, round_)
    await delivery.to_asker(ctx.session, ticket, f"passed{round_}", delivery.MSG_PASSED,
                            {"ticket": ticket.id,
                             "region": delivery.both(REGION_NAMES[region])}, ctx.env.now)
    t = ctx.env.t
    note = t._("Passed on to {region}.", region=view.region_name(region, t))
    if not acc.covers(region):
        return [menu.menu_reply(ctx.env, note=html.escape(note))]
    return await _show(ctx, ticket, note)


async def publish(ctx: EffectContext, effect: Effect) -> list[Reply]:
    from bot.dialogs.handoff.faq import entry_block

    d = effect.data
    acc, ticket = await _officer_ticket(ctx, d.get("ticket"))
    if ticket is None:
        return _note(ctx, NOT_YOURS)
    if ticket.status != "answered" or not ticket.answer:
        return await _show(ctx, ticket, ctx.env.t._("Only an answered question can become "
                                                    "an FAQ entry."))
    import datetime as dt

    def pick(key: str, same: str, fallback: str | None) -> str:
        value = str(d.get(key) or "").strip()
        return (fallback or "") if value == same else value[:MAX_ANSWER]

    values = {"question_zh": pick("question_zh", "=q", ticket.question),
              "question_en": pick("question_en", "=q", ticket.question),
              "answer_zh": pick("answer_zh", "=a", ticket.answer),
              "answer_en": pick("answer_en", "=a", ticket.answer)}
    if not all(values.values()):
        return await _show(ctx, ticket, ctx.env.t._("Every part of the entry is needed. "
                                                    "Nothing was published."))
    entry = await FaqRepo(ctx.session).publish(
        ticket_id=ticket.id, region=ticket.region, topic=ticket.topic,
        articles=[str(a) for a in d.get("articles") or []],
        valid_from=dt.date.fromisoformat(str(d.get("valid_from"))),
        approved_role=_role(acc, ticket), approved_by=ctx.user.telegram_id,
        published_at=ctx.env.now, **values)
    t = ctx.env.t
    text = t._("📢 Published as FAQ entry #{n}. Free-text questions now find it:",
               n=entry.id)
    return [Reply(f"{html.escape(text)}\n\n{entry_block(faq_dict(entry), ctx.env)}",
                  [[Button(t._("⬅️ Back to the queue"), codec.plain("in")),
                    menu.menu_button(ctx.env)]])]
