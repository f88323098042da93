"""Shared pytest configuration: .po files are compiled at load, as in the instance."""

import os

os.environ.setdefault("zope_i18n_compile_mo_files", "true")
