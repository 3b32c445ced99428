"""The figures a bulletin lists, in order, shared by the PDF and the workbook."""

from django.utils.translation import gettext_lazy as _

from supervision.templatetags.supervision import one_decimal, pct

# (attribute of Figures, label, kind): kind "count", "rate" (0..1), "days" or "decimal"
FIGURE_LINES = [
    ("received", _("Reports received"), "count"),
    ("accepted", _("Cases accepted"), "count"),
    ("closed", _("Cases closed"), "count"),
    ("closure_rate", _("Closure rate"), "rate"),
    ("triage_rate", _("On-time triage rate"), "rate"),
    ("sign_rate", _("On-time sign-for rate"), "rate"),
    ("investigate_rate", _("On-time investigation rate"), "rate"),
    ("median_days", _("Median working days to close"), "days"),
    ("p90_days", _("90th percentile of working days to close"), "days"),
    ("overdue", _("Overdue now"), "count"),
    ("returned", _("Returned by a bureau"), "count"),
    ("reopened", _("Reopened after a dispute"), "count"),
    ("average_rating", _("Average rating (1 to 5)"), "decimal"),
    ("satisfaction_rate", _("Satisfaction rate"), "rate"),
    ("dispute_rate", _("Dispute rate"), "rate"),
]


def line_text(value, kind: str) -> str:
    if kind == "rate":
        return pct(value)
    if kind == "decimal":
        return one_decimal(value)
    return "—" if value is None else str(value)
