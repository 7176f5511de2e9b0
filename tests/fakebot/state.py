"""What the fake server remembers: recorded calls, chats with their messages, files, updates."""

from __future__ import annotations

import copy
import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from tests.fakebot import objects

JSON = dict[str, Any]
OUTPUT_METHODS = frozenset(
    {
        "sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption",
        "sendPhoto", "sendDocument", "deleteMessage",
    }
)  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One request the bot made. `at` is time.monotonic() when the request arrived."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    at: float
    status: int = 200
    result: Any = None
    description: str | None = None
    chat_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __str__(self) -> str:
        shown = {k: v for k, v in self.params.items() if k in ("text", "caption", "message_id")}
        detail = f" {self.description!r}" if self.description else ""
        return f"{self.method} chat={self.chat_id} status={self.status}{detail} {shown}"


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    content_type: str
    data: bytes
    size: tuple[int, int] = (0, 0)  # photo width and height
    aliases: list[str] = field(default_factory=list)  # file ids of smaller photo sizes


@dataclass
class ChatMessage:
    """A message in a chat, with edits applied. `text` is what the user sees (HTML parsed)."""

    message_id: int
    chat_id: int
    from_bot: bool
    sender: JSON
    date: int
    kind: str = "text"  # text, photo or document
    text: str | None = None
    entities: list[JSON] | None = None
    caption: str | None = None
    caption_entities: list[JSON] | None = None
    reply_markup: JSON | None = None
    sent_text: str | None = None  # text or caption exactly as the bot sent it
    parse_mode: str | None = None
    file: StoredFile | None = None
    edit_date: int | None = None
    reply_to: ChatMessage | None = None

    @property
    def file_bytes(self) -> bytes | None:
        return self.file.data if self.file else None

    @property
    def button_rows(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard as rows of (label, callback_data); url buttons have None data."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        return [button for row in self.button_rows for button in row]


@dataclass
class ChatState:
    chat: JSON
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1

    def add(self, **fields: Any) -> ChatMessage:
        msg = ChatMessage(message_id=self.next_message_id, chat_id=self.chat["id"], **fields)
        self.next_message_id += 1
        self.messages[msg.message_id] = msg
        return msg

    def bot_messages(self) -> list[ChatMessage]:
        return [copy.copy(m) for m in self.messages.values() if m.from_bot]


class BotState:
    """Chats, users, files and pending updates shared by all tokens of one fake server."""

    def __init__(self, strict_chats: bool = False) -> None:
        self.strict_chats = strict_chats
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.updates: list[JSON] = []
        self.next_update_id = 1
        self.callback_chats: dict[str, int] = {}  # callback query id -> chat id
        self.callback_answers: dict[str, JSON] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.webhook: JSON = {}
        self._ids = itertools.count(1)

    def add_user(self, user: JSON) -> ChatState:
        self.users[user["id"]] = user
        chat = self.chats.get(user["id"])
        if chat is None:
            chat = self.chats[user["id"]] = ChatState(objects.chat_of(user))
        else:
            chat.chat = objects.chat_of(user)
        return chat

    def chat(self, chat_id: int) -> ChatState:
        """The chat, created on first use unless strict_chats (then: chat not found)."""
        state = self.chats.get(chat_id)
        if state is not None:
            return state
        if self.strict_chats:
            raise bad_request("chat not found")
        if chat_id < 0:
            state = self.chats[chat_id] = ChatState(objects.chat_of(chat_id))
            return state
        return self.add_user(objects.human_user(chat_id, f"User{chat_id}"))

    def queue(self, payload_key: str, payload: JSON) -> int:
        update_id = self.next_update_id
        self.next_update_id += 1
        self.updates.append({"update_id": update_id, payload_key: payload})
        return update_id

    def confirm(self, offset: int | None) -> None:
        """getUpdates offset semantics: forget updates below offset (-N keeps the last N)."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}_{secrets.token_hex(6)}"

    def store_file(self, upload: UploadedFile, folder: str) -> StoredFile:
        file_id = self.new_id("F")
        suffix = upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "bin"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=file_id[-12:],
            file_path=f"{folder}/file_{len(self.files_by_path)}.{suffix}",
            filename=upload.filename,
            content_type=upload.content_type,
            data=upload.data,
        )
        self.files[file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored
