"""Reading an annotation without adapting: the read paths of every page (Mon bureau, the agenda, the roll call).

``IAnnotations(obj)`` asks the object for ``__conform__`` first; on a Dexterity container that question
falls through Dexterity's ``__getattr__`` (schema defaults) to BTreeFolder2's (a lookup in its tree of
children) before adaptation looks up the adapter: about 10 µs, against 0.3 µs for reading the attribute
that ``AttributeAnnotations`` reads anyway. Every Cartable object is attribute-annotatable (Plone content,
the site), so the answer is the same. Writes keep ``IAnnotations`` (it creates the storage).
"""

from Acquisition import aq_base


def lire_annotation(objet, cle):
    """The annotation ``cle`` of ``objet``, or None (never writes)."""
    annotations = getattr(aq_base(objet), "__annotations__", None)
    return annotations.get(cle) if annotations is not None else None
