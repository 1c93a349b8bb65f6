"""Replace the generated block between two HTML-comment markers in a doc."""

from __future__ import annotations

from pathlib import Path


def replace_block(doc: Path, start: str, end: str, block: str) -> None:
    """``block`` must begin with ``start`` and end with ``end``; the markers must be
    in ``doc`` already, in that order."""
    text = doc.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{doc} has no {start} ... {end} block to replace")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(head + block + tail, encoding="utf-8")


def publish(doc: Path, start: str, end: str, block: str, *, write: bool) -> None:
    """Print ``block``; with ``write``, also put it in place of the one in ``doc``."""
    print(block)
    if write:
        replace_block(doc, start, end, block)
        print(f"wrote {doc.relative_to(Path(__file__).resolve().parent.parent)}")
