"""Dates and moments read the same on every page: dd/mm/yyyy, and dd/mm/yyyy HH:MM through one filter."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template

from cchc.core import formats

BASE = Path(settings.BASE_DIR)
#: a date filter whose format shows hours or minutes: moments go through ``|when`` instead
TIME_FORMAT = re.compile(r"""\|date:["'][^"']*[HhGgi][^"']*["']""")


def templates() -> list[Path]:
    return sorted(p for p in [*BASE.glob("templates/**/*.html"), *BASE.glob("cchc/*/templates/**/*.html")])


def test_no_template_formats_a_moment_itself():
    offenders = [f"{path.relative_to(BASE)}: {match.group(0)}" for path in templates()
                 for match in TIME_FORMAT.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_moment_is_day_month_year_then_hours_and_minutes_in_local_time():
    moment = dt.datetime(2026, 1, 5, 7, 30, tzinfo=dt.UTC)  # 14:30 in Hà Nội
    rendered = Template("{% load cchc %}{{ moment|when }} · {{ moment|day }} · {{ day|when }} · {{ none|when }}").render(
        Context({"moment": moment, "day": dt.date(2026, 3, 9), "none": None}))
    assert rendered == "05/01/2026 14:30 · 05/01/2026 · 09/03/2026 · "
    assert formats.when(dt.datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))) == "31/12/2026 23:59"


def test_the_default_date_time_format_agrees():
    from config.formats.vi import formats as vi

    assert (vi.DATETIME_FORMAT, vi.SHORT_DATETIME_FORMAT, vi.DATE_FORMAT) == ("d/m/Y H:i", "d/m/Y H:i", "d/m/Y")


def test_every_layout_has_a_favicon():
    icon = BASE / "static" / "img" / "favicon.svg"
    assert icon.read_text(encoding="utf-8").startswith("<svg")
    for layout in ("templates/base.html", "templates/public/base.html", "templates/admin/base_site.html"):
        assert "{% static 'img/favicon.svg' %}" in (BASE / layout).read_text(encoding="utf-8"), layout
