"""These Pilot tests run on an SQLite file and on PostgreSQL (when `scripts/with-postgres` has
started one), as a local authority's server would hold the school's data."""

from tests.store.conftest import database  # noqa: F401  (both databases, in place of SQLite's)
