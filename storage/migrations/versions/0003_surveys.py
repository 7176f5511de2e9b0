"""surveys: campaigns, anonymous responses, starts, officers, invites, score sheets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "survey_officers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("city", sa.String(24), nullable=False),
        sa.Column("appointed_by", sa.BigInteger(), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("telegram_id", "role", "city", name="uq_survey_officers_who"),
    )
    op.create_index("ix_survey_officers_telegram_id", "survey_officers", ["telegram_id"])
    op.create_table(
        "survey_invites",
        sa.Column("token", sa.String(48), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("city", sa.String(24), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        sa.Column("used_by", sa.BigInteger()),
        _ts("used_at", nullable=True),
    )
    op.create_table(
        "survey_campaigns",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("token", sa.String(48), nullable=False),
        sa.Column("city", sa.String(24), nullable=False),
        sa.Column("unit", sa.String(120), nullable=False),
        sa.Column("category", sa.String(80), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("courses", sa.JSON(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        _ts("closed_at", nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("token", name="uq_survey_campaigns_token"),
    )
    op.create_index("ix_survey_campaigns_city", "survey_campaigns", ["city"])
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("campaign_id", sa.Integer(),
                  sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        _ts("submitted_at"),
        _ts("updated_at"),
        sa.UniqueConstraint("campaign_id", "respondent", name="uq_survey_responses_once"),
    )
    op.create_index("ix_survey_responses_campaign_id", "survey_responses", ["campaign_id"])
    op.create_table(
        "survey_starts",
        sa.Column("campaign_id", sa.Integer(),
                  sa.ForeignKey("survey_campaigns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("telegram_id", sa.BigInteger(), primary_key=True),
        _ts("started_at"),
    )
    op.create_table(
        "score_sheets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(24), nullable=False),
        sa.Column("unit", sa.String(120), nullable=False),
        sa.Column("trainees", sa.Integer(), nullable=False),
        sa.Column("year", sa.String(16), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("assessor_id", sa.BigInteger(), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_score_sheets_city", "score_sheets", ["city"])


def downgrade() -> None:
    op.drop_index("ix_score_sheets_city", table_name="score_sheets")
    op.drop_table("score_sheets")
    op.drop_table("survey_starts")
    op.drop_index("ix_survey_responses_campaign_id", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.drop_index("ix_survey_campaigns_city", table_name="survey_campaigns")
    op.drop_table("survey_campaigns")
    op.drop_table("survey_invites")
    op.drop_index("ix_survey_officers_telegram_id", table_name="survey_officers")
    op.drop_table("survey_officers")
