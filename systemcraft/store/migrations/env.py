"""Alembic environment: the caller hands over an open connection (see store/migrate.py).

The whole upgrade runs in the caller's one transaction (store/migrate.py opens it; on SQLite the engine
makes DDL transactional, see repository.make_engine): every revision's DDL and the alembic_version row
commit together, so a kill leaves the old schema or the new one, never half of it.
"""

from alembic import context

from systemcraft.store.tables import metadata

connection = context.config.attributes["connection"]
assert connection.in_transaction(), "migrations run inside the caller's transaction"
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    transactional_ddl=True,            # SQLite too: the engine emits BEGIN itself, DDL included
    transaction_per_migration=False,   # one transaction for the whole upgrade, not one per revision
)
with context.begin_transaction():
    context.run_migrations()
