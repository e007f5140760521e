"""One translation per message across the Vietnamese catalogues.

Django merges the per-app catalogues and the first app's translation of a message wins everywhere, so
a message translated differently in two apps shows the first app's wording on the other app's pages
too. A message whose meaning differs between apps carries a context (msgctxt) instead.
"""

from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def catalogues() -> list[Path]:
    """The project's own catalogues: each app's and the project templates' (DRF's is a separate vocabulary)."""
    found = [*BASE.glob("cchc/*/locale/vi/LC_MESSAGES/django.po"), BASE / "locale" / "vi" / "LC_MESSAGES" / "django.po"]
    return sorted(path for path in found if path.exists())


def translations() -> dict[tuple, dict[str, object]]:
    """(context, message, plural) → {catalogue: translation}."""
    found: dict[tuple, dict[str, object]] = defaultdict(dict)
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            found[(entry.msgctxt, entry.msgid, entry.msgid_plural)][str(path.relative_to(BASE))] = value
    return found


def test_there_are_several_catalogues_to_compare():
    assert len(catalogues()) >= 8


def test_no_message_is_translated_differently_in_two_catalogues():
    conflicts = {
        f"{context + ' | ' if context else ''}{message}": sorted(set(map(str, by_catalogue.values())))
        for (context, message, _plural), by_catalogue in translations().items()
        if len(set(by_catalogue.values())) > 1
    }
    assert conflicts == {}, "translate these the same everywhere, or give the different meanings a msgctxt"
