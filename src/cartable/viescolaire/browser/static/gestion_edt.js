/* The direction's timetable page: import (dry run, then confirm), the week of a class, a teacher or a room
   with a form per occurrence, the weekly slots, the closures and the audit journal — all through REST. */
(function () {
  "use strict";
  const root = document.getElementById("gestion-edt");
  const base = root.dataset.base;
  const sujet = root.dataset.sujet;  // "division=3A", "enseignant=…", "salle=…" or ""
  const jours = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"];
  const $ = (id) => document.getElementById(id);
  const iso = (d) => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
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
        texte(bilan, "li", "créneaux retirés qui ont déjà des appels (conservés) : " + rapport.retires_avec_appels.join(", "),
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
      texte(tr, "td", ligne.source || "", "font-monospace small");
      texte(tr, "td", ligne.erreurs.length ? ligne.erreurs.join(" ; ") : (ligne.remarque || (ligne.creneau ? "créneau " + ligne.creneau.id : "")));
      corps.append(tr);
    }
    table.hidden = !(rapport.lignes || []).length;
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
    if (reponse.ok && reponse.body.ecrit) { semaine(); journal(); }
  });

  // -- the week of the subject; a click on a course opens its form ---------------------------------

  let lundi = root.dataset.du ? new Date(root.dataset.du + "T12:00:00") : new Date();
  lundi.setDate(lundi.getDate() - ((lundi.getDay() + 6) % 7));
  let courant = null;  // the occurrence whose form is open

  async function semaine() {
    if (!sujet) { $("semaine-message").textContent = "Choisissez une classe, un enseignant ou une salle."; return; }
    const fin = new Date(lundi); fin.setDate(fin.getDate() + 5);
    $("semaine-periode").textContent = "du " + lundi.toLocaleDateString("fr-FR") + " au " + fin.toLocaleDateString("fr-FR");
    const reponse = await lire("@emploi-du-temps?" + sujet + "&du=" + iso(lundi) + "&au=" + iso(fin));
    const grille = $("semaine-jours");
    grille.replaceChildren();
    if (!reponse.ok) { $("semaine-message").textContent = erreurDe(reponse.body, "Emploi du temps inaccessible."); return; }
    const data = reponse.body;
    $("semaine-titre").textContent = data.nom || data.division || data.salle || data.enseignant || "";
    $("semaine-message").textContent = data.items.length ? "" : "Aucun cours cette semaine.";
    for (let i = 0; i < 6; i++) {
      const jour = new Date(lundi); jour.setDate(jour.getDate() + i);
      const items = data.items.filter((c) => c.date === iso(jour));
      if (i === 5 && !items.length) continue;
      const col = document.createElement("div");
      col.className = "col";
      const carte = document.createElement("div");
      carte.className = "card h-100";
      texte(carte, "div", jours[i] + " " + jour.toLocaleDateString("fr-FR", {day: "numeric", month: "short"}), "card-header fw-semibold");
      const liste = document.createElement("div");
      liste.className = "list-group list-group-flush";
      for (const c of items) {
        const bouton = document.createElement("button");
        bouton.type = "button";
        bouton.className = "list-group-item list-group-item-action small text-start" + (c.annule ? " text-decoration-line-through text-muted" : "");
        bouton.textContent = c.debut + "–" + c.fin + " " + c.matiere + " · " + c.division + " · " + c.enseignants.join(", ") +
          (c.salle ? " · " + c.salle : "") + (c.annule ? " (annulé : " + c.motif + ")" : "");
        bouton.dataset.cours = c.cle;
        bouton.addEventListener("click", () => ouvrir(c));
        liste.append(bouton);
      }
      carte.append(liste);
      col.append(carte);
      grille.append(col);
    }
  }

  function ouvrir(c) {
    courant = c;
    $("occurrence").hidden = false;
    $("occurrence-titre").textContent = new Date(c.date + "T12:00:00").toLocaleDateString("fr-FR", {weekday: "long", day: "numeric", month: "long"}) +
      " " + c.debut + "–" + c.fin + " · " + c.matiere + " · " + c.division + (c.annule ? " (annulé)" : "");
    $("occurrence-message").textContent = "";
    $("deplacer-date").value = c.date;
    $("deplacer-debut").value = c.debut;
    $("deplacer-fin").value = c.fin;
    $("salle-nouvelle").value = c.salle || "";
    $("remplacant-id").value = "";
    $("remplacant-choisi").textContent = "";
    const creneau = creneaux.find((x) => x.id === c.cle.split("@", 2)[1]);
    if (creneau) remplirCreneau(creneau);
    // instant: the theme's smooth scrolling would leave the form moving under the pointer
    $("occurrence").scrollIntoView({block: "start", behavior: "instant"});
  }

  const REUSSITES = {annuler: "Cours annulé.", deplacer: "Cours déplacé.", changer_salle: "Salle changée.",
                     remplacer: "Enseignant remplacé.", retablir: "Cours rétabli."};

  for (const form of document.querySelectorAll("#occurrence form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!courant) return;
      const action = form.dataset.action;
      const corps = {action: action, cle: courant.cle};
      if (action === "annuler") corps.motif = $("annuler-motif").value.trim();
      if (action === "deplacer") Object.assign(corps, {date: $("deplacer-date").value, debut: $("deplacer-debut").value, fin: $("deplacer-fin").value});
      if (action === "changer_salle") corps.salle = $("salle-nouvelle").value.trim();
      if (action === "remplacer") {
        if (!$("remplacant-id").value) { $("occurrence-message").textContent = "Choisissez d'abord l'enseignant remplaçant."; return; }
        corps.enseignants = [$("remplacant-id").value];
      }
      const reponse = await envoyer("@emploi-du-temps-modifier", corps);
      const message = $("occurrence-message");
      message.className = reponse.ok ? "text-success" : "text-danger";
      message.textContent = reponse.ok ? (reponse.body.change ? REUSSITES[action] : "Rien à changer.") +
        (reponse.body.notifies ? " Les personnes concernées seront prévenues." : "")
        : erreurDe(reponse.body, "Modification refusée.");
      if (reponse.ok) { semaine(); journal(); }
    });
  }

  function recherchePersonnel(champ, resultats, choisir) {
    let minuterie;
    champ.addEventListener("input", () => {
      clearTimeout(minuterie);
      minuterie = setTimeout(async () => {
        resultats.replaceChildren();
        if (champ.value.trim().length < 2) return;
        const reponse = await lire("@annuaire-recherche?type=personnel&q=" + encodeURIComponent(champ.value));
        for (const item of (reponse.ok && reponse.body.items) || []) {
          const bouton = document.createElement("button");
          bouton.type = "button";
          bouton.className = "list-group-item list-group-item-action small";
          bouton.textContent = item.nom_complet + (item.fonctions.length ? " — " + item.fonctions.join(", ") : "");
          bouton.addEventListener("click", () => { resultats.replaceChildren(); choisir(item); });
          resultats.append(bouton);
        }
      }, 200);
    });
  }

  recherchePersonnel($("remplacant-recherche"), $("remplacant-resultats"), (item) => {
    $("remplacant-id").value = item.id;
    $("remplacant-choisi").textContent = "Remplaçant : " + item.nom_complet;
  });
  recherchePersonnel($("cherche-enseignant"), $("resultats-enseignant"), (item) => {
    window.location.href = base + "/@@gestion-emploi-du-temps?enseignant=" + encodeURIComponent(item.id);
  });

  // -- weekly slots: add, modify, remove ----------------------------------------------------------

  let creneaux = JSON.parse(root.dataset.creneaux || "[]");
  const CHAMPS = ["jour", "debut", "fin", "division", "matiere", "salle", "semaine"];

  function remplirCreneau(c) {
    $("creneau-id").value = c.id;
    for (const champ of CHAMPS) $("creneau-" + champ).value = c[champ] || "";
    $("creneau-enseignants").value = c.enseignants.join("|");
    $("creneau-modifier").disabled = false;
    $("creneau-retirer").disabled = false;
  }

  function listeCreneaux() {
    const liste = $("creneaux-liste");
    liste.replaceChildren();
    for (const c of creneaux) {
      const bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "list-group-item list-group-item-action small";
      bouton.textContent = c.jour + " " + c.debut + "–" + c.fin + " · " + c.division + " · " + (c.matiere || "—") + " · " +
        (c.enseignants.join(", ") || "—") + (c.salle ? " · " + c.salle : "") + (c.semaine ? " · semaine " + c.semaine : "") + " (" + c.id + ")";
      bouton.addEventListener("click", () => remplirCreneau(c));
      liste.append(bouton);
    }
    if (!creneaux.length) texte(liste, "li", sujet ? "Aucun créneau." : "Choisissez une classe, un enseignant ou une salle.", "list-group-item text-muted");
  }

  function creneauDuFormulaire() {
    const c = {};
    for (const champ of CHAMPS) c[champ] = $("creneau-" + champ).value.trim();
    c.enseignants = $("creneau-enseignants").value.split("|").map((e) => e.trim()).filter((e) => e);
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
    const rang = (c) => jours.indexOf(c.jour.charAt(0).toUpperCase() + c.jour.slice(1));
    creneaux.sort((a, b) => rang(a) - rang(b) || a.debut.localeCompare(b.debut));
    message.textContent = !reponse.body.change ? "Rien à changer." :
      ({ajouter_creneau: "Créneau ajouté.", modifier_creneau: "Créneau modifié.", retirer_creneau: "Créneau retiré."})[action];
    if (apres) remplirCreneau(apres); else $("form-creneau").reset();
    listeCreneaux();
    semaine();
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

  function listeFermetures(fermetures) {
    const liste = $("fermetures-liste");
    liste.replaceChildren();
    for (const f of fermetures) {
      const li = texte(liste, "li", (f.du === f.au ? "le " + f.du : "du " + f.du + " au " + f.au) + " — " + f.libelle + " ",
                       "list-group-item d-flex justify-content-between align-items-center");
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
    if (reponse.ok) { listeFermetures(reponse.body.fermetures); semaine(); journal(); }
  }

  $("form-fermeture").addEventListener("submit", (event) => {
    event.preventDefault();
    actionFermeture({action: "ajouter_fermeture", du: $("fermeture-du").value, au: $("fermeture-au").value, libelle: $("fermeture-libelle").value.trim()});
  });

  // -- the audit journal, newest first ---------------------------------------------------------------

  const ACTIONS = {import: "import", ajouter_creneau: "créneau ajouté", modifier_creneau: "créneau modifié", retirer_creneau: "créneau retiré",
                   annuler: "cours annulé", deplacer: "cours déplacé", changer_salle: "salle changée", remplacer: "enseignant remplacé",
                   retablir: "cours rétabli", ajouter_fermeture: "fermeture ajoutée", retirer_fermeture: "fermeture retirée"};
  const resume = (valeur) => (valeur === null || valeur === undefined ? "—" : JSON.stringify(valeur));

  async function journal() {
    const reponse = await lire("@emploi-du-temps-journal");
    const corps = $("journal-table").querySelector("tbody");
    corps.replaceChildren();
    const items = reponse.ok ? reponse.body.items.slice().reverse() : [];
    for (const e of items) {
      const tr = document.createElement("tr");
      texte(tr, "td", e.quand.replace("T", " "));
      texte(tr, "td", e.qui);
      texte(tr, "td", ACTIONS[e.action] || e.action);
      texte(tr, "td", resume(e.avant), "small font-monospace text-break");
      texte(tr, "td", resume(e.apres), "small font-monospace text-break");
      corps.append(tr);
    }
    const vide = $("journal-vide");
    vide.hidden = items.length > 0;
    if (!reponse.ok) vide.textContent = erreurDe(reponse.body, "Journal inaccessible.");
  }

  if ($("semaine-avant")) {
    $("semaine-avant").addEventListener("click", () => { lundi.setDate(lundi.getDate() - 7); semaine(); });
    $("semaine-apres").addEventListener("click", () => { lundi.setDate(lundi.getDate() + 7); semaine(); });
  }
  listeCreneaux();
  listeFermetures(JSON.parse(root.dataset.fermetures || "[]"));
  semaine();
  journal();
})();
