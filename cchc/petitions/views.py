"""Staff pages of the petitions app. Each view is scoped (``cchc.core.views``) and calls one selector or service."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.uploads import bytes_response, file_response
from cchc.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from cchc.petitions import exports, handling, portal_section, selectors, services
from cchc.petitions.choices import CLOSED_STATUSES, OPEN_FOR_ANSWER, Status
from cchc.petitions.forms import (
    AnswerForm,
    ApproveForm,
    ClassifyForm,
    DecideForm,
    FilterForm,
    InfoReceivedForm,
    PublishForm,
    RegisterForm,
    RequestInfoForm,
    SettingForm,
    TransferForm,
    WithdrawForm,
)
from cchc.petitions.models import Petition, PetitionAttachment, PetitionRating
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can


class PetitionListView(ScopedListView):
    """Petitions of the units in reach, with filters (and the to-do filters of the home page); XLSX export."""

    template_name = "petitions/list.html"
    queryset = Petition.objects.all()
    context_object_name = "petitions"
    paginate_by = 50

    def filters(self) -> selectors.Filters:
        self.form = FilterForm(self.request.GET or None)
        if not self.form.is_valid():
            return selectors.Filters()
        data = self.form.cleaned_data
        return selectors.Filters(q=data["q"].strip(), status=data["status"], category=data["category"], channel=data["channel"],
                                 received_from=data["received_from"], received_to=data["received_to"], todo=data["todo"])

    def get_queryset(self):
        return selectors.petition_list(self.request.user, self.filters(), timezone.localdate())

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            data = exports.staff_workbook(self.get_queryset()[:20000], timezone.localdate())
            return bytes_response(data, download_name="phan-anh-kien-nghi.xlsx", content_type="application/"
                                  "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        current = getattr(self.request, "current_unit_id", None)
        can_register = current is not None and user_can(self.request.user, Perm.EDIT, current)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        return super().get_context_data(
            form=self.form, register_unit_id=current if can_register else None, today=timezone.localdate(),
            query=query.urlencode(), todo=self.request.GET.get("todo", ""), **kwargs,
        )


class PetitionDetailView(ScopedDetailView):
    """A petition: what it says, what it concerns, its deadlines, attachments, steps and the actions open now."""

    template_name = "petitions/detail.html"
    queryset = Petition.objects.select_related("unit", "answered_by", "approved_by", "created_by")
    context_object_name = "petition"

    def get_context_data(self, **kwargs):
        petition, user = self.object, self.request.user
        can_edit = user_can(user, Perm.EDIT, petition.unit_id)
        can_approve = user_can(user, Perm.APPROVE, petition.unit_id)
        status = petition.status
        actions = []
        if can_edit:
            if status in handling.CLASSIFIABLE:
                actions.append(("petitions:classify", _("Classify")))
            if status == Status.RECEIVED:
                actions.append(("petitions:decide", _("Accept or reject")))
            if status == Status.ACCEPTED:
                actions.append(("petitions:request_info", _("Ask for more information")))
            if status == Status.AWAITING_INFO:
                actions.append(("petitions:info_received", _("Record the information received")))
            if status in handling.TRANSFERABLE:
                actions.append(("petitions:transfer", _("Transfer")))
            if status in OPEN_FOR_ANSWER:
                actions.append(("petitions:answer", _("Draft the answer")))
            if status == Status.APPROVED:
                actions.append(("petitions:publish", _("Publish the answer")))
        if can_approve and status == Status.PENDING_APPROVAL:
            actions.append(("petitions:approve", _("Approve or return the answer")))
        on_portal = status == Status.PUBLISHED and portal_section.is_on_portal(petition)
        if can_approve and on_portal:
            actions.append(("petitions:withdraw", _("Withdraw the answer from the public pages")))
        if can_edit and status == Status.PUBLISHED and not on_portal:
            actions.append(("petitions:republish", _("Publish the answer again")))
        today = timezone.localdate()
        return super().get_context_data(
            events=selectors.petition_events(petition), attachments=petition.attachments.all(), can_edit=can_edit,
            actions=actions, today=today, overdue=petition.is_overdue(today), closed=status in CLOSED_STATUSES,
            rating=PetitionRating.objects.filter(petition=petition).first(),
            has_letter=bool(petition.answer), on_portal=on_portal, **kwargs,
        )


class PetitionRegisterView(ServiceFormView):
    """An officer records a petition received by phone, letter or from the national portal."""

    queryset = Unit.objects.all()
    write_permission = Perm.EDIT
    form_class = RegisterForm
    title = gettext_lazy("Record a petition")

    def get_initial(self):
        return {"received_at": timezone.localtime().replace(second=0, microsecond=0)}

    def run_service(self, form):
        data = form.cleaned_data
        petition = services.petition_register(
            unit=self.object, channel=data["channel"], received_at=data.get("received_at"), actor=self.request.user,
            intake=services.Intake(**form.intake_data()), files=data.get("files") or [], external_code=data.get("external_code") or "",
        )
        self.success_message = _("Petition no. {number} was recorded; tracking code {code}.").format(
            number=petition.pk, code=petition.tracking_display)
        return petition

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class StepView(ServiceFormView):
    """One handling step on one petition (``handling``); the form carries the number of steps seen."""

    queryset = Petition.objects.select_related("unit")
    write_permission = Perm.EDIT
    template_name = "petitions/step.html"

    def get_initial(self):
        return {"version": self.object.events.count()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(petition=self.object, **kwargs)

    def step(self, data: dict):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def run_service(self, form):
        data = form.cleaned_data
        self.step(data)
        return self.object


class ClassifyView(StepView):
    form_class = ClassifyForm
    title = gettext_lazy("Classify the petition")

    def get_initial(self):
        return {**super().get_initial(), "category": self.object.category or None}

    def step(self, data):
        handling.petition_classify(petition=self.object, category=data["category"], note=data["note"], actor=self.request.user,
                                   version=data["version"])
        self.success_message = _("The petition was classified.")


class DecideView(StepView):
    form_class = DecideForm
    title = gettext_lazy("Accept or reject the petition")

    def step(self, data):
        if data["decision"] == DecideForm.ACCEPT:
            handling.petition_accept(petition=self.object, note=data["reason"], actor=self.request.user, version=data["version"])
            self.success_message = _("The petition was accepted for handling.")
        else:
            handling.petition_reject(petition=self.object, reason=data["reason"], actor=self.request.user, version=data["version"])
            self.success_message = _("The petition was not accepted; the reason is shown to the petitioner.")


class RequestInfoView(StepView):
    form_class = RequestInfoForm
    title = gettext_lazy("Ask for more information")

    def step(self, data):
        handling.petition_request_info(petition=self.object, request=data["request"], actor=self.request.user, version=data["version"])
        self.success_message = _("The request for more information was recorded.")


class InfoReceivedView(StepView):
    form_class = InfoReceivedForm
    title = gettext_lazy("Record the information received")

    def step(self, data):
        handling.petition_info_received(petition=self.object, note=data["note"], actor=self.request.user, version=data["version"])
        self.success_message = _("The information was recorded; the petition is being handled again.")


class TransferView(StepView):
    form_class = TransferForm
    title = gettext_lazy("Transfer to the competent unit")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "petition": self.object}

    def step(self, data):
        handling.petition_transfer(petition=self.object, to_unit=data["to_unit"], note=data["note"], actor=self.request.user,
                                   version=data["version"])
        self.success_message = _("The petition was transferred to {unit}.").format(unit=data["to_unit"].name)

    def get_success_url(self, result=None):
        """The petition's page if the officer still reaches it, else the list."""
        if self.object.pk and Petition.objects.visible_to(self.request.user, Perm.VIEW).filter(pk=self.object.pk).exists():
            return self.object.get_absolute_url()
        return reverse("petitions:list")


