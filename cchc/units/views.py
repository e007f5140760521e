from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from cchc.core.views import ScopedDetailView, ScopedMixin, ServiceFormView
from cchc.units import selectors, services
from cchc.units.forms import (
    MembershipEndForm,
    MembershipForm,
    SplitDivideForm,
    TreeFilterForm,
    UnitCreateForm,
    UnitMergeForm,
)
from cchc.units.models import ChangeKind, Membership, Unit
from cchc.units.roles import Perm, grantable_roles
from cchc.units.scoping import may_grant_on, perms_on, user_can


class UnitTreeView(ScopedMixin, generic.TemplateView):
    """The hierarchy the user may see, searchable and collapsible, as of a date."""

    template_name = "units/tree.html"
    queryset = Unit.objects.all()
    permission = Perm.VIEW

    def get_context_data(self, **kwargs):
        form = TreeFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        on = filters.get("on") or timezone.localdate()
        tree = selectors.unit_tree(
            user=self.request.user, on=on, include_closed=filters.get("include_closed", False), query=filters.get("q", "")
        )
        return super().get_context_data(form=form, tree=tree, on=on, **kwargs)

    def get_template_names(self):
        if self.request.htmx:
            return ["units/_tree.html"]
        return [self.template_name]


class UnitDetailView(ScopedDetailView):
    template_name = "units/detail.html"
    queryset = Unit.objects.select_related("parent")
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        unit = self.object
        user = self.request.user
        children = unit.children.visible_to(user, Perm.VIEW).order_by("valid_to", "name")
        return super().get_context_data(
            ancestors=selectors.unit_ancestors(unit=unit),
            children=children,
            history_lines=selectors.unit_history_lines(unit=unit),
            predecessors=selectors.unit_predecessors(unit=unit),
            successors=selectors.unit_successors(unit=unit),
            memberships=selectors.unit_memberships(user=user, unit=unit),
            can_manage_units=user_can(user, Perm.MANAGE_UNITS, unit),
            split=unit.valid_to is not None and unit.changes_as_predecessor.filter(kind=ChangeKind.SPLIT).exists(),
            can_manage_members=user_can(user, Perm.MANAGE_MEMBERS, unit),
            endable_roles=grantable_roles(perms_on(user, unit)),
            **kwargs,
        )


class UnitAuditView(ScopedDetailView):
    """Who changed the unit and its memberships, and when."""

    template_name = "units/audit.html"
    queryset = Unit.objects.all()
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        unit = self.object
        records = list(unit.history.select_related("history_user").order_by("-history_date")[:200])
        member_records = list(
            Membership.history.filter(unit_id=unit.pk).select_related("history_user").order_by("-history_date")[:200]
        )
        entries = sorted(records + member_records, key=lambda r: r.history_date, reverse=True)
        return super().get_context_data(entries=entries, **kwargs)


class UnitCreateChildView(ServiceFormView):
    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = UnitCreateForm
    title = _("Add a unit below")

    def run_service(self, form):
        self.success_message = _("The unit was created.")
        return services.unit_create(parent=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class UnitMergeView(ServiceFormView):
    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = UnitMergeForm

    def run_service(self, form):
        data = form.cleaned_data
        new_unit = None
        if data.get("new_name"):
            new_unit = {
                "name": data["new_name"],
                "code": data["new_code"],
                "kind": data["new_kind"],
                "parent": data.get("new_parent") or self.object.parent,
            }
        change = services.unit_merge(
            sources=[self.object, *data.get("other_sources", [])],
            into=data.get("into"),
            new_unit=new_unit,
            effective=data["effective"],
            decision=data["decision"],
            actor=self.request.user,
        )
        self.success_message = _("The merger was recorded.")
        return change.successors.first()

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class UnitDivideView(ServiceFormView):
    """Confirm how the split of the unit on the page divides its dossiers, tasks and reports."""

    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = SplitDivideForm

    def get_object(self, queryset=None):
        unit = super().get_object(queryset)
        self.change = unit.changes_as_predecessor.filter(kind=ChangeKind.SPLIT).first()
        if self.change is None:
            raise Http404
        return unit

    @property
    def title(self) -> str:
        return _("Divide the data of {unit} among the new units").format(unit=self.object.name)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "successors": list(self.change.successors.order_by("code"))}

    def get_initial(self):
        return {"default_successor": self.change.default_successor_id}

    def run_service(self, form):
        data = form.cleaned_data
        rows = services.split_mapping_rows(change=self.change, lines=data["mapping"])
        services.unit_split_divide(
            change=self.change, assignments=rows, default_successor=data.get("default_successor"), actor=self.request.user
        )
        self.success_message = _("The division of the data was recorded.")
        return self.object


class MembershipCreateView(ServiceFormView):
    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_MEMBERS
    form_class = MembershipForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        self.success_message = _("The role was granted.")
        return services.membership_create(user=data.pop("username"), unit=self.object, actor=self.request.user, **data)


class MembershipEndView(ServiceFormView):
    queryset = Membership.objects.select_related("unit", "user")
    write_permission = Perm.MANAGE_MEMBERS
    form_class = MembershipEndForm

    def check_write(self, obj) -> None:
        """403 unless the user may grant this membership's role on its unit (the rule of ending)."""
        if not may_grant_on(self.request.user, obj.role, obj.unit):
            raise PermissionDenied(self.write_permission)

    def run_service(self, form):
        self.success_message = _("The membership was ended.")
        return services.membership_end(membership=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return self.object.unit.get_absolute_url()
