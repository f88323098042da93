/* The direction's timetable page: import (dry run, then confirm), the week of a class, a teacher or a room
   with a form per occurrence, the weekly slots, the closures and the audit journal — all through REST. */
(function () {
  "use strict";
  const root = document.getElementById("gestion-edt");
  const base = root.dataset.base;
  const sujet = root.dataset.sujet;  // "division=3A", "enseignant=…", "salle=…" or ""
  const JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
  const $ = (id) => document.getElementById(id);
  const heure = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h + " h" + (m ? " " + String(m).padStart(2, "0") : ""); };
  const erreurDe = (body, defaut) => (body && body.error && body.error.message) || defaut;

  // a fresh key per click: a network replay of the same request is recognisable
  async function envoyer(chemin, corps) {
    const r = await Cartable.appeler(base + "/" + chemin, {corps: corps, cle: Cartable.nouvelleCle()});
    return {ok: r.ok, status: r.statut, body: r.donnees};
  }

  async function lire(chemin) {
    const r = await Cartable.appeler(base + "/" + chemin);
    return {ok: r.ok, body: r.donnees};
  }

  function texte(parent, balise, contenu, classe) {
    const el = document.createElement(balise);
    el.textContent = contenu;
    if (classe) el.className = classe;
    parent.append(el);
    return el;
  }

  // -- import: dry run, every line's fate, then « Confirmer » only without errors ------------------

  let fichierLu = null;

  const SORTS = {retenue: ["retenue", "table-success"], erreur: ["erreur", "table-danger"], ignoree: ["ignorée", "table-secondary"]};

  function afficherRapport(rapport) {
    const bilan = $("import-bilan");
    bilan.replaceChildren();
    if (rapport.bilan) {
      const b = rapport.bilan;
      for (const [libelle, n] of [["ajoutés", b.ajoutes.length], ["modifiés", b.modifies.length], ["inchangés", b.inchanges.length],
                                  ["retirés", b.retires.length]]) {
        texte(bilan, "li", n + " " + libelle, "list-inline-item badge text-bg-light border");
      }
      if ((rapport.retires_avec_appels || []).length) {
        texte(bilan, "li", "créneaux retirés qui ont déjà des appels (conservés) : " + (rapport.retires_avec_appels_mots || []).join(" ; "),
              "list-inline-item text-warning-emphasis");
      }
    }
    bilan.hidden = !rapport.bilan;
    const table = $("import-lignes");
    const corps = table.querySelector("tbody");
    corps.replaceChildren();
    for (const ligne of rapport.lignes || []) {
      const [libelle, classe] = SORTS[ligne.statut] || [ligne.statut, ""];
      const tr = document.createElement("tr");
      tr.className = classe;
      tr.dataset.statut = ligne.statut;
      texte(tr, "td", String(ligne.numero));
      texte(tr, "td", libelle);
      contenu(tr, ligne);
      texte(tr, "td", ligne.erreurs.length ? ligne.erreurs.join(" ; ") : ligne.remarque || "");
      corps.append(tr);
    }
    table.hidden = !(rapport.lignes || []).length;
  }

  // the slot a line reads, in words (subject, class, day and hours, teachers' names); the file's raw line only
  // under a line in error or left out, folded, to find it in the file
  function contenu(tr, ligne) {
    const td = texte(tr, "td", ligne.contenu || (ligne.statut === "erreur" ? "ligne illisible" : ""));
    if ((ligne.statut === "erreur" || !ligne.contenu) && ligne.source) {
      const details = document.createElement("details");
      texte(details, "summary", "Ligne du fichier", "small");
      texte(details, "code", ligne.source, "small text-break");
      td.append(details);
    }
  }

  $("import-simuler").addEventListener("click", async () => {
    const choisi = $("import-fichier").files[0];
    $("import-confirmer").hidden = true;
    if (!choisi) { $("import-message").textContent = "Choisissez d'abord un fichier CSV ou iCalendar."; return; }
    fichierLu = {nom: choisi.name, contenu: await Cartable.enBase64(choisi)};
    $("import-message").textContent = "Simulation en cours…";
    const reponse = await envoyer("@emploi-du-temps-import", {fichier: fichierLu.contenu, nom: fichierLu.nom, confirmer: false});
    $("import-message").textContent = reponse.body.message || erreurDe(reponse.body, "Import impossible.");
    afficherRapport(reponse.body);
    const changements = reponse.body.bilan && (reponse.body.bilan.ajoutes.length + reponse.body.bilan.modifies.length + reponse.body.bilan.retires.length);
    $("import-confirmer").hidden = !(reponse.ok && reponse.body.erreurs === 0 && changements);
  });

  $("import-fichier").addEventListener("change", () => { $("import-confirmer").hidden = true; fichierLu = null; });

  $("import-confirmer").addEventListener("click", async () => {
    if (!fichierLu) return;
    $("import-confirmer").hidden = true;
    const reponse = await envoyer("@emploi-du-temps-import", {fichier: fichierLu.contenu, nom: fichierLu.nom, confirmer: true});
    $("import-message").textContent = reponse.body.message || erreurDe(reponse.body, "Import impossible.");
    afficherRapport(reponse.body);
    if (reponse.ok && reponse.body.ecrit) { rafraichir(); journal(); }
  });

  // -- names of what the pickers hold: a slot is said in words, never by its codes ---------------------

  const nomsDe = (id) => Object.fromEntries(Array.from($(id).options).filter((o) => o.value).map((o) => [o.value, o.textContent.trim()]));
  const MATIERES = nomsDe("creneau-matiere");
  const ENSEIGNANTS = nomsDe("creneau-enseignant");

  function creneauEnMots(c) {
    const noms = (c.enseignants_noms && c.enseignants_noms.length ? c.enseignants_noms : c.enseignants.map((i) => ENSEIGNANTS[i] || "un enseignant"));
    return c.jour + " de " + heure(c.debut) + " à " + heure(c.fin) + " · " + (c.matiere_nom || MATIERES[c.matiere] || "sans matière") +
      " · " + c.division + (noms.length ? " · " + noms.join(" et ") : "") + (c.salle ? " · salle " + c.salle : "") +
      (c.semaine ? " · semaine " + c.semaine : "");
  }

  // -- the week (rendered by the page): a click on a course opens its form --------------------------

  let courant = null;  // the occurrence whose form is open (the dataset of its button)

  // after a change, the week is fetched again as the page renders it and put in place
  async function rafraichir() {
    const ancienne = $("semaine-grille");
    if (!ancienne) return;
    const r = await fetch(window.location.href, {credentials: "same-origin", headers: {Accept: "text/html"}});
    if (!r.ok) return;
    const nouvelle = new DOMParser().parseFromString(await r.text(), "text/html").getElementById("semaine-grille");
    if (nouvelle) ancienne.replaceWith(document.importNode(nouvelle, true));
  }

  $("semaine").addEventListener("click", (event) => {
    const bouton = event.target.closest("button.edt-ouvrir");
    if (bouton) ouvrir(bouton.dataset);
  });

  function ouvrir(c) {
    courant = c;
    $("occurrence").hidden = false;
    $("confirmation").hidden = true;
    $("occurrence-titre").textContent = c.description + (c.annule ? " (annulé)" : "");
    $("occurrence-message").textContent = "";
    const jour = $("deplacer-date");
    if (!Array.from(jour.options).some((o) => o.value === c.date)) jour.add(new Option(enMots(c.date), c.date), 0);
    jour.value = c.date;
    $("deplacer-debut").value = c.debut;
    $("deplacer-fin").value = c.fin;
    $("salle-nouvelle").value = c.salle || "";
    $("remplacant-id").value = "";
    const creneau = creneaux.find((x) => x.id === c.creneau);
    if (creneau) remplirCreneau(creneau);
    // instant: the theme's smooth scrolling would leave the form moving under the pointer
    $("occurrence").scrollIntoView({block: "start", behavior: "instant"});
    $("occurrence").focus({preventScroll: true});
  }

  const REUSSITES = {annuler: "Cours annulé.", deplacer: "Cours déplacé.", changer_salle: "Salle changée.",
                     remplacer: "Enseignant remplacé.", retablir: "Cours rétabli."};

  async function appliquer(corps) {
    const reponse = await envoyer("@emploi-du-temps-modifier", corps);
    const message = $("occurrence-message");
    message.className = reponse.ok ? "text-success" : "text-danger";
    message.textContent = reponse.ok ? (reponse.body.change ? REUSSITES[corps.action] : "Rien à changer.") +
      (reponse.body.notifies ? " Les personnes concernées seront prévenues." : "")
      : erreurDe(reponse.body, "Modification refusée.");
    if (reponse.ok) { await rafraichir(); journal(); }
  }

  // cancelling and moving a course are said in words and confirmed before anything is sent
  let enAttente = null;

  function demanderConfirmation(question, corps) {
    enAttente = corps;
    $("confirmation-texte").textContent = question;
    $("confirmation").hidden = false;
    $("confirmation-oui").focus();
  }

  $("confirmation-oui").addEventListener("click", () => {
    const corps = enAttente;
    enAttente = null;
    $("confirmation").hidden = true;
    if (corps) appliquer(corps);
  });
  $("confirmation-non").addEventListener("click", () => {
    enAttente = null;
    $("confirmation").hidden = true;
    $("occurrence-message").className = "";
    $("occurrence-message").textContent = "Rien n'a été changé.";
  });

  for (const form of document.querySelectorAll("#occurrence form")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!courant) return;
      const action = form.dataset.action;
      const corps = {action: action, cle: courant.cours};
      if (action === "annuler") {
        corps.motif = $("annuler-motif").value.trim();
        demanderConfirmation("Annuler " + courant.description.charAt(0).toLowerCase() + courant.description.slice(1) +
                             (corps.motif ? " (motif : " + corps.motif + ")" : "") + " ?", corps);
        return;
      }
      if (action === "deplacer") {
        Object.assign(corps, {date: $("deplacer-date").value, debut: $("deplacer-debut").value, fin: $("deplacer-fin").value});
        const vers = $("deplacer-date").selectedOptions[0].textContent.trim();
        demanderConfirmation("Déplacer " + courant.description.charAt(0).toLowerCase() + courant.description.slice(1) +
                             " au " + vers + " de " + heure(corps.debut) + " à " + heure(corps.fin) + " ?", corps);
        return;
      }
      if (action === "changer_salle") corps.salle = $("salle-nouvelle").value.trim();
      if (action === "remplacer") {
        if (!$("remplacant-id").value) { $("occurrence-message").textContent = "Choisissez d'abord l'enseignant remplaçant."; return; }
        corps.enseignants = [$("remplacant-id").value];
      }
      appliquer(corps);
    });
  }

  // -- weekly slots: add, modify, remove ----------------------------------------------------------

  let creneaux = JSON.parse(root.dataset.creneaux || "[]");
  const CHAMPS = ["jour", "debut", "fin", "division", "matiere", "salle", "semaine"];

  function remplirCreneau(c) {
    $("creneau-id").value = c.id;
    for (const champ of CHAMPS) $("creneau-" + champ).value = c[champ] || "";
    $("creneau-enseignant").value = c.enseignants[0] || "";
    $("creneau-enseignant2").value = c.enseignants[1] || "";
    $("creneau-modifier").disabled = false;
    $("creneau-retirer").disabled = false;
  }

  function listeCreneaux() {
    const liste = $("creneaux-liste");
    liste.replaceChildren();
    for (const c of creneaux) {
      const li = document.createElement("li");
      li.className = "list-group-item p-0";
      const bouton = texte(li, "button", creneauEnMots(c), "btn btn-link text-start w-100 small text-decoration-none");
      bouton.type = "button";
      bouton.dataset.creneau = c.id;
      bouton.addEventListener("click", () => remplirCreneau(c));
      liste.append(li);
    }
    if (!creneaux.length) texte(liste, "li", sujet ? "Aucun créneau." : "Choisissez une classe, un enseignant ou une salle.", "list-group-item text-muted");
  }

  function creneauDuFormulaire() {
    const c = {};
    for (const champ of CHAMPS) c[champ] = $("creneau-" + champ).value.trim();
    c.enseignants = [$("creneau-enseignant").value, $("creneau-enseignant2").value].filter((e, i, t) => e && t.indexOf(e) === i);
    return c;
  }

  async function actionCreneau(action) {
    const corps = {action: action};
    if (action !== "ajouter_creneau") corps.id = $("creneau-id").value;
    if (action !== "retirer_creneau") corps.creneau = creneauDuFormulaire();
    const reponse = await envoyer("@emploi-du-temps-modifier", corps);
    const message = $("creneau-message");
    message.className = reponse.ok ? "mt-2 text-success" : "mt-2 text-danger";
    if (!reponse.ok) { message.textContent = erreurDe(reponse.body, "Modification refusée."); return; }
    const avant = reponse.body.avant, apres = reponse.body.apres;
    creneaux = creneaux.filter((c) => !avant || c.id !== avant.id);
    if (apres) creneaux.push(apres);
    creneaux.sort((a, b) => JOURS.indexOf(a.jour) - JOURS.indexOf(b.jour) || a.debut.localeCompare(b.debut));
    message.textContent = !reponse.body.change ? "Rien à changer." :
      ({ajouter_creneau: "Créneau ajouté.", modifier_creneau: "Créneau modifié.", retirer_creneau: "Créneau retiré."})[action];
    if (apres) remplirCreneau(apres); else $("form-creneau").reset();
    listeCreneaux();
    rafraichir();
    journal();
  }

  $("creneau-ajouter").addEventListener("click", () => actionCreneau("ajouter_creneau"));
  $("creneau-modifier").addEventListener("click", () => actionCreneau("modifier_creneau"));
  $("creneau-retirer").addEventListener("click", () => {
    if (confirm("Retirer ce créneau de toutes les semaines ? Les appels déjà faits sont conservés.")) actionCreneau("retirer_creneau");
  });
  $("form-creneau").addEventListener("reset", () => {
    $("creneau-id").value = "";
    $("creneau-modifier").disabled = true;
    $("creneau-retirer").disabled = true;
  });

  // -- closures -------------------------------------------------------------------------------------

  const enMots = (isoJour) => new Date(isoJour + "T12:00:00").toLocaleDateString("fr-FR", {weekday: "long", day: "numeric", month: "long"});

  function listeFermetures(fermetures) {
    const liste = $("fermetures-liste");
    liste.replaceChildren();
    for (const f of fermetures) {
      const quand = f.texte || (f.du === f.au ? "le " + enMots(f.du) : "du " + enMots(f.du) + " au " + enMots(f.au));
      const li = texte(liste, "li", quand + " — " + f.libelle + " ", "list-group-item d-flex justify-content-between align-items-center");
      const bouton = texte(li, "button", "Retirer", "btn btn-sm btn-outline-danger");
      bouton.type = "button";
      bouton.addEventListener("click", () => actionFermeture({action: "retirer_fermeture", du: f.du, au: f.au}));
    }
    if (!fermetures.length) texte(liste, "li", "Aucune fermeture.", "list-group-item text-muted");
  }

  async function actionFermeture(corps) {
    const reponse = await envoyer("@emploi-du-temps-modifier", corps);
    const message = $("fermeture-message");
    message.className = reponse.ok ? "mt-2 text-success" : "mt-2 text-danger";
    message.textContent = reponse.ok ? (corps.action === "ajouter_fermeture" ? "Fermeture ajoutée." : "Fermeture retirée.")
      : erreurDe(reponse.body, "Modification refusée.");
    if (reponse.ok) { listeFermetures(reponse.body.fermetures); rafraichir(); journal(); }
  }

  $("form-fermeture").addEventListener("submit", (event) => {
    event.preventDefault();
    actionFermeture({action: "ajouter_fermeture", du: $("fermeture-du").value, au: $("fermeture-au").value, libelle: $("fermeture-libelle").value.trim()});
  });

  // -- the audit journal, newest first, in sentences --------------------------------------------------

  async function journal() {
    const reponse = await lire("@emploi-du-temps-journal");
    const liste = $("journal-liste");
    liste.replaceChildren();
    const items = reponse.ok ? reponse.body.items.slice().reverse() : [];
    for (const e of items) {
      const li = document.createElement("li");
      li.className = "mb-2";
      li.dataset.action = e.action;
      if (e.quand_mots) texte(li, "span", e.quand_mots.charAt(0).toUpperCase() + e.quand_mots.slice(1) + " : ", "text-muted small");
      texte(li, "span", e.phrase);
      liste.append(li);
    }
    const vide = $("journal-vide");
    vide.hidden = items.length > 0;
    if (!reponse.ok) vide.textContent = erreurDe(reponse.body, "Journal inaccessible.");
  }

  listeCreneaux();
  listeFermetures(JSON.parse(root.dataset.fermetures || "[]"));
  journal();
})();
