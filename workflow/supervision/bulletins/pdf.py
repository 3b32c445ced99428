"""The bulletin as a PDF. Chinese text uses reportlab's built-in CID font (no font files)."""

import io

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

from workflow.supervision.bulletins.lines import FIGURE_LINES, line_text
from workflow.supervision.selectors.bulletin import BulletinContent

FONT = "STSong-Light"
PDF_OVERDUE_ROWS = 200

if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=4)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)


def _table(rows: list[list], widths: list[float] | None = None, marked: set[int] = frozenset()) -> LongTable:
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for row in marked:
        style.append(("TEXTCOLOR", (0, row), (-1, row), colors.HexColor("#c53030")))
    return LongTable(rows, colWidths=widths, repeatRows=1, style=style)


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
    story.append(_table(rows, [90 * mm, 40 * mm, 40 * mm]))

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
    story.append(_table(rows, [60 * mm, 22 * mm, 22 * mm, 22 * mm, 24 * mm, 22 * mm]))

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
            "",
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
        _table(rows, [12 * mm, 45 * mm, 16 * mm, 20 * mm, 22 * mm, 24 * mm, 20 * mm, 26 * mm], marked)
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
    story.append(_table(rows, [34 * mm, 34 * mm, 34 * mm, 30 * mm, 28 * mm, 20 * mm]))
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
        story.append(_table(rows, [34 * mm, 30 * mm, 30 * mm, 86 * mm]))
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
    )
    document.build(story)
    return buffer.getvalue()


def _bulletin_title(content: BulletinContent) -> str:
    kind = content.bulletin.get_period_display()
    if content.campaign:
        return _("%(campaign)s: %(kind)s bulletin") % {"campaign": content.campaign.label, "kind": kind}
    return _("%(kind)s supervision bulletin") % {"kind": kind}
