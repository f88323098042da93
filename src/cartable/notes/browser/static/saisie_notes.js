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
  const formulaire = document.getElementById("form-evaluation"), boutonNouvelle = document.getElementById("nouvelle-evaluation");

  document.getElementById("choix-cours").form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const [d, m] = document.getElementById("choix-cours").value.split("|");
    const p = document.getElementById("choix-periode").value;
    window.location = base + "/@@saisie-notes?division=" + encodeURIComponent(d) + "&matiere=" + encodeURIComponent(m) + "&periode=" + encodeURIComponent(p);
  });
  if (!division || !matiere || !periode) { etat.textContent = "Choisissez une classe, une matière et une période."; return; }

  function idNote(e, el) { return "n:" + e + ":" + el; }
  function idAppreciation(el) { return "a:" + el; }

  // Cells the server refused (a mark out of the scale, unreadable…): kept on this device with their
  // message until typed again or cleared, so that a reload still shows what was typed and why it was refused.
  const cleRefusees = "cartable-notes-refusees:" + moi + ":" + base + ":" + division + ":" + matiere + ":" + periode;
  function refusees() {
    let r;
    try { r = JSON.parse(localStorage.getItem(cleRefusees) || "{}"); } catch (e) { r = {}; }
    Object.entries(boite.refuses()).forEach(([id, x]) => { if (!(id in r)) r[id] = x; });
    return r;
  }
  function retenirRefus(id, change, message) {
    const r = refusees();
    r[id] = {change: change, message: message};
    localStorage.setItem(cleRefusees, JSON.stringify(r));
  }
  function oublierRefus(id) {
    let r;
    try { r = JSON.parse(localStorage.getItem(cleRefusees) || "{}"); } catch (e) { r = {}; }
    if (id in r) { delete r[id]; localStorage.setItem(cleRefusees, JSON.stringify(r)); }
  }

  function afficherEtat() {
    const e = boite.etat(), n = e.attente, refus = Object.keys(refusees()).length;
    const casesRefusees = refus ? refus + (refus > 1 ? " cases refusées" : " case refusée") + " (en rouge, la raison sous la case) : corrigez ou videz." : "";
    const mots = Cartable.etatEnMots(Object.assign({}, e, {reseau: e.reseau && reseau}), {unite: "saisie(s)", gardees: "gardée(s)"});
    let texte = mots.texte, genre = mots.genre;
    if (refus && mots.cas === "enregistre") { texte = "Le reste est enregistré."; genre = "danger"; }
    if (refus) { texte = casesRefusees + " " + texte; genre = genre === "info" ? "danger" : genre; }
    etat.textContent = texte;
    etat.className = "alert py-2 sticky-top alert-" + genre;
    etat.dataset.attente = String(n);
    etat.dataset.refus = String(refus);
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
    surReponse: (resultat, requete) => {
      reseau = true;
      (resultat.cellules || []).forEach((r) => confirmer(idNote(r.evaluation, r.eleve), r, r.valeur, requete));
      (resultat.appreciations || []).forEach((r) => confirmer(idAppreciation(r.eleve), r, r.texte, requete));
      if ((resultat.cellules || []).some((r) => r.statut === "enregistre")) actualiserBientot();
    },
    surRefus: (r) => { if (r.id) { retenirRefus(r.id, r.change, r.message); marquer(r.id, "refuse", r.message); } signaler(r.message); },
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
    const message = document.getElementById("msg-" + id);
    if (message) message.textContent = classe === "refuse" ? (titre || "Valeur refusée.") : "";
    if (classe === "refuse") el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
  }

  function changer(id, change) {
    oublierRefus(id);
    marquer(id, "en-attente");
    boite.mettre(id, change);
  }

  function confirmer(id, r, valeur, requete) {
    if (boite.nonEnvoye(id)) return;  // typed again since: the newer value is on its way
    if (r.statut === "refuse") {
      retenirRefus(id, requete && requete.changes ? requete.changes[id] : null, r.message);
      marquer(id, "refuse", r.message);
      return;
    }
    oublierRefus(id);
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
    cellule(tete, "th", {text: "Élève", scope: "col"});
    grille.evaluations.forEach((e) => {
      const th = cellule(tete, "th", {class: "evaluation", scope: "col", "data-evaluation": e.id});
      const bouton = cellule(th, "button", {type: "button", class: "btn btn-link btn-sm entete-evaluation", text: e.titre,
        "aria-label": "Réglages de l'évaluation « " + e.titre + " »"});
      bouton.addEventListener("click", () => ouvrirFormulaire(e, bouton));
      cellule(th, "span", {class: "details", text: detailsEvaluation(e)});
    });
    cellule(tete, "th", {text: "Moyenne", scope: "col"});
    cellule(tete, "th", {text: "Appréciation", scope: "col"});
    const corps = cellule(table, "tbody", {});
    const attente = boite.changes(), refuses = refusees();
    grille.eleves.forEach((el, ligne) => {
      const tr = cellule(corps, "tr", {});
      cellule(tr, "th", {text: el.nom + " " + el.prenom, class: "eleve", scope: "row"});
      grille.evaluations.forEach((e, colonne) => {
        const id = idNote(e.id, el.id), serveur = (grille.saisies[e.id] || {})[el.id];
        const td = cellule(tr, "td", {});
        const input = cellule(td, "input", {class: "form-control form-control-sm note", "data-id": id,
          "data-ligne": ligne, "data-colonne": colonne, "aria-label": el.nom + " " + el.prenom + ", " + e.titre, autocomplete: "off",
          inputmode: "decimal", "aria-describedby": "msg-" + id});
        cellule(td, "div", {class: "message-refus", id: "msg-" + id, "aria-live": "polite"});
        input.dataset.base = serveur ? serveur.valeur : "";
        const refus = refuses[id] && refuses[id].change ? refuses[id] : null;
        input.value = attente[id] ? attente[id].valeur : refus ? refus.change.valeur : input.dataset.base;
        if (attente[id]) input.classList.add("en-attente");
        else if (refus) marquer(id, "refuse", refus.message);
        input.disabled = !grille.modifiable;
        input.addEventListener("input", () => changer(id, {evaluation: e.id, eleve: el.id, valeur: input.value, base: input.dataset.base}));
      });
      cellule(tr, "td", {text: grille.moyennes[el.id] || "—", class: "moyenne", "data-eleve": el.id});
      const id = idAppreciation(el.id), serveur = grille.appreciations[el.id];
      const zone = cellule(cellule(tr, "td", {}), "textarea", {class: "form-control form-control-sm appreciation", rows: "2", maxlength: "1000",
        "data-id": id, "data-ligne": ligne, "data-colonne": grille.evaluations.length, "aria-label": "Appréciation " + el.nom + " " + el.prenom});
      zone.dataset.base = serveur ? serveur.texte : "";
      const refusA = refuses[id] && refuses[id].change ? refuses[id] : null;
      zone.value = attente[id] ? attente[id].texte : refusA ? refusA.change.texte : zone.dataset.base;
      if (attente[id]) zone.classList.add("en-attente");
      else if (refusA) { zone.classList.add("refuse"); zone.title = refusA.message; }
      zone.disabled = !grille.modifiable;
      zone.addEventListener("input", () => changer(id, {periode: periode, division: division, matiere: matiere, eleve: el.id, texte: zone.value, base: zone.dataset.base}));
    });
  }

  function detailsEvaluation(e) {
    return [e.date_texte, "sur " + e.bareme, "coef. " + String(e.coefficient).replace(".", ","),
            e.facultative ? "facultative" : null, e.compte === false ? "hors moyenne" : null, e.devoir ? "devoir" : null,
            e.notee === false ? "sans note : compétences seulement" : null,
            e.publiee ? "publiée" : "non publiée"].filter(Boolean).join(" · ");
  }

  function urlGrille() {
    return "/@saisie-notes?division=" + encodeURIComponent(division) + "&matiere=" + encodeURIComponent(matiere) + "&periode=" + encodeURIComponent(periode);
  }

  // The averages follow each save (read again from the server: the one rule computes them).
  let minuterieMoyennes = null;
  function actualiserBientot() { clearTimeout(minuterieMoyennes); minuterieMoyennes = setTimeout(actualiserMoyennes, 300); }
  function majMoyennes(neuve) {
    neuve.eleves.forEach((el) => {
      const td = table.querySelector('td.moyenne[data-eleve="' + CSS.escape(el.id) + '"]');
      const texte = neuve.moyennes[el.id] || "—";
      if (td && td.textContent !== texte) { td.textContent = texte; td.classList.add("actualisee"); setTimeout(() => td.classList.remove("actualisee"), 1500); }
    });
    if (grille) {
      const vides = {};
      neuve.evaluations.forEach((e) => { vides[e.id] = e.vide; });
      grille.evaluations.forEach((e) => { if (e.id in vides) e.vide = vides[e.id]; });
      grille.moyennes = neuve.moyennes;
    }
  }
  async function actualiserMoyennes() {
    let reponse;
    try { reponse = await api(urlGrille()); } catch (e) { return; }
    if (reponse.ok) majMoyennes(await reponse.json());
  }

  // -- an evaluation's settings: create, change, publish, delete while empty (keyboard first: Échap closes) --
  let enCours = null, retour = null, cleFormulaire = null, confirmerSuppression = false;
  const f = (id) => document.getElementById(id);
  function erreurFormulaire(texte) { f("ev-erreur").textContent = texte || ""; }
  function ouvrirFormulaire(evaluation, depuis) {
    enCours = evaluation;
    retour = depuis || null;
    cleFormulaire = Cartable.nouvelleCle();
    confirmerSuppression = false;
    erreurFormulaire("");
    const choix = f("ev-periode");
    choix.innerHTML = "";
    (grille.periodes || []).forEach((p) => {
      const o = document.createElement("option");
      o.value = p.code; o.textContent = p.libelle;
      choix.appendChild(o);
    });
    const p = (grille.periodes || []).find((x) => x.code === periode);
    const jour = grille.aujourd_hui && p && grille.aujourd_hui >= p.du && grille.aujourd_hui <= p.au ? grille.aujourd_hui : (p ? p.du : grille.aujourd_hui);
    f("form-evaluation-titre").textContent = evaluation ? "Évaluation « " + evaluation.titre + " »" : "Nouvelle évaluation";
    f("ev-titre").value = evaluation ? evaluation.titre : "";
    f("ev-date").value = evaluation ? evaluation.date : jour || "";
    choix.value = evaluation ? evaluation.periode || periode : periode;
    f("ev-bareme").value = evaluation ? evaluation.bareme : 20;
    f("ev-coefficient").value = evaluation ? String(evaluation.coefficient).replace(".", ",") : "1";
    f("ev-facultative").checked = evaluation ? !!evaluation.facultative : false;
    f("ev-etat").textContent = evaluation ? detailsEvaluation(evaluation) : "Non publiée tant que vous ne la publiez pas : les familles ne la voient pas.";
    const publier = f("ev-publier"), supprimer = f("ev-supprimer");
    publier.hidden = !evaluation;
    if (evaluation) publier.textContent = evaluation.publiee ? "Ne plus publier" : "Publier";
    supprimer.hidden = !evaluation || !evaluation.vide || evaluation.devoir;
    supprimer.textContent = "Supprimer";
    [f("ev-titre"), f("ev-date"), choix, f("ev-bareme"), f("ev-coefficient"), f("ev-facultative"), f("ev-enregistrer"), publier, supprimer]
      .forEach((c) => { c.disabled = !grille.modifiable; });
    formulaire.hidden = false;
    f("ev-titre").focus();
  }
  function fermerFormulaire() {
    formulaire.hidden = true;
    enCours = null;
    if (retour && document.body.contains(retour)) retour.focus(); else boutonNouvelle.focus();
  }
  async function envoyerEvaluation(corps, action) {
    const chemin = "/@evaluations" + (enCours ? "/" + encodeURIComponent(enCours.id) : "");
    erreurFormulaire("");
    const r = await Cartable.appeler(base + chemin, {corps: corps, cle: cleFormulaire + ":" + action});
    if (r.statut === 401) { erreurFormulaire("Session expirée : reconnectez-vous (dans un autre onglet), puis recommencez."); return null; }
    if (!r.ok) { erreurFormulaire(r.message); return null; }
    return r.donnees;
  }
  async function recharger(focaliser) {
    const reponse = await api(urlGrille()).catch(() => null);
    if (!reponse || !reponse.ok) return;
    grille = await reponse.json();
    construire();
    afficherEtat();
    if (focaliser) {
      const colonne = grille.evaluations.findIndex((e) => e.id === focaliser);
      const cible = table.querySelector('[data-ligne="0"][data-colonne="' + colonne + '"]');
      if (colonne >= 0 && cible) cible.focus();
    }
  }
  formulaire.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const corps = {titre: f("ev-titre").value.trim(), date: f("ev-date").value, periode: f("ev-periode").value,
      bareme: f("ev-bareme").value.trim(), coefficient: f("ev-coefficient").value.trim(), facultative: f("ev-facultative").checked};
    if (!corps.titre) { erreurFormulaire("Donnez un titre à l'évaluation."); f("ev-titre").focus(); return; }
    if (!corps.date) { erreurFormulaire("Choisissez la date de l'évaluation."); f("ev-date").focus(); return; }
    if (!enCours) { corps.division = division; corps.matiere = matiere; }
    const cree = !enCours, ailleurs = corps.periode !== periode;
    const reponse = await envoyerEvaluation(corps, "enregistrer");
    if (!reponse) return;
    signaler(cree ? "Évaluation « " + reponse.titre + " » créée" + (ailleurs ? " dans une autre période." : ".") : "Évaluation « " + reponse.titre + " » modifiée.");
    formulaire.hidden = true;
    enCours = null;
    await recharger(cree && !ailleurs ? reponse.id : null);
  });
  f("ev-publier").addEventListener("click", async () => {
    if (!enCours) return;
    const reponse = await envoyerEvaluation({publiee: !enCours.publiee}, enCours.publiee ? "depublier" : "publier");
    if (!reponse) return;
    signaler("« " + reponse.titre + " » " + (reponse.publiee ? "est publiée : élèves et familles voient ses notes." : "n'est plus publiée."));
    const ident = reponse.id;
    formulaire.hidden = true;
    enCours = null;
    await recharger(null);
    const bouton = table.querySelector('th[data-evaluation="' + CSS.escape(ident) + '"] button');
    if (bouton) bouton.focus();
  });
  f("ev-supprimer").addEventListener("click", async () => {
    if (!enCours) return;
    if (!confirmerSuppression) {
      confirmerSuppression = true;
      f("ev-supprimer").textContent = "Confirmer la suppression";
      erreurFormulaire("Cliquez encore pour supprimer « " + enCours.titre + " » (elle n'a aucune note).");
      return;
    }
    const r = await Cartable.appeler(base + "/@evaluations/" + encodeURIComponent(enCours.id), {methode: "DELETE"});
    if (!r.ok) { erreurFormulaire(r.message); return; }
    signaler("Évaluation « " + enCours.titre + " » supprimée.");
    formulaire.hidden = true;
    enCours = null;
    await recharger(null);
    boutonNouvelle.focus();
  });
  f("ev-annuler").addEventListener("click", fermerFormulaire);
  formulaire.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); fermerFormulaire(); } });
  boutonNouvelle.addEventListener("click", () => ouvrirFormulaire(null, boutonNouvelle));
  // Alt+N from anywhere on the page: a new evaluation without leaving the keyboard
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey && !ev.ctrlKey && (ev.key === "n" || ev.key === "N") && grille && grille.modifiable) {
      ev.preventDefault();
      ouvrirFormulaire(null, document.activeElement && table.contains(document.activeElement) ? document.activeElement : boutonNouvelle);
    }
  });

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
    try { reponse = await api(urlGrille()); }
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
    majMoyennes(neuve);
    reseau = true;
    afficherEtat();
  }

  // An expired session: the outbox shows #reconnexion (re-login in place), then sends the stored batch again with its key.
  setInterval(() => { if (boite.etat().attente) boite.envoyer(); else rafraichir(); }, 20000);

  // the first read waits while Cartable answers 503 (its storage restarting), and says so
  function patienter(secondes) {
    etat.textContent = Cartable.indisponibleEnMots(secondes);
    etat.className = "alert py-2 sticky-top alert-warning";
  }

  (async function demarrer() {
    let reponse;
    try { reponse = await Cartable.lirePatiemment(base + urlGrille(), {attente: patienter}); }
    catch (e) { etat.textContent = "Pas de réseau : rechargez la page quand il revient."; return; }
    if (!reponse.ok) { const b = await reponse.json().catch(() => ({})); etat.textContent = (b.error && b.error.message) || "Accès refusé."; return; }
    grille = await reponse.json();
    boutonNouvelle.hidden = !grille.modifiable;
    construire();
    afficherEtat();
    boite.envoyer();  // what a previous visit left unsent
  })();
})();
