"""Index analyses by analyzer version, so re-analysis finds stale entries quickly.

Revision ID: 0002_analysis_version_index
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_analysis_version_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry_analyses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_entry_analyses_version_current", ["analyzer_version", "is_current"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("entry_analyses", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_analyses_version_current")
