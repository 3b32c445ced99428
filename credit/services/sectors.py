"""Each sector's blacklist and red-list criteria and exit procedure (rules, part 3(2)1): set by
the sector's departments after asking the public, published once adopted.

The drafts are `sector-criteria` policies (`intake.policies`, one per area), opened for public
comment and answered on the consultation pages; adoption writes the sector's `SectorPolicy`,
which the public pages and API show.
"""

from django.core.exceptions import PermissionDenied

from credit.models import SectorPolicy
from intake.models import AreaBureau, PolicyVersion
from intake.policies import SECTOR_CRITERIA
from workflow.models import Officer
from workflow.selectors import officer_of

TEXTS = (
    "listing_criteria",
    "listing_criteria_en",
    "exit_procedure",
    "exit_procedure_en",
    "red_list_criteria",
    "red_list_criteria_en",
)


def sector_rules_put_in_force(*, version_id: int) -> SectorPolicy | None:
    """Write the adopted sector-criteria version as its sector's published rules."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version_id)
    if version.policy.key != SECTOR_CRITERIA or version.policy.area_id is None:
        return None
    values = {name: str(version.value.get(name) or "") for name in TEXTS}
    rules, _created = SectorPolicy.objects.update_or_create(area_id=version.policy.area_id, defaults=values)
    return rules


def sector_consultation_may_manage(user, version: PolicyVersion) -> bool:
    """The sector's lead and co-lead units open the consultation and answer it; supervisors too."""
    officer = officer_of(user)
    if officer is None or version.policy.key != SECTOR_CRITERIA or version.policy.area_id is None:
        return False
    if officer.role == Officer.Role.SUPERVISOR:
        return True
    return (
        officer.role in (Officer.Role.OFFICER, Officer.Role.HEAD)
        and AreaBureau.objects.filter(
            area_id=version.policy.area_id,
            bureau_id=officer.bureau_id,
            role__in=[AreaBureau.Role.LEAD, AreaBureau.Role.CO_LEAD],
        ).exists()
    )


def sector_consultation_check(user, version: PolicyVersion) -> None:
    if not sector_consultation_may_manage(user, version):
        raise PermissionDenied
