"""Reads of triage assistance: the active model, a report's text, suggestions, duplicates."""

import datetime
import pickle
import threading
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from intake.models import Area, Bureau, Report
from intake.triage import duplicates
from intake.triage.classifier import Prediction
from intake.triage.models import ReportMark, TriageModel, TriagePolicy

TEXT_WINDOW_REPORTS = 400  # the most recent reports compared by text
TOWNS = "towns"  # the group whose members are the city's towns

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


def town_names() -> list[str]:
    """The city's towns (the members of the towns group), the places text likeness knows."""
    return list(
        Bureau.objects.filter(parent__code=TOWNS, kind=Bureau.Kind.MEMBER)
        .order_by("name")
        .values_list("name", flat=True)
    )


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
    """The most recent reports whose text tells the same matter as `report`'s (each report's
    profile is kept per process and model: reports do not change)."""
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
    own = likeness.profile(report_text(report))
    suggestion = getattr(report, "suggestion", None)
    own_areas = _likeliest(suggestion.suggestions, suggestion.out_of_scope) if suggestion else None
    scored = []
    for pk, subject_name, description, answers, suggestions, out_of_scope in rows:
        score = duplicates.same_matter(
            own,
            _profile(likeness, pk, _text(subject_name, description, answers)),
            agree=duplicates.areas_agree(own_areas, _likeliest(suggestions, out_of_scope)),
        )
        if score is not None:
            scored.append((score, pk))
    found = {pk: score for score, pk in sorted(scored, reverse=True)[:limit]}
    reports = Report.objects.in_bulk(list(found))
    return {
        pk: PossibleDuplicate(reports[pk], "text", similarity=round(score, 2))
        for pk, score in found.items()
        if pk in reports
    }


_PROFILES_KEEP = 5000
_profiles: dict = {"likeness": None, "rows": {}}


def _profile(likeness, pk: int, text: str):
    if _profiles["likeness"] is not likeness:
        _profiles.update(likeness=likeness, rows={})
    rows = _profiles["rows"]
    key = (pk, hash(text))
    profile = rows.get(key)
    if profile is None:
        if len(rows) >= _PROFILES_KEEP:
            rows.clear()
        profile = rows[key] = likeness.profile(text)
    return profile


def _likeliest(suggestions: list | None, out_of_scope: float | None) -> tuple[str, ...] | None:
    """A stored suggestion's likeliest areas (see duplicates.likeliest_areas); None without one."""
    if suggestions is None:
        return None
    return duplicates.likeliest_areas([(s["area"], s["score"]) for s in suggestions], out_of_scope or 0.0)


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
