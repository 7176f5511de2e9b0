"""web channel: users.channel, web visitors, their inbox and their files

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False, now: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable,
                     server_default=sa.func.now() if now else None)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("channel", sa.String(16), nullable=False,
                                   server_default="telegram"))
    op.create_table(
        "web_visitors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  unique=True),
        _ts("created_at"),
        _ts("last_seen_at"),
    )
    op.create_table(
        "web_inbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=False),
        _ts("created_at"),
        _ts("seen_at", nullable=True, now=False),
    )
    op.create_index("ix_web_inbox_user_seen", "web_inbox", ["user_id", "seen_at"])
    op.create_table(
        "web_files",
        sa.Column("token", sa.String(48), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_web_files_user_id", "web_files", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_web_files_user_id", table_name="web_files")
    op.drop_table("web_files")
    op.drop_index("ix_web_inbox_user_seen", table_name="web_inbox")
    op.drop_table("web_inbox")
    op.drop_table("web_visitors")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("channel")
