"""Éditeurs d'établissement: who names them, who can be named, the local roles that follow."""

from types import SimpleNamespace

from cartable.regles import editeurs

ETAB, AUTRE = "S1", "S2"


def personnel(ident, *fonctions, actif=True, rattachements=()):
    return SimpleNamespace(id=ident, actif=actif, categorie="PersEducNat", rattachements=tuple(rattachements),
                           fonctions=[(s, code, "") for s, code in fonctions])


def eleve(ident):
    return SimpleNamespace(id=ident, actif=True, categorie="Eleve", rattachements=(ETAB,), fonctions=[])


def test_the_direction_or_the_region_names_editors():
    assert editeurs.peut_nommer(personnel("d", (ETAB, "DIR")), ETAB, admin=False)
    assert editeurs.peut_nommer(None, ETAB, admin=True)
    assert not editeurs.peut_nommer(personnel("d", (AUTRE, "DIR")), ETAB, admin=False)
    assert not editeurs.peut_nommer(personnel("c", (ETAB, "EDU")), ETAB, admin=False)
    assert not editeurs.peut_nommer(personnel("e", (ETAB, "ENS")), ETAB, admin=False)


def test_staff_read_the_list_others_do_not():
    assert editeurs.peut_lire(personnel("e", (ETAB, "ENS")), ETAB, admin=False)
    assert editeurs.peut_lire(personnel("doc", rattachements=(ETAB,)), ETAB, admin=False)
    assert not editeurs.peut_lire(eleve("x"), ETAB, admin=False)
    assert not editeurs.peut_lire(personnel("e", (AUTRE, "ENS")), ETAB, admin=False)


def test_only_active_staff_of_the_establishment_can_be_named():
    assert editeurs.nommable(personnel("doc", (ETAB, "DOC")), ETAB)
    assert not editeurs.nommable(personnel("doc", (ETAB, "DOC"), actif=False), ETAB)
    assert not editeurs.nommable(eleve("x"), ETAB)
    assert not editeurs.nommable(personnel("e", (AUTRE, "ENS")), ETAB)


def test_local_roles_editors_and_direction_publish_teachers_propose():
    doc, prof, direction = personnel("doc", (ETAB, "DOC")), personnel("e", (ETAB, "ENS")), personnel("d", (ETAB, "DIR"))
    assert editeurs.roles_locaux(doc, ETAB, {"doc"}) == (editeurs.ROLE_EDITEUR,)
    assert editeurs.roles_locaux(doc, ETAB, set()) == ()
    assert editeurs.roles_locaux(direction, ETAB, set()) == (editeurs.ROLE_EDITEUR,)
    assert editeurs.roles_locaux(prof, ETAB, set()) == (editeurs.ROLE_REDACTEUR,)
    assert editeurs.roles_locaux(prof, ETAB, {"e"}) == (editeurs.ROLE_EDITEUR,)
    # an editor who left the establishment is no longer one; an inactive account is nothing anywhere
    assert editeurs.roles_locaux(doc, AUTRE, {"doc"}) == ()
    assert editeurs.roles_locaux(personnel("doc", (ETAB, "DOC"), actif=False), ETAB, {"doc"}) == ()
    assert editeurs.roles_locaux(eleve("x"), ETAB, set()) == ()
    assert editeurs.roles_locaux(None, ETAB, {"doc"}) == ()
    assert editeurs.est_editeur(doc, ETAB, {"doc"}) and not editeurs.est_editeur(prof, ETAB, set())
