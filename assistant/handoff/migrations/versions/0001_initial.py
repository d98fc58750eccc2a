"""Handoff queue: staff users and sessions, help requests, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(20), unique=True),
        sa.Column("idempotency_key", sa.String(80), unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("contact_method", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(32)),
        sa.Column("email", sa.String(254)),
        sa.Column("callback_time", sa.String(120)),
        sa.Column("consent_transcript", sa.Boolean, nullable=False),
        sa.Column("transcript", sa.Text),
        sa.Column("assigned_to", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="SET NULL")),
        sa.Column("draft_reply", sa.Text),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("request_id", sa.Integer, index=True),
        sa.Column("detail", sa.String(200)),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("help_requests")
    op.drop_table("staff_sessions")
    op.drop_table("staff_users")
