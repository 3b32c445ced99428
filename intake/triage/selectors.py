"""Reads of triage assistance: the active model, a report's text, suggestions, duplicates."""

import datetime
import pickle
import threading
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from intake.models import Area, Report
from intake.triage import duplicates
from intake.triage.classifier import OUT_OF_SCOPE, OUT_OF_SCOPE_FLAG, Prediction
from intake.triage.models import ReportMark, TriageModel, TriagePolicy

TEXT_WINDOW_REPORTS = 400  # the most recent reports compared by text

_lock = threading.Lock()
_loaded: dict = {"key": None, "bundle": None}


def triage_policy() -> TriagePolicy:
    """The administrator's policy: the one row, or the defaults (unsaved) until one is saved."""
    policy = TriagePolicy.objects.order_by("pk").first()
    return policy if policy is not None else TriagePolicy()


def active_model() -> TriageModel | None:
    return TriageModel.objects.filter(is_active=True).defer("blob").first()


def active_bundle() -> dict | None:
    """The active model's classifier and text likeness, unpickled once per model and process;
    None when no model was trained yet."""
    key = TriageModel.objects.filter(is_active=True).values_list("pk", "version", "created_at").first()
    if key is None:
        return None
    with _lock:
        if _loaded["key"] != key:
            blob = TriageModel.objects.filter(pk=key[0]).values_list("blob", flat=True).get()
            # Our own pickle, written by triage_model_train into our own database.
            _loaded["bundle"] = pickle.loads(bytes(blob))  # noqa: S301
            _loaded["key"] = key
        return _loaded["bundle"]


def report_text(report: Report) -> str:
    """What the classifier reads of a report: subject, description and the text of its answers."""
    return _text(report.subject_name, report.description, report.answers)


def _text(subject_name: str, description: str, answers: dict | None) -> str:
    values = [str(value) for value in (answers or {}).values() if isinstance(value, str | int | float)]
    return "\n".join(part for part in [subject_name, description, *values] if part)


def text_predict(text: str) -> Prediction | None:
    """The active model's suggestion for `text`; None when there is no model."""
    bundle = active_bundle()
    return bundle["classifier"].predict(text) if bundle else None


CONFIDENT = 0.5  # a suggestion offered to a resident as the answer to the area question


def confident_area(text: str) -> Area | None:
    """The area the model is confident `text` concerns (not out of scope), to offer a resident
    for confirmation; None when unsure or when there is no model."""
    prediction = text_predict(text)
    if prediction is None or prediction.flagged or not prediction.suggestions:
        return None
    code, score = prediction.suggestions[0]
    if score < CONFIDENT:
        return None
    return Area.objects.filter(code=code, is_active=True).first()


def report_marks_of(report: Report) -> set[tuple[str, str]]:
    """The numbers and names `report` mentions (never the reporter's own phone)."""
    return duplicates.marks(
        report_text(report),
        contacts=[str(contact) for contact in report.subject_contacts or []],
        credit_code=report.subject_credit_code,
        subject_name=report.subject_name,
        town=report.location,
        exclude=[report.reporter_phone] if report.reporter_phone else [],
    )


@dataclass(frozen=True)
class PossibleDuplicate:
    report: Report
    reason: str  # a ReportMark.Kind value or "text"
    value: str = ""
    similarity: float = 0.0


def report_duplicates(report: Report, *, limit: int = 5) -> list[PossibleDuplicate]:
    """Earlier or later reports that may be the same matter as `report`: a shared mark within the
    policy's window, or near-identical text among the most recent reports. Merged reports are
    left out (their main report stands for them)."""
    since = report.created_at - datetime.timedelta(days=triage_policy().duplicate_days)
    others = Report.objects.exclude(pk=report.pk).filter(merged_into__isnull=True, created_at__gte=since)
    found: dict[int, PossibleDuplicate] = {}
    own = list(ReportMark.objects.filter(report=report).values_list("kind", "value"))
    if own:
        condition = Q()
        for kind, value in own:
            condition |= Q(kind=kind, value=value)
        shared = (
            ReportMark.objects.filter(condition, report__in=others)
            .select_related("report")
            .order_by("-created_at")[: limit * 4]
        )
        for mark in sorted(shared, key=lambda m: duplicates.STRENGTH.index(m.kind)):
            found.setdefault(
                mark.report_id, PossibleDuplicate(mark.report, mark.kind, mark.value.split("|")[-1])
            )
    bundle = active_bundle()
    if bundle is not None and len(found) < limit:
        found.update(_text_duplicates(report, others.exclude(pk__in=found), bundle, limit - len(found)))
    return list(found.values())[:limit]


def _text_duplicates(report: Report, others, bundle: dict, limit: int) -> dict[int, PossibleDuplicate]:
    """The most recent reports whose text is near-identical to `report`'s (hashed n-grams of
    each report are kept per process: reports do not change)."""
    rows = list(
        others.order_by("-created_at").values_list(
            "pk",
            "subject_name",
            "description",
            "answers",
            "suggestion__suggestions",
            "suggestion__out_of_scope",
        )[:TEXT_WINDOW_REPORTS]
    )
    if not rows:
        return {}
    likeness = bundle["likeness"]
    own = likeness.hashed([report_text(report)])
    scores = likeness.similarities_hashed(own, [_hashed(likeness, row[0], _text(*row[1:4])) for row in rows])
    own_area = _suggested_area(report)
    found: dict[int, float] = {}
    for row, score in sorted(zip(rows, scores, strict=True), key=lambda pair: -pair[1]):
        if len(found) >= limit or score < duplicates.SIMILAR_SAME_AREA:
            break
        same_area = own_area is not None and _area_of(row[4], row[5]) == own_area
        if score >= duplicates.threshold(same_area):
            found[row[0]] = score
    reports = Report.objects.in_bulk(list(found))
    return {
        pk: PossibleDuplicate(reports[pk], "text", similarity=round(score, 2))
        for pk, score in found.items()
        if pk in reports
    }


_HASHED_KEEP = 5000
_hashed_rows: dict[tuple[int, int], object] = {}


def _hashed(likeness, pk: int, text: str):
    key = (pk, hash(text))
    row = _hashed_rows.get(key)
    if row is None:
        if len(_hashed_rows) >= _HASHED_KEEP:
            _hashed_rows.clear()
        row = _hashed_rows[key] = likeness.hashed([text])
    return row


def _suggested_area(report: Report) -> str | None:
    """The suggested area code of a report (or out_of_scope), None when it has no suggestion."""
    suggestion = getattr(report, "suggestion", None)
    if suggestion is None:
        return None
    return _area_of(suggestion.suggestions, suggestion.out_of_scope)


def _area_of(suggestions: list | None, out_of_scope: float | None) -> str | None:
    if suggestions is None:
        return None
    if (out_of_scope or 0) >= OUT_OF_SCOPE_FLAG:
        return OUT_OF_SCOPE
    return suggestions[0]["area"] if suggestions else None


def repeat_count(*, kind: str, value: str, days: int, until: datetime.datetime | None = None) -> int:
    """How many unmerged reports mention the mark within `days` up to `until`."""
    until = until or timezone.now()
    return (
        ReportMark.objects.filter(
            kind=kind,
            value=value,
            created_at__gt=until - datetime.timedelta(days=days),
            created_at__lte=until,
        )
        .values("report")
        .distinct()
        .count()
    )


def areas_by_code() -> dict[str, Area]:
    return {area.code: area for area in Area.objects.filter(is_active=True)}
