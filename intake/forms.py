"""Forms of the public pages: they parse input; `report_submit` and friends judge it."""

import re
import secrets
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.errors import errors_apply
from intake.models import Area, Question, Report
from intake.services import ReportDraft, ReporterDraft, SubjectDraft

EVIDENCE_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
ANONYMOUS, REAL_NAME = "anonymous", "real_name"


def form_token_new() -> str:
    """A one-time token for one filing: sent back as the report's external id."""
    return secrets.token_urlsafe(24)


def is_form_token(value: str) -> bool:
    return bool(_TOKEN.match(value or ""))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _evidence_help_now() -> str:
    return gettext("Up to %(n)d photos (JPEG, PNG, WebP) or PDF documents, %(mb)d MB each.") % {
        "n": settings.INTAKE_MAX_ATTACHMENTS,
        "mb": settings.INTAKE_MAX_ATTACHMENT_BYTES // (1024 * 1024),
    }


# Evaluated when rendered, so it follows the language of each request.
_evidence_help = lazy(_evidence_help_now, str)


class EvidenceField(forms.Field):
    """Up to INTAKE_MAX_ATTACHMENTS files; their content is checked by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": EVIDENCE_ACCEPT})
        self.help_text = _evidence_help()

    def to_python(self, data):
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


class ServiceErrorsMixin:
    """Shows a service's ValidationError {field: [messages]} beside the form's fields."""

    def add_service_errors(self, error: ValidationError) -> dict[str, list[str]]:
        """Add errors for known fields; return the ones the form has no field for."""
        return errors_apply(self, error, set_aside=("answers",))


class ReportForm(ServiceErrorsMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    description = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=_("10 to 5000 characters: who did what, how, and what it cost you or others."),
    )
    occurred_on = forms.DateField(
        label=_("When it happened"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    location = forms.CharField(label=_("Where it happened"), required=False, max_length=300)
    subject_kind = forms.ChoiceField(
        label=_("Who is it about"),
        choices=Report.SubjectKind.choices,
        initial=Report.SubjectKind.UNKNOWN,
        required=False,
    )
    subject_name = forms.CharField(
        label=_("Name of the person or organisation"), required=False, max_length=200
    )
    subject_credit_code = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=30,
        help_text=_("18 characters, printed on a business licence. Leave empty if you do not know it."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    subject_contacts = forms.CharField(
        label=_("Phone numbers or accounts they used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: phone numbers, WeChat or QQ accounts, bank accounts, websites."),
    )
    anonymous = forms.ChoiceField(
        label=_("How do you want to report?"),
        choices=[
            (ANONYMOUS, _("Anonymously: nobody learns who you are")),
            (REAL_NAME, _("With my real name: the bureau can contact me")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_phone = forms.CharField(
        label=_("Your mobile number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    reporter_id_number = forms.CharField(
        label=_("Your resident identity number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    attachments = EvidenceField(label=_("Evidence"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.code: area for area in areas}
        self.fields["area"].choices = [("", _("I don't know which area"))] + [
            (area.code, area.label) for area in areas
        ]
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not is_form_token(token):
            raise ValidationError(_("This form has expired. Please check your input and send it again."))
        return token

    def clean_area(self) -> Area | None:
        code = self.cleaned_data["area"]
        return self.areas[code] if code else None

    def clean_subject_kind(self) -> str:
        return self.cleaned_data["subject_kind"] or Report.SubjectKind.UNKNOWN

    def clean_subject_contacts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["subject_contacts"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        identity = ("reporter_name", "reporter_phone", "reporter_id_number")
        if data.get("anonymous") == ANONYMOUS and any(data.get(name) for name in identity):
            self.add_error(
                "anonymous",
                _(
                    "You chose to report anonymously: clear your name, mobile number and identity "
                    "number, or choose a real-name report."
                ),
            )
        return data

    def report_draft(self, answers: dict[str, str], *, client_ip: str, language: str) -> ReportDraft:
        """The draft for report_submit from the cleaned data; the address is kept only for a
        real-name report."""
        data = self.cleaned_data
        anonymous = data["anonymous"] == ANONYMOUS
        return ReportDraft(
            source=Report.Source.WEB,
            area=data["area"],
            description=data["description"],
            occurred_on=data["occurred_on"],
            location=data["location"],
            answers=answers if data["area"] else {},
            subject=SubjectDraft(
                kind=data["subject_kind"],
                name=data["subject_name"],
                credit_code=data["subject_credit_code"],
                contacts=data["subject_contacts"],
            ),
            reporter=ReporterDraft(
                anonymous=anonymous,
                name=data["reporter_name"],
                phone=data["reporter_phone"],
                id_number=data["reporter_id_number"],
                ip=None if anonymous else client_ip,
                language=language,
            ),
            attachments=data["attachments"],
            external_id=data["token"],
        )


@dataclass
class QuestionInput:
    """One area question as the form shows it: input name, current value, its errors."""

    question: Question
    name: str
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(c["key"], self.question.choice_label(c["key"])) for c in self.question.choices]


@dataclass
class AreaQuestions:
    """The questions of one area; shown only while that area is chosen."""

    area: Area
    inputs: list[QuestionInput]
    selected: bool
    errors: list[str] = field(default_factory=list)


def question_input_name(area: Area, question: Question) -> str:
    return f"q-{area.code}-{question.code}"


def area_questions(areas, *, selected: str, data=None, errors=None) -> list[AreaQuestions]:
    """Question fieldsets for all areas that have questions, filled from `data`."""
    data = data or {}
    errors = errors or {}
    groups = []
    for area in areas:
        questions = list(area.questions.all())
        if not questions:
            continue
        chosen = area.code == selected
        inputs = [
            QuestionInput(
                question=q,
                name=question_input_name(area, q),
                value=str(data.get(question_input_name(area, q), "")),
                errors=errors.get(f"answers.{q.code}", []) if chosen else [],
            )
            for q in questions
        ]
        groups.append(
            AreaQuestions(
                area=area, inputs=inputs, selected=chosen, errors=errors.get("answers", []) if chosen else []
            )
        )
    return groups


def answers_from(area: Area | None, data) -> dict[str, str]:
    """The chosen area's answers from submitted data; other areas' inputs are ignored."""
    if area is None:
        return {}
    return {q.code: data.get(question_input_name(area, q), "") for q in area.questions.all()}


class TrackForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX",
            }
        ),
    )


class AddInformationForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
    )
    attachments = EvidenceField(label=_("More evidence"))


class RatingForm(ServiceErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling of your report?"),
        choices=[
            (5, _("5 - very satisfied")),
            (4, _("4 - satisfied")),
            (3, _("3 - acceptable")),
            (2, _("2 - dissatisfied")),
            (1, _("1 - very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a rating.")},
    )
    dispute = forms.CharField(
        label=_("If you disagree with the outcome, tell us why (a supervisor will review it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
    )
