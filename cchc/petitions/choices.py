"""Fixed vocabularies of the petitions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a petition reached the unit."""

    PUBLIC_FORM = "public_form", _("Public form")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    NATIONAL_PORTAL = "national_portal", _("National public service portal")


#: channels staff may record by hand (the public form is the citizen's own)
STAFF_CHANNELS = [Channel.PHONE, Channel.LETTER, Channel.NATIONAL_PORTAL]


class Category(models.TextChoices):
    """The classes of QĐ 766 indicator 5.1 ([F766])."""

    REGULATION = "regulation", _("Regulation, policy or procedure")
    CONDUCT = "conduct", _("Conduct of a civil servant")
    OTHER = "other", _("Other")


#: the classes indicator 5.1 counts in its numerator
CLASSIFIED_CATEGORIES = frozenset({Category.REGULATION, Category.CONDUCT})


class Status(models.TextChoices):
    RECEIVED = "received", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Being handled")
    AWAITING_INFO = "awaiting_info", _("Awaiting more information")
    PENDING_APPROVAL = "pending_approval", _("Answer awaiting approval")
    APPROVED = "approved", _("Answer approved, awaiting publication")
    PUBLISHED = "published", _("Answer published")
    REJECTED = "rejected", _("Not accepted")


CLOSED_STATUSES = frozenset({Status.PUBLISHED, Status.REJECTED})
#: statuses in which the unit still handles the petition (the resolve deadline runs)
HANDLING_STATUSES = frozenset({Status.ACCEPTED, Status.AWAITING_INFO, Status.PENDING_APPROVAL})
#: statuses in which the petition may still be classified, transferred or answered
OPEN_FOR_ANSWER = frozenset({Status.ACCEPTED, Status.AWAITING_INFO})


class ContactPolicy(models.TextChoices):
    """Whether the public form asks the citizen for contact details (a unit's setting)."""

    HIDDEN = "hidden", _("Not asked (anonymous only)")
    OPTIONAL = "optional", _("Asked, optional")
    REQUIRED = "required", _("Required")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class EventKind(models.TextChoices):
    """One step of the handling, as the history shows it."""

    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTED = "accepted", _("Accepted for handling")
    REJECTED = "rejected", _("Rejected")
    INFO_REQUESTED = "info_requested", _("More information requested")
    INFO_RECEIVED = "info_received", _("More information received")
    TRANSFERRED = "transferred", _("Transferred")
    ANSWER_DRAFTED = "answer_drafted", _("Answer drafted")
    APPROVED = "approved", _("Answer approved")
    RETURNED = "returned", _("Answer returned for rework")
    PUBLISHED = "published", _("Answer published")
    WITHDRAWN = "withdrawn", _("Answer withdrawn from the public pages")
    REPUBLISHED = "republished", _("Answer published again")
    RATED = "rated", _("Rated by the citizen")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to the head of unit")
