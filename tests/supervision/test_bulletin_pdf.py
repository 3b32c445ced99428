"""The bulletin PDF reads the same everywhere: its fonts are embedded and its tables line up."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from supervision.bulletins import pdf
from supervision.models import Bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(march, frozen):
    if not pdf.FONT.startswith("BulletinCJK"):
        pytest.fail(
            f"the bulletin font {settings.BULLETIN_FONT} is missing: apt-get install fonts-wqy-microhei"
        )
    call_command("bulletin_generate", "--period", "month", "--date", "2026-03-15", stdout=io.StringIO())
    bulletin = Bulletin.objects.get(period="month", start=datetime.date(2026, 3, 1))
    with bulletin.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def _fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


def test_every_font_of_the_bulletin_is_embedded(reader):
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        described = [font["/DescendantFonts"][0].get_object()] if "/DescendantFonts" in font else [font]
        for part in described:
            descriptor = part["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    assert "市公安局" in reader.pages[0].extract_text() + reader.pages[-1].extract_text()


def _placed_text(reader: PdfReader) -> list[tuple[str, float, float, float]]:
    """(text, left x, y, right x) of every string drawn in the table font size."""
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size and abs(size - 8.5) < 0.01:
            x = tm[4] + cm[4]
            y = tm[5] + cm[5]
            placed.append((text.strip(), x, y, x + stringWidth(text.strip(), pdf.FONT, 8.5)))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return placed


def test_tables_stay_within_the_page(reader):
    right_margin = A4[0] - 14 * mm + 0.5
    for text, left, _y, right in _placed_text(reader):
        assert 14 * mm - 0.5 <= left and right <= right_margin, text


def test_figures_line_up_on_the_right_in_every_column(reader):
    """Numbers of different widths never share a left edge: each column is right-aligned."""
    numbers = [cell for cell in _placed_text(reader) if re.fullmatch(r"\d[\d,]*(\.\d+)?%?", cell[0])]
    assert len(numbers) >= 30
    by_left: dict[float, set[float]] = {}
    for _text, left, _y, right in numbers:
        by_left.setdefault(round(left, 0), set()).add(round(right - left, 1))
    shared = {left: widths for left, widths in by_left.items() if len(widths) > 1}
    assert not shared, shared
