"""CSV exports: formulas neutralised on every line, every line break inside a field quoted."""

import csv
import io
import re

import pandas as pd
import pytest

from coach import exports

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"], ids=["CR", "LF", "CRLF"])
def test_a_formula_after_a_line_break_stays_text_and_in_its_cell(ending):
    out = exports.to_csv(pd.DataFrame({"notes": [f"felt ok{ending}{PAYLOAD}"], "pain": [3]}))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows == [["notes", "pain"], [f"felt ok{ending}'{PAYLOAD}", "3"]]
    for line in re.split(r"\r\n|\r|\n", out):
        assert not line.startswith(exports.FORMULA_STARTS), line


@pytest.mark.parametrize("text", ["a\rb", "a\nb", "a\r\nb", "\r=1"])
def test_every_field_with_a_line_break_is_quoted(text):
    out = exports.to_csv(pd.DataFrame({"notes": [text]}))
    assert out.split(exports.LINE_END, 1)[1].startswith('"')


def test_plain_text_and_numbers_pass_unchanged():
    out = exports.to_csv(pd.DataFrame({"notes": ["felt fine", "a, b"], "pain": [1, 2]}))
    assert out == 'notes,pain\r\nfelt fine,1\r\n"a, b",2\r\n'
