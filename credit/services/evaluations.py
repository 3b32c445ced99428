"""The comprehensive public-interest public credit evaluation (rules, part 3(2)1: 全市信用信息
共享平台整合各方面信用信息，开展综合性、公益性的公共信用评价，为各部门分级分类监管提供参考依据).

The platform brings together what it holds on each subject (credit records in force, active
blacklist listings, red-list entries) and grades it with the method the city adopted (the
`public-credit-evaluation` policy). The rules set no method: none is applied, and no subject is
evaluated, before a supervisor adopts one. The credit office runs the evaluation; every
department's officers read the grades, free of charge (公益性), for their graded and classified
supervision.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from credit.models import CreditEvaluation, CreditRecord, Listing, RedListEntry
from credit.selectors import CREDIT_OFFICE_CODE
from intake.policies import PUBLIC_CREDIT_EVALUATION, policy_adopted, policy_value_check
from workflow.models import Officer
from workflow.selectors import officer_of

Grade = CreditEvaluation.Grade
LISTED, RED_LISTED = CreditEvaluation.LISTED, CreditEvaluation.RED_LISTED
# Listings and red-list entries count by their state, not by the records that report them.
COUNTED_BY_STATE = {
    CreditRecord.Kind.BLACKLIST,
    CreditRecord.Kind.LISTING_ENDED,
    CreditRecord.Kind.RED_LIST,
    CreditRecord.Kind.RED_LIST_ENDED,
}
ITEMS = ({LISTED, RED_LISTED} | set(CreditRecord.Kind.values)) - COUNTED_BY_STATE
SCORE_MAX = 1000


def evaluation_may_view(user) -> bool:
    """Every department's officers read the evaluation (a reference for their supervision)."""
    return officer_of(user) is not None


def evaluation_may_run(user) -> bool:
    """The credit office (市发改委, lead unit of part 3(2)1) and supervisors run it."""
    officer = officer_of(user)
    if officer is None:
        return False
    if officer.role == Officer.Role.SUPERVISOR:
        return True
    return (
        officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD)
        and officer.bureau.code == CREDIT_OFFICE_CODE
    )


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@policy_value_check(PUBLIC_CREDIT_EVALUATION)
def method_errors(policy, value) -> list[str]:
    """A start score, points per item, and the lowest score of each grade A to D (D from 0)."""
    if not isinstance(value, dict):
        return [_("Give the method as start, deductions, additions and grades.")]
    errors = []
    if not _whole(value.get("start"), 0, SCORE_MAX):
        errors.append(_("start: a whole score from 0 to %(n)d.") % {"n": SCORE_MAX})
    for part in ("deductions", "additions"):
        points = value.get(part, {})
        if not isinstance(points, dict):
            errors.append(_("%(part)s: points per item.") % {"part": part})
            continue
        for item, number in points.items():
            if item not in ITEMS:
                errors.append(_("%(part)s: %(item)s is not an item.") % {"part": part, "item": item})
            elif not _whole(number, 0, SCORE_MAX):
                errors.append(
                    _("%(part)s: %(item)s takes 0 to %(n)d points.")
                    % {"part": part, "item": item, "n": SCORE_MAX}
                )
    grades = value.get("grades")
    names = (
        [row[0] for row in grades]
        if isinstance(grades, list) and all(isinstance(row, list) and len(row) == 2 for row in grades)
        else None
    )
    lowest = [row[1] for row in grades] if names else []
    if (
        names != Grade.values
        or not all(_whole(score, 0, SCORE_MAX) for score in lowest)
        or any(a <= b for a, b in zip(lowest, lowest[1:], strict=False))
        or lowest[-1] != 0
    ):
        errors.append(_("grades: the lowest score of A, B, C and D, falling, D from 0."))
    return errors


def _basis(today) -> dict[int, Counter]:
    """What the platform holds on each subject today: item -> count."""
    basis: dict[int, Counter] = {}
    records = (
        CreditRecord.objects.current()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today), valid_from__lte=today)
        .exclude(kind__in=COUNTED_BY_STATE)
        .values_list("subject_id", "kind")
        .annotate(n=Count("pk"))
    )
    for subject_id, kind, n in records:
        basis.setdefault(subject_id, Counter())[kind] += n
    listed = (
        Listing.objects.filter(state=Listing.State.ACTIVE).values_list("subject_id").annotate(n=Count("pk"))
    )
    for subject_id, n in listed:
        basis.setdefault(subject_id, Counter())[LISTED] += n
    red = (
        RedListEntry.objects.filter(state=RedListEntry.State.APPROVED, valid_until__gte=today)
        .values_list("subject_id")
        .annotate(n=Count("pk"))
    )
    for subject_id, n in red:
        basis.setdefault(subject_id, Counter())[RED_LISTED] += n
    return basis


def evaluation_grade(method: dict, counts: Counter) -> tuple[int, str]:
    """The score and grade of one subject under `method` (checked by `method_errors`)."""
    score = method["start"]
    score -= sum(points * counts[item] for item, points in method.get("deductions", {}).items())
    score += sum(points * counts[item] for item, points in method.get("additions", {}).items())
    score = max(0, min(score, SCORE_MAX))
    grade = next(name for name, lowest in method["grades"] if score >= lowest)
    return score, grade


@transaction.atomic
def credit_evaluation_run(*, user) -> int:
    """Evaluate every subject the platform holds credit information on, with the adopted method;
    returns how many. PermissionDenied for anyone but the credit office and supervisors;
    ValidationError while the city adopted no method (nothing is stored then)."""
    if not evaluation_may_run(user):
        raise PermissionDenied
    method = policy_adopted(PUBLIC_CREDIT_EVALUATION)
    if method is None:
        raise ValidationError(
            {"method": [_("The city has not adopted an evaluation method: no subject is evaluated.")]}
        )
    problems = method_errors(method.policy, method.value)
    if problems:
        raise ValidationError({"method": problems})
    now = timezone.now()
    today = timezone.localdate(now)
    evaluations = []
    for subject_id, counts in sorted(_basis(today).items()):
        score, grade = evaluation_grade(method.value, counts)
        evaluations.append(
            CreditEvaluation(
                subject_id=subject_id,
                grade=grade,
                score=score,
                basis=dict(sorted(counts.items())),
                method=method,
                evaluated_on=today,
                evaluated_at=now,
                evaluated_by=user,
            )
        )
    CreditEvaluation.objects.bulk_create(evaluations)
    return len(evaluations)
