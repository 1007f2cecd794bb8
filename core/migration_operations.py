"""Migration operations that keep SQLite (the embedded development database) from rebuilding a table.

Django adds a column on SQLite by rebuilding the table, which recreates its indexes; the initiatives
table has indexes with NULLS LAST that SQLite cannot declare (proposals 0005), so a rebuild fails there.
"""

from typing import Any

from django.db import migrations


class AddColumnWithoutRemake(migrations.AddField):
    """On SQLite a plain ALTER TABLE ADD COLUMN; elsewhere Django's own AddField."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.name)
        definition, _ = schema_editor.column_sql(model, field, include_default=True)
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} "
            f"ADD COLUMN {schema_editor.quote_name(field.column)} {definition}"
        )
