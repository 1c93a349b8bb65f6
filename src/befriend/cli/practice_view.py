"""Rendering of practice steps for the terminal (Rich). No questions asked here;
`befriend.cli.practice` asks and calls these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from befriend.cli.render import CRITIC_STYLE, KIND_STYLE

if TYPE_CHECKING:
    from befriend.coach import BlockResponse, GapItem
    from befriend.coach.practices import PracticeRun, StepResult
    from befriend.safety.messages import CrisisMessage

AFTER_CRISIS_CLOSING: Final = (
    "Thank you for staying with this. Everything you wrote is saved, and you can look "
    "at it again, or not, whenever you choose."
)
REMINDER: Final = (
    "Help is there whenever you need it: {contact}. `befriend resources` lists more{plan}."
)


def indented(console: Console, renderable: Any, indent: int = 2) -> None:
    console.print(Padding(renderable, (0, 0, 0, indent)))


def reminder_line(message: CrisisMessage, has_plan: bool) -> str:
    """One line saying where help is, for every screen after a crisis."""
    service = message.services[0] if message.services else None
    if service is not None:
        contact = f"{service.name}, {' / '.join(service.contact_lines()[:2]).lower()}"
    else:
        contact = "your local emergency number"
    plan = "; `befriend safety-plan` shows your plan" if has_plan else ""
    return REMINDER.format(contact=contact, plan=plan)


def show_intro(console: Console, run: PracticeRun, resumed: bool) -> None:
    practice = run.practice
    console.print(Text(practice.title, style="bold"))
    if resumed:
        done = [r.step.title for r in run.results.values()]
        console.print(
            f"Picking up where you left off. Already answered: {', '.join(done) or 'nothing yet'}."
        )
    else:
        console.print(practice.intro)


def show_step_heading(console: Console, run: PracticeRun, number: int) -> None:
    step = run.next_step
    assert step is not None
    total = len(run.practice.steps)
    console.print("")
    console.print(Text(f"{number}/{total}  {step.title}", style="bold"))
    indented(console, Text(step.prompt))


def _quotes(console: Console, quotes: Any, style: str, indent: int = 4) -> None:
    for q in quotes:
        indented(console, Text.assemble("“", (q.text, style), "”"), indent)


def _items(console: Console, heading: str, items: tuple[GapItem, ...], style: str) -> None:
    if not items:
        return
    console.print(Text(heading, style="bold"))
    for item in items:
        indented(console, Text.assemble((item.display, "bold"), ": ", item.reading))
        _quotes(console, item.quotes, style)


def show_result(console: Console, result: StepResult) -> None:
    """The reflection, and what the step opens up (gap, rewrite, notes, contrast)."""
    if result.review is not None and result.analysis is not None:
        from befriend.cli.render import highlighted
        from befriend.labels import DISPLAY

        indented(console, highlighted(result.analysis))
        found = [DISPLAY[label] for label in result.analysis.labels if label != "crisis"]
        if found:
            indented(
                console, Text.assemble(("What befriend noticed in it: ", "dim"), ", ".join(found))
            )
    for line in result.reflection:
        indented(console, Text(line.text, style="italic"))
    if result.gap is not None:
        gap = result.gap
        if gap.empty:
            indented(
                console,
                Text(
                    "You spoke to yourself much as you spoke to your friend: nothing you "
                    "gave them is missing from your own words."
                ),
            )
        _items(
            console,
            "What you gave your friend and kept from yourself",
            gap.given_to_friend_not_self,
            KIND_STYLE,
        )
        _items(
            console,
            "What you aimed at yourself and not at your friend",
            gap.harsh_on_self_not_friend,
            CRITIC_STYLE,
        )
    if result.rewrite is not None:
        console.print(Text("Your friend-words, for you", style="bold"))
        indented(console, Text.assemble(("Said to you: ", "dim"), result.rewrite.distanced))
        indented(
            console, Text.assemble(("In your own voice: ", "dim"), result.rewrite.first_person)
        )
        for left in result.rewrite.notes:
            indented(
                console, Text.assemble((f"“{left.sentence}” ", "italic"), (left.reason, "dim"))
            )
    if result.review is not None:
        for note in result.review.notes:
            indented(console, Text(note.message))
            _quotes(console, note.quotes, CRITIC_STYLE)
            for s in note.suggestions:
                indented(console, Text.assemble(("→ ", "dim"), s.phrase.text), 4)
        if result.suggestions:
            console.print(Text("Phrases you could try", style="bold"))
            for s in result.suggestions:
                indented(console, Text.assemble(s.phrase.text, (f"  ({s.reason})", "dim")))
    if result.contrast is not None:
        c = result.contrast
        console.print(Text("The critic and the coach", style="bold"))
        indented(console, Text(c.summary))
        _items(console, "What the coach gives you", c.coach_gives, KIND_STYLE)
        _items(console, "What the critic says and the coach doesn't", c.critic_only, CRITIC_STYLE)
        _items(console, "Still in the coach's words", c.still_in_coach, CRITIC_STYLE)


def block_offer(block: BlockResponse) -> str:
    quote = block.quotes[0].text if block.quotes else ""
    return (
        f"Something you wrote sounds like a worry that being kind to yourself would make "
        f"you soft (“{quote}”). Would you like a short, honest answer to that?"
    )


def show_block(console: Console, block: BlockResponse) -> None:
    console.print(Text("About being kind to yourself", style="bold"))
    for paragraph in block.explanation:
        indented(console, Text(paragraph))
    indented(console, Text(block.invitation, style="italic"))


def show_closing(console: Console, run: PracticeRun) -> None:
    console.print("")
    practice = run.practice
    if run.crisis_in:
        # No recap of the words and no "well done": just a gentle end.
        console.print(AFTER_CRISIS_CLOSING)
        console.print(Text(f"Saved as practice session {run.record.id[:8]}.", style="dim"))
        return
    if practice.kind == "break":
        console.print(Text("Your break, in your own words", style="bold"))
        for result in run.results.values():
            if result.text:
                indented(console, Text.assemble((f"{result.step.title}: ", "dim"), result.text))
    if practice.kind == "fierce" and run.action:
        console.print(Text.assemble(("Your step: ", "bold"), f"“{run.action}”"))
    if practice.kind == "friend":
        final = run.results.get("final")
        if final is not None and final.text:
            console.print(Text.assemble(("What you'll say to yourself: ", "bold"), final.text))
    console.print(practice.closing)
    console.print(Text(f"Saved as practice session {run.record.id[:8]}.", style="dim"))
