"""The demo region: its generators and its loader, kept out of the runtime.

- ``annuaire``: the deterministic AAF file set of the demo region (pure: stdlib + lxml),
  with the grammar it names, ``ficAlimMENESR.dtd``;
- ``emploi_du_temps``: a timetable for every class and group, built from the directory;
- ``notes``: trimesters, a first trimester of marks in the collège (and marks in the current period);
- ``vie_scolaire``: the registers of the past four weeks, with absences and lateness in every class;
- ``pedagogie``: course spaces, cahier de textes entries on the timetable's courses, homework and
  Devoirs (one handed in, to mark) in the collège;
- ``region``: loads all of it into a site through the real importer (``creer_region_demo``).

Its floor stands between the features and ``policy`` (docs/architecture.md): it may
use the features, ``annuaire``, ``core`` and ``regles``; ``policy``, ``ops`` and the
test layers use it; nothing below imports it (tests/unit/test_architecture.py).
"""