class AnswerView(StepView):
    form_class = AnswerForm
    title = gettext_lazy("Draft the answer")

    def get_initial(self):
        return {**super().get_initial(), "answer": self.object.answer}

    def step(self, data):
        handling.petition_answer_draft(petition=self.object, answer=data["answer"], actor=self.request.user, version=data["version"])
        self.success_message = _("The answer was sent to the head of unit for approval.")


class ApproveView(StepView):
    write_permission = Perm.APPROVE
    form_class = ApproveForm
    title = gettext_lazy("Approve the answer")

    def step(self, data):
        if data["decision"] == ApproveForm.APPROVE:
            handling.petition_approve(petition=self.object, note=data["note"], actor=self.request.user, version=data["version"])
            self.success_message = _("The answer was approved; publish it within 2 working days.")
        else:
            handling.petition_return(petition=self.object, note=data["note"], actor=self.request.user, version=data["version"])
            self.success_message = _("The answer was returned for rework.")


class PublishView(StepView):
    form_class = PublishForm
    title = gettext_lazy("Publish the answer")

    def get_initial(self):
        return {**super().get_initial(), "summary": handling.publication_draft(self.object)}

    def step(self, data):
        handling.petition_publish(petition=self.object, summary=data["summary"], actor=self.request.user, version=data["version"])
        self.success_message = _("The answer was published.")


