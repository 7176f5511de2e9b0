"""The reference for benchmarks/turns_bench.py: a bare python-telegram-bot echo bot
(polling, library defaults). TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL from the env."""
import os

from telegram.ext import Application, MessageHandler, filters


async def echo(update, context):  # noqa: ANN001, ANN201
    await update.message.reply_text(update.message.text)

app = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(
    os.environ["TELEGRAM_API_BASE_URL"]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
