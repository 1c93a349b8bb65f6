"""`befriend scale ...`: questionnaire scoring (SCS, SCS-SF). Thin: parse, call
:mod:`befriend.research.scales`, render."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

import typer

from befriend.cli.boundary import boundary
from befriend.errors import InputFileError

if TYPE_CHECKING:
    from befriend.research.scales import Instrument, ScaleResult, Scores, Wording

app = typer.Typer(
    name="scale",
    help=(
        "Score the Self-Compassion Scale (scs, 26 items) and its Short Form (scs-sf, 12 items) "
        "with the published keys."
    ),
    no_args_is_help=True,
)

F = TypeVar("F", bound=Callable[..., Any])

SHOWN_PROBLEMS: Final[int] = 20


class InstrumentChoice(StrEnum):
    scs = "scs"
    scs_sf = "scs-sf"


InstrumentOption = Annotated[
    InstrumentChoice,
    typer.Option(
        "--instrument",
        "-i",
        help="scs: Self-Compassion Scale (Neff 2003); scs-sf: its Short Form (Raes et al. 2011).",
        show_default=False,
    ),
]
MinAnsweredOption = Annotated[
    float,
    typer.Option(
        "--min-answered",
        metavar="SHARE",
        help="Share of a score's items that must be answered for it to be scored; the score "
        "is then the mean of those answered.",
    ),
]
BandsOption = Annotated[
    bool,
    typer.Option(
        "--bands", help="Add low/moderate/high bands (guidance for reading a score, not norms)."
    ),
]


@app.command("score")
@boundary
def score(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="CSV or .xlsx answers, one row per respondent.", show_default=False
        ),
    ],
    instrument: InstrumentOption,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Where to write the scores: .csv or .xlsx.",
            show_default=False,
        ),
    ],
    min_answered: MinAnsweredOption = 0.8,
    items_pattern: Annotated[
        str | None,
        typer.Option(
            "--items-pattern",
            metavar="PATTERN",
            help="How item columns are named: a template such as SCS_{n}, or a regular "
            "expression whose group captures the item number. Default: item1, item_1, Item 1.",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar="FILE",
            help="YAML (column: item) or CSV (column,item) naming each item's column.",
        ),
    ] = None,
    id_col: Annotated[
        str, typer.Option("--id-col", metavar="NAME", help="The column of respondent ids.")
    ] = "id",
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The Excel sheet to read (default: the first).")
    ] = None,
    bands: BandsOption = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop at the first bad cell or row, and write nothing."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Also write every problem to this CSV file."),
    ] = None,
    decimals: Annotated[
        int, typer.Option("--decimals", min=0, max=10, help="Decimal places of the scores.")
    ] = 4,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT (and the --report file) if it exists.")
    ] = False,
) -> None:
    """Score a file of answers: six subscales, total, compassionate and uncompassionate."""
    from befriend.research.scales import score_file
    from befriend.research.scales.tables import check_output

    if output.exists() and file.exists() and output.resolve() == file.resolve():
        raise InputFileError(
            "The output would replace the answers file itself; choose another name."
        )
    check_output(output, force=force)
    if report is not None:
        if report.resolve() == output.resolve():
            raise InputFileError("The problem report and the scores need different file names.")
        check_output(report, force=force, what="report")
    result = score_file(
        file,
        instrument.value,
        min_answered=min_answered,
        items_pattern=items_pattern,
        mapping=mapping,
        id_column=None if id_col == "id" else id_col,
        sheet=sheet,
        bands=bands,
        strict=strict,
    )
    result.write(output, force=force, decimals=decimals)
    if report is not None:
        result.write_problems(report, force=force)
    _summarise(result, output, report)


def _summarise(result: ScaleResult, output: Path, report: Path | None) -> None:
    key = result.instrument
    count = len(result.respondents)
    typer.echo(
        f"Scored {count} respondent{'' if count == 1 else 's'} with the {key.name} key "
        f"({result.scored} with a total score). Wrote {output}."
    )
    if report is not None and result.problems:
        typer.echo(f"Wrote the list of problems to {report}.")
    elif report is not None:
        typer.echo(f"No problems found; {report} lists none.")
    problems = result.problems
    if problems:
        typer.echo(
            f"{len(problems)} problem{'' if len(problems) == 1 else 's'} "
            "(each respondent's notes column says what their scores left out):",
            err=True,
        )
        for problem in problems[:SHOWN_PROBLEMS]:
            typer.echo(f"  {problem.message}", err=True)
        if len(problems) > SHOWN_PROBLEMS:
            rest = len(problems) - SHOWN_PROBLEMS
            where = f"{report} lists" if report is not None else "--report FILE would list"
            typer.echo(f"  ... and {rest} more; {where} them all.", err=True)
    for warning in result.warnings:
        typer.echo(f"Note: {warning}", err=True)


@app.command("take")
@boundary
def take(
    instrument: InstrumentOption,
    wording: Annotated[
        Path,
        typer.Option(
            "--wording",
            metavar="FILE.yaml",
            help="The items' wording, which you supply (befriend ships none); "
            "`befriend scale template` prints the format.",
            show_default=False,
        ),
    ],
    min_answered: MinAnsweredOption = 0.8,
    bands: BandsOption = False,
) -> None:
    """Answer the questionnaire here, item by item, and see your scores (nothing is saved)."""
    from befriend.research.scales import check_min_answered, load_wording, score_answers

    check_min_answered(min_answered)
    text = load_wording(wording, instrument.value)
    answers, crisis_seen = _ask(text)
    scores = score_answers(text.instrument, answers, min_answered=min_answered)
    _show_scores(text.instrument, scores, bands=bands)
    if crisis_seen:
        from befriend.cli.session import STILL_HERE

        typer.echo(STILL_HERE)


def _ask(wording: Wording) -> tuple[dict[int, int], bool]:
    from befriend.research.scales.answers import read_answer

    key = wording.instrument
    lo, hi = key.answer_min, key.answer_max
    for part in (wording.title, wording.source, wording.instructions):
        if part:
            typer.echo(part)
    if wording.has_placeholders:
        typer.echo(
            "(This wording file still holds placeholder text; fill it in with the real wording "
            "before using it in earnest.)"
        )
    if wording.answers:
        typer.echo("Answers: " + "; ".join(f"{n} = {t}" for n, t in wording.answers.items()))
    typer.echo("")
    answers: dict[int, int] = {}
    crisis_seen = False
    for number, item in wording.items.items():
        typer.echo(f"{number}/{key.items}. {item}")
        while True:
            raw = typer.prompt(
                f"  Your answer ({lo}-{hi}, or Enter to skip)", default="", show_default=False
            )
            answer = read_answer(raw, lo, hi)
            if answer.value is not None or answer.problem is None:
                break
            if answer.kind == "non_numeric" and _crisis_first(raw):
                crisis_seen = True
                continue
            typer.echo(f"  Please type a whole number from {lo} to {hi}, or press Enter to skip.")
        if answer.value is not None:
            answers[number] = answer.value
    return answers, crisis_seen


def _crisis_first(text: str) -> bool:
    """Words typed instead of a number are the user's own: screen them, and when the
    screen fires, show crisis resources before anything else."""
    import os

    from befriend.cli.render import crisis_view, make_console
    from befriend.safety import crisis_message, load_resources, resolve_country, screen
    from befriend.settings import load_settings

    result = screen(text)
    if not result.crisis:
        return False
    country = resolve_country(load_settings().country, os.environ)
    make_console().print(crisis_view(crisis_message(result, load_resources().for_country(country))))
    typer.echo(
        "The questionnaire can wait. If you'd like to go on, type a number from 1 to 5, "
        "press Enter to skip, or press Ctrl-C to stop."
    )
    return True


def _show_scores(instrument: Instrument, scores: Scores, *, bands: bool) -> None:
    from befriend.research.scales import SCORES, band
    from befriend.research.scales.keys import SCORE_NAMES
    from befriend.research.scales.sheet import BANDS_WARNING, SHORT_FORM_WARNING

    typer.echo("")
    typer.echo(f"Your scores on the {instrument.name} (the mean of your answers, 1 to 5):")
    width = max(len(SCORE_NAMES[s]) for s in SCORES) + 2
    for name in SCORES:
        value = scores.values[name]
        label = SCORE_NAMES[name].ljust(width)
        if value is None:
            c = scores.coverage[name]
            typer.echo(f"  {label}not scored: {c.answered} of {c.items} answered, needs {c.needed}")
        else:
            typer.echo(f"  {label}{value:.2f}" + (f"  {band(value)}" if bands else ""))
    typer.echo("")
    typer.echo(
        "For self-judgment, isolation, over-identification and uncompassionate self-responding, "
        "a higher number means more of that pattern; the total counts those answers reversed."
    )
    if not instrument.subscales_recommended:
        typer.echo(SHORT_FORM_WARNING)
    if bands:
        typer.echo(BANDS_WARNING)
    typer.echo(
        "These numbers are a snapshot of how you answered today, not a diagnosis and not a "
        "judgement of you. befriend didn't save your answers."
    )


@app.command("template")
@boundary
def template(instrument: InstrumentOption) -> None:
    """Print a wording file for `befriend scale take`, with placeholder text to replace."""
    from befriend.research.scales import wording_template

    typer.echo(wording_template(instrument.value), nl=False)


@app.command("key")
@boundary
def key(instrument: InstrumentOption) -> None:
    """Show an instrument's scoring key and where it was published."""
    from befriend.research.scales import SUBSCALES, load_instrument
    from befriend.research.scales.keys import SCORE_NAMES

    spec = load_instrument(instrument.value)
    answers = f"answers {spec.answer_min} to {spec.answer_max}"
    typer.echo(f"{spec.name} ({spec.abbreviation}), {spec.items} items, {answers}")
    typer.echo(f"Source: {spec.source}")
    for name in SUBSCALES:
        reversed_note = "  (reversed in the total)" if name in spec.reverse_scored else ""
        items = ", ".join(str(i) for i in spec.subscales[name])
        typer.echo(f"  {SCORE_NAMES[name]}: {items}{reversed_note}")
    typer.echo(
        f"total: the mean of all {spec.items} items, reversed ones as "
        f"{spec.answer_min + spec.answer_max} minus the answer"
    )
    typer.echo(
        "compassionate: the mean of the self-kindness, common humanity and mindfulness items"
    )
    typer.echo(
        "uncompassionate: the mean of the self-judgment, isolation and over-identification "
        "items, as answered"
    )
