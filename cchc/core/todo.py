""""Việc cần làm": what each app asks of the signed-in user now, for the home page.

Each app registers a provider in its ``AppConfig.ready``; the home page asks every provider and
shows each item as a count with a link to the filtered list that holds exactly those rows:

    todo.register(name, provider)      # provider(user) -> Iterable[todo.Item]

A provider reads through its app's selectors and the one scoping function, so a count never
includes a row the user cannot open. The core app never imports the apps that register.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

__all__ = ["Group", "Item", "grouped", "items_for", "register"]

#: Headings of the home page's sections, in page order; a group not listed here comes last under "Other".
GROUP_LABELS = {
    "tasks": _("Tasks"),
    "reports": _("Reports"),
    "plans": _("Plans"),
    "inspections": _("Inspections and remediation"),
    "parindex": _("PAR INDEX assessment"),
    "petitions": _("Petitions"),
}


@dataclass(frozen=True)
class Item:
    #: Vietnamese, e.g. "Nhiệm vụ quá hạn của tôi"
    label: str
    count: int
    #: the filtered list that shows exactly these ``count`` rows
    url: str
    #: overdue or late: shown as a warning
    urgent: bool = False
    #: sections of the home page: "tasks", "reports", "plans", "inspections", "parindex", "petitions", …
    group: str = ""
    #: lower first within the page
    order: int = 100


Provider = Callable[[object], Iterable[Item]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add (or replace, on app reload) the provider called ``name``."""
    _PROVIDERS[name] = provider


def items_for(user) -> list[Item]:
    """Every provider's items for ``user`` (items with a count of 0 included), in page order.

    A provider that fails is logged and left out: the home page still shows the others.
    """
    found = []
    for name, provider in _PROVIDERS.items():
        try:
            found.extend(provider(user))
        except Exception:
            log.exception("the to-do provider %r failed", name)
    return sorted(found, key=lambda item: (item.order, item.label))


@dataclass
class Group:
    """One section of the home page: its heading and its items."""

    code: str
    label: str
    items: list[Item] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(item.count for item in self.items)


def grouped(items: Iterable[Item]) -> list[Group]:
    """Items under their section, sections in ``GROUP_LABELS`` order, unknown groups last."""
    groups: dict[str, Group] = {}
    for item in items:
        code = item.group if item.group in GROUP_LABELS else "other"
        if code not in groups:
            groups[code] = Group(code, str(GROUP_LABELS.get(code, _("Other"))))
        groups[code].items.append(item)
    order = {code: index for index, code in enumerate(GROUP_LABELS)}
    return sorted(groups.values(), key=lambda group: order.get(group.code, len(order)))
