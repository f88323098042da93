"""@@emploi-du-temps: the hourly week grid, whose it may show, and where each course leads."""

import html
import re
from urllib.parse import quote

from tests.integration.requetes import client

LUNDI = "2026-11-16"


def grille(site, role, query):
    return client(site, role).page(f"{site['paths']['etab']}/@@emploi-du-temps{query}", allow_redirects=False)


def cours_de(texte, cle):
    """The <li> of the course ``cle`` in the page (its HTML), or None."""
    trouve = re.search(rf'<li [^>]*data-cours="{re.escape(cle)}"[^>]*>(.*?)</li>', texte, re.S)
    return trouve.group(1) if trouve else None


def visible(fragment):
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_the_student_gets_a_week_grid_by_hour_from_monday_to_saturday(site):
    reponse = grille(site, "eleve", "")
    assert reponse.status_code == 200
    texte = reponse.text
    assert "Semaine du lundi 16 novembre" in texte
    jours = re.findall(r'<h2 class="edt-jour-titre"[^>]*>([^<]+)</h2>', texte)
    assert jours == ["lundi 16 novembre", "mardi 17 novembre", "mercredi 18 novembre", "jeudi 19 novembre",
                     "vendredi 20 novembre", "samedi 21 novembre"]
    assert re.search(r'class="edt-heure"[^>]*>8 h<', texte)
    # today is the day the phone shows, with its neighbours
    assert re.search(r'class="edt-jour edt-choisi edt-aujourdhui"[^>]*data-jour="0"', texte)
    assert "samedi 14 novembre" in texte and "mardi 17 novembre →" in visible(texte)
    assert "<script" not in texte.split('id="edt"')[1].split("</main>")[0]
    cours = cours_de(texte, site["paths"]["cours"])
    assert cours is not None and "grid-row:" in texte
    mots = visible(cours)
    assert "3A" in mots and " h" in mots and "Faire l'appel" not in mots  # a student takes no register
    assert f"{site['paths']['espace']}/@@cahier-de-textes?seance={quote(site['paths']['cours'], safe='')}" in cours


def test_the_teacher_takes_the_register_and_opens_the_cahier_entry(site):
    texte = grille(site, "enseignant", "").text
    cours = cours_de(texte, site["paths"]["cours"])
    assert "Faire l'appel" in cours  # today's course, not taken yet
    assert f"@@appel?cle={quote(site['paths']['cours'], safe='')}" in cours
    assert "@@cahier-de-textes?seance=" in cours


def test_the_cpe_reads_any_class_with_registers_but_no_cahier(site):
    texte = grille(site, "cpe", "?division=3A").text
    assert "Emploi du temps</span> — 3A" in texte
    cours = cours_de(texte, site["paths"]["cours"])
    assert "Faire l'appel" in cours and "cahier-de-textes" not in cours


def test_a_parent_reads_their_child_and_not_another(site):
    assert grille(site, "parent", f"?eleve={site['paths']['eleve']}").status_code == 200
    cours = cours_de(grille(site, "parent", f"?eleve={site['paths']['eleve']}").text, site["paths"]["cours"])
    assert cours is not None and "@@appel" not in cours
    refus = grille(site, "parent_autre", f"?eleve={site['paths']['eleve']}")
    assert refus.status_code in (401, 403) or "login" in refus.headers.get("Location", ""), refus.status_code
    assert site["secret"][1] not in refus.text


def test_weeks_and_days_navigate_and_a_bad_date_is_today(site):
    texte = grille(site, "cpe", "?division=3A&du=2026-11-25").text
    assert "Semaine du lundi 23 novembre" in texte
    assert re.search(r'class="edt-jour edt-choisi"[^>]*data-jour="2"', texte)
    assert "du=2026-11-16" in texte and "du=2026-11-30" in texte and "Cette semaine" in texte
    dimanche = grille(site, "cpe", "?division=3A&du=2026-11-22").text
    assert "Semaine du lundi 23 novembre" in dimanche
    assert "Semaine du lundi 16 novembre" in grille(site, "cpe", "?division=3A&du=pas-une-date").text


