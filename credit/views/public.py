"""The public credit pages: search and lists, details, sector rules, CSV of the current lists."""

from urllib.parse import urlencode

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from credit import selectors
from credit.forms import SearchForm
from credit.models import Publication
from credit.pagination import CappedPaginator
from credit.services.subjects import id_number_hash
from intake.spreadsheet import csv_line
from intake.validators import normalize_id_number

PAGE_SIZE = 20


def _search_url(data) -> str:
    """The list URL for a search. An ID number never goes into a URL or back onto the page:
    it is replaced by its keyed hash (`person`), which reveals nothing."""
    params = {key: data[key] for key in ("kind", "area", "bureau") if data.get(key)}
    query = (data.get("q") or "").strip()[:100]
    if selectors.is_id_number(query):
        params["person"] = id_number_hash(normalize_id_number(query))
    elif query:
        params["q"] = query
    return f"{reverse('credit:index')}?{urlencode(params)}" if params else reverse("credit:index")


def index(request):
    """Search by name, credit code or ID number; list by area and bureau."""
    if request.method == "POST" or selectors.is_id_number(request.GET.get("q", "")):
        return redirect(_search_url(request.POST if request.method == "POST" else request.GET))
    areas, bureaus = selectors.filter_choices()
    form = SearchForm(request.GET or None, areas=areas, bureaus=bureaus)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    kind = data.get("kind") or Publication.Kind.BLACKLIST
    query = data.get("q", "")
    person = request.GET.get("person", "")[:64]
    if kind == "redlist":
        entries = selectors.public_red_list(area=data.get("area"), query=query, person=person)
    else:
        entries = selectors.public_publications(
            kind=kind, area=data.get("area"), bureau=data.get("bureau"), query=query, person=person
        )
    page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "query": query,
        "person": person,
        "params": params.urlencode(),
    }
    return render(request, "credit/index.html", context)


def publication_detail(request, pk: int):
    publication = selectors.public_publication_get(pk=pk)
    if publication is None:
        raise Http404
    policy = selectors.sector_policies().filter(area_id=publication.area_id).first()
    enforcements = list(publication.listing.enforcements.all()) if publication.listing_id else []
    return render(
        request,
        "credit/publication_detail.html",
        {"publication": publication, "enforcements": enforcements, "policy": policy},
    )


def red_list_detail(request, pk: int):
    entry = selectors.public_red_list_entry_get(pk=pk)
    if entry is None:
        raise Http404
    return render(request, "credit/redlist_detail.html", {"entry": entry})


def sectors(request):
    """Each area's blacklist and red-list criteria and its exit procedure."""
    return render(request, "credit/sectors.html", {"policies": selectors.sector_policies()})


EXPORT_KINDS = {"blacklist", "penalties", "redlist"}


def export_csv(request, kind: str):
    """The current list as CSV (UTF-8 with a byte-order mark so spreadsheets read the Chinese)."""
    if kind not in EXPORT_KINDS:
        raise Http404

    def rows():
        yield "\ufeff"
        if kind == "redlist":
            yield csv_line(
                [
                    _("Name"),
                    _("Credit code or identity number"),
                    _("Area"),
                    _("Proposed by"),
                    _("Reason"),
                    _("Incentives"),
                    _("Approved on"),
                    _("Listed until"),
                ]
            )
            for entry in selectors.public_red_list().iterator(chunk_size=1000):
                yield csv_line(
                    [
                        entry.subject.public_name,
                        entry.subject.public_identifier,
                        entry.area.label if entry.area else "",
                        entry.bureau.label,
                        entry.reason,
                        "; ".join(i.label for i in entry.incentives.all()),
                        _date(entry.decided_at),
                        entry.valid_until.isoformat(),
                    ]
                )
            return
        publication_kind = Publication.Kind.BLACKLIST if kind == "blacklist" else Publication.Kind.PENALTY
        yield csv_line(
            [
                _("Name"),
                _("Credit code or identity number"),
                _("Area"),
                _("Deciding bureau"),
                _("Decision number"),
                _("Decision date"),
                _("Decision"),
                _("Legal basis"),
                _("Amount (yuan)"),
                _("Shown until"),
                _("Published on"),
            ]
        )
        for publication in selectors.public_publications(kind=publication_kind).iterator(chunk_size=2000):
            yield csv_line(
                [
                    publication.public_name,
                    publication.public_identifier,
                    publication.area.label if publication.area else "",
                    publication.bureau.label,
                    publication.decision_number,
                    publication.decision_date.isoformat(),
                    publication.summary,
                    publication.legal_basis,
                    "" if publication.amount is None else str(publication.amount),
                    publication.valid_until.isoformat() if publication.valid_until else "",
                    _date(publication.published_at),
                ]
            )

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credit-{kind}-{stamp}.csv"'
    return response


def _date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""
