"""Reading answer sheets (CSV or Excel) and writing score tables, with row numbers as
a person counts them in the file: the header is row 1.

Plain ``csv`` and ``openpyxl`` (imported only when an Excel file is involved); every
write goes to a temporary file first, so nothing is ever left half-written.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from befriend.errors import InputFileError, InputFormatError

CSV_SUFFIXES: Final[frozenset[str]] = frozenset({".csv", ".tsv", ".txt"})
EXCEL_SUFFIXES: Final[frozenset[str]] = frozenset({".xlsx", ".xlsm"})
OUTPUT_SUFFIXES: Final[tuple[str, ...]] = (".csv", ".xlsx")


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet: its header and its data rows, each with its row number in the file.
    Completely blank rows are left out (their numbers are simply skipped). ``padded``
    sheets (Excel) drop empty cells at the end of a row, so a short row is normal
    there; in a CSV file it means a value is missing or misplaced."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    padded: bool = False


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a CSV/TSV or an .xlsx workbook (its first sheet, or ``sheet``)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"There's no file at {path}. Check the path and try again.")
    if path.is_dir():
        raise InputFileError(f"{path} is a folder; give the path of a .csv or .xlsx file.")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    if sheet is not None:
        raise InputFormatError(
            f"{path.name} isn't an Excel workbook, so it has no sheets; leave out the sheet name."
        )
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix == ".xls":
        raise InputFormatError(
            f"{path.name} is an old-style .xls workbook, which befriend can't read. "
            "Save it as .xlsx or .csv and try again."
        )
    raise InputFormatError(
        f"befriend reads answers from .csv, .tsv or .xlsx files, and {path.name} is none of "
        "those. Save it as CSV or Excel (.xlsx) and try again."
    )


def _read_csv(path: Path) -> Table:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            sample = stream.read(64 * 1024)
            stream.seek(0)
            records = list(csv.reader(stream, dialect=_dialect(path, sample)))
    except UnicodeDecodeError:
        raise InputFileError(
            f"{path.name} isn't valid UTF-8 text. Save it as CSV in UTF-8 (most spreadsheet "
            "programs offer 'CSV UTF-8') and try again."
        ) from None
    except csv.Error as exc:
        raise InputFormatError(f"{path.name} couldn't be read as CSV: {exc}.") from None
    except OSError as exc:
        raise InputFileError(f"{path.name} couldn't be opened: {exc.strerror or exc}.") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise InputFormatError(
            f"{path.name} has no header in row 1. Put the column names (id, item1, item2, ...) "
            "in the first row."
        )
    header_cells = [cell.strip() for cell in records[0]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()  # "id,item1,...,item12," has no 14th column
    header = tuple(header_cells)
    rows = tuple(
        (number, _trim_beyond(tuple(record), len(header)))
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    )
    return Table(name=path.name, header=header, rows=rows)


def _trim_beyond(record: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Drop empty cells past the header's last column (a trailing comma); a value
    there stays, and makes the row too long."""
    cells = list(record)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    return tuple(cells)


def _dialect(path: Path, sample: str) -> type[csv.Dialect] | csv.Dialect:
    if path.suffix.lower() == ".tsv":
        return csv.excel_tab
    first = sample.splitlines()[0] if sample else ""
    # Spreadsheets set to a European locale write semicolons.
    for delimiter in (",", ";", "\t"):
        if delimiter in first:
            break
    else:
        return csv.excel

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _read_excel(path: Path, sheet: str | None) -> Table:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise InputFileError(
            f"{path.name} couldn't be read as an Excel workbook. Check that it opens in your "
            "spreadsheet program, or save it as CSV and try again."
        ) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputFormatError(
                f"{path.name} has no sheet called {sheet!r}; its sheets are "
                f"{', '.join(repr(s) for s in book.sheetnames)}."
            )
        rows_iter: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None or all(_blank(c) for c in first):
            raise InputFormatError(
                f"{path.name} has no header in row 1 of sheet {ws.title!r}. Put the column "
                "names (id, item1, item2, ...) in the first row."
            )
        header_cells = list(first)
        while header_cells and _blank(header_cells[-1]):
            header_cells.pop()
        header = tuple("" if c is None else str(c).strip() for c in header_cells)
        rows = tuple(
            (number, _trim(row))
            for number, row in enumerate(rows_iter, start=2)
            if not all(_blank(c) for c in row)
        )
    finally:
        book.close()
    return Table(name=path.name, header=header, rows=rows, padded=True)


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _trim(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the empty cells at the end of a sheet row (sheets pad every row)."""
    cells = list(row)
    while cells and _blank(cells[-1]):
        cells.pop()
    return tuple(cells)


def check_output(path: str | Path, *, force: bool, what: str = "output") -> Path:
    """Fail early, before any work, if ``path`` can't or shouldn't be written."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES and what == "output":
        raise InputFormatError(
            f"befriend writes scores as .csv or .xlsx, and can't tell the format of {path.name}. "
            "End the output name with .csv or .xlsx."
        )
    if path.suffix.lower() != ".csv" and what == "report":
        raise InputFormatError("The problem report is a CSV file; end its name with .csv.")
    if path.is_dir():
        raise InputFileError(f"{path} is a folder; give a file name for the {what}.")
    if not path.parent.exists():
        raise InputFileError(
            f"The folder {path.parent} doesn't exist. Create it, or choose another place for "
            f"the {what}."
        )
    if path.exists() and not force:
        raise InputFileError(
            f"{path} already exists, and befriend won't overwrite it. Choose another name, or "
            "use --force to replace it."
        )
    return path


def write_table(path: str | Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write CSV or .xlsx (by extension) through a temporary file in the same folder."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputFileError(
            f"befriend couldn't write in {path.parent} ({exc.strerror or exc}). Choose a folder "
            "you can write to."
        ) from None
    tmp = Path(tmp_name)
    try:
        if path.suffix.lower() == ".xlsx":
            os.close(fd)
            _write_excel(tmp, header, rows)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(header)
                for row in rows:
                    writer.writerow(["" if cell is None else cell for cell in row])
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_excel(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("scores")

    def cell(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            # An id such as "=A1" stays text; openpyxl would store it as a formula.
            text = WriteOnlyCell(ws, value=value)
            text.data_type = "s"
            return text
        return value

    ws.append([cell(v) for v in header])
    for row in rows:
        ws.append([cell(v) for v in row])
    book.save(path)
