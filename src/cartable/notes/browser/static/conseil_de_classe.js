/* Class council screen: see cartable/notes/conseil.py. Never lose input, as in
   saisie_notes.js: every change goes to the outbox of cartable.commun
   (localStorage) first and is sent 1.5 s after the last keystroke to POST
   @conseil; a batch that got no answer (network cut, expired session, server
   restart, page closed) is sent again as it was, after a re-login on this
   same page if need be. A refused batch goes again one change at a time, so
   that the refusal names its field (kept in red until typed again).
   POST @conseil needs no idempotency key (the outbox sends one all the same):
   conseil.enregistrer compares each value with the stored one before writing
   (council date, avis + mention of a student, general appreciation), so sending
   a batch again writes nothing more and adds nothing to the journal. */
(function () {
  "use strict";
  const root = document.getElementById("conseil");
  const base = root.dataset.base, portal = root.dataset.portal, moi = root.dataset.login;
  const division = root.dataset.division, periode = root.dataset.periode, direction = root.dataset.direction === "1";
  const etat = document.getElementById("etat-global"), avis = document.getElementById("avis");
  const table = document.getElementById("tableau-conseil");
  const dateConseil = document.getElementById("date-conseil");
  const RAFRAICHIR = 60000;
  let ecran = null, reseau = true;

  if (!division || !periode) { etat.textContent = "Choisissez une classe et une période."; return; }

  function afficherEtat() {
    const e = boite.etat(), n = e.attente, refus = e.refus;
    const mots = Cartable.etatEnMots(Object.assign({}, e, {reseau: e.reseau && reseau}), {unite: "saisie(s)", gardees: "gardée(s)"});
    let texte = mots.texte, genre = mots.genre;
    if (refus && mots.cas === "enregistre") { texte = refus + " saisie(s) refusée(s), en rouge : corrigez-les. Tout le reste est enregistré."; genre = "danger"; }
    etat.textContent = texte;
    etat.className = "alert py-2 sticky-top ecran-seul alert-" + genre;
    etat.dataset.attente = String(n);
    etat.dataset.refus = String(refus);
  }

  function api(chemin) { return Cartable.requete(base + chemin); }

  // A student's decision (avis and mention) is one change: @conseil writes both together.
  function champs(id) { return root.querySelectorAll('[data-id="' + CSS.escape(id) + '"]'); }
  function champ(id, nom) { return root.querySelector('[data-id="' + CSS.escape(id) + '"][data-champ="' + nom + '"]'); }

  function lireChange(id) {
    if (id === "date") return {date: dateConseil.value};
    const eleve = id.slice(2);
    if (id[0] === "g") return {eleve: eleve, texte: champ(id, "texte").value};
    return {eleve: eleve, avis: champ(id, "avis").value, mention: champ(id, "mention").value};
  }

  function poser(id, change, commeBase) {
    const valeurs = id === "date" ? {date: change.date || ""} : id[0] === "g" ? {texte: change.texte || ""} : {avis: change.avis || "", mention: change.mention || ""};
    champs(id).forEach((el) => {
      const nom = el.dataset.champ;
      if (!(nom in valeurs)) return;
      el.value = valeurs[nom];
      if (commeBase) el.dataset.base = valeurs[nom];
      miroir(el);
    });
  }

  // What the printed sheet shows in place of a field.
  function miroir(el) {
    const copie = el.nextElementSibling;
    if (!copie || !copie.classList.contains("impression")) return;
    if (el.tagName === "SELECT") copie.textContent = el.value ? el.options[el.selectedIndex].text : "";
    else if (el.type === "date") copie.textContent = el.value ? el.value.split("-").reverse().join("/") : "—";
    else copie.textContent = el.value;
  }

  function marquer(id, classe, titre) {
    champs(id).forEach((el) => {
      el.classList.remove("en-attente", "refuse", "modifie-ailleurs");
      if (classe) el.classList.add(classe);
      el.title = titre || "";
      el.dataset.statut = classe || "enregistre";
    });
  }

  function changer(id) {
    champs(id).forEach(miroir);
    marquer(id, "en-attente");
    boite.mettre(id, lireChange(id));
  }

  function corps(changes) {
    const donnees = {division: division, periode: periode, decisions: [], appreciations_generales: []};
    Object.entries(changes).forEach(([id, c]) => {
      if (id === "date") donnees.date = c.date;
      else if (id[0] === "g") donnees.appreciations_generales.push(c);
      else donnees.decisions.push(c);
    });
    return donnees;
  }

  // The outbox (localStorage): one batch at a time, stored before it is sent, so that whatever cuts
  // the answer off, the same batch goes again.
  const boite = Cartable.boite({
    stockage: "cartable-conseil:" + moi + ":" + base + ":" + division + ":" + periode,
    url: base + "/@conseil",
    portail: portal,
    login: moi,
    regrouper: corps,
    surReponse: (donnees, lot) => {
      reseau = true;
      Object.keys(lot.changes).forEach((id) => {
        if (boite.nonEnvoye(id)) return;  // typed again since: the newer value is on its way
        champs(id).forEach((el) => { el.dataset.base = el.value.trim(); });  // the server keeps texts stripped
        marquer(id, null);
      });
    },
    surRefus: (r) => { if (r.id) marquer(r.id, "refuse", r.message); signaler(r.message || "Saisie refusée."); },
    surEtat: afficherEtat,
  });

  function signaler(texte) {
    const p = document.createElement("p");
    p.className = "text-danger mb-1";
    p.textContent = texte;
    avis.appendChild(p);
  }

  function element(parent, balise, attributs) {
    const el = document.createElement(balise);
    Object.entries(attributs || {}).forEach(([k, v]) => (k === "text" ? (el.textContent = v) : el.setAttribute(k, v)));
    parent.appendChild(el);
    return el;
  }

  // An editable field and, after it, its printed copy.
  function saisie(parent, balise, id, nom, attributs) {
    const el = element(parent, balise, Object.assign({class: "form-control form-control-sm champ-conseil", "data-id": id, "data-champ": nom}, attributs));
    element(parent, "span", {class: "impression"});
    el.addEventListener(balise === "select" ? "change" : "input", () => changer(id));
    return el;
  }

  function texteOuTiret(v) { return v === null || v === undefined || v === "" ? "—" : String(v); }

  function ligneStatistique(corpsTable, libelle, cle) {
    const tr = element(corpsTable, "tr", {class: "statistique"});
    element(tr, "th", {text: libelle, scope: "row"});
    ecran.matieres.forEach((m) => element(tr, "td", {text: texteOuTiret(m[cle]), class: "moyenne"}));
    element(tr, "td", {text: texteOuTiret(ecran.generale[cle]), class: "moyenne generale"});
    element(tr, "td", {colspan: "3"});
  }

  function construire() {
    table.innerHTML = "";
    const modele = document.getElementById("modele-mention");
    const tete = element(element(table, "thead"), "tr");
    element(tete, "th", {text: "Élève", scope: "col"});
    ecran.matieres.forEach((m) => element(tete, "th", {text: m.libelle, scope: "col", class: "matiere"}));
    element(tete, "th", {text: "Moyenne générale", scope: "col"});
    element(tete, "th", {text: "Demi-journées justifiées", scope: "col", class: "absences"});
    element(tete, "th", {text: "Demi-journées non justifiées", scope: "col", class: "absences"});
    element(tete, "th", {text: "Retards", scope: "col", class: "absences"});
    // the appreciation, mention and avis wrap on a row under each student's line: the page fits 1366 px
    const largeur = ecran.matieres.length + 5;
    const eleves = element(table, "tbody");
    ecran.eleves.forEach((el) => {
      const tr = element(eleves, "tr", {"data-eleve": el.id});
      const nom = element(tr, "th", {scope: "row", class: "eleve"});
      element(nom, "span", {text: el.nom + " " + el.prenom});
      const bouton = element(nom, "button", {type: "button", class: "btn btn-link btn-sm p-0 ms-1 deplier ecran-seul",
        "aria-expanded": "false", "aria-controls": "detail-" + el.id, text: "Appréciations"});
      ecran.matieres.forEach((m) => element(tr, "td", {text: texteOuTiret(el.moyennes[m.code]), class: "moyenne"}));
      element(tr, "td", {text: texteOuTiret(el.moyenne_generale), class: "moyenne generale"});
      const abs = el.absences || {};
      element(tr, "td", {text: texteOuTiret(abs.justifiees), class: "absences"});
      element(tr, "td", {text: texteOuTiret(abs.non_justifiees), class: "absences"});
      element(tr, "td", {text: texteOuTiret(abs.retards), class: "absences"});
      const textes = element(element(eleves, "tr", {"data-eleve": el.id, class: "textes"}), "td", {colspan: String(largeur)});
      const rangee = element(textes, "div", {class: "textes-conseil"});
      const zone = (classe, titre) => { const d = element(rangee, "div", {class: classe}); element(d, "div", {class: "libelle-champ small text-muted", text: titre, "aria-hidden": "true"}); return d; };
      saisie(zone("appreciation-generale", "Appréciation générale"), "textarea", "g:" + el.id, "texte", {rows: "2", maxlength: "1000",
        "aria-label": "Appréciation générale " + el.nom + " " + el.prenom}).dataset.base = el.appreciation_generale || "";
      const celluleMention = zone("mention", "Mention"), celluleAvis = zone("avis", "Avis du conseil");
      if (direction) {
        const mention = saisie(celluleMention, "select", "d:" + el.id, "mention", {class: "form-select form-select-sm champ-conseil",
          "aria-label": "Mention " + el.nom + " " + el.prenom});
        mention.innerHTML = modele.innerHTML;
        mention.dataset.base = el.mention || "";
        saisie(celluleAvis, "textarea", "d:" + el.id, "avis", {rows: "2", maxlength: "1000",
          "aria-label": "Avis " + el.nom + " " + el.prenom}).dataset.base = el.avis || "";
      } else {
        const option = modele.querySelector('option[value="' + CSS.escape(el.mention || "") + '"]');
        element(celluleMention, "span", {text: el.mention && option ? option.textContent : "—"});
        element(celluleAvis, "span", {text: texteOuTiret(el.avis)});
      }
      const detail = element(element(eleves, "tr", {class: "detail", id: "detail-" + el.id, hidden: ""}), "td", {colspan: String(largeur)});
      const liste = element(detail, "dl", {class: "row mb-0"});
      ecran.matieres.forEach((m) => {
        element(liste, "dt", {class: "col-sm-3", text: m.libelle + " (" + texteOuTiret(el.moyennes[m.code]) + ")"});
        element(liste, "dd", {class: "col-sm-9", text: el.appreciations[m.code] || "Pas d'appréciation."});
      });
      bouton.addEventListener("click", () => deplier(bouton, bouton.getAttribute("aria-expanded") !== "true"));
    });
    const stats = element(table, "tbody", {class: "statistiques"});
    ligneStatistique(stats, "Moyenne de la classe", "moyenne");
    ligneStatistique(stats, "Moyenne la plus basse", "min");
    ligneStatistique(stats, "Moyenne la plus haute", "max");

    dateConseil.dataset.base = ecran.date || "";
    dateConseil.disabled = !direction;
    if (direction) dateConseil.addEventListener("change", () => changer("date"));
    // the server's values, then what this device still holds (refused, sent, typed)
    const bases = {date: {date: ecran.date}};
    ecran.eleves.forEach((el) => {
      bases["g:" + el.id] = {texte: el.appreciation_generale};
      bases["d:" + el.id] = {avis: el.avis, mention: el.mention};
    });
    Object.entries(bases).forEach(([id, c]) => poser(id, c, true));
    Object.entries(boite.refuses()).forEach(([id, r]) => { poser(id, r.change, false); marquer(id, "refuse", r.message); });
    Object.entries(boite.changes()).forEach(([id, c]) => { poser(id, c, false); marquer(id, "en-attente"); });
  }

  function deplier(bouton, ouvert) {
    bouton.setAttribute("aria-expanded", String(ouvert));
    document.getElementById(bouton.getAttribute("aria-controls")).hidden = !ouvert;
  }

  document.getElementById("tout-deplier").addEventListener("click", () => {
    const boutons = table.querySelectorAll("button.deplier");
    const ouvrir = Array.from(boutons).some((b) => b.getAttribute("aria-expanded") !== "true");
    boutons.forEach((b) => deplier(b, ouvrir));
  });
  document.getElementById("imprimer").addEventListener("click", () => window.print());

  // What the professeur principal or the direction changed meanwhile, in the fields nobody here is editing.
  async function rafraichir() {
    if (boite.occupe()) return;
    const refuses = boite.refuses();
    let reponse;
    try { reponse = await api("/@conseil?division=" + encodeURIComponent(division) + "&periode=" + encodeURIComponent(periode)); }
    catch (e) { reseau = false; afficherEtat(); return; }
    if (!reponse.ok) return;
    const neuf = await reponse.json();
    const valeurs = {date: {date: neuf.date}};
    neuf.eleves.forEach((el) => {
      valeurs["g:" + el.id] = {texte: el.appreciation_generale};
      if (direction) valeurs["d:" + el.id] = {avis: el.avis, mention: el.mention};
    });
    Object.entries(valeurs).forEach(([id, c]) => {
      const els = Array.from(champs(id));
      if (!els.length || refuses[id] || boite.etat().attente || els.some((el) => el === document.activeElement)) return;
      const avant = els.map((el) => el.dataset.base).join("\u0000");
      poser(id, c, true);
      if (els.map((el) => el.dataset.base).join("\u0000") !== avant) marquer(id, "modifie-ailleurs", "Modifié par un autre utilisateur.");
    });
    reseau = true;
    afficherEtat();
  }

  // An expired session: the outbox shows #reconnexion (re-login in place), then sends the stored batch again.
  setInterval(() => { if (boite.etat().attente) boite.envoyer(); else rafraichir(); }, RAFRAICHIR);

  // the first read waits while Cartable answers 503 (its storage restarting), and says so
  function patienter(secondes) {
    etat.textContent = Cartable.indisponibleEnMots(secondes);
    etat.className = "alert py-2 sticky-top ecran-seul alert-warning";
  }

  (async function demarrer() {
    let reponse;
    try {
      reponse = await Cartable.lirePatiemment(base + "/@conseil?division=" + encodeURIComponent(division) + "&periode=" + encodeURIComponent(periode),
                                              {attente: patienter});
    }
    catch (e) { etat.textContent = "Pas de réseau : rechargez la page quand il revient."; return; }
    if (!reponse.ok) { const b = await reponse.json().catch(() => ({})); etat.textContent = (b.error && b.error.message) || "Accès refusé."; return; }
    ecran = await reponse.json();
    construire();
    afficherEtat();
    boite.envoyer();  // what a previous visit left unsent
  })();
})();
