"""Feedback loop: each logged chat turn keeps the ids of the family needs its answer matched.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Turns logged before this revision matched needs that were not kept: they get an empty list.
    with op.batch_alter_table("chat_turns") as batch:
        batch.add_column(sa.Column("needs", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("chat_turns") as batch:
        batch.drop_column("needs")
