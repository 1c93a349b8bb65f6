"""Alembic environment for befriend's journal.

At run time ``befriend.store.db.migrate`` passes an open connection (already in a
transaction) through ``config.attributes["connection"]``. For development,
``alembic -c src/befriend/store/alembic.ini revision --autogenerate -m "..."`` uses
the URL from ``BEFRIEND_DATABASE_URL`` or the ini file.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from befriend.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can't ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("BEFRIEND_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set BEFRIEND_DATABASE_URL (or sqlalchemy.url) to run Alembic by hand.")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
