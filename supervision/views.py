"""Thin views: parse the filter, check the scope, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intake.errors import errors_apply
from intake.models import Area, Bureau
from intake.spreadsheet import csv_line
from supervision.dashboard import dashboard_context
from supervision.forms import BulletinForm, FilterForm, TypicalCaseForm
from supervision.models import Bulletin, Campaign, Phase
from supervision.selectors.access import (
    Scope,
    scoped_filter,
    supervision_scope,
)
from supervision.selectors.cases import (
    FIGURES,
    case_for_supervision,
    drilldown_cases,
    drilldown_count,
    figure_title,
)
from supervision.selectors.figures import figures_total
from supervision.selectors.suggestions import suggestion_acceptance
from supervision.services.bulletins import bulletin_request
from supervision.services.typical import typical_case_mark, typical_case_unmark

PAGE_SIZE = 50


class _CountedPaginator(Paginator):
    """A paginator told its count (the figure) instead of counting the rows again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _scope(request, *, manage: bool = False) -> Scope:
    scope = supervision_scope(request.user)
    if scope is None or (manage and not scope.manages):
        raise PermissionDenied
    return scope


def _form_context(request, scope: Scope, form: FilterForm) -> dict:
    bureaus = Bureau.objects.exclude(kind=Bureau.Kind.COMPLAINT_CENTRE).order_by("code")
    if scope.bureau_id is not None:
        bureaus = bureaus.filter(pk=scope.bureau_id)
    return {
        "form": form,
        "scope": scope,
        "bureau_options": list(bureaus.values_list("pk", "name", "name_en")),
        "area_options": list(Area.objects.order_by("number").values_list("pk", "name", "name_en")),
        "campaigns": list(Campaign.objects.filter(is_active=True)),
        "phase_options": list(Phase.objects.filter(campaign__is_active=True).select_related("campaign")),
        "english": (request.LANGUAGE_CODE or "").startswith("en"),
    }


def _figure_filter(request, scope: Scope):
    form = FilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, scoped_filter(scope, form.figure_filter())


@login_required
@require_GET
def dashboard(request):
    scope = _scope(request)
    form, figure_filter = _figure_filter(request, scope)
    context = _form_context(request, scope, form)
    if figure_filter is None:
        return render(request, "supervision/dashboard.html", context, status=400)
    context.update(dashboard_context(figure_filter))
    context["suggestions"] = suggestion_acceptance(figure_filter)
    if scope.manages:
        context["bulletins"] = Bulletin.objects.order_by("-created_at")[:8]
        context["bulletin_form"] = BulletinForm(initial={"period": "week", "day": timezone.localdate()})
    return render(request, "supervision/dashboard.html", context)


@login_required
@require_GET
def counters(request):
    scope = _scope(request)
    _form, figure_filter = _figure_filter(request, scope)
    if figure_filter is None:
        return HttpResponseBadRequest(_("The filter is not valid."))
    return render(
        request,
        "supervision/_counters.html",
        {"filter": figure_filter, "total": figures_total(figure_filter)},
    )


def _drilldown(request):
    scope = _scope(request)
    form, figure_filter = _figure_filter(request, scope)
    figure = request.GET.get("figure") or "received"
    if figure_filter is None or figure not in FIGURES:
        return scope, form, figure_filter, figure, None
    found = drilldown_cases(user=request.user, figure_filter=figure_filter, figure=figure)
    return scope, form, figure_filter, figure, found


