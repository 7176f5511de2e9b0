"""`craftbot` command line: run, chat, db upgrade, rules ..."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.config import DEFAULT_SURVEY_SECRET, ConfigError, Settings, load_settings
from bot.services import prepare_database

log = logging.getLogger("craftbot")


def _fail(message: str) -> int:
    print(f"craftbot: {message}", file=sys.stderr)
    return 2


def _setup_logging(settings: Settings) -> None:
    from bot.logs import setup

    setup(settings.log_level,
          secrets=[settings.token or "", settings.survey_secret.get_secret_value()])


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
    if settings.bot_mode != "polling":
        raise ConfigError("BOT_MODE: only 'polling' is implemented so far")
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
