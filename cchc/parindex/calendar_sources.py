"""Campaign deadlines a calendar change moves (registered with ``cchc.calendar.changes`` in ``apps.py``).

A campaign stores its four deadlines, each counted in working days from the previous one (from the
opening for the first). A change of the calendar recounts them for every campaign whose results are
not published; ``apply`` stores the new dates once the change is saved.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource, MovedDeadline

FIELDS = ("self_due", "appraisal_due", "explanation_due", "publication_due")


def _labels():
    return {"self_due": _("Self-assessment due"), "appraisal_due": _("Appraisal due"),
            "explanation_due": _("Explanations due"), "publication_due": _("Publication due")}


def _dues(campaign, calendar):
    from cchc.parindex.services import deadlines_for

    dues = deadlines_for(campaign.opens_on, campaign.self_days, campaign.appraisal_days, campaign.explanation_days,
                         campaign.publication_days, add=calendar.add_working_days)
    return dict(zip(FIELDS, dues, strict=True))


def moved_campaign_deadlines(before, after, changed_days):
    from cchc.parindex.choices import CampaignStatus
    from cchc.parindex.models import AssessmentCampaign

    last = max(changed_days)
    labels = _labels()
    for campaign in AssessmentCampaign.objects.filter(status=CampaignStatus.OPEN, opens_on__lte=last).order_by("pk"):
        old, new = _dues(campaign, before), _dues(campaign, after)
        for name in FIELDS:
            if old[name] != new[name]:
                yield MovedDeadline(kind=_("PAR INDEX"), label=f"{campaign.title} – {labels[name]}", old=old[name],
                                    new=new[name], key=("par_campaign", campaign.pk, name))


def apply_moved(moved, after) -> None:
    from cchc.parindex.models import AssessmentCampaign

    for campaign_id in sorted({m.key[1] for m in moved}):
        campaign = AssessmentCampaign.objects.get(pk=campaign_id)
        for name, value in _dues(campaign, after).items():
            setattr(campaign, name, value)
        campaign.save(update_fields=list(FIELDS))


SOURCE = DeadlineSource(name="parindex", moved=moved_campaign_deadlines, apply=apply_moved)
