"""The registry of suggestion backends.

The built-in backends register themselves through the same hook a third-party
package would use: a module (or object) with a ``register(add)`` function, where
``add(name, factory)`` records a factory that builds the backend from
:class:`~befriend.settings.Settings`. Built-ins are listed in ``BUILTIN_BACKENDS``;
other packages declare an entry point in the ``befriend.backends`` group that
points at their module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.coach.backends.base import SuggestionBackend
    from befriend.settings import Settings

BackendFactory = Callable[["Settings"], "SuggestionBackend"]
AddBackend = Callable[[str, BackendFactory], None]
"""What a plugin's ``register`` is given: ``add(name, factory)``."""

BUILTIN_BACKENDS: Final[tuple[str, ...]] = (
    "befriend.coach.backends.curated",
    "befriend.coach.backends.openai_http",
)
ENTRY_POINT_GROUP: Final[str] = "befriend.backends"


class UnknownBackendError(BefriendError):
    code = "unknown_backend"


class PluginLoadError(BefriendError):
    code = "backend_plugin_error"


class BackendRegistry:
    """Backend factories by name. ``default_registry()`` holds the built-ins and
    any installed plugins; tests can build their own."""

    def __init__(self) -> None:
        self._factories: dict[str, BackendFactory] = {}

    def add(self, name: str, factory: BackendFactory) -> None:
        if name in self._factories:
            raise ValueError(f"a suggestion backend named {name!r} is already registered")
        self._factories[name] = factory

    def load(self, plugin: object) -> None:
        """Let ``plugin`` (a module or object with ``register(add)``) add its backends."""
        register: Callable[[AddBackend], None] | None = getattr(plugin, "register", None)
        if register is None:
            raise ValueError(f"{plugin!r} has no register(add) function")
        register(self.add)

    def names(self) -> tuple[str, ...]:
        return tuple(self._factories)

    def create(self, name: str, settings: Settings) -> SuggestionBackend:
        factory = self._factories.get(name)
        if factory is None:
            raise UnknownBackendError(
                f"There's no suggestion backend called {name!r}. Use one of: "
                f"{', '.join(self._factories)} (with --backend or BEFRIEND_BACKEND)."
            )
        return factory(settings)


def _builtin_registry() -> BackendRegistry:
    registry = BackendRegistry()
    for module in BUILTIN_BACKENDS:
        registry.load(importlib.import_module(module))
    return registry


def _load_plugins(registry: BackendRegistry) -> None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            registry.load(entry.load())
        except Exception as exc:
            raise PluginLoadError(
                f"The suggestion backend plugin {entry.name!r} ({entry.value}) couldn't be "
                f"loaded ({type(exc).__name__}: {exc}). Update or uninstall the package "
                "that provides it; befriend's own phrases work without it (--backend curated)."
            ) from exc


def default_registry() -> BackendRegistry:
    """The built-in backends, then those of installed plugins (entry points)."""
    registry = _builtin_registry()
    _load_plugins(registry)
    return registry


def get_backend(name: str, settings: Settings) -> SuggestionBackend:
    """The backend called ``name``, built from ``settings``. Plugins are only
    loaded for a name the built-ins don't have, so a broken plugin can't stand in
    the way of the built-in backends."""
    registry = _builtin_registry()
    if name not in registry.names():
        _load_plugins(registry)
    return registry.create(name, settings)


def backend_names() -> tuple[str, ...]:
    return default_registry().names()
