from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("read/", views.notice_read, name="notice_read_all"),
    path("<int:notice_id>/read/", views.notice_read, name="notice_read"),
]
