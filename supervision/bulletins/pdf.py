"""The bulletin as a PDF, with its CJK font embedded (a subset of a TrueType font), so that it
reads the same on any machine, with or without Chinese fonts."""

import io
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

from supervision.bulletins.lines import FIGURE_LINES, line_text
from supervision.selectors.bulletin import BulletinContent

PDF_OVERDUE_ROWS = 200
logger = logging.getLogger(__name__)


def _font() -> str:
    """Register the bulletin font: the TrueType CJK font of settings.BULLETIN_FONT (embedded in
    every PDF). Without it, reportlab's CID font, which is not embedded: readers then need a
    Chinese font of their own, so this is logged."""
    path = Path(settings.BULLETIN_FONT)
    if path.is_file():
        name = "BulletinCJK"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        return name
    logger.warning("bulletin font %s missing: PDFs fall back to a font that is not embedded", path)
    name = "STSong-Light"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


FONT = _font()

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=4)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)


HEADER = ParagraphStyle("header", fontName=FONT, fontSize=8.5, leading=10.5)
HEADER_NUMBER = ParagraphStyle("header_number", parent=HEADER, alignment=TA_RIGHT)
# The frame between A4's margins (14 mm each side): every table is exactly this wide.
WIDTH = A4[0] - 28 * mm


