"""Warnings about illegal social organisations (rules, area 15: 公布非法社会组织名单及预警信息)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from credit.models import OrganisationWarning
from intake.models import AreaBureau
from intake.services import Errors
from workflow.models import Officer
from workflow.selectors import officer_of

SOCIAL_ORGANISATIONS_AREA = "illegal_social_orgs"


def warning_may_publish(user) -> bool:
    """Officers and heads of a lead unit of area 15 publish warnings."""
    officer = officer_of(user)
    if officer is None or officer.role not in (Officer.Role.OFFICER, Officer.Role.HEAD):
        return False
    return AreaBureau.objects.filter(
        area__code=SOCIAL_ORGANISATIONS_AREA,
        bureau_id=officer.bureau_id,
        role__in=[AreaBureau.Role.LEAD, AreaBureau.Role.CO_LEAD],
    ).exists()


@transaction.atomic
def warning_publish(*, user, organisation_name: str, text: str) -> OrganisationWarning:
    """Publish a warning at once on the public list. PermissionDenied for anyone but a lead
    unit's officer; ValidationError (field -> messages) on bad input, nothing stored then."""
    if not warning_may_publish(user):
        raise PermissionDenied
    errors = Errors()
    organisation_name = (organisation_name or "").strip()
    text = (text or "").strip()
    if not organisation_name:
        errors.add("organisation_name", _("Name the organisation."))
    elif len(organisation_name) > 200:
        errors.add("organisation_name", _("A name is limited to 200 characters."))
    if len(text) < 10:
        errors.add("text", _("Write the warning in at least 10 characters."))
    elif len(text) > 2000:
        errors.add("text", _("The warning is limited to 2000 characters."))
    errors.raise_if_any()
    warning = OrganisationWarning(
        organisation_name=organisation_name, text=text, bureau=officer_of(user).bureau, published_by=user
    )
    warning.full_clean()
    warning.save()
    return warning
