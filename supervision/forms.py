import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import Area, Bureau, Report
from supervision.filters import NONE, FigureFilter
from supervision.models import Bulletin, Campaign, Phase

MAX_SPAN_DAYS = 366 * 10
DEFAULT_SPAN_DAYS = 365


class _OptionalRefField(forms.CharField):
    """An id of `model`, or "none" for cases where it is not set yet; blank for any."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        if value == "none":
            return NONE
        if not value.isdigit() or not self.model.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError(_("Choose one of the listed options."))
        return int(value)


class FilterForm(forms.Form):
    start = forms.DateField(label=_("Received from"), required=False)
    end = forms.DateField(label=_("Received until"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.filter(is_active=True), required=False
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.select_related("campaign"),
        required=False,
        help_text=_("A phase stands for its own dates."),
    )
    bureau = _OptionalRefField(label=_("Bureau"), model=Bureau)
    area = _OptionalRefField(label=_("Area"), model=Area)
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *Report.Source.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        phase, campaign = data.get("phase"), data.get("campaign")
        if phase and campaign and phase.campaign_id != campaign.pk:
            raise forms.ValidationError(_("The phase belongs to another campaign."))
        if phase:
            campaign = data["campaign"] = phase.campaign
            start, end = phase.start, min(phase.end or today, max(today, phase.start))
        else:
            start, end = data.get("start"), data.get("end")
            if campaign and not (start or end):
                phases = list(campaign.phases.all())
                if phases:
                    start = min(p.start for p in phases)
                    ends = [p.end for p in phases]
                    end = today if None in ends else max(ends)
            end = end or today
            start = start or end - datetime.timedelta(days=DEFAULT_SPAN_DAYS - 1)
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        if (end - start).days > MAX_SPAN_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        data["period"] = (start, end)
        return data

    def figure_filter(self) -> FigureFilter:
        """The filter of a valid form (call is_valid() first)."""
        data = self.cleaned_data
        campaign = data.get("campaign")
        start, end = data["period"]
        return FigureFilter(
            start=start,
            end=end,
            campaign=campaign,
            phase=data.get("phase"),
            campaign_area_ids=frozenset(campaign.areas.values_list("pk", flat=True)) if campaign else None,
            bureau_id=data.get("bureau"),
            area_id=data.get("area"),
            source=data.get("source") or "",
        )


class BulletinForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Bulletin.Period.choices)
    day = forms.DateField(
        label=_("A day in the period"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose a day that is not in the future."))
        return day


class TypicalCaseForm(forms.Form):
    note = forms.CharField(
        label=_("Note for publicity"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
