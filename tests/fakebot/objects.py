"""JSON builders for Telegram Bot API objects, shaped like the real server's answers."""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakebot.state import ChatMessage, StoredFile

JSON = dict[str, Any]

DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def now() -> int:
    """Unix time in whole seconds, as Telegram's `date` fields."""
    return int(time.time())


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def ok_body(result: Any) -> JSON:
    return {"ok": True, "result": result}


def error_body(status: int, description: str | None = None, retry_after: int | None = None) -> JSON:
    if description is None:
        description = DEFAULT_DESCRIPTIONS.get(status, "Error")
        if status == 429 and retry_after:
            description = f"Too Many Requests: retry after {retry_after}"
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


def bot_id_of(token: str) -> int:
    """The bot's user id is the numeric part of its token, as with real tokens."""
    prefix = token.split(":", 1)[0]
    return int(prefix) if prefix.isdigit() else zlib.crc32(token.encode())


def bot_user(token: str, username: str, first_name: str) -> JSON:
    """The full User object that getMe returns."""
    return {
        "id": bot_id_of(token),
        "is_bot": True,
        "first_name": first_name,
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def sender(user: JSON) -> JSON:
    """The short User object used in `from` fields."""
    keys = ("id", "is_bot", "first_name", "last_name", "username", "language_code")
    return {key: user[key] for key in keys if user.get(key) is not None}


def human_user(
    user_id: int,
    first_name: str,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
) -> JSON:
    user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def chat_of(user_or_id: JSON | int) -> JSON:
    """A private chat for a user dict, or a group chat for a negative id."""
    if isinstance(user_or_id, int):
        return {"id": user_or_id, "type": "group", "title": f"Group {user_or_id}"}
    chat: JSON = {"id": user_or_id["id"], "type": "private"}
    for key in ("first_name", "last_name", "username"):
        if user_or_id.get(key):
            chat[key] = user_or_id[key]
    return chat


def command_entities(text: str) -> list[JSON]:
    """A bot_command entity when the text starts with a command ("/start payload")."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def photo_sizes(file: StoredFile) -> list[JSON]:
    width, height = file.size
    sizes = []
    for alias, (w, h) in zip(file.aliases, _scaled(width, height), strict=False):
        sizes.append({"file_id": alias, "file_unique_id": alias[-12:], "width": w, "height": h})
    full = {"file_id": file.file_id, "file_unique_id": file.file_unique_id}
    full |= {"width": width, "height": height, "file_size": len(file.data)}
    return [*sizes, full]


def _scaled(width: int, height: int) -> list[tuple[int, int]]:
    """Telegram also returns a small thumbnail (longest side 90) for larger photos."""
    longest = max(width, height)
    if longest <= 90:
        return []
    return [(max(1, width * 90 // longest), max(1, height * 90 // longest))]


def document(file: StoredFile) -> JSON:
    return {
        "file_name": file.filename,
        "mime_type": file.content_type,
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": len(file.data),
    }


def file_info(file: StoredFile) -> JSON:
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": len(file.data),
        "file_path": file.file_path,
    }


def message(msg: ChatMessage, chat: JSON, with_reply: bool = True) -> JSON:
    """The Message object for a stored message."""
    data: JSON = {"message_id": msg.message_id, "from": msg.sender, "chat": chat, "date": msg.date}
    if msg.edit_date is not None:
        data["edit_date"] = msg.edit_date
    if with_reply and msg.reply_to is not None:
        data["reply_to_message"] = message(msg.reply_to, chat, with_reply=False)
    if msg.kind == "text":
        data["text"] = msg.text
        _put_entities(data, "entities", msg.entities)
    elif msg.file is not None:
        data[msg.kind] = photo_sizes(msg.file) if msg.kind == "photo" else document(msg.file)
        if msg.caption:
            data["caption"] = msg.caption
            _put_entities(data, "caption_entities", msg.caption_entities)
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        data["reply_markup"] = msg.reply_markup
    return data


def _put_entities(data: JSON, key: str, entities: list[JSON] | None) -> None:
    if entities:
        data[key] = entities


def message_update(update_id: int, msg: JSON) -> JSON:
    return {"update_id": update_id, "message": msg}


def callback_update(update_id: int, query: JSON) -> JSON:
    return {"update_id": update_id, "callback_query": query}


def callback_query(query_id: str, user: JSON, msg: JSON, data: str) -> JSON:
    return {
        "id": query_id,
        "from": sender(user),
        "message": msg,
        "chat_instance": str(abs(hash(("chat", msg["chat"]["id"]))) % 10**18),
        "data": data,
    }



def chat_of_update(payload_key: str, payload: JSON) -> int | None:
    """The chat of a queued update's payload (a message, or a callback query's message)."""
    msg = payload.get("message") if payload_key == "callback_query" else payload
    chat = (msg or {}).get("chat") or {}
    if "id" in chat:
        return int(chat["id"])
    sender = payload.get("from") or {}
    return int(sender["id"]) if "id" in sender else None
