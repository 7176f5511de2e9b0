"""reminders and broadcast opt-outs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        _ts("due_at", nullable=False),
        _ts("available_at", nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500)),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        sa.Column("repeat", sa.String(8)),
        sa.Column("claim_token", sa.String(36)),
        _ts("claimed_at"),
        _ts("sent_at"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.UniqueConstraint("dedupe_key", name="uq_reminders_dedupe_key"),
    )
    op.create_index("ix_reminders_status_available", "reminders", ["status", "available_at"])
    op.create_index("ix_reminders_user_status", "reminders", ["user_id", "status"])
    op.create_table(
        "broadcast_optouts",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )


def downgrade() -> None:
    op.drop_table("broadcast_optouts")
    op.drop_index("ix_reminders_user_status", table_name="reminders")
    op.drop_index("ix_reminders_status_available", table_name="reminders")
    op.drop_table("reminders")
