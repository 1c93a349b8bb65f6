"""Charts of progress, drawn with matplotlib (imported only here, when drawing).

Colours are the Okabe-Ito palette, which stays distinguishable with the common
forms of colour blindness; every series also differs by marker or hatch, so the
charts read in greyscale too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final, cast

from befriend.progress.compute import Bucket, Progress
from befriend.progress.measures import CAVEAT, DIMENSION_TITLES, PAIR_TITLES, PAIRS
from befriend.progress.summary import day, period

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib's type stubs don't accept datetimes as x values, though its date axis
# does; the axes the panels draw on are typed Any for that reason.
Axes = Any

ORANGE: Final = "#E69F00"
SKY: Final = "#56B4E9"
GREEN: Final = "#009E73"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
PURPLE: Final = "#CC79A7"
BLACK: Final = "#000000"
GREY: Final = "#999999"

PAIR_STYLE: Final = {
    "kindness": (BLUE, "o"),
    "common_humanity": (GREEN, "s"),
    "mindfulness": (PURPLE, "^"),
}
CHECKIN_STYLE: Final = {
    "mood": (BLACK, "o", "-"),
    "kindness": (BLUE, "s", "--"),
    "common_humanity": (GREEN, "^", "-."),
    "mindfulness": (PURPLE, "D", ":"),
}

# Up to this many days the date axis marks each Monday and each day; beyond, months.
SHORT_WINDOW: Final = 70

RC: Final[dict[str, Any]] = {
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "legend.frameon": False,
    "legend.fontsize": 10,
}


def _x(day: date) -> datetime:
    """Matplotlib's date axis at the start of ``day`` (a date alone can't hold half days)."""
    return datetime.combine(day, time())


def _mid(bucket: Bucket) -> datetime:
    return _x(bucket.start) + timedelta(days=(bucket.days - 1) / 2)


def _legend(ax: Axes) -> None:
    """At the right of the plot, outside it, so it never covers data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.2)


def _empty(ax: Axes, message: str) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#555555",
        fontsize=12,
    )


def _tick(value: float, _pos: int | None = None) -> str:
    """A date tick for a short window, such as "Mon 2 Nov"."""
    import matplotlib.dates as mdates

    moment: datetime = mdates.num2date(value)  # type: ignore[no-untyped-call]
    return f"{moment:%a} {day(moment)}"


def _long_tick(value: float, _pos: int | None = None) -> str:
    """A date tick for a long window, such as "1 Nov 2025"."""
    import matplotlib.dates as mdates

    moment: datetime = mdates.num2date(value)  # type: ignore[no-untyped-call]
    return day(moment, "%b %Y")


def _date_axis(ax: Axes, progress: Progress) -> None:
    import matplotlib.dates as mdates

    ax.set_xlim(_x(progress.start) - timedelta(days=0.7), _x(progress.end) + timedelta(days=0.7))
    if progress.days <= SHORT_WINDOW:
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))  # type: ignore[no-untyped-call]
        ax.xaxis.set_minor_locator(mdates.DayLocator())  # type: ignore[no-untyped-call]
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(_tick if progress.days <= SHORT_WINDOW else _long_tick)


def draw_critic(ax: Axes, progress: Progress) -> None:
    ax.set_title("How often the inner critic speaks")
    ax.set_ylabel("share of sentences")
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}%")
    _date_axis(ax, progress)
    written = [d for d in progress.daily if d.critic_share is not None]
    if not written:
        _empty(ax, "No entries on these days yet.")
        return
    ax.bar(
        [_x(d.start) for d in written],
        [100 * (d.critic_share or 0) for d in written],
        width=0.8,
        color=ORANGE,
        label="each day with an entry",
    )
    blank = [_x(d.start) for d in progress.daily if d.critic_share is None]
    if blank and progress.days <= SHORT_WINDOW:  # over months, the marks would be a band
        ax.plot(
            blank,
            [2.5] * len(blank),
            linestyle="none",
            marker="x",
            markersize=6,
            color=GREY,
            label="no entry that day",
        )
    quiet = [_x(d.start) for d in written if d.critic_sentences == 0]
    if quiet:
        ax.plot(
            quiet,
            [2.5] * len(quiet),
            linestyle="none",
            marker="o",
            markersize=6,
            color=BLUE,
            label="an entry, critic quiet",
        )
    weeks = [w for w in progress.weekly if w.critic_share is not None]
    ax.plot(
        [_mid(w) for w in weeks],
        [100 * (w.critic_share or 0) for w in weeks],
        color=VERMILLION,
        marker="D",
        linewidth=2.5,
        markersize=7,
        label="each week",
    )
    _legend(ax)


