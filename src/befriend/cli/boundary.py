"""The CLI's one error boundary, in its own module so every command module can
import it without importing ``befriend.cli.main`` (which imports them)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
import typer

from befriend.errors import BefriendError


class _State:
    debug = False


def set_debug(on: bool) -> None:
    """Set by the top-level ``--debug`` option: show tracebacks and drafts."""
    _State.debug = on


def debug_enabled() -> bool:
    """Whether ``--debug`` was given."""
    return _State.debug


F = TypeVar("F", bound=Callable[..., Any])


def boundary(func: F) -> F:
    """The one error boundary: a BefriendError becomes one line on stderr and exit
    code 1; anything unexpected says so plainly. Tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.ClickException):
            raise
        except BefriendError as exc:
            if _State.debug:
                raise
            typer.echo(f"befriend: {exc.message}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if _State.debug:
                raise
            typer.echo(
                f"befriend: something went wrong inside befriend ({type(exc).__name__}: {exc}). "
                "Nothing you wrote was changed. Run the same command with --debug to see "
                "the details.",
                err=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
