"""The public credit evaluation (rules, part 3(2)1): every department's officers read the newest
grades; the credit office and supervisors run it with the method the city adopted."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from credit import selectors
from credit.models import CreditEvaluation
from credit.services.evaluations import credit_evaluation_run, evaluation_may_run, evaluation_may_view
from intake.policies import PUBLIC_CREDIT_EVALUATION, policy_adopted

LIMIT = 500


@require_http_methods(["GET", "POST"])
def evaluations(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not evaluation_may_view(request.user):
        raise PermissionDenied
    errors, status = [], 200
    grade = request.GET.get("grade", "")
    if grade and grade not in CreditEvaluation.Grade.values:
        errors, status, grade = [_("Choose a grade from A to D.")], 400, ""
    if request.method == "POST":
        try:
            evaluated = credit_evaluation_run(user=request.user)
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, _("%(n)d subjects evaluated.") % {"n": evaluated})
            return redirect("credit:evaluations")
    run = selectors.evaluation_run_latest(grade=grade)
    rows = [(row, selectors.evaluation_basis_items(row)) for row in run.rows[:LIMIT]]
    context = {
        "run": run,
        "rows": rows,
        "grade": grade,
        "grades": [
            (value, label, run.per_grade.get(value, 0)) for value, label in CreditEvaluation.Grade.choices
        ],
        "method": policy_adopted(PUBLIC_CREDIT_EVALUATION),
        "may_run": evaluation_may_run(request.user),
        "errors": errors,
    }
    return render(request, "credit/evaluations.html", context, status=status)
