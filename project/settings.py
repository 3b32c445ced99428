"""Settings: environment variables with an embedded default (SQLite, no servers).

DATABASE_URL and REDIS_URL switch to PostgreSQL, the Redis channel layer and a Redis
Celery broker. With DATABASE_URL the process refuses to start without SECRET_KEY and
FIELD_ENCRYPTION_KEY; the embedded default generates its own into var/ on first run.
DEBUG is off unless DEBUG=1.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from project.local_keys import local_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

# The embedded default (no DATABASE_URL) is for trying out and tests on one machine; a
# database URL means a real deployment. Either way DEBUG is off unless asked for.
EMBEDDED = not DATABASE_URL
DEBUG = env_bool("DEBUG", default=False)

if EMBEDDED:
    # Whatever this process writes (the SQLite database, evidence, the broker folder, sent
    # messages) is for its owner alone; var/ itself is closed to other users.
    os.umask(0o077)
    VAR_DIR.chmod(0o700)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
if not (SECRET_KEY and FIELD_ENCRYPTION_KEY):
    if not EMBEDDED:
        raise ImproperlyConfigured("SECRET_KEY and FIELD_ENCRYPTION_KEY must be set with DATABASE_URL.")
    # Generated on first run into var/ (mode 0600): never a key in the repository.
    _keys = local_keys(VAR_DIR)
    SECRET_KEY = SECRET_KEY or _keys["SECRET_KEY"]
    FIELD_ENCRYPTION_KEY = FIELD_ENCRYPTION_KEY or _keys["FIELD_ENCRYPTION_KEY"]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "channels",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "viewflow",
    "viewflow.workflow",
    "intake",
    "intake.triage",
    "workflow",
    "supervision",
    "credit",
    "notifications",
    "project",
]

MIDDLEWARE = [
    "project.logs.RequestIdMiddleware",
    "project.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "project.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known: the refusal is in the caller's language.
    "project.security.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff two-factor authentication: who verified, then the gate (workflow/twofactor).
    "django_otp.middleware.OTPMiddleware",
    "workflow.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "viewflow.middleware.SiteMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "workflow.permissions.BureauPermissionBackend",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "project.navigation.staff_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process: daphne runs each request's sync code in a thread of its own, and a
    # connection kept per thread (CONN_MAX_AGE) ran PostgreSQL out of connections under load
    # (bench/load). Each process holds at most DB_POOL_MAX; a request returns its connection.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_MAX", "8")),
        # A request waits this long for a connection (queueing under a burst) before failing.
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "30")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# A TrueType CJK font the bulletin PDFs embed (Debian: fonts-wqy-microhei).
BULLETIN_FONT = os.environ.get("BULLETIN_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# Evidence is private: it is stored outside any served directory and streamed only
# through views that check who is asking. There is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several web and worker machines share evidence through S3-compatible object storage (the
# city's own store or a cloud one). Objects are private; our views stream them after the
# access check, so no object URL, signed or not, reaches a browser or a log.
EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")
if EVIDENCE_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EVIDENCE_S3_REGION", "us-east-1"),
            "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "location": os.environ.get("EVIDENCE_S3_PREFIX", ""),
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Evidence files and their folders: readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_NUMBER_FILES = 10

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workflow/"
# Staff second factor (workflow/twofactor): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Danzhou integrity reports")

CACHES = {
    # Redis down: reads miss and writes are dropped (project/cache.py), never a refused report.
    "default": {
        "BACKEND": "project.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

CHANNEL_LAYERS = {
    "default": {
        # Redis pub/sub: one PUBLISH per group, fanned out inside each daphne to its sockets
        # (the list-based layer pops each socket's copy from Redis one by one: the tail of
        # live updates, bench/notifications.py). Live events are a courtesy, lost when no one
        # listens. Pub/sub ignores the database number: the prefix carries it.
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL], "prefix": "asgi" + (urlsplit(REDIS_URL).path.strip("/") or "0")},
    }
    if REDIS_URL
    else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
}

# Celery. With REDIS_URL: the Redis broker. Without: kombu's filesystem transport, a broker
# that needs no server (a folder under VAR_DIR), so the embedded default still runs a real
# worker and beat (`make run` starts them) and a message survives a restart. Tests make
# tasks eager themselves (tests/conftest.py).
BROKER_DIR = Path(os.environ.get("BROKER_DIR", VAR_DIR / "broker"))
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "socket_connect_timeout": 3,
    }
else:
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that stored a report must not hang on a broker that is down: give up quickly,
# the outbox relay hands the message over later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # viewflow timers (flow.Timer) fire only when something calls fire_due_timers().
    "workflow-timers": {
        "task": "workflow.tasks.timers_fire",
        "schedule": float(os.environ.get("TIMERS_INTERVAL", "60")),
    },
    "notifications-outbox-relay": {
        "task": "notifications.tasks.outbox_relay",
        "schedule": float(os.environ.get("NOTIFICATIONS_RELAY_INTERVAL", "30")),
    },
    "notifications-unassigned-check": {
        "task": "notifications.tasks.unassigned_check",
        "schedule": float(os.environ.get("NOTIFICATIONS_UNASSIGNED_INTERVAL", "1800")),
    },
    "notifications-overdue-digest": {
        "task": "notifications.tasks.overdue_digest",
        "schedule": crontab(
            hour=int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "8")), minute=0, day_of_week="1-5"
        ),
    },
}
# The timers job also opens the case of a report still without one this many seconds after
# it was stored (its case-opening task was lost); a worker normally opens it within a second.
WORKFLOW_CASE_SWEEP_AFTER = float(os.environ.get("WORKFLOW_CASE_SWEEP_AFTER", "60"))
# The credit registry: apply decisions whose event was lost; end lists past their date.
CELERY_BEAT_SCHEDULE["credit-decisions-sweep"] = {"task": "credit.tasks.decisions_sweep", "schedule": 600.0}
CELERY_BEAT_SCHEDULE["credit-lists-expire"] = {"task": "credit.tasks.lists_expire", "schedule": 3600.0}
# Retention (workflow/services/retention.py): purge expired cases' personal data nightly.
CELERY_BEAT_SCHEDULE["workflow-retention-purge"] = {
    "task": "workflow.tasks.retention_purge",
    "schedule": crontab(hour=int(os.environ.get("RETENTION_PURGE_HOUR", "2")), minute=30),
}
# The daily feed to the credit platform (信用中国(海南)) in the 双公示 data items (credit/feed/).
CELERY_BEAT_SCHEDULE["credit-feed-daily"] = {
    "task": "credit.tasks.feed_daily",
    "schedule": crontab(hour=int(os.environ.get("CREDIT_FEED_HOUR", "1")), minute=30),
}
CREDIT_FEED_PUSHER = os.environ.get(
    "CREDIT_FEED_PUSHER",
    "credit.feed.pushers.HttpPusher"
    if os.environ.get("CREDIT_FEED_URL")
    else "credit.feed.pushers.DirectoryPusher",
)
CREDIT_FEED_DIRECTORY = os.environ.get("CREDIT_FEED_DIRECTORY", str(VAR_DIR / "credit-feed"))
CREDIT_FEED_URL = os.environ.get("CREDIT_FEED_URL", "")
CREDIT_FEED_TOKEN = os.environ.get("CREDIT_FEED_TOKEN", "")
CREDIT_FEED_TIMEOUT = float(os.environ.get("CREDIT_FEED_TIMEOUT", "30"))
# Persons' identity numbers (and full names) leave unmasked only when the city turns this on.
CREDIT_FEED_UNMASKED_ID_NUMBERS = os.environ.get("CREDIT_FEED_UNMASKED_ID_NUMBERS", "") == "1"
# Residents' comments on a draft open for public comment, per address.
CONSULTATION_COMMENT_RATE = os.environ.get("CONSULTATION_COMMENT_RATE", "10/h")

# Notifications. Senders are chosen per channel by dotted path (env overrides for tests and
# operations); without an SMS gateway or WeChat account, messages land in files under VAR_DIR.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
# WECHAT_APP_ID and WECHAT_APP_SECRET (shared with the WeChat source adapter) are read here.
WECHAT_APP_ID = os.environ.get("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = os.environ.get("WECHAT_APP_SECRET", "")
WECHAT_TEMPLATE_ID = os.environ.get("WECHAT_TEMPLATE_ID", "")
NOTIFICATIONS_SENDERS = {
    "email": os.environ.get("NOTIFY_EMAIL_SENDER", "notifications.senders.email.EmailSender"),
    "sms": os.environ.get(
        "NOTIFY_SMS_SENDER",
        "notifications.senders.sms.HttpSmsSender"
        if SMS_GATEWAY_URL
        else "notifications.senders.files.FileSender",
    ),
    "wechat": os.environ.get(
        "NOTIFY_WECHAT_SENDER",
        "notifications.senders.wechat.WeChatSender"
        if WECHAT_APP_ID
        else "notifications.senders.files.FileSender",
    ),
    "inapp": os.environ.get("NOTIFY_INAPP_SENDER", "notifications.senders.inapp.InAppSender"),
}
NOTIFICATIONS_FILE_OUTBOX = Path(os.environ.get("NOTIFICATIONS_FILE_OUTBOX", VAR_DIR / "sent"))
NOTIFICATIONS_SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
NOTIFICATIONS_TRACKING_URL = os.environ.get("TRACKING_URL", NOTIFICATIONS_SITE_URL.rstrip("/") + "/track/")
NOTIFICATIONS_SITE_NAME = {"zh-hans": "儋州市诚信举报", "en": "Danzhou integrity reports"}
# Sources whose reporters get the acknowledgement from this app. The WeChat, SMS and e-mail
# adapters answer in their own conversation (with the receipt) through `reply_requested`,
# so acknowledging those again would say it twice.
NOTIFICATIONS_ACKNOWLEDGE_SOURCES = env_list("NOTIFICATIONS_ACKNOWLEDGE_SOURCES", "web,open311,hotline")
NOTIFICATIONS_STAFF_EMAIL = env_bool("NOTIFICATIONS_STAFF_EMAIL", default=True)
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "6"))
NOTIFICATIONS_RETRY_BASE = float(os.environ.get("NOTIFICATIONS_RETRY_BASE", "30"))
NOTIFICATIONS_RETRY_MAX = float(os.environ.get("NOTIFICATIONS_RETRY_MAX", "3600"))
# A message "sending" for longer than the lease belongs to a dead worker and is taken again.
NOTIFICATIONS_SENDING_LEASE = float(os.environ.get("NOTIFICATIONS_SENDING_LEASE", "600"))
NOTIFICATIONS_RELAY_SETTLE = float(os.environ.get("NOTIFICATIONS_RELAY_SETTLE", "10"))
NOTIFICATIONS_RELAY_STALE = float(os.environ.get("NOTIFICATIONS_RELAY_STALE", "300"))
NOTIFICATIONS_RELAY_BATCH = 500
# Messages handed to one delivery task (claimed, sent and marked with one round trip each).
NOTIFICATIONS_SEND_BATCH = int(os.environ.get("NOTIFICATIONS_SEND_BATCH", "50"))
NOTIFICATIONS_UNASSIGNED_THRESHOLD = int(os.environ.get("NOTIFICATIONS_UNASSIGNED_THRESHOLD", "10"))
NOTIFICATIONS_DIGEST_LIST = 20

# E-mail: SMTP when EMAIL_HOST is set; otherwise files under VAR_DIR/sent/email (not the
# console, so reporters' addresses stay out of the terminal log).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = NOTIFICATIONS_FILE_OUTBOX / "email"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workflow.twofactor.api.VerifiedSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "intake.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "intake.api.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "intake.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Integrity reports API",
    "DESCRIPTION": "Public intake and staff case API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the installed sidecar package: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share the field name "kind"; name the public listings' one.
    "ENUM_NAME_OVERRIDES": {"PublicationKindEnum": "credit.models.lists.Publication.Kind"},
}

# django-ratelimit uses the default cache; the limits are settings so a city can tune them.
RATELIMIT_VIEW = "intake.views.ratelimited"
# While the cache (Redis) is unreachable no request can be counted: let it through rather
# than refuse every report (project/cache.py).
RATELIMIT_FAIL_OPEN = True
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated);
# empty: the header is ignored. One rule (intake.network.client_address) feeds the rate
# limits, the login lockout and the address kept with a real-name report.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
RATELIMIT_IP_META_KEY = "intake.network.client_address"
INTAKE_SUBMIT_RATE = os.environ.get("INTAKE_SUBMIT_RATE", "20/h")
INTAKE_TRACK_RATE = os.environ.get("INTAKE_TRACK_RATE", "60/h")
# A bare insert view at /bench/insert/ for bench/intake.py; never on in a deployment.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", default=False)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] if not REDIS_URL else []

AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 1  # hours
# Ten wrong passwords lock that username from that address only: a lock on the username
# alone would let anyone lock a known officer out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "intake.network.client_address"

INTAKE_REFERENCE_PREFIX = os.environ.get("INTAKE_REFERENCE_PREFIX", "DZ")
INTAKE_MAX_ATTACHMENTS = 5
INTAKE_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
INTAKE_MAX_IMAGE_PIXELS = 40_000_000
# Stored evidence images are at most this many pixels on their long side (9 megapixels at
# 4:3): a 36-megapixel phone photo is decoded at half size, not in full.
INTAKE_IMAGE_MAX_SIDE = int(os.environ.get("INTAKE_IMAGE_MAX_SIDE", "3000"))

# A deployment is served over HTTPS (TLS ends at the proxy, which sets X-Forwarded-Proto):
# secure cookies, a redirect from plain HTTP and HSTS. The embedded default is plain HTTP on
# 127.0.0.1. HTTPS=0 turns it off (e.g. for a health check on the plain port).
HTTPS = env_bool("HTTPS", default=not EMBEDDED)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
# Probes and the metrics scraper speak plain HTTP to the process itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Joining the browsers' preload list is the city's decision (it outlives this setting).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (project/security.py): no inline script anywhere but the
# exceptions below; a view that sets its own policy (evidence files) keeps it.
CSP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP_EXCEPTIONS = {
    # Redoc starts itself from an inline script and parses in a blob: worker.
    "/api/redoc/": {"script-src": "'self' 'unsafe-inline'", "worker-src": "'self' blob:"},
}

# Reporter identity must never reach a log: loggers carry ids only, and the
# "django.request" logger's request repr is replaced by a filter that drops POST bodies.
# Every line is one JSON object (LOG_FORMAT=text for a terminal) with the request id, which
# Celery tasks queued by that request carry on (project/logs.py); personal data is masked.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_request_body": {"()": "intake.logging.DropRequestBody"},
        "no_query_strings": {"()": "intake.logging.DropQueryStrings"},
        "personal_data": {"()": "project.logs.PersonalDataFilter"},
        "request_id": {"()": "project.logs.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "project.logs.JsonLineFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_request_body", "no_query_strings", "request_id", "personal_data"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Source adapters (intake/sources). WeChat safe mode is on when the AES key is set.
# (WECHAT_APP_ID and WECHAT_APP_SECRET are set with the notification senders above.)
WECHAT_TOKEN = os.environ.get("WECHAT_TOKEN", "")
WECHAT_ENCODING_AES_KEY = os.environ.get("WECHAT_ENCODING_AES_KEY", "")
WECHAT_CONVERSATION_MINUTES = int(os.environ.get("WECHAT_CONVERSATION_MINUTES", "30"))
SMS_WEBHOOK_SECRET = os.environ.get("SMS_WEBHOOK_SECRET", "")
# True when the SMS gateway sends the "reply" of the webhook response itself.
SMS_DIRECT_REPLY = env_bool("SMS_DIRECT_REPLY", default=False)
IMAP_HOST = os.environ.get("IMAP_HOST", "")
IMAP_PORT = int(os.environ.get("IMAP_PORT", "993"))
IMAP_SSL = env_bool("IMAP_SSL", default=True)
# The server's certificate is verified against the system's CA store, or only this file
# (PEM) for a mail server with a certificate from a private CA.
IMAP_CA_FILE = os.environ.get("IMAP_CA_FILE", "")
IMAP_USER = os.environ.get("IMAP_USER", "")
IMAP_PASSWORD = os.environ.get("IMAP_PASSWORD", "")
IMAP_MAILBOX = os.environ.get("IMAP_MAILBOX", "INBOX")
IMAP_MAX_MESSAGE_BYTES = int(os.environ.get("IMAP_MAX_MESSAGE_BYTES", str(30 * 1024 * 1024)))
IMAP_BATCH = int(os.environ.get("IMAP_BATCH", "50"))
IMAP_POLL_SECONDS = int(os.environ.get("IMAP_POLL_SECONDS", "120"))
OPEN311_JURISDICTION_ID = os.environ.get("OPEN311_JURISDICTION_ID", "danzhou.gov.cn")
CELERY_BEAT_SCHEDULE["intake-fetch-mail"] = {
    "task": "intake.tasks.email_fetch",
    "schedule": IMAP_POLL_SECONDS,
}
CELERY_BEAT_SCHEDULE["intake-thumbnails-sweep"] = {
    "task": "intake.tasks.attachment_thumbnails_sweep",
    "schedule": 300,
}
CELERY_BEAT_SCHEDULE["intake-sources-cleanup"] = {
    "task": "intake.tasks.sources_cleanup",
    "schedule": 600,
}
# Triage assistance (intake/triage/): retrain on the areas triage officers confirmed, nightly.
CELERY_BEAT_SCHEDULE["triage-retrain"] = {
    "task": "intake.triage.tasks.triage_retrain",
    "schedule": crontab(minute=30, hour=2),
}

# Supervision (supervision/tasks.py): bulletins the day after each week and month
# ends, and a reconciliation of figures whose case_changed event was lost.
CELERY_BEAT_SCHEDULE.update(
    {
        "supervision-bulletin-weekly": {
            "task": "supervision.bulletin_periodic",
            "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
            "args": ["week"],
        },
        "supervision-bulletin-monthly": {
            "task": "supervision.bulletin_periodic",
            "schedule": crontab(minute=30, hour=6, day_of_month="1"),
            "args": ["month"],
        },
        "supervision-rollup-reconcile": {
            "task": "supervision.rollup_reconcile",
            "schedule": 600.0,
        },
    }
)

# Operations (project/health.py, project/metrics.py): readiness knows beat is alive by the
# last run of its heartbeat; /metrics wants this bearer token (or a signed-in superuser).
OPERATIONS_BEAT_HEARTBEAT_SECONDS = float(os.environ.get("BEAT_HEARTBEAT_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["operations-beat-heartbeat"] = {
    "task": "operations.beat_heartbeat",
    "schedule": OPERATIONS_BEAT_HEARTBEAT_SECONDS,
}
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Backups are encrypted with this Fernet key (default: the newest field encryption key).
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "")