@login_required
@require_GET
def cases(request):
    scope, form, figure_filter, figure, found = _drilldown(request)
    context = _form_context(request, scope, form)
    if found is None:
        context["bad_figure"] = figure not in FIGURES
        return render(request, "supervision/cases.html", context, status=400)
    count = drilldown_count(figure_filter=figure_filter, figure=figure)
    page = _CountedPaginator(found, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    context.update(
        filter=figure_filter,
        figure=figure,
        title=figure_title(figure),
        page=page,
        now=timezone.now(),
    )
    return render(request, "supervision/cases.html", context)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yes_no(value) -> str:
    return "" if value is None else (_("yes") if value else _("no"))


@login_required
@require_GET
def cases_csv(request):
    _who, _form, _filter, figure, found = _drilldown(request)
    if found is None:
        return HttpResponseBadRequest(_("The filter is not valid."))
    now = timezone.now()
    header = [
        _("Reference"),
        _("Received"),
        _("Area"),
        _("Bureau"),
        _("Source"),
        _("Stage"),
        _("State"),
        _("Resolution"),
        _("Due"),
        _("Overdue now"),
        _("Dispatched"),
        _("Signed for"),
        _("Decided"),
        _("Closed"),
        _("Working days to close"),
        _("Triaged on time"),
        _("Signed for on time"),
        _("Investigated and decided on time"),
        _("Times returned"),
        _("Times reopened"),
        _("Rating"),
        _("Disputed"),
    ]

    def rows():
        yield "\ufeff"  # Excel reads the file as UTF-8
        yield csv_line(header)
        for case in found.iterator(chunk_size=2000):
            fact = getattr(case, "supervision_fact", None)
            overdue = case.state == case.State.OPEN and case.due_at is not None and case.due_at < now
            yield csv_line(
                (
                    case.reference,
                    _local(case.created_at),
                    case.area.label if case.area else "",
                    case.bureau.label if case.bureau else "",
                    case.get_source_display(),
                    case.get_stage_display(),
                    case.get_state_display(),
                    case.get_resolution_display(),
                    _local(case.due_at),
                    _yes_no(overdue),
                    _local(case.dispatched_at),
                    _local(case.signed_at),
                    _local(case.decided_at),
                    _local(case.closed_at),
                    fact.close_working_days if fact else "",
                    _yes_no(fact.triage_on_time if fact else None),
                    _yes_no(fact.sign_on_time if fact else None),
                    _yes_no(fact.investigate_on_time if fact else None),
                    case.returns,
                    case.reopened,
                    case.rating,
                    _yes_no(case.disputed),
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="cases-{figure}-{stamp}.csv"'
    return response


@login_required
@require_GET
def case_detail(request, reference: str):
    scope = _scope(request)
    case = case_for_supervision(user=request.user, reference=reference)
    if case is None:
        raise Http404
    typical = getattr(case, "typical", None)
    return render(
        request,
        "supervision/case.html",
        {
            "case": case,
            "fact": getattr(case, "supervision_fact", None),
            "typical": typical,
            "scope": scope,
            "typical_form": TypicalCaseForm(initial={"note": typical.note if typical else ""}),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def typical_mark(request, reference: str):
    _scope(request, manage=True)
    case = case_for_supervision(user=request.user, reference=reference)
    if case is None:
        raise Http404
    form = TypicalCaseForm(request.POST)
    if form.is_valid():
        try:
            typical_case_mark(case=case, note=form.cleaned_data["note"], user=request.user)
        except ValidationError as exc:
            errors_apply(form, exc)
    if not form.is_valid():
        return render(
            request,
            "supervision/case.html",
            {
                "case": case,
                "fact": getattr(case, "supervision_fact", None),
                "typical": None,
                "scope": _scope(request),
                "typical_form": form,
                "now": timezone.now(),
            },
            status=400,
        )
    messages.success(request, _("Marked as a typical case for the bulletins."))
    return redirect("supervision:case", reference=case.reference)


@login_required
@require_POST
def typical_unmark(request, reference: str):
    _scope(request, manage=True)
    case = case_for_supervision(user=request.user, reference=reference)
    if case is None:
        raise Http404
    typical_case_unmark(case=case)
    messages.success(request, _("No longer a typical case."))
    return redirect("supervision:case", reference=case.reference)


@login_required
def bulletins(request):
    scope = _scope(request, manage=True)
    form = BulletinForm(request.POST or None, initial={"period": "week", "day": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            bulletin = bulletin_request(
                period=form.cleaned_data["period"], day=form.cleaned_data["day"], user=request.user
            )
            messages.success(
                request,
                _("The bulletin for %(start)s to %(end)s is being generated.")
                % {"start": bulletin.start, "end": bulletin.end},
            )
            return redirect("supervision:bulletins")
        status = 400
    elif request.method != "GET":
        return HttpResponseBadRequest()
    page = Paginator(Bulletin.objects.order_by("-start", "period"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "supervision/bulletins.html", {"form": form, "page": page, "scope": scope}, status=status
    )


@login_required
@require_GET
def bulletin_download(request, pk: int, kind: str):
    _scope(request, manage=True)
    bulletin = get_object_or_404(Bulletin, pk=pk, status=Bulletin.Status.READY)
    field = {"pdf": bulletin.pdf, "xlsx": bulletin.workbook}.get(kind)
    if not field:
        raise Http404
    name = f"bulletin-{bulletin.period}-{bulletin.start:%Y%m%d}.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)
