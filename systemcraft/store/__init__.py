"""The only place that speaks SQL.

`repository.Repository` (SQLAlchemy, both back ends) does every write; `sqlite_read` answers the
hot-path reads (`today`, `status`) with the standard library so the CLI starts fast.
"""
