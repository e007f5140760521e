"""Messages of Django's administration site that Django's own Vietnamese catalogue lacks (templates
added after it was last translated). Listed here only so that ``make messages`` puts them in the
core catalogue, whose Vietnamese the administration site then shows: the interface is Vietnamese
whatever the browser asks for, the administration site included."""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_MESSAGES = [
    gettext_noop("Add another %(model)s"),
    gettext_noop("Add link"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Added:"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("By %(filter_title)s"),
    gettext_noop("Change or view list link"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Changed:"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("Deleted:"),
    gettext_noop("Error:"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Hide counts"),
    gettext_noop("Model name"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Show counts"),
    gettext_noop("Sidebar"),
    gettext_noop("Skip to main content"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Set password"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop("Messages"),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
    ngettext_lazy("%(counter)s result", "%(counter)s results", "counter"),
    ngettext_lazy("entry", "entries", "count"),
]
