"""Dossiers on the persona world, shared by the page and API cases."""

from cchc.indicators.services import aggregates_refresh
from cchc.procedures.models import Dossier, IngestBatch, Procedure
from cchc.procedures.tests.factories import make_dossiers, make_procedure

EVERYONE = {"admin": 200, "steering": 200, "viewer": 200, "head": 200, "focal": 200, "staff": 200,
            "outsider": 200, "commune": 200}
DEPT_A_READERS = {**EVERYONE, "staff": 404, "outsider": 404, "commune": 404}


def add_dossiers(world) -> None:
    """A province catalogue entry and dossiers at Sở Xây dựng and the merged communes, aggregated."""
    procedure = make_procedure(world.province)
    make_dossiers(world.dept_a, procedure,
                  {"code": "SXD-EARLY", "received_at": "03/03/2025 09:00", "finished_at": "05/03/2025 10:00"},
                  {"code": "SXD-LATE", "received_at": "03/03/2025 09:00", "finished_at": "20/03/2025 10:00",
                   "apology_issued_on": "07/03/2025"},
                  {"code": "SXD-OPEN", "received_at": "24/03/2025 09:00", "channel": "online"})
    make_dossiers(world.commune_old_1, procedure,
                  {"code": "X1-JUNE", "received_at": "25/06/2025 09:00", "finished_at": "10/07/2025 10:00"})
    make_dossiers(world.commune_new, procedure,
                  {"code": "XM-JULY", "received_at": "15/07/2025 09:00", "finished_at": "16/07/2025 10:00"})
    aggregates_refresh()
    world.procedure = procedure
    world.dossier = Dossier.objects.get(code="SXD-LATE")


def dossier_state():
    return (
        list(Dossier.objects.order_by("code").values_list("code", "finished_at", "outcome", "due_date")),
        IngestBatch.objects.count(),
        list(Procedure.objects.order_by("code").values_list("code", "name", "fee")),
    )
