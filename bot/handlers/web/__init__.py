"""The web channel on one aiohttp server (`craftbot serve`): the Telegram webhook, the
web chat for people without Telegram, the JSON API of the rules module, and health checks.

Every chat turn goes through `bot.conversation.Conversation` like on Telegram; this
package only turns HTTP requests into events and replies into JSON.
"""
