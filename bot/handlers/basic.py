"""Commands that are not dialogs: /help, /lang, /mydata, /forget, unknown commands."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.common import turn
from bot.handlers.dialog import resume_dialog
from bot.i18n import Translator, get_translator

LANG_CHOICES = (("zh_CN", "中文"), ("en", "English"))


def help_text(t: Translator) -> str:
    return "\n".join([
        t._("<b>CraftBot</b> answers questions about skilled-worker policies "
            "in Jiangsu, Quzhou and Jiangmen."),
        "",
        t._("/start – begin, choose language and role"),
        t._("/menu – main menu"),
        t._("/help – this help"),
        t._("/lang – switch language"),
        t._("/cancel – stop the current dialog"),
        t._("/mydata – show what I store about you"),
        t._("/forget – delete your data"),
        "",
        t._("You can also type a question, for example: 国赛铜牌奖励多少"),
    ])


def lang_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"lang:{code}")
                                  for code, label in LANG_CHOICES]])


async def cmd_help(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        await update.effective_message.reply_html(help_text(tn.t))
    await resume_dialog(update, context)


async def cmd_lang(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        await update.effective_message.reply_html(tn.t._("Choose your language:"),
                                                  reply_markup=lang_keyboard())


async def on_lang_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    code = (query.data or "").removeprefix("lang:")
    async with turn(update, context) as tn:
        if code not in dict(LANG_CHOICES):
            await query.answer(tn.t._("I could not read that button."))
            return
        await tn.users.set_locale(tn.user, code)
        t = get_translator(code)
    await query.answer()
    await query.edit_message_text(t._("Language set to English.") if code == "en"
                                  else t._("Language set to Chinese."))
    await resume_dialog(update, context)


async def cmd_mydata(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        t, user = tn.t, tn.user
        lines = [t._("<b>What I store about you</b>"),
                 t._("Language: {value}", value=html.escape(user.locale or t._("not chosen"))),
                 t._("Role: {value}", value=html.escape(user.role or t._("not chosen")))]
        if user.consent_at is None:
            lines.append(t._("Consent to keep personal facts: not given. "
                             "I keep no birth date, skill level or employer."))
        else:
            lines.append(t._("Consent given on {date}.", date=t.date(user.consent_at.date())))
            if user.profile:
                for key, value in sorted(user.profile.items()):
                    lines.append(f"• {html.escape(str(key))}: {html.escape(str(value))}")
            else:
                lines.append(t._("No personal facts saved yet."))
        lines.append(t._("Use /forget to delete it."))
        await update.effective_message.reply_html("\n".join(lines))


async def cmd_forget(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        kb = InlineKeyboardMarkup([[
            InlineKeyboardButton(tn.t._("Yes, delete"), callback_data="forget:yes"),
            InlineKeyboardButton(tn.t._("No, keep"), callback_data="forget:no")]])
        await update.effective_message.reply_html(
            tn.t._("Delete your profile, consent and any open dialog? This cannot be undone."),
            reply_markup=kb)


async def on_forget_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    async with turn(update, context) as tn:
        if query.data == "forget:yes":
            await tn.users.forget(tn.user)
            text = tn.t._("Done: your personal data has been deleted.")
        else:
            text = tn.t._("Nothing was deleted.")
    await query.answer()
    await query.edit_message_text(text)


async def unknown_command(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        cmd = (update.effective_message.text or "").split()[0][:40]
        await update.effective_message.reply_html(
            tn.t._("I do not know the command {cmd}. Try /help or /menu.", cmd=html.escape(cmd)))
