"""The two engines behind `foresight.store.Store`: a DuckDB file and a PostgreSQL database.

Only the store imports these modules; the PostgreSQL engine (and psycopg with it) is imported only
when a workspace is named by a `postgresql://` URL.
"""
