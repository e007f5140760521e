import importlib
import time

from django.apps import apps
from django.core.management import BaseCommand
from django.utils import translation

from cchc.units.demo import DEMO_PASSWORD, demo_logins, load_demo


def app_demo_loaders():
    """Each domain app may add its demo data in ``cchc/<app>/demo.py`` with ``load(*, created)``.

    Loaders run in INSTALLED_APPS order after the units; each must be idempotent.
    """
    for config in apps.get_app_configs():
        if config.name.startswith("cchc.") and config.label != "units":
            try:
                yield importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise


class Command(BaseCommand):
    help = "Load the demo city (Thành phố Cần Thơ after the 2025 reorganisation). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=24, help="communes and wards of the city (default 24)")
        parser.add_argument("--departments", type=int, default=12, help="departments of the city (default 12)")
        parser.add_argument("--divisions", type=int, default=3, help="divisions per department (default 3)")
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")

    def handle(self, *args, communes, departments, divisions, quiet, **options):
        translation.activate("vi")
        for name, value in (("communes", communes), ("departments", departments), ("divisions", divisions)):
            if value < 1 or value > 5000:
                self.stderr.write(f"--{name} phải từ 1 đến 5000.")
                raise SystemExit(2)
        started = time.perf_counter()
        result = load_demo(communes=communes, departments=departments, divisions=divisions)
        for app_demo in app_demo_loaders():
            app_demo.load(created=result.created)
        elapsed = time.perf_counter() - started
        if result.created:
            self.stdout.write(f"Đã tạo dữ liệu minh họa: {result.units} đơn vị trong {elapsed:.1f} giây.")
        else:
            self.stdout.write(f"Dữ liệu minh họa đã có sẵn ({result.units} đơn vị); không thay đổi gì.")
        if not quiet:
            self.stdout.write(f"\nTài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
            for username, role, where in demo_logins():
                self.stdout.write(f"  {username:<18} {role:<28} {where}")
