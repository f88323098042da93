"""The rules of Cartable, as pure Python: nothing from Zope or Plone here, nothing of cartable outside regles.

They are unit- and property-tested in milliseconds, and reachable from
outside as JSON-in/JSON-out commands (../shared/contracts/).

Libraries beside the standard library (to read and write exchange formats, nothing else):

- lxml: the LSU export and its check against the official XSD (lsu), AAF directory files read (aaf);
- icalendar: iCalendar timetables read (import_edt) and agendas written (agenda);
- openpyxl: XLSX grade transfers read and written (transfert_notes).

tests/unit/test_architecture.py reads the imports and holds regles to this list.
"""
