"""Task forms. Labels are English msgids; the workbench speaks Simplified Chinese by default."""

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms.renderers import FieldSet, Layout, Row

from intake.models import Area, AreaBureau, Bureau, Report
from intake.validators import validate_plain_text
from workflow.models import Measure, Outcome
from workflow.process import InvestigateDecision, SignDecision, TriageDecision
from workflow.services.decisions import DECIDABLE
from workflow.services.handling import EXTENSION_MAX_DAYS
from workflow.services.triage import HANDLING_KINDS
from workflow.views.form_layout import NativeChoices, NativeSelect, ShownWhen

YES, NO = "yes", "no"
# Multiple choices render as plain checkboxes (NativeChoices): viewflow's select-multiple
# throws when its menu opens and draws the menu over the fields below.
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class CaseTaskForm(forms.Form):
    """The form of a case task: `CaseTaskView` passes every one the case it acts on."""

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # Officers' text reaches reporters, the public pages and Open311's XML: the same
        # rule as the reporters' own text.
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_plain_text)


def handling_bureaus():
    return Bureau.objects.filter(is_active=True, kind__in=HANDLING_KINDS).order_by("code")


class TriageForm(CaseTaskForm):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=TriageDecision.choices)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True).order_by("number"), required=False
    )
    bureau = forms.ModelChoiceField(
        label=_("Bureau"),
        queryset=handling_bureaus(),
        required=False,
        help_text=_("Leave empty to dispatch to the area's lead bureau."),
    )
    merge_into = forms.CharField(label=_("Reference of the open case"), max_length=20, required=False)
    text = forms.CharField(
        label=_("Question, reason or note"),
        widget=TEXTAREA,
        required=False,
        help_text=_("The question or the reason is shown to the reporter; the emergency note is internal."),
    )

    layout = Layout(
        "action",
        "area",
        ShownWhen("action", [TriageDecision.DISPATCH], NativeSelect("bureau")),
        ShownWhen("action", [TriageDecision.MERGE], "merge_into"),
        ShownWhen("action", [TriageDecision.ASK, TriageDecision.REJECT, TriageDecision.EMERGENCY], "text"),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        bureaus = list(handling_bureaus())
        self.fields["bureau"].queryset = handling_bureaus()
        self.fields["bureau"].widget.choices = bureau_choices(bureaus, area_id=case.area_id if case else None)
        if case is not None:
            self.fields["area"].initial = case.area_id


def bureau_choices(bureaus, *, area_id) -> list:
    """The bureaus grouped for dispatch: the area's lead units first, then its participating
    units (in the order of the rules), then every other bureau."""
    roles = {}
    if area_id:
        routing = AreaBureau.objects.filter(area_id=area_id).order_by("position")
        roles = {entry.bureau_id: (entry.role, entry.position) for entry in routing}
    by_pk = {bureau.pk: bureau for bureau in bureaus}

    def routed(*kinds):
        ranked = sorted((position, pk) for pk, (role, position) in roles.items() if role in kinds)
        return [(pk, by_pk[pk].label) for _position, pk in ranked if pk in by_pk]

    lead = routed(AreaBureau.Role.LEAD, AreaBureau.Role.CO_LEAD)
    participating = routed(AreaBureau.Role.PARTICIPANT)
    others = [(bureau.pk, bureau.label) for bureau in bureaus if bureau.pk not in roles]
    choices = [("", _("The area's lead unit (default)"))]
    if lead:
        choices.append((_("Lead units of the area"), lead))
    if participating:
        choices.append((_("Participating units of the area"), participating))
    choices.append((_("Other bureaus") if roles else _("Bureaus"), others))
    return choices


class SignForm(CaseTaskForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=SignDecision.choices)
    reason = forms.CharField(label=_("Reason for returning"), widget=TEXTAREA, required=False)


class PlacementForm(CaseTaskForm):
    bureau = forms.ModelChoiceField(
        label=_("Bureau that must handle the case"), queryset=Bureau.objects.none()
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)

    # A plain <select>, as on triage: viewflow's material select puts aria attributes
    # its anchor's role does not allow (axe: aria-allowed-attr).
    layout = Layout(NativeSelect("bureau"), "note")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["bureau"].queryset = handling_bureaus()


class InvestigateForm(CaseTaskForm):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    evidence_note = forms.CharField(label=_("New evidence note"), widget=TEXTAREA, required=False)
    next_step = forms.ChoiceField(
        label=_("Next step"),
        widget=forms.RadioSelect,
        required=False,
        choices=InvestigateDecision.choices,
    )
    bureaus = forms.ModelMultipleChoiceField(
        label=_("Bureaus to ask"), queryset=Bureau.objects.none(), required=False
    )
    question = forms.CharField(label=_("What you ask them"), widget=TEXTAREA, required=False)
    working_days = forms.IntegerField(
        label=_("Working days more"), min_value=1, max_value=EXTENSION_MAX_DAYS, required=False
    )
    reason = forms.CharField(label=_("Why more time is needed"), widget=TEXTAREA, required=False)

    layout = Layout(
        "findings",
        "evidence_note",
        "next_step",
        ShownWhen(
            "next_step",
            [InvestigateDecision.ASSIST],
            FieldSet(_("Assistance"), NativeChoices("bureaus"), "question"),
        ),
        ShownWhen(
            "next_step", [InvestigateDecision.EXTEND], FieldSet(_("Extension"), "working_days", "reason")
        ),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = handling_bureaus()
        if case is not None:
            self.fields["findings"].initial = case.findings
            bureaus = bureaus.exclude(pk=case.bureau_id)
            if case.area_id:
                routed = AreaBureau.objects.filter(area_id=case.area_id).values("bureau_id")
                bureaus = bureaus.filter(pk__in=routed)
        self.fields["bureaus"].queryset = bureaus


class AssistForm(CaseTaskForm):
    opinion = forms.CharField(label=_("Your bureau's opinion"), widget=forms.Textarea(attrs={"rows": 6}))


class YesNoField(forms.TypedChoiceField):
    def __init__(self, *, yes, no, **kwargs):
        super().__init__(
            choices=[(YES, yes), (NO, no)],
            coerce=lambda value: value == YES,
            widget=forms.RadioSelect,
            **kwargs,
        )


class ExtensionReviewForm(CaseTaskForm):
    approved = YesNoField(label=_("Decision"), yes=_("Approve the extension"), no=_("Refuse it"))
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)


class DecideForm(CaseTaskForm):
    kinds = forms.MultipleChoiceField(
        label=_("Outcomes"),
        choices=[(kind, label) for kind, label in Outcome.Kind.choices if kind in DECIDABLE],
    )
    subject_kind = forms.ChoiceField(
        label=_("Subject kind"), choices=Report.SubjectKind.choices, required=False
    )
    subject_name = forms.CharField(label=_("Subject name"), max_length=200, required=False)
    subject_credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    subject_id_number = forms.CharField(label=_("Identity number (a person)"), max_length=18, required=False)
    summary = forms.CharField(label=_("Public summary"), widget=TEXTAREA, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), widget=TEXTAREA, required=False)
    rectification_due = forms.DateField(label=_("Rectify by"), required=False)
    decision_number = forms.CharField(label=_("Penalty decision number"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False)
    measures = forms.ModelMultipleChoiceField(
        label=_("Joint-punishment measures"),
        queryset=Measure.objects.none(),
        required=False,
    )
    listed_until = forms.DateField(label=_("Listed until"), required=False)

    layout = Layout(
        NativeChoices("kinds"),
        FieldSet(
            _("Subject"), "subject_kind", "subject_name", Row("subject_credit_code", "subject_id_number")
        ),
        FieldSet(_("Details"), "summary", "legal_basis"),
        ShownWhen(
            "kinds", [Outcome.Kind.RECTIFICATION], FieldSet(_("Rectification order"), "rectification_due")
        ),
        ShownWhen(
            "kinds",
            [Outcome.Kind.PENALTY],
            FieldSet(_("Administrative penalty"), "decision_number", Row("amount", "decision_date")),
        ),
        ShownWhen(
            "kinds",
            [Outcome.Kind.BLACKLIST],
            FieldSet(_("Blacklist"), NativeChoices("measures"), "listed_until"),
        ),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Measure.objects.filter(is_active=True).select_related("bureau")
        if case is not None:
            report = case.report
            self.fields["subject_kind"].initial = report.subject_kind
            self.fields["subject_name"].initial = report.subject_name
            self.fields["subject_credit_code"].initial = report.subject_credit_code


class RectificationCheckForm(CaseTaskForm):
    rectified = YesNoField(
        label=_("Did the subject rectify in time?"), yes=_("Rectified"), no=_("Not rectified")
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)
    interview_date = forms.DateField(label=_("Interview date (约谈)"), required=False)
    interview_summary = forms.CharField(label=_("Interview record"), widget=TEXTAREA, required=False)


class ReferralForm(CaseTaskForm):
    acknowledged = YesNoField(label=_("Decision"), yes=_("Acknowledge the referral"), no=_("Send it back"))
    police_case_number = forms.CharField(label=_("Police case number"), max_length=100, required=False)
    note = forms.CharField(label=_("Reason for sending back"), widget=TEXTAREA, required=False)


class ReplyForm(CaseTaskForm):
    text = forms.CharField(
        label=_("Reply to the reporter"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain words the reporter can read; it appears on their tracking page."),
    )


class DisputeReviewForm(CaseTaskForm):
    reopen = YesNoField(label=_("Decision"), yes=_("Reopen the investigation"), no=_("Confirm the closure"))
    note = forms.CharField(label=_("Reason"), widget=TEXTAREA)


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=None)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers
