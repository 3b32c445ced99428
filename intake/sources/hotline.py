"""/staff/hotline/: a hotline operator files a report for a caller and reads out the receipt.

Needs the permission "workflow.file_for_caller" (checked with has_perm: intake does not
import workflow). The receipt is rendered in the response to the POST only, never stored
or reachable again; a form submitted twice files once (its token is the external id).
"""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from intake.errors import errors_apply
from intake.models import Area, Question, Report
from intake.selectors import area_list
from intake.services import DuplicateReport, ReportDraft, ReporterDraft, SubjectDraft, report_submit

PERMISSION = "workflow.file_for_caller"


class HotlineForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6}))
    occurred_on = forms.DateField(
        label=_("When it happened"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    location = forms.CharField(label=_("Where it happened"), required=False, max_length=300)
    subject_kind = forms.ChoiceField(
        label=_("Who is reported"), choices=Report.SubjectKind.choices, initial=Report.SubjectKind.UNKNOWN
    )
    subject_name = forms.CharField(
        label=_("Name of the person or organisation"), required=False, max_length=200
    )
    subject_credit_code = forms.CharField(
        label=_("Unified social credit code"), required=False, max_length=30
    )
    subject_contacts = forms.CharField(
        label=_("Phone numbers or accounts they used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    caller_phone = forms.CharField(
        label=_("Caller's phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("Stored encrypted; used only to reach the caller about this report."),
    )
    real_name = forms.BooleanField(
        label=_("The caller wants to report under their real name"), required=False
    )
    reporter_name = forms.CharField(label=_("Caller's name"), required=False, max_length=50)
    reporter_id_number = forms.CharField(
        label=_("Caller's identity number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, area: Area | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(area.questions.all()) if area else []
        for question in self.questions:
            self.fields[f"answer_{question.code}"] = _question_field(question)

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(f"answer_{q.code}") or "" for q in self.questions}


def _question_field(question: Question) -> forms.Field:
    options = {"label": question.label, "required": question.required}
    if question.datatype == Question.Datatype.CHOICE:
        choices = [("", "---------")] + [
            (c["key"], question.choice_label(c["key"])) for c in question.choices
        ]
        return forms.ChoiceField(choices=choices, **options)
    if question.datatype == Question.Datatype.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if question.datatype == Question.Datatype.NUMBER:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "numeric" if question.whole_number else "decimal"}),
            **options,
        )
    return forms.CharField(max_length=500, **options)


# report_submit's error keys -> form fields
_FIELD_OF = {"reporter_phone": "caller_phone", "anonymous": "real_name"}


def _field_of(key: str) -> str:
    if key.startswith("answers."):
        return "answer_" + key.split(".", 1)[1]
    return _FIELD_OF.get(key, key)


def _area(code: str) -> Area | None:
    if not code:
        return None
    area = Area.objects.filter(code=code, is_active=True).prefetch_related("questions").first()
    if area is None:
        raise Http404(_("There is no such area."))
    return area


@login_required
@never_cache
def hotline_file(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    area = _area(request.POST.get("area", "") if request.method == "POST" else request.GET.get("area", ""))
    context = {"areas": area_list(), "area": area}
    if request.method != "POST":
        form = HotlineForm(area=area, initial={"form_token": uuid.uuid4()})
        return render(request, "intake/sources/hotline_form.html", {**context, "form": form})
    form = HotlineForm(request.POST, area=area)
    if form.is_valid():
        data = form.cleaned_data
        real_name = data["real_name"]
        try:
            submission = report_submit(
                ReportDraft(
                    source=Report.Source.HOTLINE,
                    area=area,
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    location=data["location"],
                    answers=form.answers(),
                    subject=SubjectDraft(
                        kind=data["subject_kind"],
                        name=data["subject_name"],
                        credit_code=data["subject_credit_code"],
                        contacts=data["subject_contacts"].splitlines(),
                    ),
                    reporter=ReporterDraft(
                        anonymous=not real_name,
                        name=data["reporter_name"] if real_name else "",
                        id_number=data["reporter_id_number"] if real_name else "",
                        phone=data["caller_phone"],
                    ),
                    external_id=f"hotline:{data['form_token']}",
                    submitted_by=request.user,
                )
            )
        except DuplicateReport as duplicate:
            return render(
                request, "intake/sources/hotline_done.html", {"reference": duplicate.report.reference}
            )
        except ValidationError as exc:
            errors_apply(form, exc, field_of=_field_of)
        else:
            return render(
                request,
                "intake/sources/hotline_done.html",
                {"reference": submission.report.reference, "receipt": submission.receipt},
            )
    return render(request, "intake/sources/hotline_form.html", {**context, "form": form}, status=400)
