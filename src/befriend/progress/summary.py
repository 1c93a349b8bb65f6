"""The words of a progress summary: plain, honest sentences about the counts."""

from __future__ import annotations

from datetime import date
from typing import Final

from befriend.progress.compute import Bucket, Progress
from befriend.progress.measures import DIMENSION_TITLES, PAIR_TITLES, PAIRS

NOTHING_YET: Final = (
    "There's nothing to show for these days yet, and that's fine. Once you write "
    "(befriend write) or take a minute to check in (befriend checkin), your weeks will "
    "start to show here."
)

ONE_ENTRY: Final = (
    "With one entry there's no trend to draw yet. A few more days of writing will start "
    "to show one."
)

# Below this many sentences in each half, a first-half/second-half comparison says
# more about chance than about change, so none is drawn.
MIN_SENTENCES_TO_COMPARE: Final = 10
MIN_CHECKINS_TO_COMPARE: Final = 3


def day(moment: date, fmt: str = "%b") -> str:
    """ "3 Nov" (or with another strftime tail, e.g. "%B %Y"), portable: no "%-d"."""
    return f"{moment.day} {moment.strftime(fmt)}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def period(progress: Progress) -> str:
    """ "your last 28 days", or "today" for a one-day window."""
    return f"your last {progress.days} days" if progress.days > 1 else "today"


def _comparable(first: Bucket, second: Bucket) -> bool:
    return min(first.sentences, second.sentences) >= MIN_SENTENCES_TO_COMPARE


def summary_lines(progress: Progress) -> list[str]:
    """A few sentences describing the window; the first is the headline."""
    if progress.empty:
        return [NOTHING_YET]
    total = progress.total
    lead = f"In the last {progress.days} days" if progress.days > 1 else "Today"
    lines = [
        f"{lead}: {_plural(total.entries, 'entry', 'entries')} "
        f"on {_plural(progress.days_written, 'day')}, "
        f"{_plural(total.sentences, 'sentence')}, and {_plural(total.checkins, 'check-in')}."
    ]
    if total.sentences:
        lines.append(
            f"Your inner critic spoke in {percent(total.critic_share)} of sentences "
            f"({total.critic_sentences} of {total.sentences})."
        )
        first, second = progress.first_half, progress.second_half
        if progress.days > 1 and _comparable(first, second):
            lines.append(
                f"That was {percent(first.critic_share)} in the first {first.days} days "
                f"and {percent(second.critic_share)} in the last {second.days}."
            )
        pairs = "; ".join(
            f"{PAIR_TITLES[name][0]} {total.kind[name]} and {PAIR_TITLES[name][1]} "
            f"{total.opposite[name]}"
            for name, _, _ in PAIRS
        )
        lines.append(f"Sentences with {pairs}.")
        lines.append(
            f"Tender energy showed in {_plural(total.tender, 'sentence')}, "
            f"fierce energy in {_plural(total.fierce, 'sentence')}."
        )
    if total.entries == 1:
        lines.append(ONE_ENTRY)
    if total.checkins:
        mood = total.checkin_mean("mood")
        first, second = progress.first_half, progress.second_half
        if min(len(first.answers["mood"]), len(second.answers["mood"])) >= MIN_CHECKINS_TO_COMPARE:
            lines.append(
                f"In your check-ins, {DIMENSION_TITLES['mood']} averaged "
                f"{first.checkin_mean('mood'):.1f} of 5 in the first {first.days} days and "
                f"{second.checkin_mean('mood'):.1f} in the last {second.days}."
            )
        elif mood is not None:
            lines.append(f"In your check-ins, mood averaged {mood:.1f} of 5.")
    return lines
