"""The safety plan: one row holding the person's plan through the codec.

Revision ID: 0003_safety_plan
Revises: 0002_analysis_version_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_safety_plan"
down_revision = "0002_analysis_version_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safety_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("plan", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_plans")),
    )


def downgrade() -> None:
    op.drop_table("safety_plans")
