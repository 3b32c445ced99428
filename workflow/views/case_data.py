"""What the case page and the task pages show, by the user's access to the case."""

from workflow import selectors
from workflow.models import Case
from workflow.selectors import Access
from workflow.views.history import history_lines


def case_context(*, case: Case, user, access: Access, for_task: bool = False) -> dict:
    """Context for the case templates: everything for full access, the facts and the
    participant's own request otherwise. Never the reporter's identity (see the reveal view)."""
    full = access == Access.FULL
    context = {
        "case": case,
        "report": case.report,
        "access": access,
        "full_access": full,
        "answers": selectors.case_answers(case=case),
        "attachments": list(selectors.case_attachments(case=case)),
        "assistance_requests": list(selectors.case_assistance(case=case, user=user, access=access)),
    }
    if full:
        context.update(
            report_messages=list(selectors.case_report_messages(case=case)),
            outcomes=list(selectors.case_outcomes(case=case)),
            extensions=list(selectors.case_extensions(case=case)),
            evidence_notes=list(case.evidence_notes.select_related("author")),
            merged_reports=list(selectors.cases_merged_into(case=case)),
            identity_allowed=selectors.reporter_identity_allowed(user=user, case=case),
        )
        if not for_task:
            context["history"] = history_lines(selectors.case_history(case=case))
    return context
