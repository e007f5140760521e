"""Data for bench/citizen.py, run in its own process on the database named by DATABASE_URL.

``world``: the demo city (small) and its demo survey campaigns; prints the public addresses as JSON.
``million``: one commune's campaign with 1,000,000 responses (9,000,000 answers) in one quarter,
inserted set-wise in PostgreSQL, tallied by ``tallies_rebuild``; then times the campaign's results
(every breakdown) and the satisfaction metric for that quarter, and prints the figures as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from cchc.indicators import sources  # noqa: E402
from cchc.surveys import demo, selectors, services  # noqa: E402
from cchc.surveys.models import AccessPoint, Campaign, Questionnaire  # noqa: E402
from cchc.units.demo import load_demo  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402

QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def world() -> dict:
    load_demo(communes=10, departments=4, divisions=2)
    demo.load(created=True)
    points = AccessPoint.objects.filter(campaign__title__startswith="Khảo sát sự hài lòng của người dân").order_by("pk")
    return {channel: [p.token for p in points if p.channel == channel] for channel in ("qr", "link", "kiosk")}


def _median_s(fn, repeat: int = 5) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def million(count: int) -> dict:
    unit = Unit.objects.filter(kind__in=[UnitKind.COMMUNE, UnitKind.WARD], valid_to__isnull=True).order_by("code").first()
    questionnaire = Questionnaire.objects.get(unit__isnull=True, code="phuong-9-muc")
    campaign = Campaign.objects.create(unit=unit, questionnaire=questionnaire, title="Đo tải 1.000.000 phiếu",
                                       starts_on=QUARTER[0], ends_on=QUARTER[1])
    campaign.targets.set([unit])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # explicit ids, so that each response's answers (and its count of answers 4–5) follow from its id
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM surveys_response")
        base = cursor.fetchone()[0]
        satisfied = " + ".join(f"((b.id * 7 + {13 * n}) %% 5 >= 3)::int" for n in range(1, 10))
        cursor.execute(
            f"""
            INSERT INTO surveys_response (id, campaign_id, unit_id, channel, counter, submitted_at, submitted_on, month, sector,
                procedure_text, sex, age_band, education, comment, satisfied, valid, dossier_key, dossier_matched, paper_reference)
            SELECT b.id, %s, %s, 'qr', '', d + time '09:00', d, date_trunc('month', d)::date,
                (ARRAY['Hộ tịch','Chứng thực','Đất đai','Xây dựng','Tư pháp'])[1 + i %% 5], '',
                (ARRAY['','nam','nu'])[1 + i %% 3], (ARRAY['','18-24','25-34','35-49','50-60','60+'])[1 + (i / 3) %% 6],
                (ARRAY['','tieu-hoc','thcs','thpt','dai-hoc','nghe','sau-dai-hoc'])[1 + (i / 7) %% 7], '', {satisfied}, 9, '',
                false, ''
            FROM generate_series(0, %s - 1) AS i, LATERAL (SELECT DATE '2026-01-01' + (i %% 90) AS d, %s + i AS id) AS b
            """,
            [campaign.pk, unit.pk, count, base],
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('surveys_response', 'id'), (SELECT MAX(id) FROM surveys_response))")
        cursor.execute(
            """
            INSERT INTO surveys_answer (response_id, item_id, choice)
            SELECT r.id, item.id, 1 + (r.id * 7 + item.number * 13) %% 5
            FROM generate_series(%s, %s) AS r(id) CROSS JOIN surveys_item item
            WHERE item.questionnaire_id = %s
            """,
            [base, base + count - 1, questionnaire.pk],
        )
        cursor.execute("ANALYZE surveys_response; ANALYZE surveys_answer;")
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    services.tallies_rebuild(campaign=campaign)
    rebuild = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_tally")
    months = (QUARTER[0], QUARTER[1].replace(day=1))
    found = selectors.campaign_results(campaign, units=[unit], month_from=months[0], month_to=months[1])
    assert found.responses == count and found.overall.answers == 9 * count, (found.responses, found.overall.answers)
    results_s = _median_s(lambda: selectors.campaign_results(campaign, units=[unit], month_from=months[0], month_to=months[1]))
    metric_s = _median_s(lambda: sources.values("survey_satisfaction_share", units=[unit], date_from=QUARTER[0], date_to=QUARTER[1]))
    return {"responses": count, "answers": 9 * count, "insert_s": inserted, "tally_rebuild_s": rebuild, "results_s": results_s,
            "metric_s": metric_s, "headline": found.overall.headline_text()}


if __name__ == "__main__":
    mode = sys.argv[1]
    print(json.dumps(world() if mode == "world" else million(int(sys.argv[2]))))
