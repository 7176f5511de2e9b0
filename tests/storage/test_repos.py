"""Repositories on the real databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import inspect, select

from storage.db import make_engine, make_sessionmaker
from storage.models import Base, DialogStateRow
from storage.repos import DialogRepo, StaleStateError, UserRepo

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
async def sessions(db_url: str):
    engine = make_engine(db_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_get_or_create_is_idempotent(sessions) -> None:
    async with sessions() as s, s.begin():
        a = await UserRepo(s).get_or_create(42)
    async with sessions() as s, s.begin():
        b = await UserRepo(s).get_or_create(42)
        assert a.id == b.id
        assert b.profile == {} and b.is_active


async def test_concurrent_creation_yields_one_user(sessions) -> None:
    async def create() -> int:
        async with sessions() as s, s.begin():
            return (await UserRepo(s).get_or_create(7)).id

    ids = await asyncio.gather(*(create() for _ in range(5)))
    assert len(set(ids)) == 1


async def test_profile_needs_consent_and_forget_deletes(sessions) -> None:
    async with sessions() as s, s.begin():
        repo = UserRepo(s)
        user = await repo.get_or_create(1)
        assert await repo.update_profile(user, {"birth_date": "1975-06-15"}) is False
        await repo.set_consent(user, dt.datetime(2026, 11, 20, 9, tzinfo=TZ))
        assert await repo.update_profile(user, {"birth_date": "1975-06-15"}) is True
        await DialogRepo(s).save(user.id, 1, "x", {"step": "a"}, None)
    async with sessions() as s, s.begin():
        repo = UserRepo(s)
        user = await repo.get(1)
        assert user.profile == {"birth_date": "1975-06-15"}
        uid = user.id
        await repo.forget(user)
    async with sessions() as s, s.begin():
        assert await UserRepo(s).get(1) is None  # the row itself is gone
        assert await DialogRepo(s).load(uid) is None


async def test_dialog_version_guards_concurrent_writers(sessions) -> None:
    async with sessions() as s, s.begin():
        uid = (await UserRepo(s).get_or_create(5)).id
        assert await DialogRepo(s).save(uid, 5, "flow", {"n": 1}, None) == 1
    async with sessions() as s, s.begin():
        stored = await DialogRepo(s).load(uid)
        assert stored.version == 1 and stored.state == {"n": 1}
        assert await DialogRepo(s).save(uid, 5, "flow", {"n": 2}, 1) == 2
    # a writer that read version 1 loses: nothing is overwritten
    with pytest.raises(StaleStateError):
        async with sessions() as s, s.begin():
            await DialogRepo(s).save(uid, 5, "flow", {"n": 99}, 1)
    with pytest.raises(StaleStateError):
        async with sessions() as s, s.begin():
            await DialogRepo(s).save(uid, 5, "flow", {"n": 99}, None)
    async with sessions() as s, s.begin():
        row = (await s.execute(select(DialogStateRow))).scalar_one()
        assert row.state == {"n": 2} and row.version == 2


async def test_migrations_create_every_model_table(db_url: str) -> None:
    engine = make_engine(db_url)
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        cols = await conn.run_sync(
            lambda c: {t: {col["name"] for col in inspect(c).get_columns(t)}
                       for t in Base.metadata.tables})
    await engine.dispose()
    assert set(Base.metadata.tables) <= tables
    for name, table in Base.metadata.tables.items():
        assert {c.name for c in table.columns} == cols[name], name


async def test_a_new_sqlite_file_is_readable_by_its_owner_only(tmp_path) -> None:
    import stat

    from sqlalchemy import text

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/private/new.db")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
            await conn.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        await engine.dispose()
    for path in (tmp_path / "private").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))


async def test_purge_idle_deletes_only_dialogs_untouched_since_the_cutoff(sessions) -> None:
    from sqlalchemy import update

    async with sessions() as s, s.begin():
        users = UserRepo(s)
        old, fresh = await users.get_or_create(501), await users.get_or_create(502)
        dialogs = DialogRepo(s)
        for user in (old, fresh):
            await dialogs.save(user.id, user.telegram_id, "check", {"step": "f:sex"}, None)
        two_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        if s.bind.dialect.name == "sqlite":
            two_days_ago = two_days_ago.replace(tzinfo=None)
        await s.execute(update(DialogStateRow).where(DialogStateRow.user_id == old.id)
                        .values(updated_at=two_days_ago))
    async with sessions() as s, s.begin():
        cutoff = dt.datetime.now(TZ) - dt.timedelta(hours=24, minutes=30)
        assert await DialogRepo(s).purge_idle(cutoff) == 1
    async with sessions() as s:
        left = [r.user_id for r in (await s.execute(select(DialogStateRow))).scalars()]
        assert left == [fresh.id]
