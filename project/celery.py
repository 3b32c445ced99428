import os

from celery import Celery
from celery.backends.base import DisabledBackend

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


class ProjectCelery(Celery):
    """Celery with its result backend built once per process while results are not kept.

    Celery builds the backend once per thread, in case a backend is not thread-safe, and
    builds it for every task sent (each send makes an AsyncResult). daphne runs each request
    in a thread of its own, so every report's hand-over built a backend anew: a third of the
    hand-over's cost. The project keeps no task results (no result backend, results ignored),
    and the disabled backend holds no state, so one serves every thread.
    """

    _shared_backend = None

    @property
    def backend(self):
        if self._shared_backend is not None:
            return self._shared_backend
        backend = super().backend
        if isinstance(backend, DisabledBackend):
            self._shared_backend = backend
        return backend


app = ProjectCelery("project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
