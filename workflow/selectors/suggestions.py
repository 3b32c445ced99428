"""What triage assistance shows on the triage task: the suggested areas with their lead bureau,
the out-of-scope flag and the possible duplicates as cases (intake knows reports only)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from intake.models import Area, AreaBureau, Bureau
from intake.selectors import area_lead
from intake.triage import selectors as triage
from intake.triage.classifier import OUT_OF_SCOPE_FLAG
from intake.triage.models import ReportMark
from workflow.models import Case


@dataclass(frozen=True)
class AreaHint:
    area: Area
    score: float
    lead: Bureau | None

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class DuplicateHint:
    case: Case
    reason: str
    can_merge: bool


def _reason(found) -> str:
    if found.reason == "text":
        return _("Near-identical text (likeness %(value)s)") % {"value": found.similarity}
    labels = {
        ReportMark.Kind.PHONE: _("Same phone number %(value)s"),
        ReportMark.Kind.ACCOUNT: _("Same bank account %(value)s"),
        ReportMark.Kind.CREDIT_CODE: _("Same unified social credit code %(value)s"),
        ReportMark.Kind.SUBJECT: _("Same subject %(value)s in the same town"),
    }
    return labels[found.reason] % {"value": found.value}


def triage_assist(*, case: Case) -> dict | None:
    """Suggestions and possible duplicates for the triage task of `case`; None when no model
    has been trained."""
    report = case.report
    stored = getattr(report, "suggestion", None)
    if stored is not None:
        scored, out_of_scope = [(s["area"], s["score"]) for s in stored.suggestions], stored.out_of_scope
    else:
        prediction = triage.text_predict(triage.report_text(report))
        if prediction is None:
            return None
        scored, out_of_scope = prediction.suggestions, prediction.out_of_scope
    areas = {
        area.code: area
        for area in Area.objects.filter(code__in=[code for code, _ in scored]).prefetch_related(
            Prefetch("routing", queryset=AreaBureau.objects.select_related("bureau"))
        )
    }
    hints = [AreaHint(areas[code], score, area_lead(areas[code])) for code, score in scored if code in areas]
    found = triage.report_duplicates(report)
    cases = {
        c.report_id: c
        for c in Case.objects.filter(report__in=[f.report for f in found]).select_related("area")
    }
    duplicates = [
        DuplicateHint(cases[f.report.pk], _reason(f), cases[f.report.pk].state == Case.State.OPEN)
        for f in found
        if f.report.pk in cases
    ]
    return {
        "areas": hints,
        "out_of_scope": round(out_of_scope * 100),
        "out_of_scope_flag": out_of_scope >= OUT_OF_SCOPE_FLAG,
        "duplicates": duplicates,
    }
