"""store/columns.py (what the DB-API store knows about each column, without importing SQLAlchemy) must
say exactly what store/tables.py (the schema's definition) says."""

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text

from systemcraft.store.columns import COLUMNS
from systemcraft.store.tables import metadata

KINDS = ((JSON, "json"), (Boolean, "bool"), (DateTime, "datetime"), (Date, "date"), (Float, "float"),
         (Integer, "int"), (String, "str"), (Text, "str"))


def kind(sql_type) -> str:
    return next(k for cls, k in KINDS if isinstance(sql_type, cls))


def test_every_table_and_column_and_kind_agree():
    from_tables = {name: {c.name: kind(c.type) for c in t.columns} for name, t in metadata.tables.items()}
    assert COLUMNS == from_tables
    for name, t in metadata.tables.items():            # column order too: the export reads in this order
        assert list(COLUMNS[name]) == [c.name for c in t.columns], name


def test_typed_rows_turn_sqlite_text_into_values():
    from datetime import date, datetime, timezone
    from systemcraft.store.repository import typed
    row = typed("cards", {"id": 3, "fsrs": '{"state": 2}', "due": "2026-11-23 04:00:00.000000",
                          "due_day": "2026-11-23", "suspended": 0, "prompt": "p"})
    assert row == {"id": 3, "fsrs": {"state": 2}, "due": datetime(2026, 11, 23, 4, tzinfo=timezone.utc),
                   "due_day": date(2026, 11, 23), "suspended": False, "prompt": "p"}
