from django.urls import path, re_path

from notifications import consumers

websocket_urlpatterns = [
    path("ws/inbox/", consumers.InboxConsumer.as_asgi()),
    re_path(r"^ws/cases/(?P<reference>[A-Za-z0-9-]{1,20})/$", consumers.CaseConsumer.as_asgi()),
    path("ws/supervision/", consumers.SupervisionConsumer.as_asgi()),
]
