"""`craftbot` command line: run, chat, db upgrade, rules ..."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.config import DEFAULT_SURVEY_SECRET, ConfigError, Settings, load_settings

log = logging.getLogger("craftbot")


async def prepare_database(settings: Settings) -> None:
    """The database at the newest schema. SQLAlchemy and the storage layer are imported
    here, on the commands that need them: `--help`, `rules` and a refused setting answer
    without loading them."""
    from bot.services import prepare_database as prepare

    await prepare(settings)


def _fail(message: str) -> int:
    print(f"craftbot: {message}", file=sys.stderr)
    return 2


def _setup_logging(settings: Settings) -> None:
    from bot.logs import setup

    setup(settings.log_level,
          secrets=[settings.token or "", settings.survey_secret.get_secret_value(),
                   settings.webhook_secret or "", settings.web_cookie_secret.get_secret_value()])


def cmd_db(args: argparse.Namespace) -> int:
    settings = load_settings()
    asyncio.run(prepare_database(settings))
    print("database is at the newest schema")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    settings = load_settings()
    _setup_logging(settings)
    if not settings.token:
        print("craftbot: TELEGRAM_BOT_TOKEN is not set, so this is the terminal chat. "
              "To run on Telegram, get a token from @BotFather and start with "
              "TELEGRAM_BOT_TOKEN=123456:ABC... make run", file=sys.stderr)
        return _chat(settings)
    if settings.bot_mode == "webhook":  # Telegram calls us: that is the web server's job
        return _serve(settings, settings.web_host, settings.web_port)
    asyncio.run(prepare_database(settings))
    if settings.survey_secret.get_secret_value() == DEFAULT_SURVEY_SECRET:
        log.warning("SURVEY_SECRET is the development default; set your own in production")
    from bot.app import build_application

    app = build_application(settings)
    log.info("polling %s", settings.telegram_api_base_url)
    app.run_polling(allowed_updates=["message", "callback_query"], drop_pending_updates=False,
                    close_loop=False)
    return 0


def _chat(settings: Settings) -> int:
    from bot.handlers.terminal import TerminalChat
    from bot.services import Services

    async def main() -> int:
        await prepare_database(settings)
        services = Services.create(settings)
        try:
            return await TerminalChat(services).run(sys.stdin)
        finally:
            await services.close()

    return asyncio.run(main())


def cmd_chat(args: argparse.Namespace) -> int:
    settings = load_settings()
    logging.basicConfig(level=logging.WARNING)
    return _chat(settings)


def cmd_worker(args: argparse.Namespace) -> int:
    """The reminder dispatcher alone (the bot process runs one too)."""
    from bot.delivery.worker import run_worker

    settings = load_settings()
    _setup_logging(settings)
    return run_worker(settings)


def _serve(settings: Settings, host: str, port: int) -> int:
    from bot.handlers.web.server import serve

    async def main() -> int:
        await prepare_database(settings)
        return await serve(settings, host, port)

    if settings.survey_secret.get_secret_value() == DEFAULT_SURVEY_SECRET:
        log.warning("SURVEY_SECRET is the development default; set your own in production")
    return asyncio.run(main())


def cmd_serve(args: argparse.Namespace) -> int:
    """The web server: web chat, JSON API, health, and the Telegram webhook in webhook
    mode."""
    settings = load_settings()
    _setup_logging(settings)
    return _serve(settings, args.host or settings.web_host,
                  args.port if args.port is not None else settings.web_port)


def cmd_webhook(args: argparse.Namespace) -> int:
    """`craftbot webhook info|set|delete`: look at or change what Telegram calls."""
    import json

    from telegram import Bot
    from telegram.error import TelegramError

    from bot.handlers.web import webhook

    settings = load_settings()
    if not settings.token:
        raise ConfigError("TELEGRAM_BOT_TOKEN: required for the webhook commands")
    if args.action == "set" and not (settings.public_url and settings.webhook_secret):
        raise ConfigError("PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET: both are required to set "
                          "the webhook")

    async def main() -> dict[str, object]:
        bot = Bot(settings.token or "", base_url=settings.telegram_api_base_url)
        async with bot:
            if args.action == "set":
                assert settings.public_url and settings.webhook_secret
                ok = await webhook.set_webhook(bot, settings.public_url,
                                               settings.webhook_secret,
                                               settings.webhook_max_connections)
                return {"ok": ok, "url": webhook.webhook_url(settings.public_url)}
            if args.action == "delete":
                return {"ok": await bot.delete_webhook(drop_pending_updates=False)}
            info = await bot.get_webhook_info()
            return {"url": info.url, "pending_update_count": info.pending_update_count,
                    "max_connections": info.max_connections,
                    "allowed_updates": list(info.allowed_updates or []),
                    "last_error_message": info.last_error_message}

    try:
        result = asyncio.run(main())
    except TelegramError as exc:
        return _fail(f"Telegram refused: {exc.message}")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from knowledge.cli import main as rules_main

    return rules_main(args.rest, sys.stdin, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="craftbot", description="CraftBot: skilled-worker policy "
                                "assistant (技能人才政策助手)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (Telegram polling; terminal chat without a token)"
                   ).set_defaults(fn=cmd_run)
    sub.add_parser("chat", help="chat with the bot in this terminal").set_defaults(fn=cmd_chat)
    sub.add_parser("worker", help="run only the reminder dispatcher").set_defaults(fn=cmd_worker)
    serve = sub.add_parser("serve", help="the web server: web chat, JSON API, health and "
                           "the Telegram webhook (BOT_MODE=webhook)")
    serve.add_argument("--host", default=None, help="address to listen on (WEB_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (WEB_PORT)")
    serve.set_defaults(fn=cmd_serve)
    hook = sub.add_parser("webhook", help="Telegram webhook: info | set | delete")
    hook.add_argument("action", choices=["info", "set", "delete"])
    hook.set_defaults(fn=cmd_webhook)
    db = sub.add_parser("db", help="database commands")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(fn=cmd_db)
    rules = sub.add_parser("rules", help="rules module: programs | evaluate | match | search",
                           add_help=False)
    rules.add_argument("rest", nargs=argparse.REMAINDER)
    rules.set_defaults(fn=cmd_rules)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed a one-line usage error
        return int(exc.code or 0) and 2
    try:
        return args.fn(args)
    except ConfigError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one line, never a traceback
        logging.getLogger("craftbot").debug("fatal", exc_info=True)
        return _fail(f"unexpected error: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
