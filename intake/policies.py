"""Reading and deciding policies (`intake.models.policies`): the one place every rule the city's
rules leave to the city is looked up.

Two reads, by what the rule is used for:

- `policy_adopted()`: the adopted version or None. The only read for a rule applied to a credit
  subject or shown to the public: a draft never reaches either, the caller then applies nothing
  (no end date, no minimum, no promise).
- `policy_in_use()`: the adopted version, else the newest draft. For rules used inside the
  administration (assessment weights, step deadlines), so a demo works; pages label a draft.

A higher app that reads a policy registers how its value must look (`policy_value_check`); a
version whose value does not fit is refused when it is drafted or adopted.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from intake.models import Area, Bureau, Policy, PolicyComment, PolicyEvent, PolicyVersion
from intake.signals import policy_version_adopted

ADOPT_PERMISSION = "intake.adopt_policy"

# Keys of the policies the code reads (shipped by intake/migrations/0006_policies).
LISTING_DEFAULT_DAYS = "listing-default-days"
REPAIR_MINIMUM_DAYS = "repair-minimum-days"
PENALTY_SHOWN_DAYS = "penalty-shown-days"
RECORD_VALIDITY_DAYS = "record-validity-days"
RED_LIST_MAX_YEARS = "red-list-max-years"
ASSESSMENT_WEIGHTS = "assessment-weights"
ASSESSMENT_THRESHOLD = "assessment-criticism-threshold"
MISSED_RECTIFICATION_STRONGER = "missed-rectification-stronger-outcome"
STEP_DEADLINES = "step-deadlines"
PROMISE_TRIAGE = "promise-triage-review"
RATING_PERIOD = "rating-period"
ANSWER_PERIOD = "answer-period"
SECTOR_CRITERIA = "sector-criteria"
PUBLIC_CREDIT_EVALUATION = "public-credit-evaluation"

# Policies a sector decides only after asking the public (rules, part 3(2)1).
CONSULTED = {SECTOR_CRITERIA}
COMMENT_MIN, COMMENT_MAX, NAME_MAX = 5, 2000, 50
CONSULTATION_MAX_DAYS = 90

_TIMEOUT = 300
_GENERATION = "policy:generation"


@dataclass(frozen=True)
class InUse:
    """A policy's version used inside the administration, and whether it is still a draft."""

    version: PolicyVersion

    @property
    def value(self):
        return self.version.value

    @property
    def is_draft(self) -> bool:
        return not self.version.is_adopted


# policy key -> check(policy, value) returning the problems of the value (none: it fits).
_VALUE_CHECKS: dict[str, Callable[[Policy, object], list[str]]] = {}


def policy_value_check(key: str):
    """Register how the value of the policy `key` must look (decorator)."""

    def register(check: Callable[[Policy, object], list[str]]):
        _VALUE_CHECKS[key] = check
        return check

    return register


def policy_value_errors(policy: Policy, value) -> list[str]:
    """What is wrong with `value` for `policy` (empty when it fits or nothing is registered)."""
    check = _VALUE_CHECKS.get(policy.key)
    return check(policy, value) if check is not None else []


def _generation() -> int:
    return cache.get_or_set(_GENERATION, 1, None)


def _changed() -> None:
    try:
        cache.incr(_GENERATION)
    except ValueError:
        cache.set(_GENERATION, 2, None)


