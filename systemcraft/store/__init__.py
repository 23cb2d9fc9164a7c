"""The only place that speaks SQL: store/db.py (DB-API connections over SQLite and PostgreSQL),
store/queries.py (every statement, once) and store/repository.py (the use cases' reads and writes).
SQLAlchemy tables and Alembic (tables.py, migrate.py, migrations/) define and migrate the schema."""
