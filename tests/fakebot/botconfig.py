"""Bot-level Bot API methods: getMe, webhook, commands, menu button, record-only setters."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakebot.methods import Ctx, method
from tests.fakebot.params import as_int
from tests.fakebot.state import bad_request

JSON = dict[str, Any]
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


@method("getMe")
def get_me(ctx: Ctx) -> JSON:
    return ctx.bot


@method(
    "logOut", "close", "setMyDescription", "setMyShortDescription", "setMyName",
    "setMyDefaultAdministratorRights",
)  # fmt: skip
def record_only(ctx: Ctx) -> bool:
    return True


@method("setWebhook")
def set_webhook(ctx: Ctx) -> bool:
    """Only recorded: getWebhookInfo reports it and getUpdates answers 409 while it is set."""
    hook = {key: value for key, value in ctx.params.items() if key != "certificate"}
    ctx.state.webhook = hook if hook.get("url") else {}
    return True


@method("deleteWebhook")
def delete_webhook(ctx: Ctx) -> bool:
    ctx.state.webhook = {}
    if ctx.get("drop_pending_updates") is True:
        ctx.state.updates.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(ctx: Ctx) -> JSON:
    hook = ctx.state.webhook
    info: JSON = {
        "url": hook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(ctx.state.updates),
    }
    for key in ("max_connections", "ip_address", "allowed_updates"):
        if key in hook:
            info[key] = hook[key]
    return info


def commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
    """Commands are stored per (scope, language_code), like Telegram."""
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(language_code or "")


def _key(ctx: Ctx) -> tuple[str, str]:
    return commands_key(ctx.get("scope"), ctx.get("language_code"))


@method("setMyCommands")
def set_my_commands(ctx: Ctx) -> bool:
    commands = ctx.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("command description must be non-empty")
    ctx.state.commands[_key(ctx)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


@method("getMyCommands")
def get_my_commands(ctx: Ctx) -> list[JSON]:
    return ctx.state.commands.get(_key(ctx), [])


@method("deleteMyCommands")
def delete_my_commands(ctx: Ctx) -> bool:
    ctx.state.commands.pop(_key(ctx), None)
    return True


@method("setChatMenuButton")
def set_chat_menu_button(ctx: Ctx) -> bool:
    button = ctx.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse menu button JSON object")
    ctx.state.menu_buttons[as_int(ctx.get("chat_id"))] = button
    return True


@method("getChatMenuButton")
def get_chat_menu_button(ctx: Ctx) -> JSON:
    buttons = ctx.state.menu_buttons
    chat_id = as_int(ctx.get("chat_id"))
    return buttons.get(chat_id) or buttons.get(None) or {"type": "commands"}