def _table(
    rows: list[list],
    shares: list[float],
    *,
    numbers: frozenset[int] = frozenset(),
    marked: set[int] = frozenset(),
) -> LongTable:
    """A table across the page, columns in proportion to `shares`; header cells wrap, and the
    `numbers` columns (header included) are right-aligned so figures line up."""
    widths = [WIDTH * share / sum(shares) for share in shares]
    header = [
        Paragraph(escape(str(cell)), HEADER_NUMBER if column in numbers else HEADER)
        for column, cell in enumerate(rows[0])
    ]
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
    ]
    for column in numbers:
        style.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    for row in marked:
        style.append(("TEXTCOLOR", (0, row), (-1, row), colors.HexColor("#c53030")))
    return LongTable([header, *rows[1:]], colWidths=widths, repeatRows=1, style=style)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def bulletin_pdf(content: BulletinContent) -> bytes:
    """The bulletin as PDF bytes (in the active language)."""
    bulletin = content.bulletin
    story = [
        Paragraph(escape(_bulletin_title(content)), TITLE),
        Paragraph(
            escape(
                _("Cases received from %(start)s to %(end)s; generated %(at)s.")
                % {"start": bulletin.start, "end": bulletin.end, "at": _local(content.generated_at)}
            ),
            BODY,
        ),
        Paragraph(escape(_("Figures")), HEADING),
    ]
    since = content.cumulative_filter.start
    rows = [[_("Figure"), _("This period"), _("Since %(day)s") % {"day": since}]]
    for attribute, label, kind in FIGURE_LINES:
        rows.append(
            [
                str(label),
                line_text(getattr(content.period, attribute), kind),
                line_text(getattr(content.cumulative, attribute), kind),
            ]
        )
    story.append(_table(rows, [90, 40, 40], numbers=frozenset({1, 2})))

    story.append(Paragraph(escape(_("By bureau, this period")), HEADING))
    rows = [[_("Bureau"), _("Received"), _("Accepted"), _("Closed"), _("Closure rate"), _("Overdue now")]]
    for bureau, figures in content.by_bureau:
        rows.append(
            [
                bureau.label if bureau else _("Not set yet"),
                figures.received,
                figures.accepted,
                figures.closed,
                line_text(figures.closure_rate, "rate"),
                figures.overdue,
            ]
        )
    story.append(_table(rows, [60, 22, 22, 22, 24, 22], numbers=frozenset({1, 2, 3, 4, 5})))

    story.append(Paragraph(escape(_("Target assessment since %(day)s") % {"day": since}), HEADING))
    rows = [
        [
            _("Rank"),
            _("Bureau"),
            _("Score"),
            _("On time"),
            _("Closure rate"),
            _("Satisfaction rate"),
            _("Overdue now"),
            _("Remark"),
        ]
    ]
    marked = set()
    for index, row in enumerate(content.ranking, start=1):
        if row.flagged:
            marked.add(index)
        rows.append(
            [
                row.rank or "—",
                row.bureau.label,
                line_text(row.score, "decimal"),
                line_text(row.figures.on_time_rate, "rate"),
                line_text(row.figures.closure_rate, "rate"),
                line_text(row.figures.satisfaction_rate, "rate"),
                row.figures.overdue,
                _("Below the threshold") if row.flagged else "",
            ]
        )
    story.append(
        _table(rows, [12, 45, 16, 20, 22, 24, 20, 24], numbers=frozenset({0, 2, 3, 4, 5, 6}), marked=marked)
    )

    story.append(
        Paragraph(escape(_("Overdue cases (%(count)d)") % {"count": content.overdue_total}), HEADING)
    )
    rows = [[_("Reference"), _("Area"), _("Bureau"), _("Stage"), _("Due"), _("Working days overdue")]]
    for item in content.overdue[:PDF_OVERDUE_ROWS]:
        case = item.case
        rows.append(
            [
                case.reference,
                case.area.label if case.area else "",
                case.bureau.label if case.bureau else "",
                case.get_stage_display(),
                _local(case.due_at),
                item.working_days_overdue,
            ]
        )
    story.append(_table(rows, [34, 34, 34, 30, 28, 20], numbers=frozenset({5})))
    if content.overdue_total > PDF_OVERDUE_ROWS:
        story.append(
            Paragraph(
                escape(
                    _("%(count)d more in the workbook.") % {"count": content.overdue_total - PDF_OVERDUE_ROWS}
                ),
                BODY,
            )
        )

    story.append(
        Paragraph(escape(_("Commendations, rectification orders and criticism, referrals")), HEADING)
    )
    if content.unit_outcomes:
        rows = [[_("Unit"), _("Outcome"), _("Reason")]]
        for outcome in content.unit_outcomes:
            label = outcome.get_kind_display()
            if outcome.rectify_by:
                label += f" ({_('rectify by')} {outcome.rectify_by:%Y-%m-%d})"
            if outcome.referred_to:
                label += f" ({outcome.referred_to})"
            rows.append(
                [
                    outcome.bureau.label,
                    Paragraph(escape(label), BODY),
                    Paragraph(escape(outcome.reason), BODY),
                ]
            )
        story.append(_table(rows, [40 * mm, 60 * mm, 80 * mm]))
    else:
        story.append(Paragraph(escape(_("No decision on units in this period.")), BODY))
    story.append(Spacer(1, 6 * mm))

    story.append(Paragraph(escape(_("Typical cases for publicity")), HEADING))
    if content.typical:
        rows = [[_("Reference"), _("Area"), _("Bureau"), _("Note")]]
        for typical in content.typical:
            case = typical.case
            rows.append(
                [
                    case.reference,
                    case.area.label if case.area else "",
                    case.bureau.label if case.bureau else "",
                    Paragraph(escape(typical.note), BODY),
                ]
            )
        story.append(_table(rows, [34, 30, 30, 86]))
    else:
        story.append(Paragraph(escape(_("None marked in this period.")), BODY))
    story.append(Spacer(1, 6 * mm))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=_bulletin_title(content),
        initialFontName=FONT,  # no unembedded Helvetica on any page
    )
    document.build(story)
    return buffer.getvalue()


def _bulletin_title(content: BulletinContent) -> str:
    kind = content.bulletin.get_period_display()
    if content.campaign:
        return _("%(campaign)s: %(kind)s bulletin") % {"campaign": content.campaign.label, "kind": kind}
    return _("%(kind)s supervision bulletin") % {"kind": kind}
