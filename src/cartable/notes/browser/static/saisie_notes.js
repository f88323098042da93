/* Grade entry grid: see cartable/notes/saisie.py. Never lose a keystroke:
   every change goes to the outbox of cartable.commun (localStorage) first, is
   sent 1.5 s after the last keystroke with an idempotency key kept with the
   batch (a replay after a network cut, a reload or a re-login in place sends
   the same key: saved once). */
(function () {
  "use strict";
  const root = document.getElementById("saisie");
  const base = root.dataset.base, portal = root.dataset.portal, moi = root.dataset.login;
  const division = root.dataset.division, matiere = root.dataset.matiere, periode = root.dataset.periode;
  const etat = document.getElementById("etat-global"), avis = document.getElementById("avis");
  const table = document.getElementById("grille");
  let grille = null, reseau = true;

  document.getElementById("choix-cours").form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const [d, m] = document.getElementById("choix-cours").value.split("|");
    const p = document.getElementById("choix-periode").value;
    window.location = base + "/@@saisie-notes?division=" + encodeURIComponent(d) + "&matiere=" + encodeURIComponent(m) + "&periode=" + encodeURIComponent(p);
  });
  if (!division || !matiere || !periode) { etat.textContent = "Choisissez une classe, une matière et une période."; return; }

  function idNote(e, el) { return "n:" + e + ":" + el; }
  function idAppreciation(el) { return "a:" + el; }

  function afficherEtat() {
    const e = boite.etat(), n = e.attente;
    let texte, genre;
    if (!e.session) { texte = "Session expirée : " + n + " saisie(s) gardée(s) sur cet appareil. Reconnectez-vous ci-dessous."; genre = "danger"; }
    else if (!e.reseau || !reseau) { texte = "Hors ligne : " + n + " saisie(s) gardée(s) sur cet appareil, envoi au retour du réseau."; genre = "warning"; }
    else if (n) { texte = n + " saisie(s) en attente d'envoi…"; genre = "info"; }
    else { texte = "Tout est enregistré."; genre = "success"; }
    etat.textContent = texte;
    etat.className = "alert py-2 sticky-top alert-" + genre;
    etat.dataset.attente = String(n);
  }

  // The outbox: one batch of cells and appreciations at a time, its key stored with it.
  const boite = Cartable.boite({
    stockage: "cartable-notes:" + moi + ":" + base + ":" + division + ":" + matiere + ":" + periode,
    url: base + "/@saisie-notes",
    portail: portal,
    login: moi,
    regrouper: (changes) => {
      const corps = {cellules: [], appreciations: []};
      Object.entries(changes).forEach(([id, c]) => (id[0] === "n" ? corps.cellules : corps.appreciations).push(c));
      return corps;
    },
    surReponse: (resultat) => {
      reseau = true;
      (resultat.cellules || []).forEach((r) => confirmer(idNote(r.evaluation, r.eleve), r, r.valeur));
      (resultat.appreciations || []).forEach((r) => confirmer(idAppreciation(r.eleve), r, r.texte));
    },
    surRefus: (r) => { if (r.id) marquer(r.id, "refuse", r.message); signaler(r.message); },
    surEtat: afficherEtat,
  });

  function api(chemin) { return Cartable.requete(base + chemin); }

  function champ(id) { return table.querySelector('[data-id="' + CSS.escape(id) + '"]'); }

  function marquer(id, classe, titre) {
    const el = champ(id);
    if (!el) return;
    el.classList.remove("en-attente", "refuse", "modifie-ailleurs");
    if (classe) el.classList.add(classe);
    el.title = titre || "";
    el.dataset.statut = classe || "enregistre";
  }

  function changer(id, change) {
    marquer(id, "en-attente");
    boite.mettre(id, change);
  }

  function confirmer(id, r, valeur) {
    if (boite.nonEnvoye(id)) return;  // typed again since: the newer value is on its way
    if (r.statut === "refuse") { marquer(id, "refuse", r.message); return; }
    const el = champ(id);
    if (el) el.dataset.base = valeur || "";
    marquer(id, null);
    if (r.ecrase) signaler("Vous avez remplacé la saisie de " + r.ecrase.par + " (" + (r.ecrase.valeur || r.ecrase.texte || "vide") + ").");
  }

  function signaler(texte) {
    const p = document.createElement("p");
    p.className = "text-primary mb-1";
    p.textContent = texte;
    avis.appendChild(p);
  }

  function cellule(parent, balise, attributs) {
    const el = document.createElement(balise);
    Object.entries(attributs).forEach(([k, v]) => (k === "text" ? (el.textContent = v) : el.setAttribute(k, v)));
    parent.appendChild(el);
    return el;
  }

  function construire() {
    table.innerHTML = "";
    const tete = cellule(cellule(table, "thead", {}), "tr", {});
    cellule(tete, "th", {text: "Élève"});
    grille.evaluations.forEach((e) => cellule(tete, "th", {text: e.titre + " (" + e.date.split("-").reverse().join("/") + ", /" + e.bareme + ", coef. " + e.coefficient.replace(".", ",") + (e.facultative ? ", facultative" : "") + ")"}));
    cellule(tete, "th", {text: "Moyenne"});
    cellule(tete, "th", {text: "Appréciation"});
    const corps = cellule(table, "tbody", {});
    const attente = boite.changes(), refuses = boite.refuses();
    grille.eleves.forEach((el, ligne) => {
      const tr = cellule(corps, "tr", {});
      cellule(tr, "th", {text: el.nom + " " + el.prenom, class: "eleve", scope: "row"});
      grille.evaluations.forEach((e, colonne) => {
        const id = idNote(e.id, el.id), serveur = (grille.saisies[e.id] || {})[el.id];
        const input = cellule(cellule(tr, "td", {}), "input", {class: "form-control form-control-sm note", "data-id": id,
          "data-ligne": ligne, "data-colonne": colonne, "aria-label": el.nom + " " + el.prenom + ", " + e.titre, autocomplete: "off", inputmode: "decimal"});
        input.dataset.base = serveur ? serveur.valeur : "";
        input.value = attente[id] ? attente[id].valeur : refuses[id] ? refuses[id].change.valeur : input.dataset.base;
        if (attente[id]) input.classList.add("en-attente");
        else if (refuses[id]) { input.classList.add("refuse"); input.title = refuses[id].message; }
        input.disabled = !grille.modifiable;
        input.addEventListener("input", () => changer(id, {evaluation: e.id, eleve: el.id, valeur: input.value, base: input.dataset.base}));
      });
      cellule(tr, "td", {text: grille.moyennes[el.id] || "—", class: "moyenne"});
      const id = idAppreciation(el.id), serveur = grille.appreciations[el.id];
      const zone = cellule(cellule(tr, "td", {}), "textarea", {class: "form-control form-control-sm appreciation", rows: "2", maxlength: "1000",
        "data-id": id, "data-ligne": ligne, "data-colonne": grille.evaluations.length, "aria-label": "Appréciation " + el.nom + " " + el.prenom});
      zone.dataset.base = serveur ? serveur.texte : "";
      zone.value = attente[id] ? attente[id].texte : refuses[id] ? refuses[id].change.texte : zone.dataset.base;
      if (attente[id]) zone.classList.add("en-attente");
      else if (refuses[id]) { zone.classList.add("refuse"); zone.title = refuses[id].message; }
      zone.disabled = !grille.modifiable;
      zone.addEventListener("input", () => changer(id, {periode: periode, division: division, matiere: matiere, eleve: el.id, texte: zone.value, base: zone.dataset.base}));
    });
  }

  // Arrows and Enter move like in a spreadsheet (inside an appreciation only Enter with Ctrl).
  table.addEventListener("keydown", (ev) => {
    const el = ev.target, zone = el.tagName === "TEXTAREA";
    if (!el.dataset || el.dataset.ligne === undefined) return;
    let l = +el.dataset.ligne, c = +el.dataset.colonne;
    if (ev.key === "ArrowDown" || (ev.key === "Enter" && (!zone || ev.ctrlKey))) l += 1;
    else if (ev.key === "ArrowUp" && !zone) l -= 1;
    else if (ev.key === "ArrowLeft" && !zone) c -= 1;
    else if (ev.key === "ArrowRight" && !zone) c += 1;
    else return;
    const cible = table.querySelector('[data-ligne="' + l + '"][data-colonne="' + c + '"]');
    if (cible) { ev.preventDefault(); cible.focus(); if (cible.select) cible.select(); }
  });

  // What others changed since the page was loaded: shown, and named.
  async function rafraichir() {
    if (boite.occupe()) return;
    let reponse;
    try { reponse = await api("/@saisie-notes?division=" + encodeURIComponent(division) + "&matiere=" + encodeURIComponent(matiere) + "&periode=" + encodeURIComponent(periode)); }
    catch (e) { reseau = false; afficherEtat(); return; }
    if (!reponse.ok) return;
    const neuve = await reponse.json();
    neuve.eleves.forEach((el) => neuve.evaluations.forEach((e) => {
      const v = (neuve.saisies[e.id] || {})[el.id], input = champ(idNote(e.id, el.id));
      if (!input || document.activeElement === input) return;
      const valeur = v ? v.valeur : "";
      if (valeur !== input.dataset.base && (!v || v.par !== moi)) {
        input.value = valeur; input.dataset.base = valeur;
        marquer(idNote(e.id, el.id), "modifie-ailleurs", "Modifiée par " + (v ? v.par : "un collègue"));
        signaler(el.nom + " " + el.prenom + ", " + e.titre + " : note remplacée par " + (v ? v.par : "un collègue") + " (" + (valeur || "vide") + ").");
      }
    }));
    reseau = true;
    afficherEtat();
  }

  // An expired session: the outbox shows #reconnexion (re-login in place), then sends the stored batch again with its key.
  setInterval(() => { if (boite.etat().attente) boite.envoyer(); else rafraichir(); }, 20000);

  (async function demarrer() {
    let reponse;
    try { reponse = await api("/@saisie-notes?division=" + encodeURIComponent(division) + "&matiere=" + encodeURIComponent(matiere) + "&periode=" + encodeURIComponent(periode)); }
    catch (e) { etat.textContent = "Pas de réseau : rechargez la page quand il revient."; return; }
    if (!reponse.ok) { const b = await reponse.json().catch(() => ({})); etat.textContent = (b.error && b.error.message) || "Accès refusé."; return; }
    grille = await reponse.json();
    construire();
    afficherEtat();
    boite.envoyer();  // what a previous visit left unsent
  })();
})();
