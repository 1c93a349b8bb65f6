"""Suggestion backends: where the coach's drafts come from (docs/llm.md).

- ``curated``: befriend's own phrase bank (the default; nothing leaves the process);
- ``llm``: your own model server, through its OpenAI-compatible API (off unless
  ``BEFRIEND_LLM_URL`` is set).

Both are found through :func:`get_backend`, the registry a plugin would use too.
Whatever a backend drafts is screened and analysed before it is shown
(:mod:`befriend.coach.drafting`).
"""

from __future__ import annotations

from befriend.coach.backends.base import (
    KINDS,
    BackendUnavailable,
    DraftRequest,
    SuggestionBackend,
)
from befriend.coach.backends.registry import (
    BUILTIN_BACKENDS,
    ENTRY_POINT_GROUP,
    BackendRegistry,
    PluginLoadError,
    UnknownBackendError,
    backend_names,
    default_registry,
    get_backend,
)

__all__ = [
    "BUILTIN_BACKENDS",
    "ENTRY_POINT_GROUP",
    "KINDS",
    "BackendRegistry",
    "BackendUnavailable",
    "DraftRequest",
    "PluginLoadError",
    "SuggestionBackend",
    "UnknownBackendError",
    "backend_names",
    "default_registry",
    "get_backend",
]
