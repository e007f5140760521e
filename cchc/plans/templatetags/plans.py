"""Small template helpers of the plans pages."""

import html
from typing import NamedTuple

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key`` (dictionaries with non-string keys)."""
    return mapping.get(key) if mapping else None


@register.filter
def overdue(item, today):
    """``task|overdue:today`` or ``period|overdue:today``."""
    return item.is_overdue(today)


@register.filter
def due_soon(period, today):
    return period.is_due_soon(today)


def _escape(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper, which costs more than escaping itself."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


#: Stands for the task id in the task page's address, reversed once per table.
_PK_PLACEHOLDER = 999_999_999_999


class TaskRow(NamedTuple):
    """One ``<tr>`` of a plan's task table, cut around the task's (escaped) title."""

    pk: int
    number: str
    before: str
    title: str
    after: str


def task_row_parts(tasks, status_labels, today) -> list[TaskRow]:
    """The ``<tr>`` rows of a plan's task table, each cut around the task's title (``TaskRow``). Whether the title links to the task page
    depends on who reads (``task_rows``); the rest does not and is cached (``selectors.plan_task_table``).

    Written in Python rather than as a template loop: a plan of 500 tasks has some 15,000 cells
    and lookups, which the template engine renders ten times slower. Every text is escaped; the
    tasks come from ``selectors.plan_tasks`` (with ``coordinator_list`` and ``period_list``).
    """
    esc = _escape
    from_label, overdue_label, to_check_label = esc(gettext("From")), esc(gettext("overdue")), esc(gettext("to check"))
    rows = []
    for task in tasks:
        number = esc(task.number)
        after = ""
        source = task.source_task
        if source is not None:
            after += (f'\n      <div class="muted small">{from_label}: {esc(source.plan.unit.name)} – '
                      f"{esc(source.plan.number or source.plan.title)}</div>")
        if task.taken_up:
            label = ngettext("taken up by %(n)s unit", "taken up by %(n)s units", task.taken_up) % {"n": task.taken_up}
            after += f'\n      <div class="muted small">{esc(label)}</div>'
        coordinators = "; ".join(esc(unit.name) for unit in task.coordinator_list) or esc(task.coordinators_text)
        timeframe = esc(task.timeframe or "—")
        if task.timeframe_needs_review:
            timeframe += f' <span class="badge warn" title="{esc(task.timeframe_review_reason)}">{to_check_label}</span>'
        elif task.due_date:
            timeframe += f'<div class="muted small">{task.due_date:%d/%m/%Y}</div>'
        budget = esc(task.budget_source)
        if task.budget_amount:
            budget += f'<div class="small">{esc(floatformat(task.budget_amount, "0g"))} đ</div>'
        late = f' <span class="badge closed">{overdue_label}</span>' if task.is_overdue(today) else ""
        percent = int(task.percent)
        before = (f'<tr data-task="{number}" class="{"subtask" if task.parent_id else ""}">\n'
                  f"    <td>{number}</td>\n"
                  "    <td>")
        after += (
            "</td>\n"
            f'    <td>{"; ".join(esc(product) for product in task.products or ())}</td>\n'
            f'    <td>{esc(task.lead_text or "—")}</td>\n'
            f"    <td>{coordinators}</td>\n"
            f"    <td>{timeframe}</td>\n"
            f"    <td>{budget}</td>\n"
            f'    <td><span class="badge status-{esc(task.status)}">{esc(status_labels.get(task.status, task.status))}</span>'
            f'{late}<progress class="progress" value="{percent}" max="100" title="{percent}%">{percent}%</progress></td>\n'
            "  </tr>"
        )
        rows.append(TaskRow(task.pk, task.number, before, esc(task.title), after))
    return rows


@register.simple_tag
def task_rows(rows, readable_task_ids):
    """The rows of ``task_row_parts``, each title a link to the task page when ``readable_task_ids``
    holds the task."""
    url_pattern = reverse("plans:task", args=[_PK_PLACEHOLDER])
    placeholder = str(_PK_PLACEHOLDER)
    html_rows = []
    for row in rows:
        title = row.title
        if row.pk in readable_task_ids:
            title = f'<a href="{url_pattern.replace(placeholder, str(row.pk))}">{title}</a>'
        html_rows.append(row.before + title + row.after)
    return mark_safe("\n  ".join(html_rows))  # noqa: S308 - every value is escaped by task_row_parts
