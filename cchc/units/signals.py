"""When the unit graph read for the current request must be read again (``scoping.UnitGraph.load``).

Request start and end turn the per-request reading on and off; a write to a unit or to a
reorganisation link, wherever it comes from (services, admin), forgets what was read.
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

from cchc.units.models import Unit, UnitChange
from cchc.units.scoping import graph_memo_end, graph_memo_forget, graph_memo_start


def connect() -> None:
    request_started.connect(graph_memo_start, dispatch_uid="units_graph_memo_start")
    request_finished.connect(graph_memo_end, dispatch_uid="units_graph_memo_end")
    for model in (Unit, UnitChange):
        post_save.connect(graph_memo_forget, sender=model, dispatch_uid=f"units_graph_forget_save_{model.__name__}")
        post_delete.connect(graph_memo_forget, sender=model, dispatch_uid=f"units_graph_forget_delete_{model.__name__}")
    for through in (UnitChange.predecessors.through, UnitChange.successors.through):
        m2m_changed.connect(graph_memo_forget, sender=through, dispatch_uid=f"units_graph_forget_{through.__name__}")
