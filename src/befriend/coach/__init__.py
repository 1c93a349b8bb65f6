"""The coach: the friend exercise, the re-addressing rewrite, the phrase bank and the
notes on what a final version still needs (docs/coach.md)."""
