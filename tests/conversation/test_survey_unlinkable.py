"""Survey responses cannot be tied to their respondents, even by someone holding a full
dump of the database AND the server's SURVEY_SECRET.

Eight trainees register and answer one after another through the real conversation
service (the most an attacker can hope for: arrival order = registration order). Then
an attacker who knows every table and the secret tries: the keyed hash of campaign and
Telegram id looked for in the response rows; values (ids, row ids) shared between a
response and any row about a person; times of the response against the times kept
about each person; and the storage order of the responses (row ids where the table has
them, else the order a dump lists them in) against every ordering of the respondents
that the dump offers. Each trainee's comment tells the test which response is whose, so
every guess is checked. Found links: 0."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.config import load_settings
from bot.dialogs.surveys.effects.links import respondent_key
from bot.services import Services
from storage.surveys import CampaignRepo
from tests.conversation.harness import ConvUser

SECRET = "a-survey-secret-the-attacker-also-has"
TRAINEES = [881_000_100 + 7 * i for i in range(8)]
TOKEN = "unlinkable" + "x" * 12


@pytest.fixture
async def services(sqlite_url: str) -> AsyncIterator[Services]:
    svc = Services.create(load_settings(database_url=sqlite_url, survey_secret=SECRET,
                                        _env_file=None))
    yield svc
    await svc.close()


def dump(path: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as a dump lists them; with "rowid" where there is one."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        try:
            rows = con.execute(f'SELECT rowid AS "rowid", * FROM "{table}"').fetchall()
        except sqlite3.OperationalError:  # WITHOUT ROWID
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
        out[table] = [dict(r) for r in rows]
    con.close()
    return out


def whose(row: dict[str, Any]) -> int:
    """The truth, known to the test only: the trainee named in the comment."""
    return next(t for t in TRAINEES if f"comment of {t}" in str(row["answers"]))


def times_of(row: dict[str, Any]) -> set[str]:
    """The days and hours a row's time columns hold (as text, as a dump shows them)."""
    found = set()
    for value in row.values():
        text = str(value)
        if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
            found.add(text[:10])
            if len(text) >= 13:
                found.add(text[:13])
    return found


def attack(db: dict[str, list[dict[str, Any]]], campaign: int) -> dict[str, int]:
    """Links found per method: guesses that are unique and right."""
    responses = db["survey_responses"]
    users = {u["telegram_id"]: u for u in db["users"]}
    people_rows: dict[int, list[dict[str, Any]]] = {t: [] for t in users}
    for table, rows in db.items():
        if table == "survey_responses":
            continue
        for row in rows:
            for t, u in users.items():
                if t in row.values() or (table != "users" and row.get("user_id") == u["id"]):
                    people_rows[t].append(row)
    found = {"keyed hash": 0, "shared ids": 0, "times": 0, "order": 0}
    keys = {respondent_key(SECRET, campaign, t): t for t in users}
    for row in responses:
        text = " ".join(str(v) for v in row.values())
        hit = {t for key, t in keys.items() if key in text or key[:32] in text}
        found["keyed hash"] += hit == {whose(row)}
        values = {v for k, v in row.items() if k not in ("answers", "campaign_id")}
        hit = {t for t, rows in people_rows.items()
               if any(values & set(r.values()) for r in rows) or users[t]["id"] in values}
        found["shared ids"] += hit == {whose(row)}
        when = times_of({k: v for k, v in row.items() if k != "answers"})
        hit = {t for t, rows in people_rows.items()
               if any(when & times_of(r) for r in rows)} if when else set()
        found["times"] += hit == {whose(row)}
    stored = [whose(r) for r in sorted(responses, key=lambda r: r.get("rowid", 0))] \
        if all("rowid" in r for r in responses) else [whose(r) for r in responses]
    answered = [keys[k] for rows in db.get("survey_answered", []) for k in
                (rows.get("respondents") or "").strip('[]"').split('", "') if k in keys]
    orderings = [sorted(users, key=lambda t: users[t]["id"]),
                 sorted(users, key=lambda t: str(users[t]["created_at"])),
                 sorted(users, key=lambda t: str(users[t]["updated_at"])), answered]
    for order in orderings:
        respondents = [t for t in order if t in stored]
        if len(respondents) == len(stored) and respondents == stored:
            found["order"] = len(stored)
    return found


async def test_no_response_is_linked_with_the_dump_and_the_secret(services, sqlite_url
                                                                 ) -> None:
    now = dt.datetime.now(dt.UTC)
    async with services.transaction() as s:
        camp = await CampaignRepo(s).create(
            kind="trainee", token=TOKEN, city="nanjing", unit="Unit", category="Cat",
            courses=[{"course": "CNC", "teacher": "Wang"}], opens_on=now.date(),
            closes_on=now.date() + dt.timedelta(days=9), created_by=900, created_at=now)
        campaign = camp.id
    for trainee in TRAINEES:
        user = ConvUser(services, trainee)
        await user.say(f"/start sv_{TOKEN}")
        for _ in range(11):  # the course, then the ten fixed items
            await user.tap("Good")
        await user.say(f"comment of {trainee}")
        await user.tap("Submit")
        assert "Thank you" in user.text, user.text
    again = ConvUser(services, TRAINEES[0])
    await again.say(f"/start sv_{TOKEN}")
    assert "already answered" in again.text  # one response per person still holds

    db = dump(sqlite_url.split("///", 1)[1])
    assert len(db["survey_responses"]) == len(TRAINEES)
    assert sorted(whose(r) for r in db["survey_responses"]) == sorted(TRAINEES)
    assert not db.get("survey_starts") and not db.get("dialog_states")  # nothing in progress
    assert attack(db, campaign) == {"keyed hash": 0, "shared ids": 0, "times": 0, "order": 0}
