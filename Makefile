# Two commands for a fresh machine: `make run` (try it out) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install messages run test migrate demo screenshots

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

migrate: messages
	$(PY) manage.py migrate -v 0

demo: migrate
	$(PY) manage.py triage_train --if-missing
	$(PY) manage.py demo_data

# The web server (daphne's runserver: HTTP and WebSockets, on this machine only; it serves
# the static files itself, --insecure, as DEBUG is off) with a real Celery worker and
# beat beside it, on the filesystem broker under var/. Ctrl-C stops both.
run: demo
	@$(PY) -m celery --app project worker --beat --pool solo --loglevel INFO \
		--without-gossip --without-mingle --without-heartbeat & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --insecure 127.0.0.1:$(PORT)

# The browser suite (tests/browser) needs the system's Chromium; without it those tests are
# skipped and the run says how to get it.
test: messages
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] \
		|| echo "NOTE: Chromium not found: the browser tests will be skipped. Get it with: sudo apt-get install chromium fonts-noto-cjk"
	$(PY) -m pytest $(PYTEST_ARGS)

# Retake docs/screenshots/ (both languages) through the browser suite's live stack.
screenshots: messages
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_screenshots.py -q
