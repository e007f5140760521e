from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

admin.site.site_header = "CCHC"
admin.site.site_title = "Quản trị CCHC"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", include("cchc.core.urls")),
    path("accounts/", include("cchc.accounts.urls")),
    path("units/", include("cchc.units.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("procedures/", include("cchc.procedures.urls")),
    path("indicators/", include("cchc.indicators.urls")),
    path("reporting/", include("cchc.reporting.urls")),
    path("documents/", include("cchc.documents.urls")),
    path("notifications/", include("cchc.notifications.urls")),
    path("petitions/", include("cchc.petitions.urls")),
    path("parindex/", include("cchc.parindex.urls")),
    path("surveys/", include("cchc.surveys.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("publishing/", include("cchc.portal.publishing_urls")),
    path("cong-khai/", include("config.public_urls")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI loads its start-up script from this same URL (?script), not inline; only its page's
    # <style> block and the styles it sets need 'unsafe-inline', for styles and on this page alone.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_URL: each app serves its files through a scoped
# view that checks the user's reach and sends them as attachments.

handler400 = "cchc.core.views.bad_request"
handler403 = "cchc.core.errors.permission_denied"
handler404 = "cchc.core.errors.page_not_found"
handler500 = "cchc.core.errors.server_error"
