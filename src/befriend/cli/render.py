"""Rich rendering of analyses and crisis resources for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from befriend.labels import BALANCE_READINGS, CRITIC_LABELS, DISPLAY, KIND_LABELS, READINGS

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.cli.safety_plan import PlanLookup
    from befriend.safety.messages import CrisisMessage

CRITIC_STYLE = "bold #d7875f underline"
KIND_STYLE = "#87af87"


def highlighted(analysis: Analysis) -> Text:
    """The text with the critic's words (rule evidence) picked out."""
    text = Text(analysis.text)
    for sentence in analysis.sentences:
        for ev in sentence.evidence:
            if not ev.source.startswith("rule:"):
                continue
            if ev.label in CRITIC_LABELS:
                text.stylize(CRITIC_STYLE, ev.start, ev.end)
            elif ev.label in KIND_LABELS:
                text.stylize(KIND_STYLE, ev.start, ev.end)
    return text


def findings_table(findings: list[str], *, coloured: bool) -> Table:
    """One row a finding: its name and a one-line reading."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label in findings:
        style = ("#d7875f" if label in CRITIC_LABELS else KIND_STYLE) if coloured else ""
        table.add_row(Text(DISPLAY[label], style=style), READINGS[label])
    return table


def analysis_view(analysis: Analysis, *, show_version: bool = True) -> Group:
    parts: list[Text | Table | Panel] = [
        Panel(highlighted(analysis), title="What you wrote", title_align="left", border_style="dim")
    ]
    findings = [label for label in analysis.labels if label != "crisis"]
    if analysis.crisis:
        # The support panel above is what matters now; the analysis stays short and
        # says nothing about balance.
        if findings:
            parts.append(Text("When you're ready, this is what befriend noticed:", style="dim"))
            parts.append(findings_table(findings, coloured=False))
        if show_version:
            parts.append(Text(analysis.version, style="dim"))
        return Group(*parts)
    if findings:
        parts.append(findings_table(findings, coloured=True))
    else:
        parts.append(
            Text(
                "Nothing here stands out as your inner critic or as compassion: "
                "it reads as a plain account of what happened.",
            )
        )
    if CRITIC_LABELS & set(findings):
        parts.append(
            Text(
                "If a close friend said this about themselves, what would you say to them?",
                style="italic",
            )
        )
    parts.append(
        Text.assemble(
            ("Balance: ", "bold"),
            (analysis.balance.replace("_", " "), "bold"),
            "  ",
            BALANCE_READINGS[analysis.balance],
        )
    )
    if show_version:
        parts.append(Text(analysis.version, style="dim"))
    return Group(*parts)


def crisis_view(message: CrisisMessage, plan: PlanLookup | None = None) -> Panel:
    """The crisis resources, with the person's own safety plan when they have one
    (looked up when ``plan`` isn't given; a lookup never fails)."""
    from befriend.cli.safety_plan import lookup_plan, plan_view

    body = Text()
    for line in message.body:
        body.append(line + "\n")
    body.append("\n")
    for service in message.services:
        body.append(service.name, style="bold")
        contact = "  ".join(
            part
            for part in (
                f"call {service.phone}" if service.phone else "",
                f"text {service.text}" if service.text else "",
                service.web or "",
            )
            if part
        )
        body.append(f"  {contact}")
        if service.hours:
            body.append(f"  ({service.hours})", style="dim")
        body.append("\n")
    body.append("\n")
    shown = plan_view(plan if plan is not None else lookup_plan())
    if shown is not None:
        body.append_text(shown)
        body.append("\n\n")
    body.append(message.disclaimer, style="italic")
    return Panel(body, title=message.heading, title_align="left", border_style="bold #d7af5f")


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)
