from django.core.management import BaseCommand

from cchc.portal import cache, search


class Command(BaseCommand):
    help = "Rebuild the portal's search keys from the units and procedures as stored (after a bulk load that skipped signals)."

    def handle(self, *args, **options):
        count = search.reindex()
        cache.bump()
        self.stdout.write(f"Đã lập lại {count} khóa tìm kiếm.")
