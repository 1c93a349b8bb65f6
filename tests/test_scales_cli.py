"""`befriend scale ...` driven in-process through Typer's runner, with exact output."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_scales_sheet import SF_ROW, sf_header, write_csv
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.research.scales import wording_template

ROOT = Path(__file__).parent.parent
runner = CliRunner()

SF_NOTE = (
    "Note: The Short Form's subscales have two items each and aren't recommended on their "
    "own (Raes et al., 2011): the total is the score to rely on, and the subscale scores are "
    "rough.\n"
)
BANDS_NOTE = (
    "Note: The bands (low below 2.5, moderate 2.5 to 3.5, high above 3.5) are rough guidance "
    "for reading a score, not norms.\n"
)


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "answers.csv",
        sf_header(),
        [["p1", *SF_ROW], ["p2", 2, 7, *SF_ROW[2:]], ["p3", *[3] * 12]],
    )


def test_score_writes_the_scores_and_lists_the_problems(sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = invoke("scale", "score", str(sheet), "--instrument", "scs-sf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Scored 3 respondents with the Self-Compassion Scale - Short Form key (3 with a total "
        f"score). Wrote {out}.\n"
    )
    assert result.stderr == (
        "1 problem (each respondent's notes column says what their scores left out):\n"
        '  row 3, column "item2": 7 isn\'t one of the answers 1 to 5\n' + SF_NOTE
    )
    assert out.read_text().splitlines() == [
        "id,self_kindness,self_judgment,common_humanity,isolation,mindfulness,"
        "over_identification,total,compassionate,uncompassionate,notes",
        "p1,4.5,1.5,3.5,1.5,4.5,2.5,4.1667,4.1667,1.8333,",
        # p2 without item 2 (self-kindness, 4): total (25 - 4 + 25) / 11 = 46 / 11 = 4.1818;
        # compassionate (25 - 4) / 5 = 4.2
        "p2,,1.5,3.5,1.5,4.5,2.5,4.1818,4.2,1.8333,\"item2: 7 isn't one of the answers 1 to 5, "
        "left out; self_kindness not scored: 1 of 2 items answered, needs 2; total from 11 of "
        '12 items; compassionate from 5 of 6 items"',
        "p3,3.0,3.0,3.0,3.0,3.0,3.0,3.0,3.0,3.0,",
    ]


def test_score_with_bands_and_an_excel_output(sheet: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "scores.xlsx"
    result = invoke("scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out), "--bands")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(SF_NOTE + BANDS_NOTE)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert len(rows) == 4
    assert rows[0][10:12] == ("self_kindness_band", "self_judgment_band")
    assert rows[3][1:] == (3.0,) * 9 + ("moderate",) * 9 + (None,)


def test_strict_stops_with_one_line_and_writes_nothing(sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = invoke("scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'befriend: row 3, column "item2": 7 isn\'t one of the answers 1 to 5. Nothing was '
        "written. Fix that in the file, or score without strict mode to score everything else "
        "and list every problem.\n"
    )
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv"]


def test_score_refuses_to_overwrite_without_force(sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    out.write_text("keep me\n")
    args = ["scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out)]
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"befriend: {out} already exists, and befriend won't overwrite it. Choose another "
        "name, or use --force to replace it.\n"
    )
    assert out.read_text() == "keep me\n"
    assert invoke(*args, "--force").exit_code == 0
    assert out.read_text().startswith("id,self_kindness,")


def test_score_never_replaces_the_answers_file(sheet: Path) -> None:
    result = invoke("scale", "score", str(sheet), "-i", "scs-sf", "-o", str(sheet), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        "befriend: The output would replace the answers file itself; choose another name.\n"
    )


def test_many_problems_are_summarised_and_reported_in_full(tmp_path: Path) -> None:
    rows = [[f"p{i}", 0, *SF_ROW[1:]] for i in range(25)]
    sheet = write_csv(tmp_path / "a.csv", sf_header(), rows)
    out, report = tmp_path / "s.csv", tmp_path / "problems.csv"
    result = invoke(
        "scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out), "--report", str(report)
    )
    assert result.exit_code == 0
    assert result.stdout.endswith(f"Wrote the list of problems to {report}.\n")
    lines = result.stderr.splitlines()
    assert (
        lines[0] == "25 problems (each respondent's notes column says what their scores left out):"
    )
    assert lines[1] == '  row 2, column "item1": 0 isn\'t one of the answers 1 to 5'
    assert lines[20] == '  row 21, column "item1": 0 isn\'t one of the answers 1 to 5'
    assert lines[21] == f"  ... and 5 more; {report} lists them all."
    assert len(report.read_text().splitlines()) == 26
    without = invoke("scale", "score", str(sheet), "-i", "scs-sf", "-o", str(tmp_path / "t.csv"))
    assert "  ... and 5 more; --report FILE would list them all." in without.stderr


def test_score_with_a_pattern_and_an_id_column(tmp_path: Path) -> None:
    header = ["Participant", *(f"SCS_{n}" for n in range(1, 13))]
    sheet = write_csv(tmp_path / "a.csv", header, [["p1", *SF_ROW]])
    out = tmp_path / "s.csv"
    result = invoke(
        "scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out),
        "--items-pattern", "SCS_{n}", "--id-col", "participant",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[1] == "p1,4.5,1.5,3.5,1.5,4.5,2.5,4.1667,4.1667,1.8333,"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--min-answered", "1.5"], "befriend: The share of items a score needs must be above "
         "0 and at most 1 (you gave 1.5); 0.8, the default, means at least 80% of a score's "
         "items.\n"),
        (["--id-col", "who"], "befriend: answers.csv has no column called 'who' for the "
         "respondent ids. Check the spelling against the file's first row.\n"),
        (["--items-pattern", "q{n}", "--mapping", "MAPPING"], "befriend: Give either an items "
         "pattern or a mapping file, not both.\n"),
        (["--sheet", "one"], "befriend: answers.csv isn't an Excel workbook, so it has no "
         "sheets; leave out the sheet name.\n"),
    ],
)  # fmt: skip
def test_score_bad_options_get_one_line(
    sheet: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("q1: 1\n")
    extra = [str(mapping) if e == "MAPPING" else e for e in extra]
    result = invoke(
        "scale", "score", str(sheet), "-i", "scs-sf", "-o", str(tmp_path / "o.csv"), *extra
    )
    assert result.exit_code == 1
    assert result.stderr == message
    assert not (tmp_path / "o.csv").exists()


def test_an_unknown_instrument_is_a_usage_error(sheet: Path, tmp_path: Path) -> None:
    result = invoke("scale", "score", str(sheet), "-i", "phq9", "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 2
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert "Invalid value for '--instrument' / '-i'" in flat
    assert "'phq9' is not one of 'scs', 'scs-sf'" in flat


def test_take_asks_each_item_and_shows_the_scores_with_caveats(tmp_path: Path) -> None:
    wording = tmp_path / "w.yaml"
    wording.write_text(
        wording_template("scs-sf")
        .replace("Item 4 wording goes here", "A fourth statement, in the user's own file")
        .replace("Title goes here", "My study")
    )
    # The Short Form answers of test_scales_scoring, with item 3 skipped and two answers that need asking again
    answers = ["2", "4", "", "9", "1", "3", "5", "4", "2", "3", "4", "four", "1", "2"]
    result = invoke(
        "scale", "take", "-i", "scs-sf", "--wording", str(wording), "--bands",
        input="\n".join(answers) + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    prompt = "  Your answer (1-5, or Enter to skip): "
    again = "  Please type a whole number from 1 to 5, or press Enter to skip.\n"
    assert result.output == (
        "My study\n"
        "Citation or permission note goes here\n"
        "Instructions for the person answering go here.\n"
        "(This wording file still holds placeholder text; fill it in with the real wording "
        "before using it in earnest.)\n"
        "Answers: " + "; ".join(f"{n} = Wording for answer {n} goes here" for n in range(1, 6))
        + "\n\n"
        f"1/12. Item 1 wording goes here\n{prompt}2\n"
        f"2/12. Item 2 wording goes here\n{prompt}4\n"
        f"3/12. Item 3 wording goes here\n{prompt}\n"
        f"4/12. A fourth statement, in the user's own file\n{prompt}9\n{again}{prompt}1\n"
        f"5/12. Item 5 wording goes here\n{prompt}3\n"
        f"6/12. Item 6 wording goes here\n{prompt}5\n"
        f"7/12. Item 7 wording goes here\n{prompt}4\n"
        f"8/12. Item 8 wording goes here\n{prompt}2\n"
        f"9/12. Item 9 wording goes here\n{prompt}3\n"
        f"10/12. Item 10 wording goes here\n{prompt}4\n"
        f"11/12. Item 11 wording goes here\n{prompt}four\n{again}{prompt}1\n"
        f"12/12. Item 12 wording goes here\n{prompt}2\n"
        "\n"
        "Your scores on the Self-Compassion Scale - Short Form (the mean of your answers, 1 to 5):\n"
        "  self-kindness                    4.50  high\n"
        "  self-judgment                    1.50  low\n"
        "  common humanity                  3.50  moderate\n"
        "  isolation                        1.50  low\n"
        # item 3 skipped: mindfulness has 1 of its 2 items
        "  mindfulness                      not scored: 1 of 2 answered, needs 2\n"
        "  over-identification              2.50  moderate\n"
        # 11 items: positive 25 - 5 = 20, reversed negative 25: 45 / 11 = 4.0909
        "  total                            4.09  high\n"
        # 20 / 5
        "  compassionate self-responding    4.00  high\n"
        # 11 / 6 = 1.8333
        "  uncompassionate self-responding  1.83  low\n"
        "\n"
        "For self-judgment, isolation, over-identification and uncompassionate "
        "self-responding, a higher number means more of that pattern; the total counts those "
        "answers reversed.\n" + SF_NOTE.removeprefix("Note: ") + BANDS_NOTE.removeprefix("Note: ")
        + "These numbers are a snapshot of how you answered today, not a diagnosis and not a "
        "judgement of you. befriend didn't save your answers.\n"
    )  # fmt: skip


def _wording(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    return path


def _items(numbers: range) -> str:
    return "items:\n" + "".join(f"  {n}: Statement {n}\n" for n in numbers)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_items(range(1, 11)), "The wording file w.yaml has wording for 10 items, but the "
         "Self-Compassion Scale - Short Form has 12: items 11 and 12 are missing."),
        (_items(range(2, 13)), "The wording file w.yaml has wording for 11 items, but the "
         "Self-Compassion Scale - Short Form has 12: item 1 is missing."),
        (_items(range(1, 14)), "The wording file w.yaml has item 13, but the Self-Compassion "
         "Scale - Short Form has items 1 to 12 only."),
        (_items(range(1, 13)).replace("Statement 5", "''"), "In the wording file w.yaml, item "
         "5 has no wording. Fill it in."),
        ("title: x\n", "The wording file w.yaml has no 'items' section. Add one with the "
         "wording of items 1 to 12; `befriend scale template` prints an example."),
        ("instrument: scs\n" + _items(range(1, 13)), "The wording file w.yaml says it's for "
         "'scs', but you asked for 'scs-sf'. Use the matching instrument, or fix the file's "
         "instrument line."),
        ("item:\n  1: x\n", "The wording file w.yaml has 'item', which befriend doesn't know. "
         "The keys it reads are: instrument, title, source, instructions, answers, items."),
        ("items:\n  1: a: b\n", "The wording file w.yaml isn't valid YAML near line 2. Compare "
         "it with the example from `befriend scale template`; a colon inside wording needs "
         "the line quoted."),
        ("- just a list\n", "The wording file w.yaml should be a YAML mapping with an 'items' "
         "section; `befriend scale template` prints an example."),
        (_items(range(1, 13)) + "answers:\n  1: never\n  5: always\n", "The wording file "
         "w.yaml has wording for 2 answers, but the Self-Compassion Scale - Short Form has 5: "
         "answers 2-4 are missing."),
        ("items: [" + ", ".join(["s"] * 12) + "]\nanswers: {0: zero}\n", "The wording file "
         "w.yaml has answer 0, but the Self-Compassion Scale - Short Form has answers 1 to 5 "
         "only."),
    ],
)  # fmt: skip
def test_a_malformed_wording_file_gets_one_clear_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _wording(tmp_path, text)
    result = invoke("scale", "take", "-i", "scs-sf", "--wording", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"befriend: {message}\n"
    assert result.stdout == ""


def test_take_with_no_wording_file(tmp_path: Path) -> None:
    result = invoke("scale", "take", "-i", "scs", "--wording", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"befriend: There's no wording file at {tmp_path / 'none.yaml'}. Check the path and "
        "try again.\n"
    )


def test_a_list_of_items_is_numbered_from_one(tmp_path: Path) -> None:
    from befriend.research.scales import load_wording

    path = _wording(tmp_path, "items:\n" + "".join(f"  - 'S {n}: x'\n" for n in range(1, 13)))
    wording = load_wording(path, "scs-sf")
    assert wording.items[12] == "S 12: x"
    assert not wording.has_placeholders
    assert wording.answers == {}


def test_template_prints_placeholders_only_and_loads_back(tmp_path: Path) -> None:
    from befriend.research.scales import load_wording

    result = invoke("scale", "template", "-i", "scs")
    assert result.exit_code == 0
    assert result.stdout == wording_template("scs")
    lines = result.stdout.splitlines()
    assert "  26: Item 26 wording goes here" in lines
    assert "  27: Item 27 wording goes here" not in lines
    wording = load_wording(_wording(tmp_path, result.stdout), "scs")
    assert wording.items == {n: f"Item {n} wording goes here" for n in range(1, 27)}
    assert wording.has_placeholders


def test_the_shipped_example_is_the_template() -> None:
    example = ROOT / "docs" / "examples" / "scs-sf-wording.example.yaml"
    assert example.read_text(encoding="utf-8") == wording_template("scs-sf")


def test_key_shows_the_published_key() -> None:
    result = invoke("scale", "key", "-i", "scs")
    assert result.exit_code == 0
    assert result.stdout == (
        "Self-Compassion Scale (SCS), 26 items, answers 1 to 5\n"
        "Source: Neff, K. D. (2003). The development and validation of a scale to measure "
        "self-compassion. Self and Identity, 2(3), 223-250. "
        "https://doi.org/10.1080/15298860309027\n"
        "  self-kindness: 5, 12, 19, 23, 26\n"
        "  self-judgment: 1, 8, 11, 16, 21  (reversed in the total)\n"
        "  common humanity: 3, 7, 10, 15\n"
        "  isolation: 4, 13, 18, 25  (reversed in the total)\n"
        "  mindfulness: 9, 14, 17, 22\n"
        "  over-identification: 2, 6, 20, 24  (reversed in the total)\n"
        "total: the mean of all 26 items, reversed ones as 6 minus the answer\n"
        "compassionate: the mean of the self-kindness, common humanity and mindfulness items\n"
        "uncompassionate: the mean of the self-judgment, isolation and over-identification "
        "items, as answered\n"
    )


def test_words_typed_instead_of_an_answer_are_screened_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "US")
    wording = _wording(tmp_path, wording_template("scs-sf"))
    typed = ["I don't want to be alive anymore", "3", *["3"] * 11]
    result = invoke(
        "scale", "take", "-i", "scs-sf", "--wording", str(wording), input="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "988" in out
    assert out.index("1/12.") < out.index("988") < out.index("2/12.")
    assert (
        "The questionnaire can wait. If you'd like to go on, type a number from 1 to 5, press "
        "Enter to skip, or press Ctrl-C to stop.\n"
    ) in out
    assert "Please type a whole number" not in out
    assert "  total                            3.00\n" in out
    assert out.endswith(
        "The support lines shown earlier are still there for you: run `befriend resources` "
        "to see them again.\n"
    )


def test_a_report_with_no_problems(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW]])
    out, report = tmp_path / "s.csv", tmp_path / "r.csv"
    result = invoke(
        "scale", "score", str(sheet), "-i", "scs-sf", "-o", str(out), "--report", str(report)
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"No problems found; {report} lists none."
    assert report.read_text() == "row,column,kind,problem\n"
    assert result.stderr == SF_NOTE