class WithdrawView(StepView):
    """The head of unit takes a published answer off every public page."""

    write_permission = Perm.APPROVE
    form_class = WithdrawForm
    title = gettext_lazy("Withdraw the answer from the public pages")

    def step(self, data):
        handling.petition_withdraw(petition=self.object, note=data["note"], actor=self.request.user, version=data["version"])
        self.success_message = _("The answer was withdrawn from the public pages.")


class RepublishView(StepView):
    """An officer publishes a withdrawn answer again, with its summary corrected."""

    form_class = PublishForm
    title = gettext_lazy("Publish the answer again")

    def get_initial(self):
        return {**super().get_initial(), "summary": self.object.public_summary or handling.publication_draft(self.object)}

    def step(self, data):
        handling.petition_republish(petition=self.object, summary=data["summary"], actor=self.request.user, version=data["version"])
        self.success_message = _("The answer is on the public pages again.")


class AnswerLetterView(ScopedDetailView):
    """The answer letter as Word (no contact details; every value escaped)."""

    queryset = Petition.objects.select_related("unit__parent", "approved_by")

    def get(self, request, *args, **kwargs):
        petition = self.get_object()
        if not petition.answer:
            raise Http404
        summary = petition.public_summary or handling.publication_draft(petition)
        parent = petition.unit.parent.name if petition.unit.parent else ""
        data = exports.answer_docx(petition, summary=summary, issuer=petition.unit.name, parent=parent)
        return bytes_response(data, download_name=f"tra-loi-phan-anh-{petition.pk}.docx",
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class AttachmentView(ScopedDetailView):
    """An attachment, always as a download."""

    queryset = PetitionAttachment.objects.all()

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return file_response(attachment.file, download_name=attachment.file_name)


class SettingView(ServiceFormView):
    """A unit's setting: whether the public form asks for contact details (units below follow it)."""

    queryset = Unit.objects.all()
    write_permission = Perm.EDIT
    form_class = SettingForm
    title = gettext_lazy("Petitions: contact details on the public form")

    def get_initial(self):
        return {"contact_policy": services.contact_policy_for(self.object)}

    def run_service(self, form):
        services.petition_setting_update(unit=self.object, contact_policy=form.cleaned_data["contact_policy"], actor=self.request.user)
        self.success_message = _("The setting was saved.")
        return self.object

    def get_success_url(self, result=None):
        return reverse("petitions:list")
