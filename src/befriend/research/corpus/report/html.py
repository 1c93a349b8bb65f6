"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, no
links to fetch, so it opens offline and can go into a paper's supplement as is."""

from __future__ import annotations

from html import escape
from typing import Final

from befriend.labels import BALANCES, DISPLAY, LABELS
from befriend.research.corpus.report import charts
from befriend.research.corpus.report.stats import chi_square_independence, holm, wilson
from befriend.research.corpus.report.summary import CorpusSummary

_CSS: Final[str] = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; max-width: 40rem; }
.note { color: #555; font-size: .9rem; }
.warn { color: #8a4b00; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
code { background: #f3f3f3; padding: 0 .2rem; }
"""

BALANCE_NAMES: Final[dict[str, str]] = {
    "balanced": "balanced",
    "too_tender": "too tender",
    "too_harsh": "too harsh",
    "none": "none",
}


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _ci(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{_pct(lo)} – {_pct(hi)}" if n else "–"


def _p(p: float | None) -> str:
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def render(summary: CorpusSummary, *, show_text: bool, examples: int) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>befriend corpus report: {escape(summary.source)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Self-talk in {escape(summary.source)}</h1>",
        *_overview(summary),
        *_prevalence(summary),
        *_balance(summary),
        *_cooccurrence(summary),
        *_groups(summary),
        *_examples(summary, show_text=show_text, examples=examples),
        *_methods(summary),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _overview(s: CorpusSummary) -> list[str]:
    out = [
        "<p>",
        f"{s.rows:,} rows; {s.analysed:,} texts analysed.",
    ]
    if s.errors:
        detail = ", ".join(f"<code>{escape(c)}</code> {n:,}" for c, n in sorted(s.errors.items()))
        out.append(
            f" {s.rows - s.analysed:,} rows could not be analysed ({detail}) and are left out "
            "of every figure below."
        )
    out.append("</p>")
    out.append(
        f"<p>The safety screen flagged {s.crisis:,} of the analysed texts "
        f"({_pct(s.crisis / s.analysed) if s.analysed else '–'}) as possibly written by "
        "someone in danger.</p>"
    )
    if s.versions:
        many = len(s.versions) > 1
        listed = "<br>".join(
            f"<code>{escape(v)}</code>" + (f" ({n:,} rows)" if many else "")
            for v, n in sorted(s.versions.items())
        )
        out.append(f"<p class=note>Analyzer version{'s' if many else ''}:<br>{listed}</p>")
        if len(s.versions) > 1:
            out.append(
                "<p class=warn>These rows come from more than one analyzer version, so "
                "their labels are not strictly comparable.</p>"
            )
    return out


def _share_table(heading: str, kind: str, rows: list[tuple[str, str, int]], n: int) -> list[str]:
    """A heading and a table of (display name, code, count) rows: count, share of ``n``
    and its 95% interval."""
    out = [
        f"<h2>{heading}</h2>",
        f"<table><tr><th>{kind}</th><th>texts</th><th>share</th><th>95% interval</th></tr>",
    ]
    for name, code, k in rows:
        out.append(
            f"<tr><td>{escape(name)} <code>{code}</code></td><td>{k:,}</td>"
            f"<td>{_pct(k / n) if n else '–'}</td><td>{_ci(k, n)}</td></tr>"
        )
    out.append("</table>")
    return out


def _prevalence(s: CorpusSummary) -> list[str]:
    n = s.analysed
    out = _share_table(
        "How often each label appears",
        "label",
        [(DISPLAY[label], label, s.labels[label]) for label in LABELS],
        n,
    )
    if n:
        shares = [s.labels[label] / n for label in LABELS]
        intervals = [wilson(s.labels[label], n) for label in LABELS]
        names = [DISPLAY[label] for label in LABELS]
        out.append(f"<figure>{charts.prevalence_chart(names, shares, intervals)}</figure>")
    return out


def _balance(s: CorpusSummary) -> list[str]:
    n = s.analysed
    out = _share_table(
        "Balance of tender and fierce energy",
        "balance",
        [(BALANCE_NAMES[name], name, s.balance[name]) for name in BALANCES],
        n,
    )
    if n:
        counts = [s.balance[b] for b in BALANCES]
        chart = charts.balance_chart([BALANCE_NAMES[b] for b in BALANCES], counts)
        out.append(f"<figure>{chart}</figure>")
    out.append(
        "<p class=note><i>balanced</i>: tender and fierce energy together with no harsh "
        "voice; <i>too tender</i>: comfort while a real problem is left standing; "
        "<i>too harsh</i>: a push to act that comes from harshness or fear; <i>none</i>: "
        "not enough of either to say.</p>"
    )
    return out


def _cooccurrence(s: CorpusSummary) -> list[str]:
    out = ["<h2>Which labels appear together</h2>"]
    if not s.analysed:
        return [*out, "<p>No texts were analysed.</p>"]
    matrix: list[list[float | None]] = []
    for i, label in enumerate(LABELS):
        base = s.labels[label]
        matrix.append([s.pairs[i][j] / base if base else None for j in range(len(LABELS))])
    names = [DISPLAY[label] for label in LABELS]
    out.append(f"<figure>{charts.heat_map(names, matrix)}</figure>")
    out.append(
        "<p class=note>Each cell is the percentage of texts with the row's label that also "
        "have the column's label; the diagonal is 100% by definition, and an empty row "
        "means no text had that label. Labels are per text, so two labels can share a text "
        "without sharing a sentence.</p>"
    )
    return out


def _groups(s: CorpusSummary) -> list[str]:
    if s.group_col is None:
        return []
    names = sorted(s.groups)
    out = [f"<h2>Comparison by <code>{escape(s.group_col)}</code></h2>"]
    if len(names) < 2:
        return [*out, "<p>There is only one group, so there is nothing to compare.</p>"]
    header = "".join(
        f"<th>{escape(g)}<br><span class=note>n = {s.groups[g].analysed:,}</span></th>"
        for g in names
    )
    out.append(
        f"<table><tr><th>label</th>{header}<th>χ²</th><th>df</th><th>p</th><th>p (Holm)</th></tr>"
    )
    tests = []
    for label in LABELS:
        table = [
            [s.groups[g].labels[label], s.groups[g].analysed - s.groups[g].labels[label]]
            for g in names
        ]
        tests.append(chi_square_independence(table))
    adjusted = holm([t.p if t is not None else None for t in tests])
    sparse = False
    for label, test, p_holm in zip(LABELS, tests, adjusted, strict=True):
        cells = []
        for g in names:
            k, n = s.groups[g].labels[label], s.groups[g].analysed
            share = _pct(k / n) if n else "–"
            cells.append(f"<td>{share}<br><span class=note>{_ci(k, n)}</span></td>")
        if test is None:
            stats = "<td>–</td><td>–</td><td>–</td><td>–</td>"
        else:
            flag = test.min_expected < 5
            sparse |= flag
            mark = "*" if flag else ""
            stats = (
                f"<td>{test.statistic:.2f}{mark}</td><td>{test.df}</td><td>{_p(test.p)}</td>"
                f"<td>{_p(p_holm)}</td>"
            )
        out.append(f"<tr><td>{escape(DISPLAY[label])}</td>{''.join(cells)}{stats}</tr>")
    out.append("</table>")
    notes = [
        "Each cell: the share of the group's analysed texts with the label, and its 95% "
        "Wilson interval. The test is Pearson's chi-square test of independence between "
        "group and label (for two groups it is the same as a two-sided two-proportion z "
        "test); <i>p (Holm)</i> adjusts for testing twelve labels at once.",
        "Read these with care: the test assumes every text is independent, which is not "
        "so when one person wrote several; the labels are an automatic reading with its own "
        "errors, which may differ between groups that write differently; and a difference "
        "in how often a label appears says nothing about why.",
    ]
    if sparse:
        notes.append(
            "* Some expected counts are below 5, where the chi-square approximation is "
            "unreliable; an exact test would be better there."
        )
    out += [f"<p class=note>{n}</p>" for n in notes]
    return out


def _examples(s: CorpusSummary, *, show_text: bool, examples: int) -> list[str]:
    out = ["<h2>Examples</h2>"]
    if not show_text or examples == 0:
        return [*out, "<p>Texts were left out of this report on request, for privacy.</p>"]
    out.append(
        "<p class=note>The first texts in the file to carry each label, as written "
        f"(whitespace joined, cut at {400} characters). Texts the safety screen flagged are "
        "never shown here, under any label: they may come from someone in danger, and a "
        "report that gets shared is no place to repeat their words. They are counted above.</p>"
    )
    for label in LABELS:
        if label == "crisis":
            continue
        shelf = s.examples[label]
        out.append(f"<h3>{escape(DISPLAY[label])} <code>{label}</code></h3>")
        if not shelf:
            out.append("<p class=note>No example without a safety flag.</p>")
            continue
        out.append("<table><tr><th>row</th><th>text</th></tr>")
        out += [f"<tr><td>{row}</td><td class=text>{escape(text)}</td></tr>" for row, text in shelf]
        out.append("</table>")
    return out


def _methods(s: CorpusSummary) -> list[str]:
    return [
        "<h2>About these figures</h2>",
        "<p class=note>Labels come from befriend's analyzer: linguistic rules merged with a "
        "small sentence model, following Kristin Neff's model of self-compassion; a text "
        "carries a label when one of its sentences does. It is an automatic reading, with "
        "the per-label precision and recall given in befriend's model card "
        "(docs/analyzer.md), not a clinical or diagnostic measure. Intervals are 95% "
        "Wilson score intervals for a proportion. Rows that could not be analysed are "
        "excluded from every denominator.</p>",
    ]
