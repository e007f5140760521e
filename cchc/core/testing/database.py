"""Test helpers for tests that commit: putting back the rows the data migrations wrote."""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection


def restore_initial_rows() -> None:
    """Insert again the rows the suite serialized after migrating (metric catalogue, official
    calendar, counting rules), then move every table's id sequence past them, as ``loaddata`` does:
    the rows keep their ids, so without it PostgreSQL's next insert would reuse id 1."""
    initial = getattr(connection, "_test_serialized_contents", None)
    if not initial:
        return
    connection.creation.deserialize_db_from_string(initial)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
