"""Write sample journal entries and check-ins into a befriend home, for trying out
`befriend progress` (and for its tests).

    python scripts/make_sample_journal.py --home /tmp/sample-home --days 28 --seed 7
    BEFRIEND_HOME=/tmp/sample-home befriend progress --png progress.png

The entries are built from invented sentences in scripts/sample_journal.toml, in
the voice of one of three people. Over the days the critic fades a little and
kindness and action grow, with a hard stretch along the way: a plausible arc, not
a fairy tale. Every entry goes through the real analyzer before it is stored, as
`befriend write` would do. The same seed gives the same journal.

It refuses to write into a journal that already has entries or check-ins (so it
can't mix invented days into a real journal) unless --add is given.
"""

from __future__ import annotations

import argparse
import random
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).with_name("sample_journal.toml")
KINDS = ("critic", "kind", "shared", "mindful", "fierce")


@dataclass(frozen=True)
class SampleEntry:
    created_at: datetime
    text: str


@dataclass(frozen=True)
class SampleCheckin:
    created_at: datetime
    answers: dict[str, int]


@dataclass(frozen=True)
class Plan:
    voice: str
    entries: list[SampleEntry]
    checkins: list[SampleCheckin]


def load_content() -> dict[str, Any]:
    return tomllib.loads(CONTENT.read_text(encoding="utf-8"))


class Deck:
    """Sentences of one kind, dealt without repeats until the deck runs out."""

    def __init__(self, cards: Sequence[str], rng: random.Random) -> None:
        self.cards = list(cards)
        self.rng = rng
        self.pile: list[str] = []

    def deal(self) -> str:
        if not self.pile:
            self.pile = self.cards[:]
            self.rng.shuffle(self.pile)
        return self.pile.pop()


def _weights(tone: float) -> list[float]:
    """How likely each kind of sentence is on a day of this tone (0 = harsh day,
    1 = a kind one), in the order of KINDS."""
    return [
        0.15 + 1.6 * (1 - tone),  # critic
        0.20 + 1.0 * tone,  # kind
        0.10 + 0.4 * tone,  # shared
        0.25 + 0.3 * tone,  # mindful
        0.10 + 0.7 * tone,  # fierce
    ]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _answer(rng: random.Random, tone: float, spread: float = 0.7) -> int:
    return int(_clamp(round(1 + 4 * tone + rng.gauss(0, spread)), 1, 5))


def build_plan(
    *,
    days: int,
    seed: int,
    end: date,
    tz: tzinfo,
    voice: str | None = None,
    content: dict[str, Any] | None = None,
) -> Plan:
    """The entries and check-ins to write (no database, no analyzer: pure)."""
    from befriend.checkin import load_items

    content = content or load_content()
    voices = sorted(content["voices"])
    rng = random.Random(seed)
    voice = voice or rng.choice(voices)
    if voice not in content["voices"]:
        raise SystemExit(f"There's no voice called {voice!r}; choose one of {', '.join(voices)}.")
    own, common = content["voices"][voice], content["shared_pool"]
    decks = {kind: Deck(own[kind], rng) for kind in ("scene", *KINDS)}
    common_decks = {kind: Deck(common[kind], rng) for kind in ("scene", *KINDS)}
    items = load_items()

    start = end - timedelta(days=days - 1)
    # One hard stretch of two or three days, somewhere in the second half.
    hard_from = rng.randint(days // 2, max(days // 2, days - 4)) if days >= 6 else days
    hard = set(range(hard_from, hard_from + rng.randint(2, 3)))

    entries: list[SampleEntry] = []
    checkins: list[SampleCheckin] = []
    for n in range(days):
        day = start + timedelta(days=n)
        progress = n / max(days - 1, 1)
        tone = _clamp(0.30 + 0.35 * progress + rng.gauss(0, 0.12) - 0.3 * (n in hard), 0, 1)

        def deal(kind: str) -> str:
            use_common = rng.random() < 0.1
            return (common_decks if use_common else decks)[kind].deal()

        writes = rng.random() < (0.95 if n in hard else 0.8)
        sittings = [time(rng.randint(19, 22), rng.randint(0, 59))] if writes else []
        if writes and rng.random() < 0.15:
            sittings.insert(0, time(rng.randint(7, 8), rng.randint(0, 59)))
        for sitting in sittings:
            sentences = [deal("scene")]
            chosen = rng.choices(KINDS, weights=_weights(tone), k=rng.randint(2, 5))
            sentences += [deal(kind) for kind in chosen]
            if rng.random() < 0.3:
                sentences.append(deal("scene"))
            text = " ".join(dict.fromkeys(sentences))  # no sentence twice in one entry
            entries.append(SampleEntry(datetime.combine(day, sitting, tz), text))

        if rng.random() < 0.75:
            answers: dict[str, int] = {}
            for item in items:
                if rng.random() < 0.05:
                    continue  # skipped, as people do
                spread = 0.9 if item.component == "mood" else 0.7
                value = _answer(rng, tone, spread)
                answers[item.id] = 6 - value if item.reverse else value
            when = time(rng.randint(8, 21), rng.randint(0, 59))
            checkins.append(SampleCheckin(datetime.combine(day, when, tz), answers))
    return Plan(voice=voice, entries=entries, checkins=checkins)


def write_plan(home: Path, plan: Plan, *, add: bool = False, analyzer: Any = None) -> None:
    """Analyse every entry with the real analyzer and store entries and check-ins in
    the SQLite journal in ``home``."""
    from sqlalchemy import func, select

    from befriend.analyzer import Analyzer
    from befriend.checkin.store import add_checkin
    from befriend.settings import load_settings
    from befriend.store import NewEntry, open_journal
    from befriend.store.models import CheckIn

    settings = load_settings({"BEFRIEND_HOME": str(home)})
    with open_journal(settings) as journal:
        with journal.transaction() as session:
            checkins = int(session.scalar(select(func.count()).select_from(CheckIn)) or 0)
        if not add and (journal.count() or checkins):
            raise SystemExit(
                f"The journal in {home} already has entries or check-ins; sample data would "
                "mix with them. Use an empty folder, or --add if that's really what you want."
            )
        analyzer = analyzer or Analyzer()
        analyses = list(analyzer.analyze_many([e.text for e in plan.entries]))
        journal.add_entries(
            [
                NewEntry(
                    text=e.text,
                    analysis=a,
                    source="sample",
                    created_at=e.created_at.astimezone(UTC),
                )
                for e, a in zip(plan.entries, analyses, strict=True)
            ]
        )
        for c in plan.checkins:
            add_checkin(journal, c.answers, created_at=c.created_at.astimezone(UTC))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="the befriend home to fill")
    parser.add_argument("--days", type=int, default=28, help="how many days (default 28)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--voice", help="maya, tom or ines (default: chosen by the seed)")
    parser.add_argument("--end", type=date.fromisoformat, help="last day, YYYY-MM-DD (today)")
    parser.add_argument("--add", action="store_true", help="allow a journal that has data")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days needs to be 1 or more")
    now = datetime.now().astimezone()
    plan = build_plan(
        days=args.days,
        seed=args.seed,
        end=args.end or now.date(),
        tz=now.tzinfo or UTC,
        voice=args.voice,
    )
    write_plan(args.home, plan, add=args.add)
    print(
        f"Wrote {len(plan.entries)} entries and {len(plan.checkins)} check-ins over "
        f"{args.days} days (voice: {plan.voice}) into {args.home}."
    )


if __name__ == "__main__":
    main(sys.argv[1:])
