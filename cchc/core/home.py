"""Panels of the home page beside "Việc cần làm" (``cchc.core.todo``): a chart of the unit's task
completion, its indicators against targets, and whatever other apps add.

An app registers ``home.register_panel(name, provider)`` in its ``AppConfig.ready``, where
``provider(request) -> Panel | None`` reads through its own selectors and the one scoping function;
``None`` shows nothing. The core app never imports the apps that register.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Panel", "panels_for", "register_panel"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    #: the template rendered inside the panel's card, e.g. "plans/_home_panel.html"
    template: str
    context: dict = field(default_factory=dict)
    #: lower first on the page
    order: int = 100


PanelProvider = Callable[[object], "Panel | None"]
_PANELS: dict[str, PanelProvider] = {}


def register_panel(name: str, provider: PanelProvider) -> None:
    """Add (or replace, on app reload) the panel provider called ``name``."""
    _PANELS[name] = provider


def panels_for(request) -> list[Panel]:
    """Every provider's panel for the request's user, in page order; a provider that fails is logged and left out."""
    found = []
    for name, provider in _PANELS.items():
        try:
            panel = provider(request)
        except Exception:
            log.exception("the home panel %r failed", name)
            continue
        if panel is not None:
            found.append(panel)
    return sorted(found, key=lambda panel: panel.order)
