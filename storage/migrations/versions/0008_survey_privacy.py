"""survey privacy: responses under random keys, apart from the "already answered" list

Revision ID: 0008_survey_privacy
Revises: 0006
Create Date: 2026-12-01

survey_responses loses the respondent hash and the times (a random key and the day
instead; WITHOUT ROWID on SQLite; rows copied in the order of their new keys, not of
their arrival); the hashes move to survey_answered, one row per campaign with the sorted
list, so that a person who answered still cannot answer twice. Started-survey times are
cut to the day. What this cannot undo: a copy or backup of the database taken before this
migration still links the old responses to their hashes.
"""
import datetime as dt
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008_survey_privacy"
down_revision = "0007_outbox"
branch_labels = None
depends_on = None

_OLD = sa.table("survey_responses", sa.column("id", sa.Integer()),
                sa.column("campaign_id", sa.Integer()), sa.column("respondent", sa.String()),
                sa.column("answers", sa.JSON()),
                sa.column("submitted_at", sa.DateTime(timezone=True)))
_NEW = sa.table("survey_responses_new", sa.column("id", sa.String()),
                sa.column("campaign_id", sa.Integer()), sa.column("answers", sa.JSON()),
                sa.column("submitted_on", sa.Date()))
_ANSWERED = sa.table("survey_answered", sa.column("campaign_id", sa.Integer()),
                     sa.column("respondents", sa.JSON()), sa.column("version", sa.Integer()))
_STARTS = sa.table("survey_starts", sa.column("campaign_id", sa.Integer()),
                   sa.column("telegram_id", sa.BigInteger()),
                   sa.column("started_at", sa.DateTime(timezone=True)))


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(),
                     sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "survey_answered",
        sa.Column("campaign_id", sa.Integer(),
                  sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("respondents", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "survey_responses_new",
        sa.Column("id", sa.String(32), primary_key=True),
        _campaign_fk(),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sqlite_with_rowid=False,
    )
    old = bind.execute(sa.select(_OLD.c.campaign_id, _OLD.c.respondent, _OLD.c.answers,
                                 _OLD.c.submitted_at)).all()
    marks: dict[int, set[str]] = {}
    for r in old:
        marks.setdefault(r.campaign_id, set()).add(r.respondent)
    rows = sorted((secrets.token_hex(16), r.campaign_id, r.answers, r.submitted_at.date())
                  for r in old)
    if marks:
        op.bulk_insert(_ANSWERED, [{"campaign_id": c, "respondents": sorted(h),
                                    "version": len(h)} for c, h in sorted(marks.items())])
    if rows:
        op.bulk_insert(_NEW, [{"id": k, "campaign_id": c, "answers": a, "submitted_on": d}
                              for k, c, a, d in rows])
    op.drop_index("ix_survey_responses_campaign_id", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.rename_table("survey_responses_new", "survey_responses")
    op.create_index("ix_survey_responses_campaign_id", "survey_responses", ["campaign_id"])
    for r in bind.execute(sa.select(_STARTS)).all():
        day = r.started_at.replace(hour=0, minute=0, second=0, microsecond=0)
        bind.execute(sa.update(_STARTS).where(_STARTS.c.campaign_id == r.campaign_id,
                                              _STARTS.c.telegram_id == r.telegram_id)
                     .values(started_at=day))


def downgrade() -> None:
    """Back to the old shape; the links removed by upgrade cannot come back, so each old
    row gets a random respondent value and the day at midnight as its times."""
    bind = op.get_bind()
    op.create_table(
        "survey_responses_old",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _campaign_fk(),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "respondent", name="uq_survey_responses_once"),
    )
    new = sa.table("survey_responses", *[sa.column(c.name, c.type) for c in _NEW.c])
    back = sa.table("survey_responses_old", sa.column("campaign_id", sa.Integer()),
                    sa.column("respondent", sa.String()), sa.column("answers", sa.JSON()),
                    sa.column("submitted_at", sa.DateTime(timezone=True)),
                    sa.column("updated_at", sa.DateTime(timezone=True)))
    rows = bind.execute(sa.select(new).order_by(new.c.id)).all()
    if rows:
        op.bulk_insert(back, [{"campaign_id": r.campaign_id, "respondent": secrets.token_hex(32),
                               "answers": r.answers,
                               "submitted_at": _midnight(r.submitted_on),
                               "updated_at": _midnight(r.submitted_on)} for r in rows])
    op.drop_index("ix_survey_responses_campaign_id", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.rename_table("survey_responses_old", "survey_responses")
    op.create_index("ix_survey_responses_campaign_id", "survey_responses", ["campaign_id"])
    op.drop_table("survey_answered")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
