"""`befriend friend`: the friend exercise, scriptable. Thin: parse, call
`befriend.coach.run_friend_exercise`, render (Rich, or JSON with --json)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

# Only `boundary` is needed at import time; main.py registers this command after
# defining it. (Once befriend.cli.boundary exists on main, import it from there.)
from befriend.cli.boundary import boundary

if TYPE_CHECKING:
    from rich.console import Console

    from befriend.analysis import Analysis
    from befriend.coach import FriendExercise, Quote
    from befriend.coach.drafting import BackendReport


@boundary
def friend(
    self_text: Annotated[
        str,
        typer.Option("--self", metavar="TEXT", help="What you're saying to yourself about it."),
    ],
    friend_text: Annotated[
        str,
        typer.Option(
            "--friend",
            metavar="TEXT",
            help="What you'd say to a close friend in exactly this situation.",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help='Your name, for the rewrite that still says "you".'),
    ] = None,
    friend_name: Annotated[
        str | None,
        typer.Option(
            "--friend-name",
            help="The friend's name as written in --friend (found by itself when it's "
            'used to address them, as in "Sam, you...").',
        ),
    ] = None,
    final: Annotated[
        str | None,
        typer.Option(
            "--final",
            metavar="TEXT",
            help="What you'll say to yourself now. Without it, the rewrite that still "
            'says "you" is read back instead.',
        ),
    ] = None,
    situation: Annotated[
        str | None,
        typer.Option(
            "--situation", metavar="TEXT", help="A few words on what happened (helps pick phrases)."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Vary the choice among equally good phrases.")
    ] = 0,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            metavar="NAME",
            help="Where the rewrite and phrases come from: curated (befriend's own phrases) "
            "or llm (your own model server, set with BEFRIEND_LLM_URL; its drafts are "
            "checked before you see them). Default: BEFRIEND_BACKEND, else llm when "
            "BEFRIEND_LLM_URL is set, else curated.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """The friend exercise: how you talk to yourself, beside how you'd talk to a friend.

    Shows what you gave your friend and kept from yourself, the harsh words you aimed only at yourself, your friend-words said back to you, and what your final version still needs.
    """
    from befriend.cli.main import _analyzer, _check_decodable
    from befriend.coach import run_friend_exercise
    from befriend.coach.backends import get_backend
    from befriend.settings import load_settings

    for text in (self_text, friend_text, final or "", situation or "", name or ""):
        _check_decodable(text)
    settings = load_settings()
    drafter = get_backend((backend or settings.backend).strip().lower(), settings)
    result = run_friend_exercise(
        _analyzer(),
        self_text,
        friend_text,
        name=name,
        friend_name=friend_name,
        final=final,
        situation=situation or "",
        seed=seed,
        backend=drafter,
    )
    if as_json:
        obj = result.to_dict()
        obj["crisis_message"] = _crisis_message(result).to_dict() if result.crisis else None
        typer.echo(json.dumps(obj, ensure_ascii=False))
        return
    show_exercise(result)


def _crisis_text(result: FriendExercise) -> str:
    texts = {
        "situation": result.situation,
        "self": result.self_analysis.text,
        "friend": result.friend_analysis.text,
        "final": result.final_analysis.text if result.final_analysis else "",
    }
    # "rewrite": the first-person rewrite of the friend text; screen the source.
    return "\n".join(texts.get(step, result.friend_analysis.text) for step in result.crisis_in)


def _crisis_message(result: FriendExercise) -> Any:
    from befriend.safety import load_resources, resolve_country, screen
    from befriend.safety.messages import crisis_message
    from befriend.settings import load_settings

    country = resolve_country(load_settings().country, os.environ)
    return crisis_message(screen(_crisis_text(result)), load_resources().for_country(country))


def show_exercise(result: FriendExercise, console: Console | None = None) -> None:
    """Render the exercise: crisis resources first when any text needs them."""
    from befriend.cli.render import crisis_view, make_console

    console = console or make_console()
    if result.crisis:
        from befriend.coach import CRISIS_PAUSE

        console.print(crisis_view(_crisis_message(result)))
        console.print(CRISIS_PAUSE)
        return
    _show_gap(result, console)
    _show_rewrite(result, console)
    _show_final(result, console)


def _marked(analysis: Analysis, quotes: list[Quote], style: str) -> Any:
    from rich.text import Text

    text = Text(analysis.text)
    for q in quotes:
        text.stylize(style, q.start, q.end)
    return text


def _show_gap(result: FriendExercise, console: Console) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from befriend.cli.render import CRITIC_STYLE, KIND_STYLE

    gap = result.gap
    assert gap is not None
    harsh = [q for item in gap.harsh_on_self_not_friend for q in item.quotes]
    kind = [q for item in gap.given_to_friend_not_self for q in item.quotes]
    console.print(
        Panel(
            _marked(result.self_analysis, harsh, CRITIC_STYLE),
            title="What you say to yourself",
            title_align="left",
            border_style="dim",
        )
    )
    console.print(
        Panel(
            _marked(result.friend_analysis, kind, KIND_STYLE),
            title="What you'd say to your friend",
            title_align="left",
            border_style="dim",
        )
    )
    if gap.empty:
        console.print(
            "You spoke to yourself much as you spoke to your friend: nothing you gave "
            "them is missing from your own words."
        )
    if gap.given_to_friend_not_self:
        console.print(Text("What you gave your friend and kept from yourself", style="bold"))
        for item in gap.given_to_friend_not_self:
            _print_item(console, item.display, item.reading, item.quotes, KIND_STYLE)
    if gap.harsh_on_self_not_friend:
        console.print(Text("What you aimed at yourself and not at your friend", style="bold"))
        for item in gap.harsh_on_self_not_friend:
            _print_item(console, item.display, item.reading, item.quotes, CRITIC_STYLE)
    if gap.given_to_both:
        from befriend.labels import DISPLAY

        shared = ", ".join(DISPLAY[label] for label in gap.given_to_both)
        console.print(
            Text.assemble(("Already in your words to yourself too: ", "bold"), shared, ".")
        )


def _indented(console: Console, renderable: Any, indent: int) -> None:
    """Print with every wrapped line indented, not only the first."""
    from rich.padding import Padding

    console.print(Padding(renderable, (0, 0, 0, indent)))


def _print_quotes(console: Console, quotes: Any, style: str, indent: int = 4) -> None:
    from rich.text import Text

    for q in quotes:
        _indented(console, Text.assemble("“", (q.text, style), "”"), indent)


def _print_item(console: Console, title: str, reading: str, quotes: Any, style: str) -> None:
    from rich.text import Text

    _indented(console, Text.assemble((title, "bold"), ": ", reading), 2)
    _print_quotes(console, quotes, style)


def _show_rewrite(result: FriendExercise, console: Console) -> None:
    from rich.panel import Panel
    from rich.text import Text

    rewrite = result.rewrite
    assert rewrite is not None
    body = Text()
    body.append("Said to you\n", style="bold")
    body.append(rewrite.distanced + "\n\n")
    body.append("In your own voice\n", style="bold")
    body.append(rewrite.first_person)
    for note in rewrite.notes:
        body.append(f"\n\n“{note.sentence}” ", style="italic")
        body.append(note.reason, style="dim")
    drafted = result.backend.rewrite if result.backend else None
    if drafted is not None and drafted.backend != "curated":
        body.append("\n\n")
        body.append("In a friend's voice, drafted by your model\n", style="bold")
        body.append(drafted.text)
    console.print(
        Panel(body, title="Your friend-words, for you", title_align="left", border_style="dim")
    )


def _show_final(result: FriendExercise, console: Console) -> None:
    from rich.text import Text

    from befriend.cli.render import CRITIC_STYLE

    review = result.review
    assert review is not None
    title = (
        "Your final version"
        if result.final_source == "given"
        else "Your friend-words, read back (add --final to check your own version)"
    )
    console.print(Text(title, style="bold"))
    _indented(console, Text(review.summary), 2)
    for note in review.notes:
        _indented(console, Text(note.message), 2)
        _print_quotes(console, note.quotes, CRITIC_STYLE)
        for s in note.suggestions:
            _indented(console, Text.assemble(("→ ", "dim"), s.phrase.text), 4)
    if result.block is not None:
        console.print(Text("About being kind to yourself", style="bold"))
        _print_quotes(console, result.block.quotes, CRITIC_STYLE, indent=2)
        for paragraph in result.block.explanation:
            _indented(console, Text(paragraph), 2)
        _indented(console, Text(result.block.invitation, style="italic"), 2)
    if result.suggestions:
        console.print(Text("Phrases you could try", style="bold"))
        for s in result.suggestions:
            drafted = "; drafted by your model" if s.backend != "curated" else ""
            _indented(console, Text.assemble(s.phrase.text, (f"  ({s.reason}{drafted})", "dim")), 2)
    if result.backend is not None:
        show_backend(result.backend, console)
    console.print(Text(result.self_analysis.version, style="dim"))


def show_backend(report: BackendReport, console: Console) -> None:
    """The backend's note (a fallback, dropped drafts), where the words went when
    that was another computer, and with --debug every draft and its verdict."""
    from rich.text import Text

    from befriend.cli.boundary import debug_enabled

    if report.note:
        console.print(Text(report.note, style="italic"))
    if report.sent_to and not report.local:
        plain = " without encryption" if report.sent_to.startswith("http://") else ""
        console.print(
            Text(f"Your words were sent to {report.sent_to}{plain} to draft these.", style="dim")
        )
    if debug_enabled():
        for check in report.checks:
            verdict = "kept" if check.kept else "dropped: " + ", ".join(check.reasons)
            shown = check.to_dict()["text"] or "(text withheld)"
            console.print(Text(f"[debug] {check.slot} {verdict}: {shown}", style="dim"))
        if report.error is not None:
            console.print(
                Text(
                    f"[debug] {report.name}: {report.error.kind}: {report.error.detail}",
                    style="dim",
                )
            )
