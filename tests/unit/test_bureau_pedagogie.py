"""Mon bureau, pedagogy lines: words, states and dates (cartable.regles.bureau_pedagogie), no Zope."""

import re
from datetime import date, datetime

from cartable.regles import bureau_pedagogie as regles
from cartable.regles.agenda import Travail, agenda

MARDI = date(2026, 11, 17)
MAINTENANT = datetime(2026, 11, 17, 10, 0)  # Tuesday, Paris
AGENDA = "https://ent/plone/@@agenda"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def travail(ident, pour_le, titre="Exercices p. 12", matiere="Mathématiques", **champs):
    return Travail(id=ident, espace="e/3a/maths", matiere=matiere, titre=titre, pour_le=pour_le, **champs)


def sans_iso(lignes):
    for ligne in lignes:
        for valeur in (ligne["texte"], ligne["detail"], ligne["etiquette"]):
            assert not ISO.search(valeur or ""), valeur


def test_travail_next_days_ticked_overdue_and_devoirs_left_out():
    du, au = regles.fenetre_travail(MARDI)
    assert (du, au) == (date(2026, 11, 3), date(2026, 11, 24))
    travaux = [
        travail("t1", date(2026, 11, 18), duree_minutes=30),
        travail("t2", date(2026, 11, 19), titre="Contrôle", evaluation=True),
        travail("t3", date(2026, 11, 16), titre="Lire le chapitre 2", matiere="Français"),  # yesterday, undone
        travail("t4", date(2026, 11, 13), titre="Fait la semaine dernière"),  # done: no news
        travail("devoir-1", date(2026, 11, 20), titre="À rendre : Exposé"),
    ]
    jours = agenda(travaux, {"t2", "t4"}, du, au, aujourd_hui=MARDI)
    lignes = regles.lignes_travail(jours, MARDI, AGENDA, {"devoir-1"})
    assert [(x["texte"], x["detail"], x["etat"], x["etiquette"]) for x in lignes] == [
        ("Français — Lire le chapitre 2", "Était pour hier", "alerte", "En retard"),
        ("Mathématiques — Exercices p. 12", "Pour demain · 30 min", "a_faire", "À faire"),
        ("Mathématiques — Contrôle", "Pour le jeudi 19 novembre · évaluation", "fait", "Fait"),
    ]
    assert all(x["lien"] == AGENDA for x in lignes)
    sans_iso(lignes)


def test_travail_block_caps_its_lines_and_says_the_rest():
    lignes = [regles.ligne(f"Travail {n}") for n in range(11)]
    bloc = regles.bloc_travail(lignes, AGENDA, "Léa Martin")
    assert len(bloc["lignes"]) == regles.LIGNES_MAX and bloc["sous_titre"] == "Léa Martin"
    assert bloc["liens"] == [{"texte": "Tout l'agenda (3 autres travaux)", "lien": AGENDA}]
    assert regles.bloc_travail([], AGENDA)["vide"] == "Rien à faire pour les prochains jours."
    assert regles.bloc_travail([], AGENDA)["liens"][0]["texte"] == "Tout l'agenda"


def devoir(etat, echeance=datetime(2026, 12, 1, 18, 0), remis_le=None, titre="Exposé"):
    return regles.DevoirARendre(titre=titre, matiere="Histoire", echeance=echeance, etat=etat, remis_le=remis_le,
                                lien="https://ent/plone/e/devoir")


def test_devoir_states_in_words():
    assert regles.etat_du_rendu("non rendu", datetime(2026, 12, 1, 18), MAINTENANT) == ("a_faire", "À rendre")
    assert regles.etat_du_rendu("brouillon", datetime(2026, 12, 1, 18), MAINTENANT) == ("a_faire", "Commencé, pas encore remis")
    assert regles.etat_du_rendu("rouvert", datetime(2026, 12, 1, 18), MAINTENANT) == ("a_faire", "Rouvert : à remettre")
    assert regles.etat_du_rendu("brouillon", datetime(2026, 11, 16, 18), MAINTENANT) == ("alerte", "En retard : pas encore remis")
    assert regles.etat_du_rendu("remis", datetime(2026, 12, 1, 18), MAINTENANT, datetime(2026, 11, 16, 17, 30)) == \
        ("fait", "Remis hier à 17 h 30")
    assert regles.etat_du_rendu("corrige", datetime(2026, 12, 1, 18), MAINTENANT) == ("fait", "Remis, en correction")


