from django.urls import path

from credit.api import views

app_name = "credit-api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("entries/", views.EntryList.as_view(), name="entries"),
    path("entries/<int:pk>/", views.EntryDetail.as_view(), name="entry"),
    # Anything else in the place of the number: the API's own JSON 404, not the site's page.
    path("entries/<str:pk>/", views.EntryNotFound.as_view()),
    path("red-list/", views.RedList.as_view(), name="red_list"),
    path("sectors/", views.Sectors.as_view(), name="sectors"),
]