def test_a_cancelled_a_moved_and_a_replaced_course_say_so_in_words(site, region):
    direction = client(site, "direction")
    etab = site["paths"]["etab"]
    semaine = direction.get(f"{etab}/@emploi-du-temps?division=3A&du={LUNDI}&au=2026-11-21").json()["items"]
    autres = [c for c in semaine if c["cle"] != site["paths"]["cours"] and not c["annule"]]
    annule, deplace = autres[0], autres[-1]
    assert direction.post(f"{etab}/@emploi-du-temps-modifier", {"action": "annuler", "cle": annule["cle"], "motif": "Sortie au musée"}).ok
    reponse = direction.post(f"{etab}/@emploi-du-temps-modifier",
                             {"action": "deplacer", "cle": deplace["cle"], "date": "2026-11-21", "debut": "08:00", "fin": "09:00"})
    assert reponse.ok, reponse.text
    texte = grille(site, "cpe", f"?division=3A&du={LUNDI}").text
    assert "Cours annulé : Sortie au musée" in visible(cours_de(texte, annule["cle"]))
    mots = visible(cours_de(texte, deplace["cle"]))
    assert "8 h – 9 h" in mots and "Cours déplacé : prévu le" in mots
    samedi = texte.split('data-jour="5"')[1]
    assert f'data-cours="{deplace["cle"]}"' in samedi  # on its new day
    assert "Voir l'appel" in cours_de(texte, deplace["cle"])  # Saturday: not yet
    cle = site["paths"]["cours"]
    profs = direction.get(f"{etab}/@annuaire-recherche?type=personnel&q=a").json()["items"]
    autre = next(p for p in profs if p["id"] != region["personas"]["enseignant"])
    assert direction.post(f"{etab}/@emploi-du-temps-modifier", {"action": "remplacer", "cle": cle, "enseignants": [autre["id"]]}).ok
    mots = visible(cours_de(grille(site, "cpe", "?division=3A").text, cle))
    assert f"Remplacement : {autre['nom_complet']}" in mots


def test_someone_of_another_establishment_is_refused(site):
    for role in ("cpe_autre", "anonyme"):
        assert grille(site, role, "?division=3A").status_code in (302, 401, 403), role


def test_a_week_a_slot_shows_in_week_a_only_and_the_week_says_its_type(site):
    direction = client(site, "direction")
    etab = site["paths"]["etab"]
    creneau = {"jour": "samedi", "debut": "10:00", "fin": "11:00", "division": "3A", "matiere": "", "enseignants": [], "salle": "S90",
               "semaine": "A"}
    reponse = direction.post(f"{etab}/@emploi-du-temps-modifier", {"action": "ajouter_creneau", "creneau": creneau})
    assert reponse.ok, reponse.text
    ident = reponse.json()["apres"]["id"]
    semaines = {}
    for lundi in ("2026-11-23", "2026-11-30"):
        texte = grille(site, "cpe", f"?division=3A&du={lundi}").text
        type_ = re.search(r"Semaine du lundi \d+ novembre \(semaine ([AB])\)", texte).group(1)
        semaines[type_] = f'@{ident}"' in texte
    assert semaines == {"A": True, "B": False}


def test_a_replacement_teacher_finds_the_course_in_their_week_with_its_register(site, region):
    direction = client(site, "direction")
    etab = site["paths"]["etab"]
    remplacant = region["personas"]["enseignant_autre_classe"]
    cle = site["paths"]["cours"]
    assert cle not in grille(site, "enseignant_autre", "").text
    assert direction.post(f"{etab}/@emploi-du-temps-modifier", {"action": "remplacer", "cle": cle, "enseignants": [remplacant]}).ok
    cours = cours_de(grille(site, "enseignant_autre", "").text, cle)
    assert cours is not None and "Faire l'appel" in cours and "Remplacement :" in visible(cours)
    # the teacher replaced still sees the course, said replaced, and no longer takes its register
    cours = cours_de(grille(site, "enseignant", "").text, cle)
    assert "Remplacement :" in visible(cours) and "Faire l'appel" not in cours
    items = client(site, "enseignant_autre").get(f"{etab}/@emploi-du-temps").json()["items"]
    assert cle in [i["cle"] for i in items]


def test_a_course_moved_to_another_day_leaves_its_place_saying_where_it_went(site):
    direction = client(site, "direction")
    etab = site["paths"]["etab"]
    cle = site["paths"]["cours"]
    reponse = direction.post(f"{etab}/@emploi-du-temps-modifier",
                             {"action": "deplacer", "cle": cle, "date": "2026-11-21", "debut": "10:00", "fin": "11:00"})
    assert reponse.ok, reponse.text
    for role, query in (("eleve", ""), ("enseignant", ""), ("cpe", "?division=3A")):
        texte = grille(site, role, query).text
        lundi = texte.split('data-jour="0"')[1].split('data-jour="1"')[0]
        place = re.search(rf'<li class="edt-cours edt-parti"[^>]*data-deplace="{re.escape(cle)}"[^>]*>(.*?)</li>', lundi, re.S)
        assert place is not None, role
        assert "Cours déplacé au samedi 21 novembre à 10 h" in visible(place.group(1)) and "<a " not in place.group(1)
        samedi = texte.split('data-jour="5"')[1]
        assert f'data-cours="{cle}"' in samedi and f'data-cours="{cle}"' not in lundi, role
    gestion = client(site, "direction").page(f"{etab}/@@gestion-emploi-du-temps?division=3A").text
    assert f'data-deplace="{cle}"' in gestion and gestion.count(f'button type="button" class="edt-ouvrir btn btn-link p-0 text-start edt-matiere" data-cours="{cle}"') == 1
