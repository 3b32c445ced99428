"""A service's ValidationError reads the same on a form and in an API answer (intake.errors)."""

from django import forms
from django.core.exceptions import ValidationError
from rest_framework.views import APIView

from intake.api.errors import exception_handler
from intake.errors import error_messages, errors_apply


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def _api(exc: ValidationError) -> dict:
    return exception_handler(exc, {"view": APIView()}).data["errors"]


def test_field_errors_land_on_the_field_and_the_rest_on_top_as_in_the_api():
    exc = ValidationError({"note": ["Too short."], "bureau": ["Unknown bureau."]})
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    assert errors_apply(form, exc) == {}
    assert form.errors["note"] == ["Too short."]
    assert form.non_field_errors() == ["Unknown bureau."]
    assert _api(exc) == error_messages(exc) == {"note": ["Too short."], "bureau": ["Unknown bureau."]}


def test_an_error_of_no_field_is_on_top_of_the_form_and_a_non_field_error_of_the_api():
    exc = ValidationError("This task is no longer open.")
    form = NoteForm({})
    form.is_valid()
    errors_apply(form, exc)
    assert form.non_field_errors() == ["This task is no longer open."]
    assert _api(exc) == {"non_field_errors": ["This task is no longer open."]}


def test_renamed_and_set_aside_keys():
    exc = ValidationError({"text": ["Say what happened."], "answers.amount": ["A number, please."]})
    form = NoteForm({})
    form.is_valid()
    rest = errors_apply(
        form, exc, field_of=lambda key: "note" if key == "text" else key, set_aside=("answers",)
    )
    assert form.errors["note"] == ["Say what happened."]
    assert rest == {"answers.amount": ["A number, please."]}
    assert not form.non_field_errors()
