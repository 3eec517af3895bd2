"""Alembic migrations of the figwatch schema (``storage.db.upgrade`` runs them on connect)."""
