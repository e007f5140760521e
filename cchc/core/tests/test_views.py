"""Base views: a form on a unit chosen in the form lists exactly the units the view lets the user write to."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cchc.core.forms import ScopedForm
from cchc.core.views import UnitChoiceFormView
from cchc.units.models import Unit
from cchc.units.roles import Perm


class EditForm(ScopedForm):
    choice_permission = Perm.EDIT


class MismatchedView(UnitChoiceFormView):
    queryset = Unit.objects.all()
    write_permission = Perm.STEER
    form_class = EditForm


def test_a_form_listing_other_units_than_the_view_writes_to_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="choice_permission"):
        MismatchedView.as_view()(RequestFactory().get("/"))
