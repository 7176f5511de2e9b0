"""Bot API methods on the fake state: messages, edits, callbacks, uploads, files."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakebot import objects
from tests.fakebot.markup import MarkupError, render
from tests.fakebot.params import as_int, require_int
from tests.fakebot.state import (
    BotState,
    ChatMessage,
    ChatState,
    StoredFile,
    UploadedFile,
    bad_request,
)

JSON = dict[str, Any]
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@dataclass
class Ctx:
    state: BotState
    bot: JSON  # the bot's User object (getMe)
    params: dict[str, Any]
    files: dict[str, UploadedFile]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    def chat(self) -> ChatState:
        return self.state.chat(require_int(self.params, "chat_id", "chat_id is empty"))

    def new_message(self, **fields: Any) -> JSON:
        chat = self.chat()
        reply_to = _reply_target(chat, self.params)
        msg = chat.add(from_bot=True, sender=objects.sender(self.bot), date=objects.now(),
                       reply_to=reply_to, **fields)  # fmt: skip
        return objects.message(msg, chat.chat)


Handler = Callable[[Ctx], Any]
METHODS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            METHODS[name] = handler
        return handler

    return register


def _render(text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JSON] | None]:
    try:
        return render(str(text), parse_mode, entities)
    except MarkupError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc
    except ValueError as exc:
        raise bad_request(str(exc)) from exc


def _markup(value: Any) -> JSON | None:
    """Validates an inline keyboard the way Telegram does; other markups are kept as given."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in value.get("inline_keyboard", []):
        for button in row:
            _check_button(button)
    return value


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")
    if len(button) < 2:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )


def _reply_target(chat: ChatState, params: dict[str, Any]) -> ChatMessage | None:
    reply = params.get("reply_parameters")
    target = (
        reply.get("message_id") if isinstance(reply, dict) else params.get("reply_to_message_id")
    )
    if target is None:
        return None
    found = chat.messages.get(as_int(target) or 0)
    if found is None and not (isinstance(reply, dict) and reply.get("allow_sending_without_reply")):
        raise bad_request("message to be replied not found")
    return found


def _text(ctx: Ctx, key: str, limit: int, empty: str, too_long: str) -> tuple[str, Any]:
    raw = ctx.get(key)
    entities_key = "entities" if key == "text" else "caption_entities"
    text, entities = _render(
        raw if raw is not None else "", ctx.get("parse_mode"), ctx.get(entities_key)
    )
    if empty and not text.strip():
        raise bad_request(empty)
    if objects.utf16_len(text) > limit:
        raise bad_request(too_long)
    return text, entities


@method("sendMessage")
def send_message(ctx: Ctx) -> JSON:
    text, entities = _text(ctx, "text", 4096, "message text is empty", "message is too long")
    return ctx.new_message(kind="text", text=text, entities=entities, sent_text=ctx.get("text"),
                           parse_mode=ctx.get("parse_mode"), reply_markup=_markup(ctx.get("reply_markup")))  # fmt: skip


def _caption(ctx: Ctx) -> tuple[str | None, Any]:
    if ctx.get("caption") is None:
        return None, None
    text, entities = _text(ctx, "caption", 1024, "", "message caption is too long")
    return text or None, entities


def _input_file(ctx: Ctx, key: str, folder: str) -> StoredFile:
    upload = ctx.files.get(key)
    if upload is not None:
        return ctx.state.store_file(upload, folder)
    value = ctx.get(key)
    if not isinstance(value, str) or not value:
        raise bad_request(f"there is no {key} in the request")
    if value in ctx.state.files:
        return ctx.state.files[value]
    if value.startswith(("http://", "https://")):
        name = value.rsplit("/", 1)[-1] or key
        return ctx.state.store_file(UploadedFile(name, "application/octet-stream", b""), folder)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _media_message(ctx: Ctx, kind: str, file: StoredFile) -> JSON:
    caption, entities = _caption(ctx)
    return ctx.new_message(kind=kind, file=file, caption=caption, caption_entities=entities,
                           sent_text=ctx.get("caption"), parse_mode=ctx.get("parse_mode"),
                           reply_markup=_markup(ctx.get("reply_markup")))  # fmt: skip


