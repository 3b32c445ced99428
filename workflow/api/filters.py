import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workflow.models import Case
from workflow.selectors.cases import overdue_q


class StrictBooleanField(forms.NullBooleanField):
    """true or false (1 or 0), or left out; anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValidationError(_("Use true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # The stock widget reads anything but true/false as "not given": read the raw text.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class CaseFilter(django_filters.FilterSet):
    """Filters of the staff case list; every one maps to an indexed column of Case."""

    status = django_filters.ChoiceFilter(field_name="state", choices=Case.State.choices, label=_("State"))
    stage = django_filters.ChoiceFilter(choices=Case.Stage.choices, label=_("Stage"))
    area = django_filters.CharFilter(field_name="area__code", label=_("Area code"))
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("Bureau code"))
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Case
        fields = ["status", "stage", "area", "bureau", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
