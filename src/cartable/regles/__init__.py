"""The rules of Cartable, as pure Python (standard library only): no Zope here.

They are unit- and property-tested in milliseconds, and reachable from
outside as JSON-in/JSON-out commands (../shared/contracts/).
"""
