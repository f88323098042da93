"""lire_annotation reads what AttributeAnnotations wrote, through an acquisition wrapper, and never writes."""

from Acquisition import Implicit
from persistent import Persistent
from zope.annotation.attribute import AttributeAnnotations

from cartable.core.annotations import lire_annotation


class Objet(Implicit, Persistent):
    pass


def test_reads_what_attribute_annotations_wrote_through_a_wrapper():
    parent, objet = Objet(), Objet()
    AttributeAnnotations(objet)["cartable.x"] = 42
    enveloppe = objet.__of__(parent)
    assert lire_annotation(enveloppe, "cartable.x") == 42
    assert lire_annotation(enveloppe, "cartable.y") is None


def test_an_object_never_annotated_stays_so():
    parent, objet = Objet(), Objet()
    AttributeAnnotations(parent)["cartable.x"] = 1  # acquisition must not find the parent's
    assert lire_annotation(objet.__of__(parent), "cartable.x") is None
    assert "__annotations__" not in objet.__dict__