def policies_changed(**kwargs) -> None:
    """Forget cached policy reads (a version was saved or deleted), now and after the commit."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
    _changed()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_changed)


# Reads memoised by `policies_read_once()`: None outside it.
_memo: ContextVar[dict | None] = ContextVar("policy_memo", default=None)


@contextmanager
def policies_read_once():
    """Within the block, each policy is read once: what one piece of work (storing a report,
    with the receipt's notice and the acknowledgement written in its transaction) tells its
    reader comes from one read, and costs one."""
    if _memo.get() is not None:  # nested: the outer block's reads hold
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _lookup(key: str, area: Area | None, adopted_only: bool) -> PolicyVersion | None:
    area_id = area.pk if area is not None else None
    memo = _memo.get()
    memo_key = (key, area_id, adopted_only)
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    found = _cached_lookup(key, area_id, adopted_only)
    if memo is not None:
        memo[memo_key] = found
    return found


def _cached_lookup(key: str, area_id: int | None, adopted_only: bool) -> PolicyVersion | None:
    # One round trip: the generation and the entry, which holds the generation it was read
    # in; an entry of an older generation (a version was saved since) is read again.
    cache_key = f"policy:{key}:{area_id}:{int(adopted_only)}"
    cached = cache.get_many([_GENERATION, cache_key])
    generation = cached.get(_GENERATION)
    if generation is None:
        generation = _generation()
    entry = cached.get(cache_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1]
    states = [PolicyVersion.State.ADOPTED]
    if not adopted_only:
        states += [PolicyVersion.State.DRAFT, PolicyVersion.State.CONSULTATION]
    scope = Q(policy__area__isnull=True)
    if area_id is not None:
        scope |= Q(policy__area_id=area_id)
    candidates = list(
        PolicyVersion.objects.filter(scope, policy__key=key, state__in=states)
        .select_related("policy", "issuing_bureau")
        .order_by("-number")
    )
    # The sector's own policy before the city-wide one; adopted before any draft.
    candidates.sort(key=lambda v: (v.policy.area_id is None, not v.is_adopted))
    found = candidates[0] if candidates else None
    cache.set(cache_key, (generation, found), _TIMEOUT)
    return found


def policy_adopted(key: str, *, area: Area | None = None) -> PolicyVersion | None:
    """The adopted version for the sector, else the city-wide one; None when none is adopted."""
    return _lookup(key, area, adopted_only=True)


def policy_adopted_value(key: str, *, area: Area | None = None, default=None):
    """The adopted value, or `default` (applying nothing) when the city adopted none."""
    version = policy_adopted(key, area=area)
    return version.value if version is not None else default


def policy_in_use(key: str, *, area: Area | None = None) -> InUse | None:
    """For use inside the administration only: the adopted version, else the newest draft."""
    version = _lookup(key, area, adopted_only=False)
    return InUse(version) if version is not None else None


def policies_in_use(key: str) -> dict[int | None, PolicyVersion]:
    """For use inside the administration only: per sector (None: city-wide) the version of the
    policy `key` in use, as `policy_in_use` reads it, in one query."""
    versions = (
        PolicyVersion.objects.filter(
            policy__key=key,
            state__in=[
                PolicyVersion.State.ADOPTED,
                PolicyVersion.State.DRAFT,
                PolicyVersion.State.CONSULTATION,
            ],
        )
        .select_related("policy")
        .order_by("-number")
    )
    chosen: dict[int | None, PolicyVersion] = {}
    for version in versions:
        area_id = version.policy.area_id
        current = chosen.get(area_id)
        if current is None or (version.is_adopted and not current.is_adopted):
            chosen[area_id] = version
    return chosen


# Policies whose value is {"working_days": n}: a number of working days told to residents.
WORKING_DAYS_POLICIES = (PROMISE_TRIAGE, RATING_PERIOD, ANSWER_PERIOD)


def _adopted_working_days(key: str, area: Area | None) -> int | None:
    value = policy_adopted_value(key, area=area, default={})
    days = value.get("working_days") if isinstance(value, dict) else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None


def triage_promise_days() -> int | None:
    """Working days within which the complaint centre promises to review a report, once the
    city adopted such a promise; None until then (the rules promise no review time)."""
    return _adopted_working_days(PROMISE_TRIAGE, None)


def rating_period_days(*, area: Area | None = None) -> int | None:
    """Working days a reporter has to rate the handling after the reply, once the city adopted
    a period; None until then (no period is announced and the silence closes nothing)."""
    return _adopted_working_days(RATING_PERIOD, area)


def answer_period_days(*, area: Area | None = None) -> int | None:
    """Working days a reporter has to answer the complaint centre's question before the report
    is closed, once the city adopted a period; None until then (no period is announced and
    the silence closes nothing)."""
    return _adopted_working_days(ANSWER_PERIOD, area)


def _working_days_check(policy: Policy, value) -> list[str]:
    days = value.get("working_days") if isinstance(value, dict) else None
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        return [_('Give the period as {"working_days": n}, n from 1 to 60.')]
    return []


for _key in WORKING_DAYS_POLICIES:
    policy_value_check(_key)(_working_days_check)


def policy_overview() -> list[Policy]:
    """Every policy with `adopted` (the version in force or None) and `drafts` (newest first)."""
    rows = list(
        Policy.objects.select_related("area")
        .prefetch_related("versions__issuing_bureau")
        .order_by("key", "area__number")
    )
    for policy in rows:
        versions = sorted(policy.versions.all(), key=lambda v: -v.number)
        policy.adopted = next((v for v in versions if v.is_adopted), None)
        policy.drafts = [
            v for v in versions if v.state in (PolicyVersion.State.DRAFT, PolicyVersion.State.CONSULTATION)
        ]
    return rows


def review_promise() -> str:
    """The review promise in the active language, once the city adopted one; else ""."""
    days = triage_promise_days()
    if days is None:
        return ""
    return ngettext(
        "The complaint centre will review it within %(n)d working day.",
        "The complaint centre will review it within %(n)d working days.",
        days,
    ) % {"n": days}


def with_review_promise(text: str) -> str:
    """`text` followed by the adopted review promise, if any (no space between Chinese sentences)."""
    promise = review_promise()
    if not promise:
        return text
    return f"{text}{'' if (get_language() or '').startswith('zh') else ' '}{promise}"


def received_notice() -> str:
    """What a reporter is told on receipt, in the active language: received, and the review
    promise only when the city adopted one (the rules promise no review time)."""
    return with_review_promise(_("Your report was received."))


@transaction.atomic
def policy_draft(
    *,
    policy: Policy,
    user=None,
    value=None,
    text: str = "",
    text_en: str = "",
    note: str = "",
) -> PolicyVersion:
    """Add a new draft version of the policy (the next number); nothing changes in force."""
    number = (policy.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PolicyVersion(
        policy=policy,
        number=number,
        value=value if value is not None else {},
        text=(text or "").strip(),
        text_en=(text_en or "").strip(),
        created_by=user,
    )
    version.full_clean()
    version.save()
    PolicyEvent.objects.create(version=version, action=PolicyEvent.Action.DRAFTED, actor=user, note=note)
    _changed()
    return version


def policy_adopt(
    *,
    version: PolicyVersion,
    user,
    source: str,
    rules_section: str = "",
    issuing_bureau: Bureau | None = None,
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
) -> PolicyVersion:
    """A supervisor adopts a draft, naming its source; the version in force before is superseded.

    Raises PermissionDenied for anyone without the adopt permission and ValidationError (field
    -> messages) when the version is not a draft or the source is incomplete; nothing changes then.
    """
    if not user.has_perm(ADOPT_PERMISSION):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if version.state not in (PolicyVersion.State.DRAFT, PolicyVersion.State.CONSULTATION):
        errors.setdefault("version", []).append(_("Only a draft can be adopted."))
    rules_section = (rules_section or "").strip()
    document_number = (document_number or "").strip()
    if source == PolicyVersion.Source.RULES:
        if not rules_section:
            errors.setdefault("rules_section", []).append(_("Name the section of the rules."))
        issuing_bureau, document_number, document_date = None, "", None
    elif source == PolicyVersion.Source.BUREAU_DECISION:
        if issuing_bureau is None:
            errors.setdefault("issuing_bureau", []).append(_("Name the bureau that decided."))
        if not document_number:
            errors.setdefault("document_number", []).append(_("Give the number of the decision."))
        if document_date is None or document_date > timezone.localdate():
            errors.setdefault("document_date", []).append(
                _("Give the date of the decision (not in the future).")
            )
        rules_section = ""
    else:
        errors.setdefault("source", []).append(
            _("A policy is adopted from the rules or from a bureau's decision.")
        )
    if version.policy.key in CONSULTED and version.summary_published_at is None:
        errors.setdefault("version", []).append(
            _("Ask the public first: open the draft for comment and publish the answers.")
        )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        current = PolicyVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
        if current.state not in (PolicyVersion.State.DRAFT, PolicyVersion.State.CONSULTATION):
            raise ValidationError({"version": [_("Only a draft can be adopted.")]})
        for previous in PolicyVersion.objects.select_for_update(of=("self",)).filter(
            policy_id=current.policy_id, state=PolicyVersion.State.ADOPTED
        ):
            previous.state = PolicyVersion.State.SUPERSEDED
            previous.save(update_fields=["state"])
            PolicyEvent.objects.create(
                version=previous,
                action=PolicyEvent.Action.SUPERSEDED,
                actor=user,
                note=_("Superseded by version %(n)d.") % {"n": current.number},
            )
        current.state = PolicyVersion.State.ADOPTED
        current.source = source
        current.rules_section = rules_section
        current.issuing_bureau = issuing_bureau
        current.document_number = document_number
        current.document_date = document_date
        current.adopted_at = timezone.now()
        current.adopted_by = user
        current.full_clean()
        current.save()
        PolicyEvent.objects.create(
            version=current, action=PolicyEvent.Action.ADOPTED, actor=user, note=(note or "").strip()
        )
        policy_version_adopted.send(sender=PolicyVersion, version_id=current.pk)
        transaction.on_commit(_changed)
    _changed()
    return current


def consultation_is_open(version: PolicyVersion, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        version.state == PolicyVersion.State.CONSULTATION
        and version.consultation_opens is not None
        and version.consultation_opens <= today <= version.consultation_closes
    )


def consultations_public():
    """Drafts open for comment or whose answers are published, newest first: what the public sees
    of drafts (a draft no one opened for comment is never shown)."""
    return (
        PolicyVersion.objects.filter(
            Q(state=PolicyVersion.State.CONSULTATION) | Q(summary_published_at__isnull=False)
        )
        .select_related("policy__area")
        .order_by("-consultation_opens", "-pk")
    )


@transaction.atomic
def policy_consultation_open(*, version: PolicyVersion, user, closes: datetime.date) -> PolicyVersion:
    """Publish a draft for public comment until `closes` (the caller checked the user may)."""
    current = PolicyVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if current.state != PolicyVersion.State.DRAFT:
        errors["version"] = [_("Only a draft can be opened for comment.")]
    if closes is None or closes <= today:
        errors["closes"] = [_("The period for comments must end after today.")]
    elif closes > today + datetime.timedelta(days=CONSULTATION_MAX_DAYS):
        errors["closes"] = [
            _("The period for comments is limited to %(n)d days.") % {"n": CONSULTATION_MAX_DAYS}
        ]
    if errors:
        raise ValidationError(errors)
    current.state = PolicyVersion.State.CONSULTATION
    current.consultation_opens, current.consultation_closes = today, closes
    current.save(update_fields=["state", "consultation_opens", "consultation_closes"])
    PolicyEvent.objects.create(
        version=current,
        action=PolicyEvent.Action.CONSULTATION_OPENED,
        actor=user,
        note=f"{today.isoformat()} – {closes.isoformat()}",
    )
    return current


def policy_comment_add(*, version: PolicyVersion, text: str, name: str = "") -> PolicyComment:
    """A resident's comment while the draft is open for comment; nothing stored on bad input."""
    text, name = (text or "").strip(), (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not consultation_is_open(version):
        errors["text"] = [_("This draft is not open for comment.")]
    elif len(text) < COMMENT_MIN:
        errors["text"] = [_("Write your comment in at least %(n)d characters.") % {"n": COMMENT_MIN}]
    elif len(text) > COMMENT_MAX:
        errors["text"] = [_("A comment is limited to %(n)d characters.") % {"n": COMMENT_MAX}]
    if len(name) > NAME_MAX:
        errors["name"] = [_("A name is limited to 50 characters.")]
    if errors:
        raise ValidationError(errors)
    return PolicyComment.objects.create(version=version, text=text, name=name)


@transaction.atomic
def policy_consultation_summarise(*, version: PolicyVersion, user, summary: str) -> PolicyVersion:
    """After the period, the bureau publishes its answers to the comments (the caller checked
    the user may). Then the draft can be adopted."""
    current = PolicyVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    summary = (summary or "").strip()
    errors: dict[str, list[str]] = {}
    if current.state != PolicyVersion.State.CONSULTATION:
        errors["summary"] = [_("This draft was not opened for comment.")]
    elif timezone.localdate() <= current.consultation_closes:
        errors["summary"] = [_("Answer the comments once the period for comments is over.")]
    elif not summary:
        errors["summary"] = [_("Write the answers to the comments.")]
    elif len(summary) > 10000:
        errors["summary"] = [_("The answers are limited to 10000 characters.")]
    if errors:
        raise ValidationError(errors)
    current.consultation_summary, current.summary_published_at = summary, timezone.now()
    current.save(update_fields=["consultation_summary", "summary_published_at"])
    PolicyEvent.objects.create(version=current, action=PolicyEvent.Action.SUMMARY_PUBLISHED, actor=user)
    return current
