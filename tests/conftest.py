"""Shared pytest configuration: .po files are compiled at load, as in the instance; the clock is frozen."""

import os
from datetime import datetime

os.environ.setdefault("zope_i18n_compile_mo_files", "true")