@method("sendPhoto")
def send_photo(ctx: Ctx) -> JSON:
    file = _input_file(ctx, "photo", "photos")
    if file.data and file.size == (0, 0):
        file.size = _image_size(file.data)
        file.aliases = [ctx.state.new_id("P")] if max(file.size) > 90 else []
        for alias in file.aliases:
            ctx.state.files[alias] = file
    return _media_message(ctx, "photo", file)


def _image_size(data: bytes) -> tuple[int, int]:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception as exc:  # noqa: BLE001 - any decoding failure is Telegram's error
        raise bad_request("IMAGE_PROCESS_FAILED") from exc


@method("sendDocument")
def send_document(ctx: Ctx) -> JSON:
    return _media_message(ctx, "document", _input_file(ctx, "document", "documents"))


def _own_message(ctx: Ctx, missing: str) -> tuple[ChatState, ChatMessage]:
    if ctx.get("inline_message_id") is not None:
        raise bad_request("inline messages are not supported by the fake server")
    chat = ctx.chat()
    msg = chat.messages.get(
        require_int(ctx.params, "message_id", "message identifier is not specified")
    )
    if msg is None:
        raise bad_request(missing)
    return chat, msg


def _edited(
    chat: ChatState, msg: ChatMessage, visible: dict[str, Any], extra: dict[str, Any] | None = None
) -> JSON:
    """Applies an edit; Telegram compares only what the user sees (text, entities, keyboard)."""
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    if all(getattr(msg, key) == value for key, value in visible.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in (visible | (extra or {})).items():
        setattr(msg, key, value)
    msg.edit_date = objects.now()
    return objects.message(msg, chat.chat)


@method("editMessageText")
def edit_message_text(ctx: Ctx) -> JSON:
    chat, msg = _own_message(ctx, "message to edit not found")
    if msg.kind != "text":
        raise bad_request("there is no text in the message to edit")
    text, entities = _text(ctx, "text", 4096, "message text is empty", "message is too long")
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    visible = {"text": text, "entities": entities, "reply_markup": _markup(ctx.get("reply_markup"))}
    return _edited(
        chat, msg, visible, {"sent_text": ctx.get("text"), "parse_mode": ctx.get("parse_mode")}
    )


@method("editMessageCaption")
def edit_message_caption(ctx: Ctx) -> JSON:
    chat, msg = _own_message(ctx, "message to edit not found")
    if msg.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _caption(ctx)
    visible = {"caption": caption, "caption_entities": entities,
               "reply_markup": _markup(ctx.get("reply_markup"))}  # fmt: skip
    return _edited(chat, msg, visible, {"sent_text": ctx.get("caption")})


@method("editMessageReplyMarkup")
def edit_message_reply_markup(ctx: Ctx) -> JSON:
    chat, msg = _own_message(ctx, "message to edit not found")
    return _edited(chat, msg, {"reply_markup": _markup(ctx.get("reply_markup"))})


@method("deleteMessage")
def delete_message(ctx: Ctx) -> bool:
    chat, msg = _own_message(ctx, "message to delete not found")
    del chat.messages[msg.message_id]
    return True


@method("answerCallbackQuery")
def answer_callback_query(ctx: Ctx) -> bool:
    query_id = str(ctx.get("callback_query_id", ""))
    state = ctx.state
    if query_id not in state.callback_chats or query_id in state.callback_answers:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    state.callback_answers[query_id] = dict(ctx.params)
    return True


@method("sendChatAction")
def send_chat_action(ctx: Ctx) -> bool:
    ctx.chat()
    if ctx.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@method("getFile")
def get_file(ctx: Ctx) -> JSON:
    file = ctx.state.files.get(str(ctx.get("file_id", "")))
    if file is None:
        raise bad_request("invalid file_id")
    return objects.file_info(file)
