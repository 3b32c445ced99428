from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("report/", views.report_form, name="report"),
    path("report/done/", views.report_done, name="report_done"),
    path("track/", views.track, name="track"),
    path("track/add/", views.track_add, name="track_add"),
    path("track/rate/", views.track_rate, name="track_rate"),
    path("track/close/", views.track_close, name="track_close"),
    path("track/attachments/<int:attachment_id>/", views.track_attachment, name="track_attachment"),
    path(
        "track/attachments/<int:attachment_id>/thumb/",
        views.track_attachment,
        {"thumbnail": True},
        name="track_thumbnail",
    ),
]
