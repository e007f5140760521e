"""How long loading the demo city takes at province scale (100 communes, 20 departments).

Prints ``seed_demo_100_communes_s`` (the issue's figure) and the number of units created.
"""

import io

from _common import emit, setup_django, timed

vendor = setup_django()

from django.core.management import call_command  # noqa: E402

from cchc.units.models import Unit  # noqa: E402

seconds, _ = timed(call_command, "seed_demo", communes=100, departments=20, divisions=3, quiet=True, stdout=io.StringIO())
emit("database", vendor)
emit("seed_demo_100_communes_s", seconds)
emit("seed_demo_units", Unit.objects.count())
