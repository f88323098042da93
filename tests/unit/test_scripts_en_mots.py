"""What the pages' scripts write says dates in words and people by name (issue 15).

The scripts (``src/cartable/**/static/*.js``) fill the pages from JSON services after loading, so the pages'
HTML test (tests/integration/test_pages_en_mots.py) cannot see what they write. The approach, in two parts:

1. Here, a scan of every script: each statement that puts text in front of a reader (``textContent``,
   ``innerText``, ``innerHTML``, ``title``, ``aria-label`` or ``title`` attributes, ``placeholder``,
   ``createTextNode``, ``new Option``, ``append``/``prepend``, the scripts' ``texte(parent, balise, …)``
   helper) is read to its end, the arguments of the scripts' formatters (``dateFr``, ``heureFr``, ``enMots``,
   ``creneauEnMots``…: they turn a machine value into words) are set aside, and what remains must not read
   a machine field of the services: an identifier (``id``, ``login``, ``uid``, ``cle``, ``code``,
   ``eleve``…) or a date or hour (``date``, ``du``, ``au``, ``quand``, ``echeance``, ``debut``…). The
   services give words beside them (``quand_mots``, ``matiere_nom``, ``enseignants_noms``, ``qui_nom``…),
   which the scan lets through. Any call that makes an ISO date (``toISOString()``, ``toJSON()``,
   ``.slice(0, 10)``/``substring(0, 10)`` of a date) is refused anywhere in a script.
2. ``AUTORISES`` lists each remaining one and says why it is fine (a class's code is its name; a field
   that holds names; a value sent to a service, not shown). Those whose reason is « the service gives
   words in that field » are checked against the service itself, as the roles who read it, by
   tests/integration/test_pages_en_mots.py::test_script_fields_are_words (``CHAMPS_DE_SERVICE`` here).
   An entry that no longer matches anything fails too: the list cannot keep stale excuses.

Its limits: a raw field first put in a variable, then written, is not followed; the robot suites' pages
(and their axe-core and screenshot checks) see those.
"""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "cartable"

ECRIT = re.compile(
    r"\.textContent\s*\+?=|\.innerText\s*\+?=|\.innerHTML\s*\+?=|\.title\s*=(?!=)|\.placeholder\s*=(?!=)"
    r"|createTextNode\(|new Option\(|\btexte\(|\.append\(|\.prepend\(|setAttribute\(\s*\"(?:aria-label|title)\"\s*,"
)
CHAMPS_BRUTS = (
    "id", "login", "uid", "cle", "code", "uai", "matiere", "eleve", "eleves", "enseignant", "enseignants", "qui",
    "auteur", "source", "date", "du", "au", "quand", "jour", "echeance", "ouverture", "remis_le", "cree", "modifie",
    "debut", "fin", "division", "salle", "personne", "responsable",
)
BRUT = re.compile(r"\.(" + "|".join(CHAMPS_BRUTS) + r")\b(?!\s*\(|\.length)")  # a count is words
FORMATEURS = ("dateFr", "heureFr", "enMots", "heure", "creneauEnMots", "dateLisible", "etatEnMots", "dateConseil",
              "encodeURIComponent")
ISO = re.compile(r"\.toISOString\(\)|\.toJSON\(\)|\.(?:slice|substring|substr)\(\s*0\s*,\s*10\s*\)")

# (script under src/cartable, what it writes) → why it is fine
AUTORISES = {
    ("theme/static/sw.js", "toISOString"):
        "the service worker stamps its cache entries in a header (a machine date for the machine, never shown)",
    ("pedagogie/devoirs/static/nouveau_devoir.js", "slice(0, 10)"):
        "the due date's day, sent as a query parameter of the workload service and compared with its answer, never shown",
    ("notes/browser/static/bulletins.js", "eleve"):
        "the id only looks the student's name up in the page's names (noms[item.eleve]: the establishment's students "
        "and every student with a bulletin there, direction_notes.eleves); a record gone from the directory reads "
        "« Élève sans fiche », never the id",
    ("pedagogie/agenda/static/cahier_de_textes.js", "cle"):
        "the entry's key only decides between two titles (« Séance du <date in words> » or « Nouvelle séance »)",
    ("viescolaire/browser/static/appel.js", "salle"): "a room is named by its number",
    ("viescolaire/browser/static/appel.js", "division"): "the class's code is its name (« 3A »)",
    ("viescolaire/browser/static/vie_scolaire.js", "division"): "the class's code is its name (« 3A »)",
    ("viescolaire/browser/static/vie_scolaire.js", "code"): "the class's code is its name (« 3A »)",
    ("viescolaire/browser/static/vie_scolaire.js", "enseignants"):
        "@appels gives the teachers' full names in « enseignants » (checked: CHAMPS_DE_SERVICE)",
    ("viescolaire/browser/static/appel.js", "matiere"):
        "@appel gives the subject's name in « matiere » (checked: CHAMPS_DE_SERVICE)",
    ("viescolaire/browser/static/gestion_edt.js", "date"):
        "new Option(enMots(c.date), c.date): the day in words is the option's text, the ISO day its value",
    ("viescolaire/browser/static/gestion_edt.js", "source"):
        "the file's raw line, folded under « Ligne du fichier » for a line in error or left out: it finds it in the file",
}
# an allowance whose reason is the service's word → (the service as the access matrix's rows write it, a role
# that reads it): every value of that field in its answer must be words (no login, id, code nor ISO date)
CHAMPS_DE_SERVICE = {
    ("viescolaire/browser/static/vie_scolaire.js", "enseignants"): ("{etab}/@appels", "cpe"),
    ("viescolaire/browser/static/appel.js", "matiere"): ("{etab}/@appel/{cours}", "enseignant"),
}


