"""Typed settings, built by a factory from the environment (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from befriend.errors import SettingsError

APP_NAME = "befriend"


# How long to wait for the model server before falling back to the phrase bank: a
# small local model on a laptop CPU drafts a sentence in seconds, a 3B-parameter one
# on a busy CPU can take half a minute, and the first request also loads the model.
DEFAULT_LLM_TIMEOUT: float = 60.0


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """An OpenAI-compatible model server (Ollama, llama.cpp server, vLLM). Off unless
    ``url`` is set: ``BEFRIEND_LLM_URL``, ``BEFRIEND_LLM_MODEL``,
    ``BEFRIEND_LLM_TIMEOUT`` (seconds), ``BEFRIEND_LLM_API_KEY``, and
    ``BEFRIEND_LLM_ALLOW_REMOTE`` (``1`` to allow a server on another machine)."""

    url: str | None = None
    model: str | None = None
    timeout: float = DEFAULT_LLM_TIMEOUT
    api_key: str | None = field(default=None, repr=False)
    allow_remote: bool = False


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
    backend: where the coach's suggestions come from (``BEFRIEND_BACKEND``):
    ``curated`` (the phrase bank) or ``llm`` (your own model server); by default
    ``llm`` when ``BEFRIEND_LLM_URL`` is set, else ``curated``.
    llm: the optional model server (docs/llm.md).
    """

    home: Path
    country: str | None
    threads: int | None
    database_url: str | None = None
    backend: str = "curated"
    llm: LLMSettings = field(default_factory=LLMSettings)


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
    llm = _llm_settings(env)
    backend = env.get("BEFRIEND_BACKEND", "").strip().lower() or ("llm" if llm.url else "curated")
    database_url = env.get("BEFRIEND_DATABASE_URL", "").strip() or None
    return Settings(
        home=home,
        country=country_value,
        threads=threads,
        database_url=database_url,
        backend=backend,
        llm=llm,
    )


def _llm_settings(env: Mapping[str, str]) -> LLMSettings:
    url = env.get("BEFRIEND_LLM_URL", "").strip() or None
    if url is not None:
        try:
            parts = urlsplit(url)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
            valid = valid and (parts.port is None or parts.port > 0)
            valid = valid and not any(ch.isspace() or ord(ch) < 32 for ch in url)
        except ValueError:
            valid = False
        if not valid:
            raise SettingsError(
                f"BEFRIEND_LLM_URL is set to {url!r}, which isn't an http:// or https:// "
                "address. Use your model server's address, such as http://127.0.0.1:11434/v1 "
                "for Ollama, or unset it to use befriend's own phrases."
            )
    timeout_value = env.get("BEFRIEND_LLM_TIMEOUT", "").strip()
    timeout = DEFAULT_LLM_TIMEOUT
    if timeout_value:
        try:
            timeout = float(timeout_value)
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= 600:
            raise SettingsError(
                f"BEFRIEND_LLM_TIMEOUT is set to {timeout_value!r}; it needs to be a number of "
                "seconds above 0 and up to 600, or unset (60 seconds)."
            )
    allow = env.get("BEFRIEND_LLM_ALLOW_REMOTE", "").strip().lower()
    if allow not in ("", "0", "1", "true", "false", "yes", "no"):
        raise SettingsError(
            f"BEFRIEND_LLM_ALLOW_REMOTE is set to {allow!r}; set it to 1 to let befriend send "
            "your words to a model server on another machine, or unset it."
        )
    return LLMSettings(
        url=url,
        model=env.get("BEFRIEND_LLM_MODEL", "").strip() or None,
        timeout=timeout,
        api_key=env.get("BEFRIEND_LLM_API_KEY", "").strip() or None,
        allow_remote=allow in ("1", "true", "yes"),
    )
