import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.models import Case
from workflow.selectors.cases import overdue_q


class CaseFilter(django_filters.FilterSet):
    """Filters of the staff case list; every one maps to an indexed column of Case."""

    status = django_filters.ChoiceFilter(field_name="state", choices=Case.State.choices, label=_("State"))
    stage = django_filters.ChoiceFilter(choices=Case.Stage.choices, label=_("Stage"))
    area = django_filters.CharFilter(field_name="area__code", label=_("Area code"))
    bureau = django_filters.CharFilter(field_name="bureau__code", label=_("Bureau code"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Case
        fields = ["status", "stage", "area", "bureau", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
