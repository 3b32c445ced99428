"""Writes of triage assistance: train and roll back models, suggest an area for a report,
record what triage decided, record a report's marks and raise repeat alerts."""

import logging
import pickle
from collections import Counter
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.models import Area, Report
from intake.triage import selectors
from intake.triage.classifier import OUT_OF_SCOPE, OUT_OF_SCOPE_FLAG, AreaClassifier
from intake.triage.duplicates import TextLikeness
from intake.triage.evaluation import evaluate, read_lines
from intake.triage.models import RepeatAlert, ReportMark, ReportSuggestion, TriageModel
from intake.triage.signals import repeat_alert_raised

logger = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parent / "corpus"
TRAINING_FILE = CORPUS / "train.jsonl"
HELDOUT_FILE = CORPUS / "heldout.jsonl"
DECISION_WEIGHT = 5.0  # an officer's confirmed area counts as much as five corpus texts


def decided_examples() -> list[tuple[str, str]]:
    """(text, label) of every report a triage officer dispatched or rejected as out of scope
    (automatic dispatches are the model's own answer, not a confirmation)."""
    examples = []
    for suggestion in ReportSuggestion.objects.filter(
        decided_at__isnull=False, auto_dispatched=False
    ).select_related("report", "confirmed_area"):
        if suggestion.confirmed_out_of_scope:
            label = OUT_OF_SCOPE
        elif suggestion.confirmed_area is not None:
            label = suggestion.confirmed_area.code
        else:
            continue
        examples.append((selectors.report_text(suggestion.report), label))
    return examples


@transaction.atomic
def triage_model_train(
    *,
    corpus: Path = TRAINING_FILE,
    heldout: Path | None = HELDOUT_FILE,
    with_decisions: bool = True,
    user=None,
    note: str = "",
) -> TriageModel:
    """Train a model on the corpus (and triage's decisions), evaluate it on `heldout`, store it
    as the next version and make it the active one."""
    lines = read_lines(corpus)
    texts = [line["text"] for line in lines]
    labels = [line["area"] for line in lines]
    weights = [1.0] * len(lines)
    decisions = decided_examples() if with_decisions else []
    for text, label in decisions:
        texts.append(text)
        labels.append(label)
        weights.append(DECISION_WEIGHT)
    classifier = AreaClassifier().fit(texts, labels, sample_weight=weights)
    likeness = TextLikeness().fit([line["text"] for line in lines], places=selectors.town_names())
    figures = {}
    if heldout is not None and heldout.exists():
        result = evaluate(read_lines(heldout), classifier, likeness)
        figures = {**result.summary(), "file": heldout.name, "lines": result.lines}
    counts = {
        "corpus": dict(sorted(Counter(line["area"] for line in lines).items())),
        "decisions": dict(sorted(Counter(label for _, label in decisions).items())),
        "total": len(texts),
    }
    # PostgreSQL locks rows, not an aggregate: lock the versions, then take the highest.
    latest = max(TriageModel.objects.select_for_update().values_list("version", flat=True), default=0)
    TriageModel.objects.filter(is_active=True).update(is_active=False)
    model = TriageModel.objects.create(
        version=latest + 1,
        is_active=True,
        trained_by=user,
        note=note[:200],
        training_counts=counts,
        evaluation=figures,
        blob=pickle.dumps({"classifier": classifier, "likeness": likeness}),
    )
    logger.info("triage model trained", extra={"version": model.version, "texts": len(texts)})
    return model


def triage_model_retrain_due() -> bool:
    """Whether triage officers decided anything since the active model was trained."""
    active = selectors.active_model()
    if active is None:
        return True
    return ReportSuggestion.objects.filter(decided_at__gt=active.created_at, auto_dispatched=False).exists()


@transaction.atomic
def triage_model_activate(*, model: TriageModel) -> TriageModel:
    """Make `model` the active one (a rollback to an earlier version, or forward again)."""
    TriageModel.objects.filter(is_active=True).exclude(pk=model.pk).update(is_active=False)
    TriageModel.objects.filter(pk=model.pk).update(is_active=True)
    model.is_active = True
    return model


def report_suggest(*, report: Report) -> ReportSuggestion | None:
    """The stored suggestion of `report`, made now with the active model if there is none yet;
    None when no model was trained."""
    existing = ReportSuggestion.objects.filter(report=report).first()
    if existing is not None:
        return existing
    bundle = selectors.active_bundle()
    if bundle is None:
        return None
    prediction = bundle["classifier"].predict(selectors.report_text(report))
    areas = selectors.areas_by_code()
    top = prediction.suggestions[0] if prediction.suggestions else (None, 0.0)
    try:
        with transaction.atomic():
            return ReportSuggestion.objects.create(
                report=report,
                model=selectors.active_model(),
                suggestions=prediction.as_dict()["suggestions"],
                out_of_scope=round(prediction.out_of_scope, 4),
                top_area=areas.get(top[0]),
                top_score=round(top[1], 4),
            )
    except IntegrityError:  # made at the same moment by another worker
        return ReportSuggestion.objects.get(report=report)


def suggestion_decide(
    *, report: Report, area: Area | None, out_of_scope: bool = False, auto: bool = False
) -> ReportSuggestion | None:
    """Record what triage decided for `report` (the area dispatched to, or out of scope): the
    label retraining learns from and the acceptance figure supervisors see. A later decision
    (after a return) replaces an earlier one. Caller holds the transaction."""
    suggestion = ReportSuggestion.objects.filter(report=report).first()
    if suggestion is None:
        return None
    suggestion.decided_at = timezone.now()
    suggestion.confirmed_area = None if out_of_scope else area
    suggestion.confirmed_out_of_scope = out_of_scope
    if out_of_scope:
        suggestion.accepted = suggestion.out_of_scope >= OUT_OF_SCOPE_FLAG
    else:
        suggestion.accepted = area is not None and area.pk == suggestion.top_area_id
    suggestion.auto_dispatched = auto
    suggestion.save(
        update_fields=[
            "decided_at",
            "confirmed_area",
            "confirmed_out_of_scope",
            "accepted",
            "auto_dispatched",
        ]
    )
    return suggestion


def report_marks_record(*, report: Report) -> list[RepeatAlert]:
    """Store the numbers and names `report` mentions, and raise an alert for each one reported
    more than the policy's count within its days (once per mark and window)."""
    keys = selectors.report_marks_of(report)
    ReportMark.objects.bulk_create(
        [
            ReportMark(report=report, kind=kind, value=value[:200], created_at=report.created_at)
            for kind, value in keys
        ],
        ignore_conflicts=True,
    )
    policy = selectors.triage_policy()
    alerts = []
    for kind, value in sorted(keys):
        count = selectors.repeat_count(
            kind=kind, value=value[:200], days=policy.alert_days, until=report.created_at
        )
        if count <= policy.alert_count:
            continue
        since = report.created_at - timezone.timedelta(days=policy.alert_days)
        if RepeatAlert.objects.filter(kind=kind, value=value[:200], created_at__gte=since).exists():
            continue
        alert = RepeatAlert.objects.create(
            kind=kind,
            value=value[:200],
            area=report.area
            or getattr(ReportSuggestion.objects.filter(report=report).first(), "top_area", None),
            report_count=count,
            days=policy.alert_days,
            latest_report=report,
        )
        alerts.append(alert)
        transaction.on_commit(
            lambda alert_id=alert.pk: repeat_alert_raised.send(sender=RepeatAlert, alert_id=alert_id)
        )
    return alerts
