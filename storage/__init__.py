"""The database: tables, migrations, connections and locks. The bottom layer; imports nothing above.

- ``db``: connect (SQLite or PostgreSQL), migrate on connect, ``session_scope``, ``DatabaseError``.
- ``models``: the SQLModel tables, one module per area; ``migrations``: Alembic.
- ``locks``: advisory transaction locks (per URL, per fingerprint block, per comparison key).
- ``leader``: the leader lock, so only one daemon schedules.
- ``neardup``: the near-duplicate key index (fingerprint blocks); ``timeutil``: UTC helpers.
"""
