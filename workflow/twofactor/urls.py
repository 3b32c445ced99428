from django.urls import path

from workflow.twofactor import views

urlpatterns = [
    path("", views.VerifyView.as_view(), name="second-factor"),
    path("setup/", views.SetupView.as_view(), name="second-factor-setup"),
]
