"""cartable.etablissement: the establishment's editors, its home page, its news and pages (issue 14, item 5)."""
