"""Configuration from the environment (and an optional .env), validated once at start-up."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{2,100}$")
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Telegram's rule for secret_token
DEFAULT_COOKIE_SECRET = "craftbot-development-cookie-secret"
DEFAULT_DB = "sqlite+aiosqlite:///./var/craftbot.db"
DEFAULT_SURVEY_SECRET = "craftbot-development-survey-secret"
MIN_SECRET_LENGTH = 16  # in production


class ConfigError(Exception):
    """A setting is wrong: the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    # development (the default, for `make run`) or production: production refuses to start
    # with a development default, empty or short SURVEY_SECRET / WEB_COOKIE_SECRET.
    craftbot_env: Literal["development", "production"] = "development"
    telegram_bot_token: SecretStr | None = Field(default=None)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    database_url: str = DEFAULT_DB
    # Connections of one process; unset: 1 for SQLite (one writer at a time), 20 (+20 on
    # overflow) for PostgreSQL.
    database_pool_size: int | None = Field(default=None, ge=1, le=200)
    bot_mode: Literal["polling", "webhook"] = "polling"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: Literal["zh_CN", "en"] = "zh_CN"
    timezone: str = "Asia/Shanghai"
    dialog_idle_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    # How long an expired dialog's answers are kept after it expired, to offer "continue
    # where I left off" (0: not kept, the dialog is closed at once).
    dialog_resume_hours: int = Field(default=24, ge=0, le=7 * 24)
    log_level: str = "INFO"
    # Where the built search index is kept for the next start (a file named by a digest of
    # knowledge/): unset, $XDG_CACHE_HOME/craftbot or ~/.cache/craftbot; "" keeps it in
    # memory only.
    search_cache_dir: str | None = None
    # How long one SQL statement may wait (a lock elsewhere, a slow disk) before the turn
    # is abandoned with "busy, try again" (PostgreSQL statement and lock timeout, SQLite
    # busy timeout).
    db_statement_timeout_ms: int = Field(default=5000, ge=100, le=120_000)
    # Reminder dispatcher (bot/reminders). Rates follow Telegram's published limits.
    # Run the reminder dispatcher inside `craftbot run`; turn off when a separate
    # `craftbot worker` does the sending.
    reminders_in_bot: bool = True
    # Reminders of a policy deadline: how many days before it they are sent by default
    # (0 = on the day itself), at the event's hour (calendars.yaml `time`) in TIMEZONE;
    # the user may pick another lead in the dialog. Comma-separated, e.g. "3,0".
    deadline_reminder_leads: Annotated[tuple[int, ...], NoDecode] = (3, 0)
    reminder_batch_size: int = Field(default=50, ge=1, le=1000)
    reminder_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    reminder_rate_per_second: float = Field(default=30.0, gt=0)
    reminder_rate_per_chat_per_second: float = Field(default=1.0, gt=0)
    reminder_rate_margin: float = Field(default=0.03, ge=0, le=1)
    reminder_limiter: Literal["own", "ptb"] = "own"
    reminder_max_attempts: int = Field(default=5, ge=1, le=100)
    reminder_retry_base_seconds: float = Field(default=2.0, gt=0)
    reminder_retry_max_seconds: float = Field(default=300.0, gt=0)
    reminder_send_timeout_seconds: float = Field(default=10.0, gt=0)
    reminder_lease_seconds: float = Field(default=120.0, gt=0)
    reminder_missed_max_age_hours: float = Field(default=72.0, gt=0)
    reminder_late_note_minutes: float = Field(default=10.0, ge=0)
    # Sending (bot/delivery/sending.py). The global budget above (REMINDER_RATE_PER_SECOND)
    # is shared by replies and bulk sends: replies never wait for it, reminders and
    # broadcasts take what replies leave. Replies are paced per chat as Telegram counts:
    # at most SEND_CHAT_BURST sends in SEND_CHAT_BURST / SEND_CHAT_RATE_PER_SECOND seconds
    # in a private chat, SEND_GROUP_PER_MINUTE a minute in a group.
    send_chat_rate_per_second: float = Field(default=1.0, gt=0)
    send_chat_burst: int = Field(default=10, ge=1, le=100)
    send_group_per_minute: int = Field(default=20, ge=1, le=1000)
    # A reply that fails on 429, 5xx, a connection error or a timeout is sent again (after
    # retry_after, or with back-off from BASE to MAX seconds) for up to SEND_RETRY_SECONDS.
    send_retry_seconds: float = Field(default=120.0, ge=0)
    send_retry_base_seconds: float = Field(default=0.5, gt=0)
    send_retry_max_seconds: float = Field(default=10.0, gt=0)
    # The reply outbox (bot/delivery/outbox.py): a turn's replies are kept in the database
    # from its commit until delivered. Delivered rows are deleted in batches every
    # OUTBOX_ACK_SECONDS; every OUTBOX_SWEEP_SECONDS, rows older than
    # OUTBOX_REDELIVER_SECONDS that no send in this process holds are sent again.
    outbox_redeliver_seconds: float = Field(default=10.0, ge=0)
    outbox_sweep_seconds: float = Field(default=5.0, gt=0)
    outbox_ack_seconds: float = Field(default=0.1, ge=0)
    # Connections to the Bot API kept open for the bot's requests (PTB's default is 256).
    telegram_connection_pool_size: int = Field(default=64, ge=1, le=1024)
    # How long a Bot API request may wait for its answer before it counts as timed out
    # (and, for a reply, is sent again): PTB's default.
    telegram_read_timeout_seconds: float = Field(default=5.0, gt=0)
    # The HTTP client of the bot's Bot API requests: "aiohttp" (bot/handlers/
    # aiohttp_request.py, lighter on the event loop; see README, Performance) or "httpx"
    # (python-telegram-bot's own HTTPXRequest).
    telegram_http_client: Literal["aiohttp", "httpx"] = "aiohttp"
    # Several processes (bot, worker) share the global send budget through Redis when set,
    # e.g. redis://127.0.0.1:6379/0; unset: each process counts its own sends.
    redis_url: str | None = None
    # Surveys (bot/surveys): key of the keyed hash that tells a respondent's second answer
    # from a new one without storing who they are. SET IN PRODUCTION to a long random
    # string, keep it secret and stable (a new key lets everyone answer open surveys again).
    survey_secret: SecretStr = SecretStr(DEFAULT_SURVEY_SECRET)
    # Web server (`craftbot serve`, bot/handlers/web): Telegram webhook, web chat, JSON API.
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=1, le=65535)
    # The address people and Telegram reach this server at (https://bot.example.cn),
    # behind the reverse proxy; needed for the webhook and for survey web links.
    public_url: str | None = None
    # Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; required in webhook mode.
    telegram_webhook_secret: SecretStr | None = None
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    webhook_max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Key that signs the web visitor cookie. SET IN PRODUCTION, keep it stable.
    web_cookie_secret: SecretStr = SecretStr(DEFAULT_COOKIE_SECRET)
    # Origins allowed to call the JSON API from a browser (CORS); empty: CORS off.
    web_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    web_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # Rate limits, in the `limits` notation ("30/minute", "5/second; 100/hour").
    web_rate_per_visitor: str = "60/minute"
    web_rate_per_ip: str = "300/minute"
    api_rate_per_ip: str = "600/minute"
    # Take the client address from X-Forwarded-For (only behind your own reverse proxy).
    web_trust_proxy: bool = False
    web_shutdown_seconds: float = Field(default=30.0, gt=0, le=600)
    # Shared limits (web rate limits, Telegram's per-bot send budget) across processes;
    # unset: in-process.
    redis_url: str | None = None
    # Results, charts and exports of a survey (per-item counts, per-response rows) are
    # shown only from this many responses on, so that few answers cannot be told apart.
    survey_min_responses: int = Field(default=3, ge=1, le=1000)

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token(cls, v: object) -> object:
        if v in (None, ""):
            return None
        if not isinstance(v, str) or not TOKEN_RE.match(v.strip()):
            raise ValueError("malformed token: expected the form 123456789:AA... from BotFather")
        return v.strip()

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admins(cls, v: object) -> object:
        if isinstance(v, str):
            parts = [p for p in re.split(r"[,\s]+", v.strip()) if p]
            try:
                return [int(p) for p in parts]
            except ValueError:
                raise ValueError("expected Telegram user ids separated by commas") from None
        return v

    @field_validator("deadline_reminder_leads", mode="before")
    @classmethod
    def _leads(cls, v: object) -> object:
        if isinstance(v, str):
            try:
                v = [int(p) for p in re.split(r"[,\s]+", v.strip()) if p]
            except ValueError:
                raise ValueError("expected days before the deadline separated by commas, "
                                 "e.g. 3,0") from None
        if isinstance(v, (list, tuple)):
            if not v or any(not isinstance(n, int) or not 0 <= n <= 60 for n in v):
                raise ValueError("each lead is a whole number of days from 0 to 60")
            return tuple(sorted(set(v), reverse=True))
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            zoneinfo.ZoneInfo(v)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}") from None
        return v

    @field_validator("database_url")
    @classmethod
    def _db(cls, v: str) -> str:
        if not v.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or "
                             "postgresql+asyncpg://user@host:port/db")
        return v

    @field_validator("telegram_webhook_secret", mode="before")
    @classmethod
    def _hook_secret(cls, v: object) -> object:
        if v in (None, ""):
            return None
        if not isinstance(v, str) or not WEBHOOK_SECRET_RE.match(v):
            raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ -")
        return v

    @field_validator("public_url", mode="before")
    @classmethod
    def _public(cls, v: object) -> object:
        if v in (None, ""):
            return None
        if not isinstance(v, str) or not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", v):
            raise ValueError("must be an http(s) URL such as https://bot.example.cn")
        return v.rstrip("/")

    @field_validator("web_cors_origins", mode="before")
    @classmethod
    def _origins(cls, v: object) -> object:
        if isinstance(v, str):
            v = [p for p in re.split(r"[,\s]+", v.strip()) if p]
        for origin in v or []:
            if origin != "*" and not re.match(r"^https?://[^/\s]+$", str(origin)):
                raise ValueError(f"{origin!r} is not an origin like https://example.cn")
        return v

    @field_validator("web_rate_per_visitor", "web_rate_per_ip", "api_rate_per_ip")
    @classmethod
    def _rate(cls, v: str) -> str:
        from limits import parse_many

        try:
            parse_many(v)
        except ValueError:
            raise ValueError(f"{v!r} is not a rate such as 60/minute") from None
        return v

    @field_validator("redis_url", mode="before")
    @classmethod
    def _redis(cls, v: object) -> object:
        if v in (None, ""):
            return None
        if not isinstance(v, str) or not v.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("use redis://host:6379/0")
        return v

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL ending in /bot")
        return v

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def idle_timeout(self) -> timedelta:
        return timedelta(minutes=self.dialog_idle_minutes)

    @property
    def resume_keep(self) -> timedelta:
        return timedelta(hours=self.dialog_resume_hours)

    @property
    def webhook_secret(self) -> str | None:
        s = self.telegram_webhook_secret
        return s.get_secret_value() if s else None

    def check_webhook(self) -> None:
        """BOT_MODE=webhook needs a token, PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET."""
        if self.bot_mode != "webhook":
            return
        if not self.token:
            raise ConfigError("TELEGRAM_BOT_TOKEN: required when BOT_MODE=webhook")
        if not self.webhook_secret:
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET: required when BOT_MODE=webhook "
                              "(1-256 characters of A-Z a-z 0-9 _ -)")
        if not self.public_url:
            raise ConfigError("PUBLIC_URL: required when BOT_MODE=webhook (the https "
                              "address Telegram reaches this server at)")

    def check_secrets(self) -> None:
        """CRAFTBOT_ENV=production: no development default, empty or short secret."""
        if self.craftbot_env != "production":
            return
        for name, value, default in (
                ("SURVEY_SECRET", self.survey_secret, DEFAULT_SURVEY_SECRET),
                ("WEB_COOKIE_SECRET", self.web_cookie_secret, DEFAULT_COOKIE_SECRET)):
            secret = value.get_secret_value()
            if secret == default or not secret.strip():
                raise ConfigError(f"{name}: the development default is refused when "
                                  "CRAFTBOT_ENV=production; set a long random value of "
                                  "your own")
            if len(secret) < MIN_SECRET_LENGTH:
                raise ConfigError(f"{name}: too short for CRAFTBOT_ENV=production (at "
                                  f"least {MIN_SECRET_LENGTH} characters; use a long "
                                  "random value)")

    @property
    def base_file_url(self) -> str:
        base = self.telegram_api_base_url
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base


def load_settings(**overrides: object) -> Settings:
    """Load and validate; raise ConfigError with one line naming the bad setting."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err.get("loc") else "configuration"
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name}: {msg}") from None
    settings.check_webhook()
    settings.check_secrets()
    return settings
