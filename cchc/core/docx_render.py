"""Fill an administrator's Word template (docxtpl) without letting the template run code.

A Word template is a user upload: its ``{{ … }}`` tags are Jinja code. Every template of the platform is
rendered here and nowhere else (a project test checks it), with:

- Jinja's ``ImmutableSandboxedEnvironment``: no ``__class__``/``__globals__`` style attribute, no call of
  an unsafe or mutating method; a template that tries raises ``SecurityError``;
- no global names (no ``cycler``, ``range``, ``lipsum``…): a template sees only the documented variables;
- ``StrictUndefined``: an unknown variable is an error, found when the template is checked at upload;
- a context of plain data only (``plain``): dicts, lists, strings, numbers, dates as text; never a model
  object whose methods a template could call;
- the archive checked for a zip bomb (``cchc.core.archives``) before it is opened;
- ``*`` and ``**`` bounded, so a template cannot build a gigabyte string.

Every failure is a ``TemplateProblem`` carrying a Vietnamese message for the page.
"""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal
from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from cchc.core.archives import ArchiveError, check_archive

#: the longest string or list ``*`` may build, and the largest exponent of ``**``
MAX_REPEAT = 10_000
MAX_EXPONENT = 64


class TemplateProblem(Exception):
    """A Word template that cannot be filled; ``str()`` is the Vietnamese message for the page."""


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError("exponent too large")
            return operator.pow(left, right)
        for sequence, count in ((left, right), (right, left)):
            repeats = isinstance(sequence, str | list | tuple) and isinstance(count, int)
            if repeats and len(sequence) * count > MAX_REPEAT:
                raise SecurityError("repetition too large")
        return operator.mul(left, right)


def environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandbox (docxtpl changes ``autoescape`` on the environment it is given)."""
    env = _Sandbox(autoescape=True, undefined=StrictUndefined)
    env.globals.clear()
    return env


def plain(value):
    """``value`` as plain data a template may read: dicts, lists, text, numbers; anything else is refused."""
    if value is None or isinstance(value, bool | int | float | Decimal | Markup):
        return value
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if hasattr(value, "xml") and hasattr(value, "__html__"):  # docxtpl RichText: its WordprocessingML only
        return Markup(value.xml)
    raise TypeError(f"{type(value).__name__} is not plain data for a Word template")


def render(template: bytes, context: dict) -> bytes:
    """The filled Word file; ``TemplateProblem`` with a Vietnamese message when the template cannot be filled."""
    from docxtpl import DocxTemplate

    values = plain(context)
    try:
        check_archive(BytesIO(template), what=_("The Word template"))
    except ArchiveError as error:
        raise TemplateProblem(str(error)) from None
    try:
        document = DocxTemplate(BytesIO(template))
        document.render(values, jinja_env=environment(), autoescape=True)
        out = BytesIO()
        document.save(out)
    except SecurityError as error:
        raise TemplateProblem(
            _("The Word template uses something that is not allowed: {error}").format(error=str(error)[:200])
        ) from None
    except Exception as error:  # noqa: BLE001 - docxtpl raises many kinds (zip, XML, Jinja); all mean "unusable"
        raise TemplateProblem(describe(error)) from None
    return out.getvalue()


def describe(error: Exception) -> str:
    return _("The Word template could not be filled: {error}").format(error=str(error)[:300] or type(error).__name__)


def check(file, sample: dict) -> str | None:
    """A Vietnamese message when the uploaded ``file`` is not a template that fills ``sample``, else None."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        render(data, sample)
    except TemplateProblem as problem:
        return str(problem)
    return None


def stored_bytes(file_field) -> bytes:
    """The content of an uploaded template; a file gone from storage is a ``TemplateProblem``, not a crash."""
    try:
        with file_field.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise TemplateProblem(
            _("The uploaded Word template is missing from storage; upload it again or delete it.")
        ) from None
