from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import load_settings
from bot.services import Services


@pytest.fixture
async def services(db_url: str) -> AsyncIterator[Services]:
    svc = Services.create(load_settings(database_url=db_url, admin_ids="900",
                                        _env_file=None))
    yield svc
    await svc.close()
