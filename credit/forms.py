"""Forms of the public credit pages and of credit's tasks. They parse; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from credit.models import Incentive, Publication, RepairApplication, Subject
from intake.models import Area

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SearchForm(forms.Form):
    KIND_CHOICES = [
        (Publication.Kind.BLACKLIST, _("Blacklist")),
        (Publication.Kind.PENALTY, _("Administrative penalties")),
        (Publication.Kind.BANNED, _("Banned illegal social organisations")),
        ("redlist", _("Red list")),
    ]

    q = forms.CharField(label=_("Name, credit code or identity number"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("List"), choices=KIND_CHOICES, required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    bureau = forms.ChoiceField(label=_("Bureau"), required=False)

    def __init__(self, *args, areas=(), bureaus=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from lists the view already read: no query per field.
        self._areas = {a.code: a for a in areas}
        self._bureaus = {b.code: b for b in bureaus}
        self.fields["area"].choices = [("", _("All areas"))] + [(a.code, a.label) for a in areas]
        self.fields["bureau"].choices = [("", _("All bureaus"))] + [(b.code, b.label) for b in bureaus]

    def clean_area(self):
        return self._areas.get(self.cleaned_data.get("area") or "")

    def clean_bureau(self):
        return self._bureaus.get(self.cleaned_data.get("bureau") or "")

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Publication.Kind.BLACKLIST


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class RepairApplyForm(forms.Form):
    subject_identifier = forms.CharField(
        label=_("Credit code or identity number of the listed subject"),
        max_length=30,
        help_text=_("It must match the listing; it is only used to check the application."),
    )
    applicant_role = forms.ChoiceField(
        label=_("You are"), choices=RepairApplication.ApplicantRole.choices, widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(label=_("Your name"), max_length=50)
    applicant_phone = forms.CharField(label=_("Your mobile number"), max_length=20)
    corrections = forms.MultipleChoiceField(
        label=_("What was done"),
        choices=RepairApplication.Correction.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    statement = forms.CharField(
        label=_("Describe the correction"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    evidence = MultipleFileField(
        label=_("Evidence (up to 5 images or PDF files)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt code"), max_length=40)


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Decision as the public will read it"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    checked = forms.BooleanField(
        label=_("I checked that the text names no reporter and no private data beyond the decision."),
        required=True,
    )


class ConfirmForm(forms.Form):
    took_effect = forms.ChoiceField(
        label=_("Did the measure take effect?"), choices=YES_NO, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (required when it did not take effect: say why)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class LiftForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    confirmed = forms.BooleanField(label=_("The measure has been lifted."), required=True)


class ReviewForm(forms.Form):
    recommend = forms.ChoiceField(
        label=_("Recommend the application to the credit office?"), choices=YES_NO, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("Opinion (a refusal must say why; the applicant reads it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DecisionForm(forms.Form):
    approve = forms.ChoiceField(label=_("Approve?"), choices=YES_NO, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (required for a refusal)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RedListProposeForm(forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("Subject"),
        choices=[(Subject.Kind.ORGANISATION, _("Organisation")), (Subject.Kind.PERSON, _("Person"))],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code (organisation)"), max_length=30, required=False
    )
    id_number = forms.CharField(label=_("Identity number (person)"), max_length=30, required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True), to_field_name="code", required=False
    )
    reason = forms.CharField(label=_("Why the subject deserves it"), widget=forms.Textarea(attrs={"rows": 4}))
    incentives = forms.ModelMultipleChoiceField(
        label=_("Incentives"),
        queryset=Incentive.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = forms.DateField(label=_("Listed until"), widget=forms.DateInput(attrs={"type": "date"}))


class WarningForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    text = forms.CharField(label=_("Warning"), widget=forms.Textarea, max_length=2000)


class PolicyCommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea, max_length=2000)
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)


class ConsultationOpenForm(forms.Form):
    closes = forms.DateField(label=_("Comments until"))


class ConsultationSummaryForm(forms.Form):
    summary = forms.CharField(label=_("Answers to the comments"), widget=forms.Textarea, max_length=10000)
