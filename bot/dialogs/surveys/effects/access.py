"""Who may do what: officers (ADMIN_IDS for every city, appointed ones for a city),
assessors (appointed for a city; officers may also score)."""

from __future__ import annotations

from typing import Any

from bot.dialogs.surveys.flow import Access
from storage.db import Session
from storage.surveys import OfficerRepo


async def load_access(session: Session, services: Any, telegram_id: int) -> Access:
    admin = bool(services.is_admin(telegram_id))
    roles = await OfficerRepo(session).roles_of(telegram_id)
    officer_cities = tuple(sorted({city for role, city in roles if role == "officer"}))
    assessor_cities = tuple(sorted({city for role, city in roles if role == "assessor"}))
    officer = admin or bool(officer_cities)
    if admin:
        cities: tuple[str, ...] | None = None
    elif officer:
        cities = tuple(sorted(set(officer_cities) | set(assessor_cities)))
    else:
        cities = assessor_cities
    return Access(officer=officer, admin=admin, assessor=bool(assessor_cities), cities=cities)


def as_extras(acc: Access) -> dict[str, Any]:
    return {"officer": acc.officer, "admin": acc.admin, "assessor": acc.assessor,
            "cities": None if acc.cities is None else list(acc.cities)}


def covers(acc: Access, city: str) -> bool:
    return acc.cities is None or city in acc.cities
