"""The bulletin as an Excel workbook: the same figures as numbers, one sheet per part."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from supervision.bulletins.lines import FIGURE_LINES
from supervision.selectors.bulletin import BulletinContent

FORMATS = {"rate": "0.0%", "decimal": "0.0", "days": "0", "count": "0"}


def _naive(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _sheet(workbook: Workbook, title: str, header: list[str], first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _append(sheet, values: list) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # free text, never a formula


def _formatted(sheet, row: int, kinds: dict[int, str]) -> None:
    for column, kind in kinds.items():
        sheet.cell(row=row, column=column).number_format = FORMATS[kind]


def bulletin_workbook(content: BulletinContent) -> bytes:
    """The bulletin as .xlsx bytes (labels in the active language, figures as numbers)."""
    workbook = Workbook()
    since = content.cumulative_filter.start
    sheet = _sheet(
        workbook,
        _("Figures"),
        [_("Figure"), _("This period"), _("Since %(day)s") % {"day": since}],
        first=True,
    )
    for attribute, label, kind in FIGURE_LINES:
        _append(
            sheet, [str(label), getattr(content.period, attribute), getattr(content.cumulative, attribute)]
        )
        _formatted(sheet, sheet.max_row, {2: kind, 3: kind})
    sheet.column_dimensions["A"].width = 40

    sheet = _sheet(workbook, _("By bureau"), [_("Bureau"), *(str(label) for _a, label, _k in FIGURE_LINES)])
    for bureau, figures in content.by_bureau:
        _append(
            sheet,
            [
                bureau.label if bureau else _("Not set yet"),
                *(getattr(figures, a) for a, _l, _k in FIGURE_LINES),
            ],
        )
        _formatted(
            sheet, sheet.max_row, {index: kind for index, (_a, _l, kind) in enumerate(FIGURE_LINES, start=2)}
        )

    sheet = _sheet(
        workbook,
        _("Ranking"),
        [
            _("Rank"),
            _("Bureau"),
            _("Score"),
            _("On time"),
            _("Closure rate"),
            _("Not returned"),
            _("Satisfaction rate"),
            _("Not overdue"),
            _("Below the threshold"),
        ],
    )
    for row in content.ranking:
        parts = row.parts
        _append(
            sheet,
            [
                row.rank,
                row.bureau.label,
                row.score,
                parts["on_time"],
                parts["closure"],
                parts["returns"],
                parts["satisfaction"],
                parts["overdue"],
                _("yes") if row.flagged else "",
            ],
        )
        _formatted(
            sheet, sheet.max_row, {3: "decimal", 4: "rate", 5: "rate", 6: "rate", 7: "rate", 8: "rate"}
        )

    sheet = _sheet(
        workbook,
        _("Overdue cases"),
        [
            _("Reference"),
            _("Area"),
            _("Bureau"),
            _("Stage"),
            _("Due"),
            _("Working days overdue"),
            _("Received"),
        ],
    )
    for item in content.overdue:
        case = item.case
        _append(
            sheet,
            [
                case.reference,
                case.area.label if case.area else "",
                case.bureau.label if case.bureau else "",
                str(case.get_stage_display()),
                _naive(case.due_at),
                item.working_days_overdue,
                _naive(case.created_at),
            ],
        )

    sheet = _sheet(
        workbook, _("Typical cases"), [_("Reference"), _("Area"), _("Bureau"), _("Note"), _("Marked at")]
    )
    for typical in content.typical:
        case = typical.case
        _append(
            sheet,
            [
                case.reference,
                case.area.label if case.area else "",
                case.bureau.label if case.bureau else "",
                typical.note,
                _naive(typical.marked_at),
            ],
        )

    sheet = _sheet(
        workbook,
        _("Decisions on units"),
        [_("Unit"), _("Outcome"), _("Rectify by"), _("Referred to"), _("Reason"), _("Decided at")],
    )
    for outcome in content.unit_outcomes:
        _append(
            sheet,
            [
                outcome.bureau.label,
                str(outcome.get_kind_display()),
                outcome.rectify_by,
                outcome.referred_to,
                outcome.reason,
                _naive(outcome.decided_at),
            ],
        )

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
