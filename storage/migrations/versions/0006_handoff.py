"""handoff: questions handed to officers, their thread, FAQ entries from answers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "handoff_tickets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.BigInteger(), nullable=True),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("region", sa.String(24), nullable=False),
        sa.Column("topic", sa.String(24), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        _ts("created_at"),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_role", sa.String(32), nullable=True),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        _ts("answered_at", nullable=True),
        _ts("closed_at", nullable=True),
    )
    op.create_index("ix_handoff_tickets_user_id", "handoff_tickets", ["user_id"])
    op.create_index("ix_handoff_tickets_region_status", "handoff_tickets",
                    ["region", "status"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer(),
                  sa.ForeignKey("handoff_tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author_role", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        _ts("at"),
    )
    op.create_index("ix_handoff_messages_ticket_id", "handoff_messages", ["ticket_id"])
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer(),
                  sa.ForeignKey("handoff_tickets.id", ondelete="SET NULL"), nullable=True),
        sa.Column("region", sa.String(24), nullable=False),
        sa.Column("topic", sa.String(24), nullable=False),
        sa.Column("question_zh", sa.Text(), nullable=False),
        sa.Column("question_en", sa.Text(), nullable=False),
        sa.Column("answer_zh", sa.Text(), nullable=False),
        sa.Column("answer_en", sa.Text(), nullable=False),
        sa.Column("articles", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("approved_role", sa.String(32), nullable=False),
        sa.Column("approved_by", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        _ts("published_at"),
    )
    op.create_index("ix_faq_entries_region", "faq_entries", ["region"])


def downgrade() -> None:
    op.drop_index("ix_faq_entries_region", table_name="faq_entries")
    op.drop_table("faq_entries")
    op.drop_index("ix_handoff_messages_ticket_id", table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index("ix_handoff_tickets_region_status", table_name="handoff_tickets")
    op.drop_index("ix_handoff_tickets_user_id", table_name="handoff_tickets")
    op.drop_table("handoff_tickets")
