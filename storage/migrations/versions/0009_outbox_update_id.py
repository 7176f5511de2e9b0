"""outbox rows name their turn's Telegram update; delivered rows wait for its confirmation

Revision ID: 0009_outbox_update_id
Revises: 0008_survey_privacy
Create Date: 2026-12-01

Two nullable columns: `update_id` (the update whose turn wrote the row) and
`delivered_at` (delivered while that update was not yet confirmed to Telegram: kept,
not sent again, until it is). Rows written before have neither and behave as before.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_outbox_update_id"
down_revision = "0008_survey_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("update_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("delivered_at")
        batch.drop_column("update_id")
