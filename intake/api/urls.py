from django.urls import path

from intake.api import views

app_name = "intake-api"

urlpatterns = [
    path("areas/", views.AreaList.as_view(), name="areas"),
    path("reports/", views.ReportSubmit.as_view(), name="report-submit"),
    path("track/", views.Track.as_view(), name="track"),
    path("track/messages/", views.TrackMessageAdd.as_view(), name="track-message-add"),
    path("track/rating/", views.TrackRating.as_view(), name="track-rating"),
]