def draw_pairs(ax: Axes, progress: Progress) -> None:
    ax.set_title("Compassion against its opposite, week by week")
    ax.set_ylabel("share on the kind side")
    ax.set_ylim(-3, 103)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}%")
    _date_axis(ax, progress)
    ax.axhline(50, color=GREY, linestyle="--", linewidth=1)
    ax.text(_x(progress.start), 51.5, "even", color="#555555", fontsize=9)
    drawn = False
    for name, _, _ in PAIRS:
        points = [(w, s) for w in progress.weekly if (s := w.pair_share(name)) is not None]
        if not points:
            continue
        drawn = True
        colour, marker = PAIR_STYLE[name]
        kind, opposite = PAIR_TITLES[name]
        ax.plot(
            [_mid(w) for w, _ in points],
            [100 * s for _, s in points],
            color=colour,
            marker=marker,
            linewidth=2,
            markersize=7,
            label=f"{kind}\nvs {opposite}",
        )
    if not drawn:
        _empty(ax, "No sentences with these labels on these days yet.")
        return
    _legend(ax)


def draw_energies(ax: Axes, progress: Progress) -> None:
    ax.set_title("Tender and fierce energy, week by week")
    ax.set_ylabel("sentences")
    _date_axis(ax, progress)
    if not any(w.tender or w.fierce for w in progress.weekly):
        _empty(ax, "No tender or fierce sentences on these days yet.")
        return
    width = 2.4 if progress.days <= SHORT_WINDOW else 0.3 * 7
    mids = [_mid(w) for w in progress.weekly]
    ax.bar(
        [m - timedelta(days=width / 2) for m in mids],
        [w.tender for w in progress.weekly],
        width=width,
        color=SKY,
        edgecolor=BLACK,
        linewidth=0.5,
        label="tender (comfort)",
    )
    ax.bar(
        [m + timedelta(days=width / 2) for m in mids],
        [w.fierce for w in progress.weekly],
        width=width,
        color=ORANGE,
        edgecolor=BLACK,
        linewidth=0.5,
        hatch="//",
        label="fierce (action)",
    )
    _legend(ax)


def draw_checkins(ax: Axes, progress: Progress) -> None:
    ax.set_title("Check-ins, week by week (higher = kinder)")
    ax.set_ylabel("average answer, 1 to 5")
    ax.set_ylim(0.8, 5.2)
    ax.set_yticks([1, 2, 3, 4, 5])
    _date_axis(ax, progress)
    moods = [(_x(d.start), d.checkin_mean("mood")) for d in progress.daily]
    moods = [(day, v) for day, v in moods if v is not None]
    if not moods:
        _empty(ax, "No check-ins on these days yet.")
        return
    ax.plot(
        [m[0] for m in moods],
        [m[1] for m in moods],
        linestyle="none",
        marker="o",
        markersize=4,
        color=GREY,
        label="mood, each day",
    )
    for name, (colour, marker, style) in CHECKIN_STYLE.items():
        points = [(_mid(w), w.checkin_mean(name)) for w in progress.weekly]
        points = [(day, v) for day, v in points if v is not None]
        if points:
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                color=colour,
                marker=marker,
                linestyle=style,
                linewidth=2.2,
                markersize=7,
                label="mood, by week" if name == "mood" else DIMENSION_TITLES[name],
            )
    _legend(ax)


PANELS: Final[tuple[tuple[str, Callable[[Axes, Progress], None]], ...]] = (
    ("critic", draw_critic),
    ("pairs", draw_pairs),
    ("energies", draw_energies),
    ("checkins", draw_checkins),
)


def _title(progress: Progress) -> str:
    same_year = progress.start.year == progress.end.year
    span = f"{day(progress.start, '%b' if same_year else '%b %Y')} – {day(progress.end, '%b %Y')}"
    return f"befriend · {period(progress)} · {span}"


def chart_figure(progress: Progress) -> Figure:
    """All four panels, one under the other, sharing the date axis."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(cast(Any, RC)):
        fig = Figure(figsize=(13, 13.5), dpi=100, layout="constrained")
        axes = fig.subplots(len(PANELS), 1, sharex=True)
        for ax, (_, draw) in zip(axes, PANELS, strict=True):
            draw(ax, progress)
            ax.tick_params(axis="x", labelbottom=True)
        fig.suptitle(_title(progress), fontsize=15, fontweight="bold")
        fig.supxlabel(CAVEAT, fontsize=10, color="#444444")
    return fig


def panel_pngs(progress: Progress, names: Sequence[str] | None = None) -> dict[str, bytes]:
    """Each panel as its own PNG (for the HTML report)."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    out: dict[str, bytes] = {}
    with mpl.rc_context(cast(Any, RC)):
        for name, draw in PANELS:
            if names is not None and name not in names:
                continue
            fig = Figure(figsize=(12, 3.8), dpi=100, layout="constrained")
            draw(fig.subplots(), progress)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            out[name] = buffer.getvalue()
    return out


def png_bytes(progress: Progress) -> bytes:
    """The full chart as PNG bytes."""
    import matplotlib as mpl

    with mpl.rc_context(cast(Any, RC)):
        buffer = io.BytesIO()
        chart_figure(progress).savefig(buffer, format="png")
    return buffer.getvalue()
