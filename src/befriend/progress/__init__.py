"""Progress over days and weeks: the inner critic's share of sentences, compassion
against its opposites, the tender/fierce balance and check-in trends.

Computations work on plain records (:mod:`befriend.progress.records`); charts
(matplotlib) are imported only when drawn.
"""

from __future__ import annotations

from befriend.progress.compute import Bucket, Progress, compute_progress
from befriend.progress.records import CheckinRecord, EntryRecord, checkin_record
from befriend.progress.summary import summary_lines

__all__ = [
    "Bucket",
    "CheckinRecord",
    "EntryRecord",
    "Progress",
    "checkin_record",
    "compute_progress",
    "summary_lines",
]
