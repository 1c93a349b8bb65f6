"""File formats the corpus toolkit reads and writes, chosen by extension or by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, Literal

from befriend.research.corpus.errors import CorpusError

Format = Literal["csv", "parquet", "jsonl"]
FORMATS: Final[tuple[Format, ...]] = ("csv", "parquet", "jsonl")

_EXTENSIONS: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def format_of(path: Path, given: str | None = None, *, role: str = "input") -> Format:
    """The format named by ``given``, else by the file's extension."""
    if given is not None:
        name = given.strip().lower()
        for fmt in FORMATS:
            if name == fmt:
                return fmt
        raise CorpusError(f"befriend doesn't know the format {given!r}; use csv, parquet or jsonl.")
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    option = "--input-format" if role == "input" else "--format"
    raise CorpusError(
        f"befriend can't tell the {role} format of {path.name} from its extension; "
        f"name it .csv, .parquet or .jsonl, or say which with {option}."
    )


def csv_parse_options() -> Any:
    """pyarrow's CSV parsing as befriend needs it: quoted values may hold line breaks."""
    import pyarrow.csv as pacsv

    return pacsv.ParseOptions(newlines_in_values=True)
