"""``survey_tallies``: recount every campaign's tallies from its stored responses and answers.

Before the tallies were raised in one locking statement, two first answers of one key arriving together
could each create a row, and every later answer then raised every row of that key: such a database shows
more answers than it holds. The responses themselves were always stored right, so recounting from them
gives the true figures. ``--campaign ID`` recounts one campaign.
"""

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from cchc.surveys import services
from cchc.surveys.models import Campaign


class Command(BaseCommand):
    help = "Đếm lại bảng đếm câu trả lời của các đợt khảo sát từ các phiếu đã lưu."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="chỉ đếm lại đợt khảo sát có mã này")

    def handle(self, *args, campaign=None, **options):
        campaigns = Campaign.objects.order_by("pk")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"Không có đợt khảo sát mã {campaign}.")
        count = 0
        for row in campaigns.iterator():
            with transaction.atomic():
                before = services.tally_totals(row)["responses"] or 0
                services.tallies_rebuild(campaign=row)
                after = services.tally_totals(row)["responses"] or 0
            count += 1
            if before != after:
                self.stdout.write(f"{row.title}: {before} → {after} phiếu.")
        self.stdout.write(f"Đã đếm lại {count} đợt khảo sát.")