def test_devoirs_to_hand_in_sorted_late_kept_old_hand_ins_dropped():
    devoirs = [
        devoir("non rendu", datetime(2026, 12, 1, 18, 0), titre="Exposé"),
        devoir("brouillon", datetime(2026, 11, 16, 18, 0), titre="Carte"),  # late
        devoir("remis", datetime(2026, 11, 16, 18, 0), datetime(2026, 11, 15, 20, 5), titre="Ancien"),  # due and handed in
        devoir("remis", datetime(2026, 11, 18, 8, 30), datetime(2026, 11, 17, 9, 0), titre="Frise"),
        devoir("restitue", datetime(2026, 11, 20, 18, 0), titre="Rendu corrigé"),
    ]
    lignes = regles.lignes_devoirs(devoirs, MAINTENANT)
    assert [(x["texte"], x["detail"], x["etat"], x["etiquette"]) for x in lignes] == [
        ("Carte", "Histoire — à rendre hier à 18 h", "alerte", "En retard : pas encore remis"),
        ("Frise", "Histoire — à rendre demain à 8 h 30", "fait", "Remis aujourd'hui à 9 h"),
        ("Exposé", "Histoire — à rendre le mardi 1er décembre à 18 h", "a_faire", "À rendre"),
    ]
    sans_iso(lignes)
    assert regles.bloc_devoirs([], AGENDA)["vide"] == "Aucun devoir à rendre."
    assert regles.titre_devoir("À rendre : Exposé") == "Exposé" and regles.titre_devoir("Exposé") == "Exposé"


def test_copies_only_devoirs_with_hand_ins_waiting():
    copies = [regles.Copies("Exposé", "3A — Histoire", date(2026, 11, 20), 3, "u/exp/@@correction"),
              regles.Copies("Carte", "4B — Histoire", date(2026, 11, 10), 1, "u/carte/@@correction"),
              regles.Copies("Rien", "4B — Histoire", date(2026, 11, 12), 0, "u/rien/@@correction")]
    lignes = regles.lignes_copies(copies, MARDI)
    assert [(x["texte"], x["detail"], x["etiquette"], x["lien"]) for x in lignes] == [
        ("Carte", "4B — Histoire — à rendre le mardi 10 novembre", "1 copie à corriger", "u/carte/@@correction"),
        ("Exposé", "3A — Histoire — à rendre le vendredi 20 novembre", "3 copies à corriger", "u/exp/@@correction"),
    ]
    assert regles.bloc_copies([])["vide"] == "Aucune copie à corriger."


def test_courses_given_this_week_and_missing_entries_flagged():
    assert regles.semaine_jusqu_a(MAINTENANT) == (date(2026, 11, 16), MARDI)
    assert regles.deja_donne(date(2026, 11, 16), "17:00", False, MAINTENANT)
    assert regles.deja_donne(MARDI, "09:55", False, MAINTENANT) and regles.deja_donne(MARDI, "10:00", False, MAINTENANT)
    assert not regles.deja_donne(MARDI, "10:05", False, MAINTENANT)  # still going on
    assert not regles.deja_donne(date(2026, 11, 16), "09:00", True, MAINTENANT)  # cancelled
    assert not regles.entree_remplie("  ", ()) and regles.entree_remplie("Théorème", ()) and regles.entree_remplie("", ("t",))
    seances = [regles.Seance(MARDI, "08:00", "3A — Mathématiques", False, "u/3a/@@cahier-de-textes"),
               regles.Seance(date(2026, 11, 16), "14:30", "4B — Mathématiques", True, "u/4b/@@cahier-de-textes")]
    lignes = regles.lignes_cahier(seances, MARDI)
    assert [(x["texte"], x["detail"], x["etat"], x["etiquette"]) for x in lignes] == [
        ("Hier, 14 h 30", "4B — Mathématiques", "fait", "Rempli"),
        ("Aujourd'hui, 8 h", "3A — Mathématiques", "alerte", "Cahier de textes à remplir"),
    ]
    assert regles.bloc_cahier(lignes)["titre"] == "Cahier de textes de la semaine : 1 séance à remplir"
    assert regles.bloc_cahier(lignes[:1])["titre"] == "Cahier de textes de la semaine"


