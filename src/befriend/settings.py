"""Typed settings, built by a factory from the environment (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from befriend.errors import SettingsError

APP_NAME = "befriend"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything befriend reads from the environment.

    home: the one folder holding all user data (``BEFRIEND_HOME``, else the
    platform's user data dir).
    country: an ISO 3166 alpha-2 code for crisis resources (``BEFRIEND_COUNTRY``);
    ``None`` means "use the locale".
    threads: ONNX Runtime intra-op threads (``BEFRIEND_THREADS``); ``None`` means
    the library default.
    database_url: where the journal lives (``BEFRIEND_DATABASE_URL``, e.g.
    ``postgresql+psycopg://user@host/db``); ``None`` means the SQLite file
    ``befriend.db`` in ``home``.
    """

    home: Path
    country: str | None
    threads: int | None
    database_url: str | None = None


def default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    home_value = env.get("BEFRIEND_HOME", "").strip()
    home = Path(home_value).expanduser() if home_value else default_home()

    country_value = env.get("BEFRIEND_COUNTRY", "").strip().upper() or None
    if country_value is not None and not (len(country_value) == 2 and country_value.isalpha()):
        raise SettingsError(
            f"BEFRIEND_COUNTRY is set to {country_value!r}, which isn't a two-letter country code. "
            "Use a code such as US, GB, IE, CA, AU, NZ, IN or DE, or unset it to use your locale."
        )

    threads_value = env.get("BEFRIEND_THREADS", "").strip()
    threads: int | None = None
    if threads_value:
        if not threads_value.isdigit() or int(threads_value) < 1:
            raise SettingsError(
                f"BEFRIEND_THREADS is set to {threads_value!r}; it needs to be a whole number "
                "of 1 or more, or unset."
            )
        threads = int(threads_value)
    database_url = env.get("BEFRIEND_DATABASE_URL", "").strip() or None
    return Settings(home=home, country=country_value, threads=threads, database_url=database_url)
