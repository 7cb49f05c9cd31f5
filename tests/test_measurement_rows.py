"""The rows of a measurement file: blank rows are skipped wherever they are and whatever
blanks fill them; a quoted value that runs on to the next line is refused at the row that
opens it, whichever cell it is in; rows after either are read as before."""
from __future__ import annotations

import pytest

from playbook.content.loader import parse_series

HEAD = "date,value,note\n"
SPANS = "a quoted value is not closed on its line"


def _read(text: str):
    series, diags = parse_series(text, "measurements/leads.csv", "leads")
    return [(p.date, p.value, p.note, p.line) for p in series.points], [(d.line, d.column, d.message) for d in diags]


@pytest.mark.parametrize("blank", ["\n", ",,\n", " , ,\t\n", "\t\n", "\u00a0,\u2003\n", ", \n"])
def test_a_blank_row_is_skipped(blank):
    points, diags = _read(HEAD + "2026-01-01,1,\n" + blank + "2026-02-01,2,fine\n")
    assert diags == []
    assert points == [("2026-01-01", 1.0, "", 2), ("2026-02-01", 2.0, "fine", 4)]


@pytest.mark.parametrize("row", [
    '2026-02-01,2,"first line\nsecond line"\n',
    '2026-02-01,"2\n",note\n',
    '"2026-02-01\n",2,note\n',
    '2026-02-01,2,"\n"\n',
    '2026-02-01,2,"a\r\nb"\n',
])
def test_a_value_running_on_to_the_next_line_is_refused_at_its_row(row):
    points, diags = _read(HEAD + "2026-01-01,1,\n" + row + "2026-03-01,3,\n")
    assert [d[:2] for d in diags] == [(3, 1)]
    assert diags[0][2].startswith(SPANS)
    assert [p[0] for p in points] == ["2026-01-01", "2026-03-01"]


@pytest.mark.parametrize("row, message", [
    ("2026-02-01,2,note,extra\n", "expected at most 3 columns (date,value,note), found 4"),
    ("2026-02-01,2,,,\n", "expected at most 3 columns (date,value,note), found 5"),
    ("2026-02-30,2,\n", "'2026-02-30' is not a date"),
    ("2026-02-01,two,\n", "'two' is not a number"),
    ("2026-01-01,2,\n", "date 2026-01-01 is not after the previous row's 2026-01-01"),
])
def test_other_shapes_and_values_are_still_told(row, message):
    points, diags = _read(HEAD + "2026-01-01,1,\n" + row)
    assert len(diags) == 1 and diags[0][0] == 3 and diags[0][2].startswith(message)
    assert [p[0] for p in points] == ["2026-01-01"]
