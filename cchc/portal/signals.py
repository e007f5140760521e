"""Keeping the portal in step with rows other apps own: the search keys of units and procedures, and the
portal's version (``cache.bump``) when something its pages show changes outside a publication: a unit
(names, reorganisations), the procedure catalogue and its publication facts, the QĐ 766 scoring rules,
the calendar's days off (overdue flags), a report with a published section. Plan progress and aggregate refreshes need no signal: the
sections read them into the version (``Section.version``).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cchc.portal import cache, search
from cchc.portal.models import SearchKey


def _unit_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index(SearchKey.Kind.UNIT, instance)
    cache.bump()


def _unit_deleted(sender, instance, **kwargs):
    search.forget(SearchKey.Kind.UNIT, instance.pk)
    cache.bump()


def _procedure_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index(SearchKey.Kind.PROCEDURE, instance)
    cache.bump()


def _procedure_deleted(sender, instance, **kwargs):
    search.forget(SearchKey.Kind.PROCEDURE, instance.pk)
    cache.bump()


def _changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        cache.bump()


def _report_saved(sender, instance, raw=False, **kwargs):
    """A report shows on the portal only through its published sections: bump only for such a report."""
    from cchc.portal.report_section import published_codes

    if not raw and published_codes(instance):
        cache.bump()


def connect() -> None:
    from cchc.indicators.models import ScoringRule
    from cchc.procedures.models import CalendarAdjustment, Procedure, ProcedurePublication
    from cchc.reporting.models import Report
    from cchc.units.models import Unit

    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="portal-unit-saved")
    post_delete.connect(_unit_deleted, sender=Unit, dispatch_uid="portal-unit-deleted")
    post_save.connect(_procedure_saved, sender=Procedure, dispatch_uid="portal-procedure-saved")
    post_delete.connect(_procedure_deleted, sender=Procedure, dispatch_uid="portal-procedure-deleted")
    post_save.connect(_report_saved, sender=Report, dispatch_uid="portal-report-saved")
    for model in (ProcedurePublication, ScoringRule, CalendarAdjustment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"portal-{model._meta.label_lower}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"portal-{model._meta.label_lower}-deleted")
