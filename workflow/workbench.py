"""The officers' workbench on viewflow's Material frontend, mounted at /workflow/.

The stock dashboard, process list, task list, bulk actions and per-process chart answer from
viewflow's global permissions and scan every historical task, so they are replaced by views on
our selectors or switched off (see bench/workflow.py).
"""

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Site
from viewflow.workflow.flow import FlowAppViewset

from workflow.flows import CaseFlow
from workflow.selectors import task_counts, workbench_user
from workflow.views import case as case_views
from workflow.views import chart as chart_views
from workflow.views import lists


def _login_required(pattern):
    """Wrap every view of a URL pattern tree in login_required."""
    if isinstance(pattern, URLResolver):
        for child in pattern.url_patterns:
            _login_required(child)
    elif isinstance(pattern, URLPattern) and not getattr(pattern.callback, "_workbench_login", False):
        pattern.callback = login_required(pattern.callback)
        pattern.callback._workbench_login = True
    return pattern


class CaseWorkbench(FlowAppViewset):
    title = _("Cases")
    icon = "assignment"
    menu_template_name = "workflow/case/menu.html"

    inbox_view_class = lists.InboxView
    queue_view_class = lists.QueueView
    archive_view_class = lists.ArchiveView
    process_list_view_class = lists.CaseListView
    process_detail_view_class = case_views.ProcessRedirectView

    # Stock views without a visibility rule, or that scan all tasks: off.
    task_list_path = None
    flow_chart_path = None
    process_cancel_path = None
    tasks_assign_path = None
    tasks_unassign_path = None

    @property
    def index_path(self):
        return path("", RedirectView.as_view(pattern_name=None, url="inbox/"), name="index")

    @property
    def process_list_path(self):
        return path("cases/", self.process_list_view, name="process_list")

    @property
    def case_detail_path(self):
        return path("cases/<str:reference>/", case_views.CaseDetailView.as_view(), name="case_detail")

    @property
    def attachment_path(self):
        return path(
            "cases/<str:reference>/attachments/<int:pk>/",
            case_views.AttachmentView.as_view(),
            name="attachment",
        )

    @property
    def reporter_identity_path(self):
        return path(
            "cases/<str:reference>/reporter/",
            case_views.ReporterIdentityView.as_view(),
            name="reporter_identity",
        )

    @property
    def flow_chart_page_path(self):
        return path("flow/", chart_views.FlowChartView.as_view(), name="flow_chart")

    @property
    def registered_task_path(self):
        return path("tasks/<int:task_pk>/", case_views.RegisteredTaskView.as_view(), name="registered_task")

    @property
    def task_reassign_path(self):
        return path(
            "tasks/<int:task_pk>/reassign/", case_views.TaskReassignView.as_view(), name="task_reassign"
        )

    def has_view_permission(self, user, obj=None):
        """Staff with a place in a bureau (and administrators) use the workbench. Anonymous
        users pass here so that every view (all wrapped in login_required) sends them to log in."""
        return not user.is_authenticated or workbench_user(user)

    def _get_urls(self):
        return [_login_required(pattern) for pattern in super()._get_urls()]

    def get_context_data(self, request):
        """Menu badges: two indexed counts instead of viewflow's OR-ed queue query."""
        return {"workbench_counts": task_counts(user=request.user)}


site = Site(title=_("Integrity case workbench"), viewsets=[CaseWorkbench(CaseFlow)])
