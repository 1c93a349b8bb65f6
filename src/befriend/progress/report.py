"""A self-contained HTML report: styles inline, charts embedded as data: URIs.

It makes no network request of any kind when opened (no fonts, scripts or images
from elsewhere), so it can be kept or shared as one file.
"""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape
from typing import Final

from befriend.progress.compute import Bucket, Progress
from befriend.progress.measures import CAVEAT, DIMENSION_TITLES, PAIR_TITLES, PAIRS
from befriend.progress.summary import day, percent, period, summary_lines

STYLE: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; }
.caveat { color: #444; background: #f4f4f0; padding: .6rem .9rem; border-radius: .4rem; }
img { width: 100%; height: auto; }
table { border-collapse: collapse; margin-top: .6rem; font-size: .95rem; }
th, td { padding: .25rem .7rem; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
.muted { color: #666; }
"""

SECTIONS: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "critic",
        "How often the inner critic speaks",
        "The share of your sentences with a critic label (self-judgment, isolation, "
        "over-identification, motivation by fear, or a block to self-compassion), each "
        "day you wrote and each week.",
    ),
    (
        "pairs",
        "Compassion against its opposite",
        "For each part of self-compassion, the share of sentences on the kind side, out "
        "of those on either side: above the dashed line, the kind side was heard more.",
    ),
    (
        "energies",
        "Tender and fierce energy",
        "Sentences with tender energy (comfort, acceptance) and fierce energy (protecting, "
        "providing, motivating), week by week. Both matter; neither is the goal alone.",
    ),
    (
        "checkins",
        "Check-ins",
        "Your own check-in answers, averaged by week, turned round where needed so that "
        "higher always reads kinder. A reflection aid, not a validated measure.",
    ),
)


def _cell(value: str) -> str:
    return f"<td>{escape(value)}</td>"


def _week_name(week: Bucket) -> str:
    return f"{day(week.start)} – {day(week.end)}"


def _table(progress: Progress, section: str) -> str:
    header: list[str]
    rows: list[list[str]] = []
    if section == "critic":
        header = ["week", "entries", "sentences", "critic spoke in"]
        for w in progress.weekly:
            rows.append([_week_name(w), str(w.entries), str(w.sentences), percent(w.critic_share)])
    elif section == "pairs":
        header = ["week"] + [f"{k} / {o}" for k, o in (PAIR_TITLES[n] for n, _, _ in PAIRS)]
        for w in progress.weekly:
            rows.append([_week_name(w)] + [f"{w.kind[n]} / {w.opposite[n]}" for n, _, _ in PAIRS])
    elif section == "energies":
        header = ["week", "tender sentences", "fierce sentences"]
        for w in progress.weekly:
            rows.append([_week_name(w), str(w.tender), str(w.fierce)])
    else:
        names = list(DIMENSION_TITLES)
        header = ["week", "check-ins"] + [DIMENSION_TITLES[n] for n in names]
        for w in progress.weekly:
            means = [w.checkin_mean(n) for n in names]
            rows.append(
                [_week_name(w), str(w.checkins)] + ["–" if m is None else f"{m:.1f}" for m in means]
            )
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_report(progress: Progress, *, generated_at: datetime) -> str:
    """The whole report as one HTML document."""
    title = f"befriend: {period(progress)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">{day(progress.start, "%B %Y")} to {day(progress.end, "%B %Y")} · '
        f"made on {day(generated_at, '%B %Y at %H:%M')} on this computer</p>",
        f'<p class="caveat">{escape(CAVEAT)}</p>',
    ]
    parts += [f"<p>{escape(line)}</p>" for line in summary_lines(progress)]
    if not progress.empty:
        from befriend.progress.charts import panel_pngs

        images = panel_pngs(progress)
        for key, heading, description in SECTIONS:
            data = base64.b64encode(images[key]).decode("ascii")
            parts += [
                f"<h2>{escape(heading)}</h2>",
                f"<p>{escape(description)}</p>",
                f'<img alt="{escape(heading)}: chart" src="data:image/png;base64,{data}">',
                _table(progress, key),
            ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
