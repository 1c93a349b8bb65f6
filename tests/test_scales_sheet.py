"""Answer sheets: finding the item columns, every kind of bad row named by row and
column, strict mode, Excel in and out, and refusing to overwrite."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_scales_scoring import SCS_ANSWERS, SCS_EXPECTED, SF_ANSWERS, SF_EXPECTED

from befriend.errors import BefriendError
from befriend.research.scales import ScaleDataError, score_file, score_records

SF_ROW = [SF_ANSWERS[i] for i in range(1, 13)]
SCS_ROW = [SCS_ANSWERS[i] for i in range(1, 27)]


def write_csv(path: Path, header: list[str], rows: list[list[Any]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def sf_header(name: str = "item{n}") -> list[str]:
    return ["id", *(name.format(n=n) for n in range(1, 13))]


def test_a_csv_sheet_scores_each_respondent(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW], ["p2", *[3] * 12]])
    result = score_file(path, "scs-sf")
    assert [r.id for r in result.respondents] == ["p1", "p2"]
    assert [r.row for r in result.respondents] == [2, 3]
    assert result.respondents[0].scores == SF_EXPECTED
    assert result.respondents[1].scores["total"] == 3.0
    assert result.problems == ()
    assert result.scored == 2
    assert result.warnings == (
        "The Short Form's subscales have two items each and aren't recommended on their own "
        "(Raes et al., 2011): the total is the score to rely on, and the subscale scores are "
        "rough.",
    )


def test_the_full_scale_from_a_file(tmp_path: Path) -> None:
    header = ["ID", *(f"item{n}" for n in range(1, 27))]
    result = score_file(write_csv(tmp_path / "a.csv", header, [["x", *SCS_ROW]]), "scs")
    assert result.respondents[0].scores == SCS_EXPECTED
    assert result.warnings == ()


@pytest.mark.parametrize("name", ["item{n}", "ITEM{n}", "item_{n}", "Item {n}", "item-0{n}"])
def test_item_column_names_match_in_their_usual_spellings(tmp_path: Path, name: str) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(name), [["p1", *SF_ROW]])
    assert score_file(path, "scs-sf").respondents[0].scores == SF_EXPECTED


@given(st.permutations(list(range(13))))
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_column_order_does_not_matter(tmp_path: Path, order: list[int]) -> None:
    header = sf_header()
    row = ["p1", *SF_ROW]
    path = write_csv(tmp_path / "perm.csv", [header[i] for i in order], [[row[i] for i in order]])
    assert score_file(path, "scs-sf").respondents[0].scores == SF_EXPECTED


@pytest.mark.parametrize(
    ("pattern", "name"),
    [
        ("SCS_{n}", "scs_{n}"),
        ("Q{n} (SCS)", "q{n}  (scs)"),
        ("Q{n} (SCS)", "Q{n}(SCS)"),
        (r"q(\d+)_sf", "Q{n}_sf"),
        (r"(?P<n>\d+)\.answer", "{n}.answer"),
    ],
)
def test_an_items_pattern_names_the_columns(tmp_path: Path, pattern: str, name: str) -> None:
    path = write_csv(tmp_path / "a.csv", [*sf_header(name), "item3"], [["p1", *SF_ROW, 1]])
    result = score_file(path, "scs-sf", items_pattern=pattern)
    assert result.respondents[0].scores == SF_EXPECTED


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("q\\d+", "has no group to capture the item number"),
        ("q(\\d+", "isn't a valid regular expression"),
        ("{n}_{n}", "has {n} twice"),
        ("q(.+)", "isn't an item number"),
    ],
)
def test_a_bad_items_pattern_says_what_to_do(tmp_path: Path, pattern: str, message: str) -> None:
    path = write_csv(tmp_path / "a.csv", ["id", "qx", *sf_header("q{n}")[1:]], [["p", 1, *SF_ROW]])
    with pytest.raises(BefriendError, match="items pattern") as caught:
        score_file(path, "scs-sf", items_pattern=pattern)
    assert message in caught.value.message


def _mapped_sheet(tmp_path: Path) -> Path:
    # Columns in a made-up survey tool's naming, in a shuffled order.
    header = ["Participant", *(f"Q{n + 20}" for n in range(12))]
    return write_csv(tmp_path / "survey.csv", header, [["p1", *SF_ROW]])


def test_a_yaml_mapping_names_the_columns(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("".join(f"Q{n + 19}: {n}\n" for n in range(1, 13)))
    result = score_file(_mapped_sheet(tmp_path), "scs-sf", mapping=mapping, id_column="participant")
    assert result.respondents[0].scores == SF_EXPECTED
    assert result.respondents[0].id == "p1"


def test_a_csv_mapping_names_the_columns(tmp_path: Path) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,item\n" + "".join(f"q{n + 19},{n}\n" for n in range(1, 13)))
    result = score_file(_mapped_sheet(tmp_path), "scs-sf", mapping=mapping)
    assert result.respondents[0].scores == SF_EXPECTED
    # No id column: the id is the row number, and a warning says so.
    assert result.respondents[0].id == "2"
    assert result.warnings[-1] == (
        "survey.csv has no id column, so the id column holds each respondent's row number "
        "in the file."
    )


@pytest.mark.parametrize(
    ("text", "suffix", "message"),
    [
        ("Q20: 1\nQ21: 1\n", ".yaml", "columns 'Q20' and 'Q21' both map to item 1"),
        ("Q20: one\n", ".yaml", "column 'Q20' maps to 'one', which isn't an item number"),
        ("- Q20\n", ".yaml", "should map column names to item numbers"),
        ("Q20: [1\n", ".yaml", "isn't valid YAML (line 2)"),
        ("name,number\nQ20,1\n", ".csv", "should start with the header  column,item"),
        ("Q99: 1\n", ".yaml", "names column 'Q99', but survey.csv has no column of that name"),
        ("Q20: 1\n", ".json", "should be YAML (.yaml) or CSV (.csv)"),
    ],
)
def test_a_bad_mapping_file_says_what_is_wrong(
    tmp_path: Path, text: str, suffix: str, message: str
) -> None:
    mapping = tmp_path / f"map{suffix}"
    mapping.write_text(text)
    with pytest.raises(BefriendError) as caught:
        score_file(_mapped_sheet(tmp_path), "scs-sf", mapping=mapping)
    assert message in caught.value.message


def test_every_kind_of_bad_row_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = ",".join(str(a) for a in SF_ROW)
    path.write_text(
        "id,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12\n"
        f"p1,{good}\n"
        "\n"  # row 3 is blank: skipped, but the rows after it keep their numbers
        "p2,2,7,5,1,3,5,4,2,3,4,1,2\n"  # row 4: 7 is out of range
        "p3,2,4,five,1,3,5,4,2,3,4,1,2\n"  # row 5: not a number
        "p1,2,4,5,1,3,5,4,2,3,4,1,2\n"  # row 6: the id of row 2 again
        ",2,4,5,1,3,5,4,2,3,4,1,2\n"  # row 7: no id
        "p7,2,4,5\n"  # row 8: too few values
        "p8,2,4,5,1,3,5,4,2,3,4,1,2,9\n"  # row 9: too many values
        "p9,2,0,3.5,1,3,5,4,2,3,4,1,2\n"  # row 10: 0 and 3.5 aren't answers
    )
    result = score_file(path, "scs-sf")
    assert [(p.kind, p.row, p.column) for p in result.problems] == [
        ("out_of_range", 4, "item2"),
        ("non_numeric", 5, "item3"),
        ("duplicate_id", 6, "id"),
        ("missing_id", 7, None),
        ("wrong_length", 8, None),
        ("wrong_length", 9, None),
        ("out_of_range", 10, "item2"),
        ("out_of_range", 10, "item3"),
    ]
    assert [p.message for p in result.problems] == [
        'row 4, column "item2": 7 isn\'t one of the answers 1 to 5',
        "row 5, column \"item3\": 'five' isn't a number from 1 to 5",
        "row 6, column \"id\": the id 'p1' is also in row 2",
        "row 7: the row has no id",
        "row 8: the row has 4 values but the header has 13 columns, so its answers can't be "
        "matched to items",
        "row 9: the row has 14 values but the header has 13 columns, so its answers can't be "
        "matched to items",
        'row 10, column "item2": 0 isn\'t one of the answers 1 to 5',
        'row 10, column "item3": 3.5 isn\'t one of the answers 1 to 5 (answers are whole numbers)',
    ]
    by_row = {r.row: r for r in result.respondents}
    assert sorted(by_row) == [2, 4, 5, 6, 7, 8, 9, 10]
    # What can be scored is: row 4 loses item 2 (self-kindness 2 and 6: one of two left).
    assert by_row[4].scores["self_kindness"] is None
    assert by_row[4].scores["total"] == 46 / 11  # as in the scoring test without item 2
    assert by_row[4].notes == (
        "item2: 7 isn't one of the answers 1 to 5, left out",
        "self_kindness not scored: 1 of 2 items answered, needs 2",
        "total from 11 of 12 items",
        "compassionate from 5 of 6 items",
    )
    assert by_row[2].notes == ("id also in row 6",)
    assert by_row[6].notes == ("id also in row 2",)
    assert by_row[6].scores == SF_EXPECTED
    assert by_row[7].notes == ("no id",) and by_row[7].scores == SF_EXPECTED
    assert set(by_row[8].scores.values()) == {None}
    assert by_row[8].notes == (
        "not scored: the row has 4 values but the header has 13 columns, so its answers "
        "can't be matched to items",
    )
    # Totals for rows 2, 4, 5 and 10 (each loses at most 2 of 12 items), 6 and 7.
    assert result.scored == 6


def test_strict_mode_stops_at_the_first_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW], ["p2", 2, 4, 6, *SF_ROW[3:]], ["p1"]]
    )
    with pytest.raises(ScaleDataError) as caught:
        score_file(path, "scs-sf", strict=True)
    assert caught.value.problem.row == 3
    assert caught.value.message == (
        'row 3, column "item3": 6 isn\'t one of the answers 1 to 5. Nothing was written. Fix '
        "that in the file, or score without strict mode to score everything else and list "
        "every problem."
    )


def test_missing_item_columns_count_as_unanswered(tmp_path: Path) -> None:
    header = [h for h in sf_header() if h != "item7"]
    row = ["p1", *(a for i, a in enumerate(SF_ROW, start=1) if i != 7)]
    result = score_file(write_csv(tmp_path / "a.csv", header, [row]), "scs-sf")
    assert [p.message for p in result.problems] == [
        'row 1, column "item7": there\'s no column for item 7, so it counts as unanswered by '
        "everyone"
    ]
    assert result.respondents[0].scores["mindfulness"] is None
    assert result.respondents[0].scores["self_kindness"] == 4.5
    with pytest.raises(ScaleDataError, match='row 1, column "item7"'):
        score_file(tmp_path / "a.csv", "scs-sf", strict=True)


def test_blank_answers_are_missing_not_problems(tmp_path: Path) -> None:
    rows = [["p1", "", *SF_ROW[1:]], ["p2", "NA", *SF_ROW[1:]], ["p3", *[""] * 12]]
    result = score_file(write_csv(tmp_path / "a.csv", sf_header(), rows), "scs-sf")
    assert result.problems == ()
    assert result.respondents[0].notes == (
        "no answer to item1",
        "over_identification not scored: 1 of 2 items answered, needs 2",
        "total from 11 of 12 items",
        "uncompassionate from 5 of 6 items",
    )
    assert result.respondents[1].scores == result.respondents[0].scores
    assert result.respondents[2].notes == ("no usable answers, so nothing was scored",)


@pytest.mark.parametrize(
    ("header", "instrument", "message"),
    [
        (sf_header(), "scs", "a.csv has 12 item columns, but the Self-Compassion Scale has 26 "
         "items. The 12 item columns fit the Self-Compassion Scale - Short Form (SCS-SF): "
         "score it as 'scs-sf'."),
        (["id", *(f"item{n}" for n in range(1, 27))], "scs-sf", "Column 'item13' of a.csv is "
         "item 13, but the Self-Compassion Scale - Short Form has 12 items. The 26 item "
         "columns fit the Self-Compassion Scale (SCS): score it as 'scs'."),
        (["id", "age", "q1"], "scs", "None of the columns of a.csv look like item answers (its "
         "columns are 'id', 'age', 'q1'). Name them item1 to item26, or describe them with an "
         "items pattern or a mapping file."),
        (["id", "item1", "Item 1", *(f"item{n}" for n in range(2, 13))], "scs-sf", "Columns "
         "'item1' and 'Item 1' of a.csv both look like item 1. Rename one, or say which is "
         "which with a mapping file."),
        (["id", "ID", *(f"item{n}" for n in range(1, 13))], "scs-sf", "a.csv has 2 columns "
         "called 'id'. Keep one, so each respondent has one id."),
    ],
)  # fmt: skip
def test_a_sheet_that_cannot_be_scored_at_all_is_refused(
    tmp_path: Path, header: list[str], instrument: str, message: str
) -> None:
    path = write_csv(tmp_path / "a.csv", header, [["p1"] + [3] * (len(header) - 1)])
    with pytest.raises(BefriendError) as caught:
        score_file(path, instrument)
    assert caught.value.message == message


def test_semicolons_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "excel-export.csv"
    body = ";".join(sf_header()) + "\n" + ";".join(["p1", *map(str, SF_ROW)]) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    result = score_file(path, "scs-sf")
    assert result.respondents[0].id == "p1"
    assert result.respondents[0].scores == SF_EXPECTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.csv", None, "There's no file at"),
        ("a.xls", b"x", "old-style .xls workbook"),
        ("a.json", b"{}", "befriend reads answers from .csv, .tsv or .xlsx files"),
        ("a.csv", b"", "has no header in row 1"),
        ("a.csv", b"id,item1\n\xff\xfe,3\n", "isn't valid UTF-8 text"),
        ("a.xlsx", b"not a zip", "couldn't be read as an Excel workbook"),
    ],
)
def test_unreadable_files_get_one_clear_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BefriendError) as caught:
        score_file(path, "scs-sf")
    assert message in caught.value.message


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "answers") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_excel_in_and_excel_out(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        sf_header("Item {n}"),
        [101, *SF_ROW],  # a numeric id
        ["p2", *[float(a) for a in SF_ROW]],  # answers stored as 2.0, 4.0, ...
        [None] * 13,  # a blank row, skipped
        ["p4", "4", *SF_ROW[1:10], True, None],  # text "4", a TRUE cell, an empty last cell
    ]
    source = write_xlsx(tmp_path / "answers.xlsx", rows)
    result = score_file(source, "scs-sf", bands=True)
    assert [r.id for r in result.respondents] == ["101", "p2", "p4"]
    assert [r.row for r in result.respondents] == [2, 3, 5]
    assert result.respondents[0].scores == SF_EXPECTED
    assert result.respondents[1].scores == SF_EXPECTED
    assert [p.message for p in result.problems] == [
        "row 5, column \"Item 11\": 'True' isn't a number from 1 to 5"
    ]
    out = result.write(tmp_path / "scores.xlsx")
    back = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert back[0] == (
        "id", "self_kindness", "self_judgment", "common_humanity", "isolation", "mindfulness",
        "over_identification", "total", "compassionate", "uncompassionate",
        "self_kindness_band", "self_judgment_band", "common_humanity_band", "isolation_band",
        "mindfulness_band", "over_identification_band", "total_band", "compassionate_band",
        "uncompassionate_band", "notes",
    )  # fmt: skip
    # 50 / 12 = 4.1666..., 25 / 6 = 4.1666..., 11 / 6 = 1.8333..., to 4 places
    assert back[1] == (
        "101", 4.5, 1.5, 3.5, 1.5, 4.5, 2.5, 4.1667, 4.1667, 1.8333,
        "high", "low", "moderate", "low", "high", "moderate", "high", "high", "low", None,
    )  # fmt: skip
    assert back[3][0] == "p4"
    assert back[3][2] is None  # self-judgment: items 11 (TRUE) and 12 (empty) are gone
    # Item 1 was the text "4" (not 2): over-identification (4 + 3) / 2 = 3.5.
    assert back[3][6] == 3.5
    assert back[3][-1] == (
        "Item 11: 'True' isn't a number from 1 to 5, left out; no answer to Item 12; "
        "self_judgment not scored: 0 of 2 items answered, needs 2; total from 10 of 12 items; "
        "uncompassionate not scored: 4 of 6 items answered, needs 5"
    )


def test_a_named_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "readme"  # type: ignore[union-attr]
    ws = book.create_sheet("data")
    ws.append(sf_header())
    ws.append(["p1", *SF_ROW])
    book.save(tmp_path / "b.xlsx")
    assert score_file(tmp_path / "b.xlsx", "scs-sf", sheet="data").respondents[0].scores == (
        SF_EXPECTED
    )
    with pytest.raises(BefriendError, match="has no sheet called 'nope'; its sheets are"):
        score_file(tmp_path / "b.xlsx", "scs-sf", sheet="nope")


def test_csv_output_is_exact(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW], ["p2", "", *SF_ROW[1:]]])
    out = score_file(path, "scs-sf").write(tmp_path / "out.csv", decimals=3)
    assert out.read_text(encoding="utf-8") == (
        "id,self_kindness,self_judgment,common_humanity,isolation,mindfulness,"
        "over_identification,total,compassionate,uncompassionate,notes\n"
        "p1,4.5,1.5,3.5,1.5,4.5,2.5,4.167,4.167,1.833,\n"
        # without item 1 (over-identification, 2): total (25 + 25 - 4) / 11 = 46 / 11,
        # uncompassionate (11 - 2) / 5 = 1.8
        'p2,4.5,1.5,3.5,1.5,4.5,,4.182,4.167,1.8,"no answer to item1; over_identification '
        "not scored: 1 of 2 items answered, needs 2; total from 11 of 12 items; "
        'uncompassionate from 5 of 6 items"\n'
    )


def test_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW]])
    result = score_file(path, "scs-sf")
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    with pytest.raises(BefriendError) as caught:
        result.write(out)
    assert caught.value.message == (
        f"{out} already exists, and befriend won't overwrite it. Choose another name, or use "
        "--force to replace it."
    )
    assert out.read_text() == "precious\n"
    result.write(out, force=True)
    assert out.read_text().startswith("id,self_kindness")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "out.csv"]  # no temp files


def test_the_output_format_comes_from_the_extension(tmp_path: Path) -> None:
    result = score_records([{"id": "a", **{f"item{n}": 3 for n in range(1, 13)}}], "scs-sf")
    with pytest.raises(BefriendError, match=r"End the output name with \.csv or \.xlsx"):
        result.write(tmp_path / "out.parquet")
    with pytest.raises(BefriendError, match="doesn't exist"):
        result.write(tmp_path / "no" / "out.csv")


def test_problems_report(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["p1", 9, *SF_ROW[1:]]])
    report = score_file(path, "scs-sf").write_problems(tmp_path / "problems.csv")
    assert report.read_text() == (
        "row,column,kind,problem\n2,item1,out_of_range,9 isn't one of the answers 1 to 5\n"
    )


def test_records_from_memory() -> None:
    records = [
        {"id": "a", **{f"item{n}": a for n, a in enumerate(SF_ROW, start=1)}},
        {"id": "b", **{f"item{n}": 3 for n in range(1, 13)}, "item4": "x"},
    ]
    result = score_records(records, "scs-sf", bands=True)
    assert result.respondents[0].scores == SF_EXPECTED
    assert result.respondents[0].bands == {
        "self_kindness": "high",
        "self_judgment": "low",
        "common_humanity": "moderate",
        "isolation": "low",
        "mindfulness": "high",
        "over_identification": "moderate",
        "total": "high",
        "compassionate": "high",
        "uncompassionate": "low",
    }
    assert [p.message for p in result.problems] == [
        "row 3, column \"item4\": 'x' isn't a number from 1 to 5"
    ]


def test_numpy_numbers_from_pandas_are_answers() -> None:
    import numpy as np

    record: dict[str, Any] = {"id": np.int64(7)}
    record.update({f"item{n}": np.int64(a) for n, a in enumerate(SF_ROW, start=1)})
    record["item12"] = np.float64(2.0)
    record["item1"] = "<NA>"  # how pandas prints a missing value
    result = score_records([record], "scs-sf")
    assert result.problems == ()
    assert result.respondents[0].id == "7"
    assert result.respondents[0].answers == {n: a for n, a in enumerate(SF_ROW, start=1) if n != 1}


def test_a_trailing_comma_is_not_an_extra_value(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    good = ",".join(str(a) for a in SF_ROW)
    path.write_text(f"id,{','.join(sf_header()[1:])},\np1,{good}\np2,{good},,\np3,{good},x\n")
    result = score_file(path, "scs-sf")
    assert [r.scores == SF_EXPECTED for r in result.respondents] == [True, True, False]
    assert [p.message for p in result.problems] == [
        "row 4: the row has 14 values but the header has 13 columns, so its answers can't be "
        "matched to items"
    ]


def test_an_id_that_looks_like_a_formula_stays_text_in_excel(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["=1+1", *SF_ROW]])
    out = score_file(path, "scs-sf").write(tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert ws["A2"].value == "=1+1"
    assert ws["A2"].data_type == "s"


def test_cells_past_the_header_of_a_sheet_belong_to_no_column(tmp_path: Path) -> None:
    rows: list[list[Any]] = [sf_header(), ["p1", *SF_ROW, None, "a comment"]]
    result = score_file(write_xlsx(tmp_path / "a.xlsx", rows), "scs-sf")
    assert result.problems == ()
    assert result.respondents[0].scores == SF_EXPECTED


def test_records_out_for_a_data_frame(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sf_header(), [["p1", *SF_ROW], ["p2", "", *SF_ROW[1:]]])
    records = score_file(path, "scs-sf", bands=True).to_records()
    assert list(records[0]) == [
        "id", "self_kindness", "self_judgment", "common_humanity", "isolation", "mindfulness",
        "over_identification", "total", "compassionate", "uncompassionate",
        "self_kindness_band", "self_judgment_band", "common_humanity_band", "isolation_band",
        "mindfulness_band", "over_identification_band", "total_band", "compassionate_band",
        "uncompassionate_band", "notes",
    ]  # fmt: skip
    assert records[0]["total"] == 50 / 12  # unrounded
    assert records[1]["over_identification"] is None
    assert records[1]["over_identification_band"] is None
    assert records[1]["notes"].startswith("no answer to item1; ")


def test_every_problem_kind_is_documented() -> None:
    from befriend.research.scales import PROBLEM_KINDS

    doc = (Path(__file__).parent.parent / "docs" / "research.md").read_text(encoding="utf-8")
    for kind in PROBLEM_KINDS:
        assert f"| `{kind}` |" in doc
