"""Inbox, queue, archive and case list, built on the selectors (see bench/workflow.py): fixed
filter choices, no per-process dropdown, no query that walks every historical task."""

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.views import ListModelView
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task

from intake.models import Area
from workflow import process, registry, selectors
from workflow.models import Case
from workflow.pagination import CappedPaginator
from workflow.selectors.cases import overdue_q
from workflow.services.tasks import task_due

AWAITING_SHOWN = 20


def task_kind_choices():
    """The case flow's human steps, then those of the flows higher apps registered."""
    choices = [(node.ref, node.title) for node in process.HUMAN_NODES.values()]
    for registered in registry.registered_task_flows():
        choices += [
            (get_task_ref(node), node.task_title)
            for node in registered.flow_class.instance.nodes()
            if getattr(node, "task_type", "") == "HUMAN"
        ]
    return choices


def case_of(task) -> Case | None:
    """The case of a case-flow task (selected with it); None for a registered flow's task."""
    try:
        return task.process.case
    except ObjectDoesNotExist:
        return None


class TaskFilter(django_filters.FilterSet):
    """One fixed choice list (the kinds of task); nothing computed from the rows."""

    flow_task = django_filters.ChoiceFilter(label=_("Task"), choices=task_kind_choices, method="filter_kind")

    class Meta:
        model = Task
        fields = ["flow_task"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(flow_task=value)


class WorkbenchListView(ListModelView):
    viewset = None
    flow_class = None
    template_name = "workflow/case/list.html"
    paginate_by = 25
    paginator_class = CappedPaginator  # no COUNT over every open case (bench/workflow.py)

    def has_view_permission(self, user, obj=None):
        return self.viewset.has_view_permission(user) if self.viewset else user.is_authenticated

    def case_url(self, case):
        return self.viewset.reverse("case_detail", args=[case.reference])


class TaskListView(WorkbenchListView):
    model = Task
    filterset_class = TaskFilter
    columns = ("case_reference", "task_title", "due", "area", "created")
    object_link_columns = ()

    def get_page_data(self, page):
        self.facts = registry.task_facts(list(page))  # the registered flows' tasks, in bulk
        return super().get_page_data(page)

    def task_facts(self, task) -> registry.TaskFacts:
        return getattr(self, "facts", {}).get(task.pk) or registry.TaskFacts()

    def case_reference(self, task):
        case = case_of(task)
        if case is None:  # a registered flow's task (credit): the case it serves, else its process
            return self.task_facts(task).case_reference or task.flow_task.flow_class.process_title
        return format_html('<a href="{}">{}</a>', self.case_url(case), case.reference)

    case_reference.short_description = _("Case")

    def task_url(self, task) -> str | None:
        """Where clicking the task leads: its form (the registered flow's page for theirs)."""
        url = registry.task_url(task)
        return url or task.flow_task.reverse("execute", args=[task.process_id, task.pk])

    def task_title(self, task):
        url = self.task_url(task)
        if url is None:
            return task.flow_task.task_title
        return format_html('<a href="{}">{}</a>', url, task.flow_task.task_title)

    task_title.short_description = _("Task")

    def area(self, task):
        case = case_of(task)
        return (case.area if case else self.task_facts(task).area) or "-"

    area.short_description = _("Area")

    def due(self, task):
        due = task_due(task) or self.task_facts(task).due
        if due is None:
            return ""
        if due < timezone.now():
            return format_html('<span class="wb-overdue">{}</span>', localize(timezone.localtime(due)))
        return localize(timezone.localtime(due))

    due.short_description = _("Due")

    def created(self, task):
        return localize(timezone.localtime(task.created))

    created.short_description = _("Created")
    created.orderby_column = "created"


class InboxView(TaskListView):
    """Tasks assigned to me."""

    title = _("Inbox")

    @viewprop
    def queryset(self):
        return selectors.task_inbox(user=self.request.user)


class QueueView(TaskListView):
    """Unassigned tasks of my bureau (or my role) that I may take."""

    title = _("Queue")
    columns = ("case_reference", "task_title", "due", "area", "bureau", "created")

    def bureau(self, task):
        case = case_of(task)
        return (case.bureau if case else self.task_facts(task).bureau) or "-"

    bureau.short_description = _("Handling bureau")

    def task_title(self, task):
        """One click takes a case task and opens its form (a POST: taking changes the task)."""
        if registry.task_url(task) is not None:
            return super().task_title(task)
        return format_html(
            '<form method="post" action="{}" class="wb-claim">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="wb-claim__button" title="{}">{}</button></form>',
            task.flow_task.reverse("assign", args=[task.process_id, task.pk]),
            get_token(self.request),
            _("Take this task and open it"),
            task.flow_task.task_title,
        )

    task_title.short_description = _("Task")

    @viewprop
    def queryset(self):
        return selectors.task_queue(user=self.request.user)

    def get_context_data(self, **kwargs):
        # Reports stored but whose case a worker has not opened yet: triage sees them here
        # as received (they become tasks of this queue within seconds, or at the sweep).
        context = super().get_context_data(**kwargs)
        awaiting = list(
            selectors.reports_awaiting_case_for(user=self.request.user).values_list(
                "reference", "created_at"
            )[: AWAITING_SHOWN + 1]
        )
        context["awaiting_case"] = [
            (reference, localize(timezone.localtime(at))) for reference, at in awaiting[:AWAITING_SHOWN]
        ]
        context["awaiting_case_more"] = len(awaiting) > AWAITING_SHOWN
        return context


class ArchiveView(TaskListView):
    """Tasks I completed, most recent first."""

    title = _("Done by me")
    columns = ("case_reference", "task_title", "finished", "area")

    def task_url(self, task) -> str | None:
        return None  # a done task has no form; the case column links the case

    def finished(self, task):
        return localize(timezone.localtime(task.finished)) if task.finished else ""

    finished.short_description = _("Finished")

    @viewprop
    def queryset(self):
        return selectors.task_archive(user=self.request.user)


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Case.State.choices)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Case.Stage.choices)
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=Area.objects.order_by("number"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Case
        fields = ["state", "stage", "area", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class CaseListView(WorkbenchListView):
    """The cases I may see, through the one visibility selector."""

    model = Case
    title = _("Cases")
    filterset_class = CaseFilter
    filterset_initial = {"state": Case.State.OPEN}  # the open cases first (a partial index)
    columns = ("reference_link", "stage", "due_at", "area", "bureau", "created_at")
    object_link_columns = ()
    ordering = "-created_at"

    def reference_link(self, case):
        return format_html('<a href="{}">{}</a>', self.case_url(case), case.reference)

    reference_link.short_description = _("Case")
    reference_link.orderby_column = "reference"

    @viewprop
    def queryset(self):
        return selectors.case_list(user=self.request.user).select_related("area", "bureau")
