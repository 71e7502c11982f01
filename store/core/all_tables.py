"""Every table of the program, registered on SQLModel.metadata once this is imported.

store.core.db registers only the core tables (store.core.models: establishments, accounts,
pupils, periods and judgements); each other group's module comes with the code that uses it, so
the app's first frame does not wait for some twenty more table classes (about 70 ms). What must
see every table imports this: the backup and restore, Alembic's environment, and the tests that
compare the schema with the migrations.
"""

from __future__ import annotations

import store.core.models_ehc  # links to EHC plan outcomes
import store.core.models_meetings  # progress meetings
import store.core.models_news  # the support team's news
import store.core.models_returns  # Key Stage 1's returns
import store.core.models_scores  # standardised score settings
import store.core.models_views  # people's view preferences
import store.core.models_wording  # noqa: F401  (an authority's and a school's own names)
from store.core import models  # noqa: F401