def scripts():
    return sorted({p for motif in ("*/static/*.js", "*/browser/static/*.js", "*/*/static/*.js") for p in SRC.glob(motif)})


def instruction(texte, debut):
    """The statement from ``debut`` to its end: a ``;`` outside brackets, or a line end outside brackets that
    does not continue (a line ending with an operator or a comma continues)."""
    profondeur, i = 0, debut
    while i < len(texte):
        c = texte[i]
        if c in "([{":
            profondeur += 1
        elif c in ")]}":
            profondeur -= 1
            if profondeur < 0:
                return texte[debut:i]
        elif c == ";" and profondeur == 0:
            return texte[debut:i]
        elif c == "\n" and profondeur == 0 and not re.search(r"[+?:,(|&=]\s*$", texte[debut:i]):
            return texte[debut:i]
        i += 1
    return texte[debut:]


def sans_formateurs(expression):
    """The expression without the arguments of the formatters (their result is words)."""
    motif = re.compile(r"\b(?:" + "|".join(FORMATEURS) + r")\(([^()]|\([^()]*\))*\)")
    while motif.search(expression):
        expression = motif.sub(" ", expression)
    return expression


def sans_chaines(expression):
    """String literals emptied (their words are the script's own), but a template's ``${…}`` kept."""
    def vider(m):
        chaine = m.group()
        return '""' if chaine[0] != "`" else " + ".join(['""', *re.findall(r"\$\{([^}]*)\}", chaine)])

    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`(?:[^`\\]|\\.)*`', vider, expression)


def ecritures_brutes():
    """(script, what, line, statement) of each raw write or ISO-making call in the scripts."""
    trouvees = []
    for script in scripts():
        nom = str(script.relative_to(SRC))
        texte = re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), script.read_text(), flags=re.S))
        for m in ISO.finditer(texte):
            quoi = "toISOString" if "ISO" in m.group() else "toJSON" if "JSON" in m.group() else "slice(0, 10)"
            trouvees.append((nom, quoi, texte.count("\n", 0, m.start()) + 1, m.group()))
        for m in ECRIT.finditer(texte):
            expression = sans_formateurs(sans_chaines(instruction(texte, m.end())))
            for champ in sorted(set(BRUT.findall(expression))):
                trouvees.append((nom, champ, texte.count("\n", 0, m.start()) + 1, expression.strip()[:120]))
    return trouvees


def test_the_scan_sees_a_raw_write():
    """The detector itself, on writes it must see and on those it must let through."""
    cas = {
        'el.textContent = item.date;': ["date"],
        'texte(tr, "td", ligne.eleve);': ["eleve"],
        'li.append("Par " + e.qui + ".");': ["qui"],
        'el.textContent = dateFr(item.date) + " " + item.qui_nom;': [],
        'el.textContent = [\n  item.quand_mots,\n  item.login\n].join(" ");': ["login"],
        'el.textContent = "x";\nconst y = z.id;': [],
        'el.innerHTML = `<b>${e.login}</b> le ${dateFr(e.date)}`;': ["login"],
        'el.textContent = "la classe " + c.code_mots + " (" + n.length + ")";': [],
    }
    for source, attendus in cas.items():
        m = ECRIT.search(source)
        assert sorted(set(BRUT.findall(sans_formateurs(sans_chaines(instruction(source, m.end())))))) == attendus, source
    assert ISO.search("d.toISOString()") and ISO.search("x.slice(0, 10)") and not ISO.search("x.slice(0, 3)")


def test_scripts_write_words_not_machine_values():
    trouvees = ecritures_brutes()
    assert len(scripts()) > 20  # every add-on's scripts are read
    problemes = [f"{nom}:{ligne}: {quoi} in « {expr} »" for nom, quoi, ligne, expr in trouvees if (nom, quoi) not in AUTORISES]
    assert problemes == [], "a script writes a raw value (say it in words, or add it to AUTORISES with why):\n" + "\n".join(problemes)


def test_every_allowance_still_matches():
    vues = {(nom, quoi) for nom, quoi, _, _ in ecritures_brutes()}
    assert set(AUTORISES) - vues == set(), "an allowance matches nothing any more: remove it"
    assert set(CHAMPS_DE_SERVICE) <= set(AUTORISES)
