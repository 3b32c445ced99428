from django.urls import path

from supervision import policy_views, section_views, unit_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("counters/", views.counters, name="counters"),
    path("cases/", views.cases, name="cases"),
    path("cases.csv", views.cases_csv, name="cases_csv"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/typical/", views.typical_mark, name="typical_mark"),
    path("cases/<str:reference>/typical/remove/", views.typical_unmark, name="typical_unmark"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/responses/", section_views.bulletin_sections, name="bulletin_sections"),
    path("bulletins/<int:pk>/<str:kind>/", views.bulletin_download, name="bulletin_download"),
    path("policies/", policy_views.policies, name="policies"),
    path("unit/bulletins/", section_views.unit_sections, name="unit_sections"),
    path("unit/bulletins/<int:pk>/", section_views.unit_section, name="unit_section"),
    path("units/<int:bureau_id>/decide/", unit_views.unit_outcome_new, name="unit_outcome_new"),
    path("units/decisions/", unit_views.unit_outcomes, name="unit_outcomes"),
    path("policies/<int:pk>/adopt/", policy_views.policy_adopt_view, name="policy_adopt"),
]
