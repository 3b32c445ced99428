"""The project's Celery app: what sending a task costs a request thread."""

import threading

from celery.backends.base import DisabledBackend

from project.celery import app


def _backend_in_a_new_thread():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(app.backend))
    thread.start()
    thread.join()
    return seen[0]


def test_with_no_results_kept_every_thread_shares_one_backend():
    """daphne runs each request in a new thread: sending a task there must not build a
    result backend each time."""
    assert isinstance(app.backend, DisabledBackend)
    assert _backend_in_a_new_thread() is _backend_in_a_new_thread() is app.backend


def test_a_backend_that_keeps_results_stays_per_thread(monkeypatch):
    monkeypatch.setattr(app, "_shared_backend", None)
    monkeypatch.setattr(app.conf, "result_backend", "cache+memory://")
    monkeypatch.setattr(app, "_local", threading.local())
    first, second = _backend_in_a_new_thread(), _backend_in_a_new_thread()
    assert not isinstance(first, DisabledBackend)
    assert first is not second
    assert app._shared_backend is None
