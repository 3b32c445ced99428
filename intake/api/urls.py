from django.urls import path

from intake.api import views
from intake.triage.api import AreaSuggest

app_name = "intake-api"

urlpatterns = [
    path("areas/", views.AreaList.as_view(), name="areas"),
    path("areas/suggest/", AreaSuggest.as_view(), name="area-suggest"),
    path("reports/", views.ReportSubmit.as_view(), name="report-submit"),
    path("track/", views.Track.as_view(), name="track"),
    path("track/messages/", views.TrackMessageAdd.as_view(), name="track-message-add"),
    path("track/rating/", views.TrackRating.as_view(), name="track-rating"),
]
