/* Positioning grid (issue 17): see cartable/notes/competences.py. The marks grid's machinery: every change goes
   to the outbox of cartable.commun (localStorage) first, is sent after the last keystroke with an idempotency
   key kept with the batch (a replay after a network cut, a reload or a re-login in place sends the same key:
   saved once); a cell the server refuses turns red with its reason in French, the others are saved. A level is
   shown by its letters (MI, MF, MS, TB, Abs, NE, Disp) and a colour, its word in the cell's label: never colour alone. */
(function () {
  "use strict";
  const root = document.getElementById("saisie-competences");
  const base = root.dataset.base, portal = root.dataset.portal, moi = root.dataset.login;
  const division = root.dataset.division, matiere = root.dataset.matiere, periode = root.dataset.periode;
  const etat = document.getElementById("etat-global"), avis = document.getElementById("avis");
  const table = document.getElementById("grille-competences");
  let grille = null, reseau = true, niveaux = {};

  document.getElementById("choix-cours").form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const [d, m] = document.getElementById("choix-cours").value.split("|");
    const p = document.getElementById("choix-periode").value;
    window.location = base + "/@@saisie-competences?division=" + encodeURIComponent(d) + "&matiere=" + encodeURIComponent(m) + "&periode=" + encodeURIComponent(p);
  });
  if (!division || !matiere || !periode) { etat.textContent = "Choisissez une classe, une matière et une période."; return; }

  function idCase(e, c, el) { return "p:" + e + ":" + c + ":" + el; }
  const cleRefusees = "cartable-competences-refusees:" + moi + ":" + base + ":" + division + ":" + matiere + ":" + periode;
  function refusees() {
    try { return JSON.parse(localStorage.getItem(cleRefusees) || "{}"); } catch (e) { return {}; }
  }
  function retenirRefus(id, change, message) { const r = refusees(); r[id] = {change: change, message: message}; localStorage.setItem(cleRefusees, JSON.stringify(r)); }
  function oublierRefus(id) { const r = refusees(); if (id in r) { delete r[id]; localStorage.setItem(cleRefusees, JSON.stringify(r)); } }

  function afficherEtat() {
    const e = boite.etat(), n = e.attente, refus = Object.keys(refusees()).length;
    const mots = Cartable.etatEnMots(Object.assign({}, e, {reseau: e.reseau && reseau}), {unite: "positionnement(s)", gardees: "gardé(s)"});
    let texte = mots.texte, genre = mots.genre;
    if (refus) { texte = refus + (refus > 1 ? " cases refusées" : " case refusée") + " (en rouge, la raison sous la case) : corrigez ou videz. " + texte; genre = genre === "success" || genre === "info" ? "danger" : genre; }
    etat.textContent = texte;
    etat.className = "alert py-2 sticky-top alert-" + genre;
    etat.dataset.attente = String(n);
    etat.dataset.refus = String(refus);
  }

  const boite = Cartable.boite({
    stockage: "cartable-competences:" + moi + ":" + base + ":" + division + ":" + matiere + ":" + periode,
    url: base + "/@saisie-competences",
    portail: portal,
    login: moi,
    apres: etat,  // where the re-login form appears when the session has expired
    regrouper: (changes) => ({cellules: Object.values(changes)}),
    surReponse: (resultat, requete) => {
      reseau = true;
      (resultat.cellules || []).forEach((r) => confirmer(idCase(r.evaluation, r.competence, r.eleve), r, requete));
    },
    surRefus: (r) => { if (r.id) { retenirRefus(r.id, r.change, r.message); marquer(r.id, "refuse", r.message); } signaler(r.message); },
    surEtat: afficherEtat,
  });

  function champ(id) { return table.querySelector('[data-id="' + CSS.escape(id) + '"]'); }

  // The cell shows the level's letters and colour; its accessible name says the word.
  function habiller(input, code) {
    const n = niveaux[code];
    input.className = "form-control form-control-sm position" + (n ? " niveau-" + n.code : "");
    input.style.borderLeftColor = n ? n.couleur : "";
    input.setAttribute("aria-label", input.dataset.nom + (n ? " : " + n.libelle : " : non positionné"));
  }

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

  function confirmer(id, r, requete) {
    if (boite.nonEnvoye(id)) return;
    if (r.statut === "refuse") { retenirRefus(id, requete && requete.changes ? requete.changes[id] : null, r.message); marquer(id, "refuse", r.message); return; }
    oublierRefus(id);
    const el = champ(id);
    if (el) {
      el.dataset.base = r.niveau || "";
      if (document.activeElement !== el) el.value = r.niveau ? niveaux[r.niveau].lettres : "";
      habiller(el, r.niveau);
    }
    marquer(id, null);
    if (r.ecrase) signaler("Vous avez remplacé le positionnement de " + (r.ecrase.nom || r.ecrase.par) + " (" + (r.ecrase.niveau ? niveaux[r.ecrase.niveau].lettres : "vide") + ").");
  }

  function signaler(texte) { const p = document.createElement("p"); p.className = "text-primary mb-1"; p.textContent = texte; avis.appendChild(p); }

  function cellule(parent, balise, attributs) {
    const el = document.createElement(balise);
    Object.entries(attributs).forEach(([k, v]) => (k === "text" ? (el.textContent = v) : el.setAttribute(k, v)));
    parent.appendChild(el);
    return el;
  }

  function colonnes() {
    const liste = [];
    grille.evaluations.forEach((e) => e.competences.forEach((c) => liste.push({evaluation: e, competence: c})));
    return liste;
  }

  function construire() {
    table.innerHTML = "";
    const tete = cellule(table, "thead", {});
    const ligne1 = cellule(tete, "tr", {}), ligne2 = cellule(tete, "tr", {});
    cellule(ligne1, "th", {text: "Élève", scope: "col", rowspan: "2"});
    grille.evaluations.forEach((e) => {
      const th = cellule(ligne1, "th", {scope: "colgroup", colspan: String(e.competences.length), "data-evaluation": e.id,
        text: e.titre + " · " + e.date_texte + (e.publiee ? " · publiée" : " · non publiée") + " "});
      if (grille.modifiable) {
        // families see the positions of a published evaluation only
        const bouton = cellule(th, "button", {type: "button", class: "btn btn-link btn-sm p-0 publier",
          text: e.publiee ? "Ne plus publier" : "Publier", "aria-label": (e.publiee ? "Ne plus publier « " : "Publier « ") + e.titre + " »"});
        bouton.addEventListener("click", async () => {
          const r = await Cartable.appeler(base + "/@evaluations/" + encodeURIComponent(e.id), {corps: {publiee: !e.publiee}, cle: Cartable.nouvelleCle()});
          if (!r.ok) { signaler(r.message); return; }
          signaler("« " + e.titre + " » " + (r.donnees.publiee ? "est publiée : élèves et familles voient ses positionnements." : "n'est plus publiée."));
          await charger();
          const encore = table.querySelector('th[data-evaluation="' + CSS.escape(e.id) + '"] button.publier');
          if (encore) encore.focus();
        });
      }
      e.competences.forEach((c) => cellule(ligne2, "th", {scope: "col", class: "competence", text: c.libelle}));
    });
    const corps = cellule(table, "tbody", {});
    const attente = boite.changes(), refuses = refusees(), cols = colonnes();
    grille.eleves.forEach((el, ligne) => {
      const tr = cellule(corps, "tr", {});
      cellule(tr, "th", {text: el.nom + " " + el.prenom, class: "eleve", scope: "row"});
      cols.forEach((col, colonne) => {
        const e = col.evaluation, c = col.competence, id = idCase(e.id, c.id, el.id);
        const serveur = ((grille.positions[e.id] || {})[c.id] || {})[el.id];
        const td = cellule(tr, "td", {});
        const input = cellule(td, "input", {"data-id": id, "data-ligne": ligne, "data-colonne": colonne, autocomplete: "off",
          "data-evaluation": e.id, "data-rang": String(e.competences.indexOf(c)),
          maxlength: "6", "aria-describedby": "msg-" + id});
        input.dataset.nom = el.nom + " " + el.prenom + ", " + c.libelle + " (" + e.titre + ")";
        cellule(td, "div", {class: "message-refus", id: "msg-" + id, "aria-live": "polite"});
        input.dataset.base = serveur ? serveur.niveau : "";
        const refus = refuses[id] && refuses[id].change ? refuses[id] : null;
        habiller(input, serveur ? serveur.niveau : null);
        input.value = attente[id] ? attente[id].niveau : refus ? refus.change.niveau : (serveur ? niveaux[serveur.niveau].lettres : "");
        if (attente[id]) input.classList.add("en-attente");
        else if (refus) marquer(id, "refuse", refus.message);
        input.disabled = !grille.modifiable;
        input.addEventListener("focus", () => input.select());
        input.addEventListener("input", () => {
          oublierRefus(id);
          marquer(id, "en-attente");
          boite.mettre(id, {evaluation: e.id, competence: c.id, eleve: el.id, niveau: input.value, base: input.dataset.base});
        });
      });
    });
  }

  // Arrows, Enter and Tab move like in a spreadsheet; Enter goes down the column (one skill, the whole class).
  table.addEventListener("keydown", (ev) => {
    const el = ev.target;
    if (!el.dataset || el.dataset.ligne === undefined) return;
    let l = +el.dataset.ligne, c = +el.dataset.colonne;
    if (ev.key === "ArrowDown" || ev.key === "Enter") l += 1;
    else if (ev.key === "ArrowUp") l -= 1;
    else if (ev.key === "ArrowLeft") c -= 1;
    else if (ev.key === "ArrowRight") c += 1;
    else return;
    const cible = table.querySelector('[data-ligne="' + l + '"][data-colonne="' + c + '"]');
    if (cible) { ev.preventDefault(); cible.focus(); }
  });

  function urlGrille() {
    return base + "/@saisie-competences?division=" + encodeURIComponent(division) + "&matiere=" + encodeURIComponent(matiere) + "&periode=" + encodeURIComponent(periode);
  }

  // What colleagues changed meanwhile: shown and named.
  async function rafraichir() {
    if (boite.occupe()) return;
    let reponse;
    try { reponse = await Cartable.requete(urlGrille()); } catch (e) { reseau = false; afficherEtat(); return; }
    if (!reponse.ok) return;
    const neuve = await reponse.json();
    Object.entries(neuve.positions).forEach(([e, parCompetence]) => Object.entries(parCompetence).forEach(([c, parEleve]) => {
      Object.entries(parEleve).forEach(([el, p]) => {
        const id = idCase(e, c, el), input = champ(id);
        if (!input || document.activeElement === input || boite.nonEnvoye(id)) return;
        if (p.niveau !== input.dataset.base && p.par !== moi) {
          input.dataset.base = p.niveau; input.value = niveaux[p.niveau].lettres; habiller(input, p.niveau);
          marquer(id, "modifie-ailleurs", "Modifié par " + p.par);
          signaler("Positionnement remplacé par " + p.par + " (" + niveaux[p.niveau].lettres + ").");
        }
      });
    }));
    reseau = true;
    afficherEtat();
  }
  setInterval(() => { if (boite.etat().attente) boite.envoyer(); else rafraichir(); }, 20000);

  // -- a new evaluation by skills, from the keyboard (Alt+N; Échap closes) --
  const formulaire = document.getElementById("form-evaluation"), boutonNouvelle = document.getElementById("nouvelle-evaluation");
  const f = (id) => document.getElementById(id);
  let cleFormulaire = null;
  function ouvrirFormulaire() {
    cleFormulaire = Cartable.nouvelleCle();
    f("ev-erreur").textContent = "";
    f("ev-titre").value = "";
    const jour = grille.aujourd_hui >= grille.periode_du && grille.aujourd_hui <= grille.periode_au ? grille.aujourd_hui : grille.periode_du;
    f("ev-date").value = jour;
    f("ev-notee").checked = false;
    const liste = f("ev-competences");
    liste.innerHTML = "";
    if (!grille.referentiel.length) liste.textContent = "Aucune compétence de cette matière dans le référentiel : la direction la complète.";
    grille.referentiel.forEach((item, rang) => {
      const div = cellule(liste, "div", {class: "form-check"});
      const box = cellule(div, "input", {class: "form-check-input", type: "checkbox", id: "ev-c-" + rang, value: item.id});
      box.dataset.competence = item.id;
      cellule(div, "label", {class: "form-check-label", for: "ev-c-" + rang, text: item.libelle + " (" + item.composantes.join(", ") + ")"});
    });
    formulaire.hidden = false;
    f("ev-titre").focus();
  }
  function fermerFormulaire() { formulaire.hidden = true; boutonNouvelle.focus(); }
  formulaire.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const choisies = [...f("ev-competences").querySelectorAll("input:checked")].map((b) => b.value);
    const corps = {division: division, matiere: matiere, periode: periode, titre: f("ev-titre").value.trim(), date: f("ev-date").value,
      notee: f("ev-notee").checked, competences: choisies};
    if (!corps.titre) { f("ev-erreur").textContent = "Donnez un titre à l'évaluation."; f("ev-titre").focus(); return; }
    if (!choisies.length) { f("ev-erreur").textContent = "Cochez au moins une compétence."; return; }
    const r = await Cartable.appeler(base + "/@evaluations", {corps: corps, cle: cleFormulaire});
    if (r.statut === 401) { f("ev-erreur").textContent = "Session expirée : reconnectez-vous, puis recommencez."; return; }
    if (!r.ok) { f("ev-erreur").textContent = r.message; return; }
    signaler("Évaluation « " + r.donnees.titre + " » créée avec " + choisies.length + " compétence(s).");
    await charger();
    formulaire.hidden = true;
    const premiere = table.querySelector('[data-ligne="0"][data-colonne="' + (colonnes().findIndex((c) => c.evaluation.id === r.donnees.id)) + '"]');
    if (premiere) premiere.focus();
  });
  f("ev-annuler").addEventListener("click", fermerFormulaire);
  formulaire.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); fermerFormulaire(); } });
  boutonNouvelle.addEventListener("click", ouvrirFormulaire);
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey && !ev.ctrlKey && (ev.key === "n" || ev.key === "N") && grille && grille.modifiable) { ev.preventDefault(); ouvrirFormulaire(); }
  });

  async function charger() {
    const reponse = await Cartable.requete(urlGrille()).catch(() => null);
    if (!reponse || !reponse.ok) return false;
    grille = await reponse.json();
    grille.niveaux.forEach((n) => { niveaux[n.code] = n; });
    boutonNouvelle.hidden = !grille.modifiable;
    construire();
    if (!grille.evaluations.length) {
      etat.textContent = "Aucune évaluation par compétences dans cette classe et cette période : créez-en une (Alt+N).";
      etat.className = "alert alert-secondary py-2";
    } else {
      afficherEtat();
    }
    return true;
  }

  // the first read waits while Cartable answers 503 (its storage restarting), and says so
  function patienter(secondes) {
    etat.textContent = Cartable.indisponibleEnMots(secondes);
    etat.className = "alert py-2 sticky-top alert-warning";
  }

  (async function demarrer() {
    let reponse;
    try { reponse = await Cartable.lirePatiemment(urlGrille(), {attente: patienter}); }
    catch (e) { etat.textContent = "Pas de réseau : rechargez la page quand il revient."; return; }
    if (!reponse.ok) { const b = await reponse.json().catch(() => ({})); etat.textContent = (b.error && b.error.message) || "Accès refusé."; return; }
    if (!(await charger())) { etat.textContent = "Réessayez dans un instant."; return; }
    boite.envoyer();
  })();
})();
