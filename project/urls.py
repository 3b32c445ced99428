from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from intake.sources.hotline import hotline_file
from intake.sources.sms import sms_inbound
from intake.sources.wechat.views import wechat_callback
from project import health, metrics
from workflow.workbench import site as workbench

admin.site.site_header = admin.site.site_title = _("Integrity reports administration")
admin.site.index_title = _("Reference data and users")

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("project/favicon.svg"), permanent=True)),
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("accounts/second-factor/", include("workflow.twofactor.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("supervision/", include("supervision.urls")),
    path("identity/", include("workflow.identity_urls")),
    path("notifications/", include("notifications.urls")),
    # Report sources (intake/sources)
    path("inbound/wechat/", wechat_callback, name="wechat-callback"),
    path("inbound/sms/", sms_inbound, name="sms-inbound"),
    path("open311/v2/", include("intake.sources.open311.urls")),
    path("staff/hotline/", hotline_file, name="hotline-file"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script from a URL: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/credit/", include("credit.api.urls")),
    path("api/v1/", include("intake.api.urls")),
    # Public credit pages (credit registry).
    path("credit/", include("credit.urls")),
    path("workflow/", workbench.urls),
    path("api/v1/", include("workflow.api.urls")),
    # Public pages for residents. Evidence is never served from MEDIA_URL: no route for it.
    path("", include("intake.urls")),
]

# A request Django cannot read answers in the caller's language and the endpoint's format.
handler400 = "intake.views.bad_request"

if settings.BENCH_ENDPOINTS:
    from intake.api.bench import bench_insert

    urlpatterns.append(path("bench/insert/", bench_insert, name="bench-insert"))
