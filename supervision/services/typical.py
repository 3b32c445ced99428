"""Typical cases marked for publicity in the bulletins (典型案例)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from supervision.models import TypicalCase
from workflow.models import Case


@transaction.atomic
def typical_case_mark(*, case: Case, note: str, user) -> TypicalCase:
    """Mark `case` as typical with a note (or change the note). The caller checked the user may."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Write what makes this case typical.")]})
    typical, _created = TypicalCase.objects.update_or_create(
        case=case, defaults={"note": note, "marked_by": user}
    )
    return typical


@transaction.atomic
def typical_case_unmark(*, case: Case) -> None:
    """Remove the typical-case mark of `case` (nothing happens when it has none)."""
    TypicalCase.objects.filter(case=case).delete()
