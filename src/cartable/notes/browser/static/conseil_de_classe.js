/* Class council screen: see cartable/notes/conseil.py. Never lose input, as in
   saisie_notes.js: every change goes to localStorage first and is sent 1.5 s
   after the last keystroke to POST @conseil; a batch that got no answer
   (network cut, expired session, server restart, page closed) is sent again
   as it was, after a re-login on this same page if need be.
   POST @conseil takes no idempotency key and needs none: conseil.enregistrer
   compares each value with the stored one before writing (council date,
   avis + mention of a student, general appreciation), so sending a batch
   again writes nothing more and adds nothing to the journal. */
(function () {
  "use strict";
  const root = document.getElementById("conseil");
  const base = root.dataset.base, portal = root.dataset.portal, moi = root.dataset.login;
  const division = root.dataset.division, periode = root.dataset.periode, direction = root.dataset.direction === "1";
  const etat = document.getElementById("etat-global"), avis = document.getElementById("avis");
  const table = document.getElementById("tableau-conseil"), reconnexion = document.getElementById("reconnexion");
  const dateConseil = document.getElementById("date-conseil");
  const cle = "cartable-conseil:" + moi + ":" + base + ":" + division + ":" + periode;
  const DELAI = 1500, REESSAI = 5000, RAFRAICHIR = 60000;
  let ecran = null, minuterie = null, envoi = false, session = true, reseau = true;

  if (!division || !periode) { etat.textContent = "Choisissez une classe et une période."; return; }

  // attente: changes not sent yet; lot: the batch sent and not answered;
  // refuses: changes the server refused (kept, shown in red, until typed again);
  // unParUn: after a refused batch, changes go one at a time so that the refusal names its field.
  function lire() {
    return Object.assign({attente: {}, lot: null, refuses: {}, unParUn: false}, JSON.parse(localStorage.getItem(cle) || "{}"));
  }
  function ecrire(s) { localStorage.setItem(cle, JSON.stringify(s)); }
  function enAttente(s) { return Object.keys(s.attente).length + (s.lot ? Object.keys(s.lot.changes).length : 0); }

  function afficherEtat() {
    const s = lire(), n = enAttente(s), refus = Object.keys(s.refuses).length;
    let texte, genre;
    if (!session) { texte = "Session expirée : " + n + " saisie(s) gardée(s) sur cet appareil. Reconnectez-vous ci-dessous."; genre = "danger"; }
    else if (!reseau) { texte = "Hors ligne : " + n + " saisie(s) gardée(s) sur cet appareil, envoi au retour du réseau."; genre = "warning"; }
    else if (n) { texte = n + " saisie(s) en attente d'envoi…"; genre = "info"; }
    else if (refus) { texte = refus + " saisie(s) refusée(s), en rouge : corrigez-les. Tout le reste est enregistré."; genre = "danger"; }
    else { texte = "Tout est enregistré."; genre = "success"; }
    etat.textContent = texte;
    etat.className = "alert py-2 sticky-top ecran-seul alert-" + genre;
    etat.dataset.attente = String(n);
    etat.dataset.refus = String(refus);
  }

  async function api(chemin, options) {
    options = options || {};
    const entetes = Object.assign({Accept: "application/json", "Content-Type": "application/json"}, options.headers || {});
    return fetch(base + chemin, Object.assign({}, options, {credentials: "same-origin", headers: entetes, cache: "no-store"}));
  }

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
    const s = lire();
    s.attente[id] = lireChange(id);
    delete s.refuses[id];
    ecrire(s);
    champs(id).forEach(miroir);
    marquer(id, "en-attente");
    afficherEtat();
    clearTimeout(minuterie);
    minuterie = setTimeout(envoyer, DELAI);
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

  // One batch at a time, stored before it is sent, so that whatever cuts the
  // answer off, the same batch goes again.
  async function envoyer() {
    if (envoi || !session) return;
    let s = lire();
    if (!s.lot) {
      const ids = Object.keys(s.attente);
      if (!ids.length) { if (s.unParUn) { s.unParUn = false; ecrire(s); } afficherEtat(); return; }
      s.lot = {changes: {}};
      (s.unParUn ? ids.slice(0, 1) : ids).forEach((id) => { s.lot.changes[id] = s.attente[id]; delete s.attente[id]; });
      ecrire(s);
    }
    envoi = true;
    const lot = s.lot;
    let reponse;
    try {
      reponse = await api("/@conseil", {method: "POST", body: JSON.stringify(corps(lot.changes))});
    } catch (e) {
      envoi = false; reseau = false; afficherEtat();
      setTimeout(envoyer, REESSAI);
      return;
    }
    envoi = false; reseau = true;
    if (reponse.status === 401) { session = false; reconnexion.hidden = false; afficherEtat(); return; }
    if ([400, 403, 404].includes(reponse.status)) {
      const erreur = await reponse.json().catch(() => ({}));
      refuser(lot, (erreur.error && erreur.error.message) || "Saisie refusée.");
    } else if (!reponse.ok) {  // the server restarts or is overloaded: the batch waits
      setTimeout(envoyer, REESSAI); afficherEtat(); return;
    } else {
      confirmer(lot);
    }
    afficherEtat();
    envoyer();  // the next batch, or the end of one-at-a-time sending
  }

  function confirmer(lot) {
    const s = lire();
    s.lot = null;
    ecrire(s);
    Object.entries(lot.changes).forEach(([id, c]) => {
      if (s.attente[id]) return;  // typed again since: the newer value is on its way
      champs(id).forEach((el) => { el.dataset.base = el.value.trim(); });  // the server keeps texts stripped
      marquer(id, null);
    });
  }

  // @conseil checks the whole batch before writing anything: a refused batch
  // of several changes goes again one change at a time to find the culprit.
  function refuser(lot, message) {
    const s = lire(), ids = Object.keys(lot.changes);
    s.lot = null;
    if (ids.length > 1) {
      ids.forEach((id) => { if (!s.attente[id]) s.attente[id] = lot.changes[id]; });
      s.unParUn = true;
    } else if (!s.attente[ids[0]]) {
      s.refuses[ids[0]] = {change: lot.changes[ids[0]], message: message};
      marquer(ids[0], "refuse", message);
      signaler(message);
    }
    ecrire(s);
  }

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
    element(tr, "td", {colspan: "6"});
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
    element(tete, "th", {text: "Appréciation générale", scope: "col"});
    element(tete, "th", {text: "Mention", scope: "col"});
    element(tete, "th", {text: "Avis du conseil", scope: "col"});
    const largeur = ecran.matieres.length + 8;
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
      saisie(element(tr, "td"), "textarea", "g:" + el.id, "texte", {rows: "2", maxlength: "1000",
        "aria-label": "Appréciation générale " + el.nom + " " + el.prenom}).dataset.base = el.appreciation_generale || "";
      const celluleMention = element(tr, "td"), celluleAvis = element(tr, "td");
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
    const s = lire();
    Object.entries(s.refuses).forEach(([id, r]) => { poser(id, r.change, false); marquer(id, "refuse", r.message); });
    Object.entries(Object.assign({}, s.lot ? s.lot.changes : {}, s.attente)).forEach(([id, c]) => { poser(id, c, false); marquer(id, "en-attente"); });
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
    const s = lire();
    if (envoi || enAttente(s) || !session) return;
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
      if (!els.length || s.refuses[id] || enAttente(lire()) || els.some((el) => el === document.activeElement)) return;
      const avant = els.map((el) => el.dataset.base).join("\u0000");
      poser(id, c, true);
      if (els.map((el) => el.dataset.base).join("\u0000") !== avant) marquer(id, "modifie-ailleurs", "Modifié par un autre utilisateur.");
    });
    reseau = true;
    afficherEtat();
  }

  // Re-login without leaving the page: Plone's own login form sets the session
  // cookie; then the stored batch is sent again.
  CartableReconnexion.brancher(reconnexion, {
    portal: portal,
    verifier: () => api("/@periodes"),
    reconnecte: () => { session = true; afficherEtat(); envoyer(); },
  });

  window.addEventListener("online", () => { reseau = true; envoyer(); });
  setInterval(() => { if (enAttente(lire())) envoyer(); else rafraichir(); }, RAFRAICHIR);

  (async function demarrer() {
    let reponse;
    try { reponse = await api("/@conseil?division=" + encodeURIComponent(division) + "&periode=" + encodeURIComponent(periode)); }
    catch (e) { etat.textContent = "Pas de réseau : rechargez la page quand il revient."; return; }
    if (!reponse.ok) { const b = await reponse.json().catch(() => ({})); etat.textContent = (b.error && b.error.message) || "Accès refusé."; return; }
    ecran = await reponse.json();
    construire();
    afficherEtat();
    envoyer();  // what a previous visit left unsent
  })();
})();