def test_spaces_block_and_new_devoir_links():
    un = regles.bloc_espaces([("3A — Mathématiques", "u/3a/maths")], enseignant=True)
    assert un["lignes"][0]["lien"] == "u/3a/maths"
    assert un["liens"] == [{"texte": "Nouveau devoir", "lien": "u/3a/maths/@@nouveau-devoir"}]
    deux = regles.bloc_espaces([("3A — Mathématiques", "u/3a/maths"), ("4B — Mathématiques", "u/4b/maths")], enseignant=True)
    assert [x["texte"] for x in deux["liens"]] == ["Nouveau devoir — 3A — Mathématiques", "Nouveau devoir — 4B — Mathématiques"]
    assert regles.bloc_espaces([("3A — Mathématiques", "u/3a/maths")], enseignant=False)["liens"] == []


def test_visa_lines_in_words():
    cahiers = [regles.CahierAViser("3A — Mathématiques", 4, date(2026, 11, 2), "u/3a/@@cahier-de-textes"),
               regles.CahierAViser("4B — Français", 9, None, "u/4b/@@cahier-de-textes"),
               regles.CahierAViser("5C — Anglais", 0, date(2026, 11, 16), "u/5c/@@cahier-de-textes")]
    lignes = regles.lignes_visa(cahiers, MARDI)
    assert [(x["texte"], x["detail"]) for x in lignes] == [
        ("4B — Français", "9 séances sans visa — jamais visé"),
        ("3A — Mathématiques", "4 séances sans visa — visé jusqu'au lundi 2 novembre"),
    ]
    assert regles.bloc_visa(lignes, "Collège Jean Moulin")["sous_titre"] == "Collège Jean Moulin"


def test_menu_only_what_each_person_opens():
    bureau = "https://ent/plone"
    eleve = regles.entrees_menu(bureau, agenda=AGENDA, espaces=[("3A — Maths", "u/m"), ("3A — Français", "u/f")])
    assert [(e["texte"], e["lien"]) for e in eleve] == [
        ("Agenda", AGENDA), ("Mes espaces de cours", "https://ent/plone#cartable.pedagogie.espaces")]
    parent = regles.entrees_menu(bureau, enfants=[("Léa", AGENDA + "?eleve=1"), ("Tom", AGENDA + "?eleve=2")])
    assert [e["texte"] for e in parent] == ["Agenda de Léa", "Agenda de Tom"]
    assert [e["texte"] for e in regles.entrees_menu(bureau, enfants=[("Léa", AGENDA)])] == ["Agenda"]
    prof = regles.entrees_menu(bureau, espaces=[("3A — Maths", "u/m")], enseignant=True)
    assert [(e["texte"], e["lien"]) for e in prof] == [
        ("Mon espace de cours", "u/m"), ("Cahier de textes", "u/m/@@cahier-de-textes"),
        ("Nouveau devoir", "u/m/@@nouveau-devoir"), ("Copies à corriger", "https://ent/plone#cartable.pedagogie.copies")]
    plusieurs = regles.entrees_menu(bureau, espaces=[("3A", "u/a"), ("4B", "u/b")], enseignant=True)
    assert [e["texte"] for e in plusieurs] == ["Mes espaces de cours", "Cahier de textes", "Copies à corriger"]
    assert len({e["lien"] for e in plusieurs}) == len(plusieurs)  # the menu shows a link once
    assert [e["texte"] for e in regles.entrees_menu(bureau, direction=True)] == ["Cahiers de textes à viser"]
    assert regles.entrees_menu(bureau) == []
    # a teacher without a space: nothing to open yet
    assert regles.entrees_menu(bureau, enseignant=True) == []
