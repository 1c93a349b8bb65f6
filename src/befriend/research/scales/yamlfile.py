"""Reading a small YAML file that must hold one mapping (mapping and wording files)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from befriend.errors import InputFormatError


def load_yaml_mapping(
    text: str, *, invalid: Callable[[int | None], str], not_mapping: str
) -> dict[Any, Any]:
    """The mapping in ``text``, or an :class:`InputFormatError`.

    ``invalid`` makes the message for text that isn't YAML, from the 1-based line the
    parser stopped at (None when it gives none); ``not_mapping`` is the message for YAML
    that isn't a mapping.
    """
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFormatError(invalid(mark.line + 1 if mark is not None else None)) from None
    if not isinstance(data, dict):
        raise InputFormatError(not_mapping)
    return data
