"""Migration 0008_survey_privacy on a database with responses of the old design: the
keyed hash leaves the response rows for the campaign's "already answered" list (so the
same people still cannot answer twice), times become days, row order is not kept."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.surveys import ResponseRepo

HASHES = [f"{i:064x}" for i in (5, 3, 9, 1)]


async def test_old_responses_lose_their_hash_and_order(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url, "0006")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO survey_campaigns (id, kind, token, city, unit, category, title, "
                "courses, opens_on, closes_on, created_by, created_at) VALUES (1, 'trainee', "
                "'t', 'nanjing', 'U', 'C', '', '[]', '2026-03-01', '2026-03-31', 1, "
                "'2026-03-01 08:00:00')")
    for i, key in enumerate(HASHES, start=1):
        con.execute("INSERT INTO survey_responses (id, campaign_id, respondent, answers, "
                    "submitted_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)",
                    (i, key, f'{{"n": {i}}}', f"2026-03-0{i} 1{i}:00:00",
                     f"2026-03-0{i} 1{i}:00:00"))
    con.execute("INSERT INTO survey_starts VALUES (1, 42, '2026-03-02 17:43:12')")
    con.commit()
    con.close()

    await asyncio.to_thread(upgrade, url)
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(survey_responses)")]
    assert columns == ["id", "campaign_id", "answers", "submitted_on"]
    rows = con.execute("SELECT id, answers, submitted_on FROM survey_responses").fetchall()
    assert sorted(a for _, a, _ in rows) == [f'{{"n": {i}}}' for i in range(1, 5)]
    assert [k for k, _, _ in rows] == sorted(k for k, _, _ in rows)  # key order, not arrival
    assert {d for _, _, d in rows} == {f"2026-03-0{i}" for i in range(1, 5)}
    assert not any(h in repr(rows) for h in HASHES)
    (listed,) = con.execute("SELECT respondents FROM survey_answered").fetchone()
    assert listed == "[" + ", ".join(f'"{h}"' for h in sorted(HASHES)) + "]"
    with_rowid = con.execute("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'")
    assert "WITHOUT ROWID" in with_rowid.fetchone()[0]
    assert con.execute("SELECT started_at FROM survey_starts").fetchone()[0].startswith(
        "2026-03-02 00:00:00")
    con.close()

    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as s:
            repo = ResponseRepo(s)
            assert await repo.answered(1, HASHES[0])  # still counts as answered
            assert not await repo.submit(1, HASHES[0], {"n": 9}, dt.date(2026, 3, 5))
            assert await repo.submit(1, "f" * 64, {"n": 9}, dt.date(2026, 3, 5))
            assert await repo.count(1) == 5
    finally:
        await engine.dispose()
    await asyncio.to_thread(upgrade, url)  # idempotent at head
