"""Load the announced civil-service calendar 2024–2026 (``workdays.OFFICIAL_SCHEDULES``) into the
administrator's table, and the first version of the counting rules (defaults of [F766])."""

import datetime as dt

from django.db import migrations

from cchc.calendar.workdays import OFFICIAL_SCHEDULES


def load(apps, schema_editor):
    CalendarAdjustment = apps.get_model("procedures", "CalendarAdjustment")
    CountingRules = apps.get_model("procedures", "CountingRules")
    rows = []
    for year, schedule in sorted(OFFICIAL_SCHEDULES.items()):
        # Known a year ahead for the purpose of due dates (notices come out in the previous autumn).
        effective = dt.date(year - 1, 1, 1)
        source = "; ".join(schedule.sources)[:500]
        reason = f"Lịch nghỉ lễ, Tết năm {year} của cán bộ, công chức, viên chức"
        for day in sorted(schedule.dates_off()):
            if day.weekday() < 5:
                rows.append(CalendarAdjustment(day=day, kind="day_off", reason=reason, source=source, effective_from=effective))
        for day in schedule.working_days:
            rows.append(
                CalendarAdjustment(day=day, kind="working_day", reason=f"Làm bù ngày {day:%d/%m/%Y}", source=source,
                                   effective_from=effective)
            )
    CalendarAdjustment.objects.bulk_create(rows)
    CountingRules.objects.create(
        effective_from=dt.date(2018, 6, 21),
        late_after_supplement_requests=1,
        extension_moves_due_date=False,
        online_needs_electronic_result=True,
        note="Mặc định theo mô tả công thức chỉ số 766 ([F766]); các điểm chưa xác minh xem tthc_indicators.md.",
    )


def unload(apps, schema_editor):
    apps.get_model("procedures", "CalendarAdjustment").objects.all().delete()
    apps.get_model("procedures", "CountingRules").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_catalogue_dossiers_calendar")]
    operations = [migrations.RunPython(load, unload)]
