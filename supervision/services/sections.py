"""Each responsible unit's section of a bulletin: written when the bulletin is built, announced
to the unit (notifications listen), answered in writing by the unit, read by supervisors."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.services import Errors
from supervision.models import BulletinSection
from supervision.signals import bulletin_sections_sent
from workflow.models import Officer
from workflow.selectors import officer_of

RESPONSE_MAX = 5000


def _figures(figures, row=None) -> dict:
    data = {
        "received": figures.received,
        "accepted": figures.accepted,
        "closed": figures.closed,
        "overdue": figures.overdue,
        "closure_rate": figures.closure_rate,
        "on_time_rate": figures.on_time_rate,
        "satisfaction_rate": figures.satisfaction_rate,
    }
    if row is not None:
        data.update(score=row.score, rank=row.rank)
    return data


def bulletin_sections_write(*, content) -> list[BulletinSection]:
    """Write (or rewrite) each unit's section from the bulletin's content; inside the build's
    transaction. The units hear of it after commit; a response already given is kept."""
    bulletin = content.bulletin
    ranking = {row.bureau.pk: row for row in content.ranking}
    period = {bureau.pk: (bureau, figures) for bureau, figures in content.by_bureau if bureau is not None}
    overdue: dict[int, list] = {}
    for item in content.overdue:
        if item.case.bureau_id:
            overdue.setdefault(item.case.bureau_id, []).append(
                {"reference": item.case.reference, "working_days_overdue": item.working_days_overdue}
            )
    outcomes: dict[int, list] = {}
    for outcome in content.unit_outcomes:
        outcomes.setdefault(outcome.bureau_id, []).append(
            {
                "kind": outcome.kind,
                "reason": outcome.reason,
                "rectify_by": outcome.rectify_by.isoformat() if outcome.rectify_by else None,
                "referred_to": outcome.referred_to,
            }
        )
    bureaus = {pk: bureau for pk, (bureau, _f) in period.items()}
    bureaus.update({pk: row.bureau for pk, row in ranking.items()})
    sections = []
    for pk, bureau in sorted(bureaus.items()):
        figures = period[pk][1] if pk in period else None
        section, _created = BulletinSection.objects.update_or_create(
            bulletin=bulletin,
            bureau=bureau,
            defaults={
                "figures": {
                    "period": _figures(figures) if figures else None,
                    "to_date": _figures(ranking[pk].figures, ranking[pk]) if pk in ranking else None,
                },
                "overdue": overdue.get(pk, []),
                "outcomes": outcomes.get(pk, []),
            },
        )
        sections.append(section)
    ids = [section.pk for section in sections]
    transaction.on_commit(
        lambda: bulletin_sections_sent.send(sender=BulletinSection, bulletin_id=bulletin.pk, section_ids=ids)
    )
    return sections


def sections_of_unit(user):
    """The bulletin sections of the user's own unit, newest first (officers and heads)."""
    officer = officer_of(user)
    if officer is None or officer.role not in (Officer.Role.OFFICER, Officer.Role.HEAD):
        return BulletinSection.objects.none()
    return BulletinSection.objects.filter(bureau_id=officer.bureau_id).select_related("bulletin", "bureau")


@transaction.atomic
def bulletin_section_respond(*, section: BulletinSection, user, response: str) -> BulletinSection:
    """The unit records its written response (a later one replaces it). PermissionDenied for
    anyone but the unit's officers and heads; ValidationError on bad input, nothing stored."""
    if not sections_of_unit(user).filter(pk=section.pk).exists():
        raise PermissionDenied
    errors = Errors()
    response = (response or "").strip()
    if len(response) < 10:
        errors.add("response", _("Write the response in at least 10 characters."))
    elif len(response) > RESPONSE_MAX:
        errors.add("response", _("The response is limited to 5000 characters."))
    errors.raise_if_any()
    section = BulletinSection.objects.select_for_update().get(pk=section.pk)
    section.response, section.responded_by, section.responded_at = response, user, timezone.now()
    section.save(update_fields=["response", "responded_by", "responded_at"])
    return section
