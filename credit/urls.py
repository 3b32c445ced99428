from django.urls import path

from credit.views import consultations, evaluations, public, redlist, repair, social, tasks

app_name = "credit"

urlpatterns = [
    path("", public.index, name="index"),
    path("entries/<int:pk>/", public.publication_detail, name="publication"),
    path("red-list/<int:pk>/", public.red_list_detail, name="red_list_entry"),
    path("sectors/", public.sectors, name="sectors"),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/manage/", consultations.consultation_manage_list, name="consultation_manage_list"),
    path("consultations/manage/<int:pk>/", consultations.consultation_manage, name="consultation_manage"),
    path("social-organisations/", social.social_organisations, name="social_organisations"),
    path("social-organisations/warnings/new/", social.warning_new, name="warning_new"),
    path("export/<slug:kind>.csv", public.export_csv, name="export"),
    path("entries/<int:pk>/repair/", repair.apply, name="repair_apply"),
    path("repair/done/", repair.done, name="repair_done"),
    path("repair/status/", repair.status, name="repair_status"),
    path("repair/evidence/<int:pk>/", repair.evidence, name="repair_evidence"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/<int:task_pk>/", tasks.task_open, name="task"),
    path("red-list/propose/", redlist.propose, name="red_list_propose"),
    path("evaluations/", evaluations.evaluations, name="evaluations"),
]
