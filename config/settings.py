"""Settings for the CCHC platform.

Every setting comes from an environment variable with a development default, so a fresh
clone runs on SQLite with no other service. Production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL (task queue and cache).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
DEVELOPMENT_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not DEBUG and SECRET_KEY in {"", DEVELOPMENT_SECRET_KEY, "change-me-to-a-long-random-string"}:
    # Settings load before translations, so the message carries both languages.
    raise ImproperlyConfigured(
        "SECRET_KEY: with DEBUG off the platform does not start without a secret key of its own "
        "(unset, empty, the development key and the .env.example placeholder are refused). "
        "Set SECRET_KEY to a long random value, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'. / "
        "Chưa đặt SECRET_KEY riêng: khi tắt DEBUG, hệ thống không khởi động với khóa trống, khóa phát triển "
        "hoặc khóa mẫu trong .env.example. Hãy đặt SECRET_KEY là một chuỗi ngẫu nhiên dài."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
# Deploy-check warnings a deployment has decided to accept, e.g. "security.W008" when TLS ends at a
# proxy that already redirects to HTTPS. Empty by default: every warning counts.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

INSTALLED_APPS = [
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
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "cchc.core",
    "cchc.calendar",
    "cchc.accounts",
    "cchc.units",
    "cchc.plans",
    "cchc.procedures",
    "cchc.indicators",
    "cchc.reporting",
    "cchc.documents",
    "cchc.notifications",
    "cchc.parindex",
    "cchc.petitions",
    "cchc.surveys",
    "cchc.inspections",
    "cchc.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The portal's public pages for anonymous visitors, from their shared copy: before the session, user and
    # CSRF work, after the security headers (cchc/portal/middleware.py).
    "cchc.portal.middleware.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the interface is Vietnamese (LANGUAGE_CODE) whatever the browser asks for.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cchc.core.middleware.CurrentUnitMiddleware",
    "cchc.calendar.api.CalendarMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.core.context_processors.navigation",
                "cchc.core.public_site.context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login lockout: five failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The address counted is the connection's unless the deployment trusts its reverse proxies: behind one
# nginx that appends to X-Forwarded-For, TRUSTED_PROXY_COUNT=1 (see README, Production). Never set it
# when clients can reach gunicorn directly: they could then pick the address they are counted under.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_HEADER = "HTTP_" + os.environ.get("TRUSTED_PROXY_HEADER", "X-Forwarded-For").strip().upper().replace("-", "_")
AXES_CLIENT_IP_CALLABLE = "cchc.accounts.clients.client_address"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "drf"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: nothing above this size reaches a view; each upload field adds its own, smaller limit.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The review of an imported plan posts a dozen fields per task: a plan of 300 tasks stays below this.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "10000"))
FILE_UPLOAD_PERMISSIONS = 0o640
# Every uploaded file is counted as it arrives (cchc.core.uploads.SizeLimitUploadHandler): one larger
# than MAX_UPLOAD_BYTES is not kept and its form field says so.
FILE_UPLOAD_HANDLERS = [
    "cchc.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploaded XLSX/DOCX (zip archives) are refused before they are read if they would unzip beyond these
# (cchc.core.archives); spreadsheets and CSV files are read with these row and column caps (cchc.core.spreadsheets).
# Optional programs (README, production): Tesseract reads scans, LibreOffice writes PDF; empty = found on PATH.
TESSERACT_CMD = os.environ.get("TESSERACT_CMD", "")
SOFFICE_CMD = os.environ.get("SOFFICE_CMD", "")
UPLOAD_MAX_UNZIPPED_BYTES = int(os.environ.get("UPLOAD_MAX_UNZIPPED_MB", "100")) * 1024 * 1024
UPLOAD_MAX_COMPRESSION_RATIO = int(os.environ.get("UPLOAD_MAX_COMPRESSION_RATIO", "200"))
UPLOAD_MAX_ARCHIVE_ENTRIES = int(os.environ.get("UPLOAD_MAX_ARCHIVE_ENTRIES", "2000"))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", "100000"))
SPREADSHEET_MAX_COLUMNS = int(os.environ.get("SPREADSHEET_MAX_COLUMNS", "100"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc@localhost")
# Absolute links in e-mails (notifications) start with this address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cchc.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cchc.core.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cchc.core.api.exception_handler",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCHC API",
    "DESCRIPTION": (
        "API của nền tảng cải cách hành chính: đơn vị, kế hoạch, báo cáo, thủ tục hành chính và chỉ số. Mỗi điểm "
        "cuối chỉ trả về dữ liệu trong phạm vi đơn vị của người gọi.\n\n"
        "**Xác thực bằng mã truy cập (token).** Đăng nhập vào nền tảng, mở **Mã truy cập API** trên thanh người dùng "
        "(trang `/accounts/token/`) và bấm *Cấp mã*. Gửi mã trong tiêu đề của mỗi yêu cầu:\n\n"
        "    Authorization: Token <mã truy cập>\n\n"
        "Mã có đúng quyền hạn của người cấp; cấp mã mới thì mã cũ hết hiệu lực ngay. Trên trang này, bấm "
        "*Authorize* và nhập `Token <mã truy cập>` để thử các điểm cuối."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" field with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "cchc.plans.choices.PlanStatus",
        "TaskStatusEnum": "cchc.plans.choices.TaskStatus",
        "PetitionStatusEnum": "cchc.petitions.choices.Status",
        "PetitionChannelEnum": "cchc.petitions.choices.Channel",
        "ChannelEnum": "cchc.procedures.choices.Channel",
        "ParStageEnum": "cchc.parindex.choices.Stage",
        "ParEvidenceStageEnum": "cchc.parindex.choices.EvidenceStage",
        "ParLevelEnum": "cchc.parindex.choices.Level",
        "UnitKindEnum": "cchc.units.models.UnitKind",
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
# Periodic tasks (crontab) read the local clock; Django sets the process time zone to TIME_ZONE,
# so "hour=7" means 07:00 in Asia/Ho_Chi_Minh.
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "cchc",
        "utc": False,
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "cchc",
        "utc": False,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }

# A running background job whose worker has not reported for this long is stranded (its worker was
# killed): it is queued again, or failed after JOB_MAX_ATTEMPTS attempts. Jobs report progress often.
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "120"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))

# Open data of the public portal (/cong-khai/du-lieu/): the licence every table is published under.
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.vi")

# Figures that change only with their source (indicator figures per aggregates refresh): local
# memory of each process by default, Redis when REDIS_URL is set (one cache for every worker).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "cchc"}}
else:
    # Room for the portal's pages and tables (the default, 300 entries, would drop a third of them at once).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cchc",
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Content-Security-Policy on every response (django-csp): scripts and styles come from this site only,
# so no template may carry inline code (tests/test_csp.py). Only the API documentation page relaxes
# styles (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "cchc.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
