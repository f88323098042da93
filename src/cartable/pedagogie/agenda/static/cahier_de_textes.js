/* Cahier de textes of a space (see cartable/pedagogie/agenda/cahier.py).
   Never lose input: the form is kept in localStorage as a draft until the
   server acknowledges its submission; the submission waits in the outbox of
   cartable.commun with its Idempotency-Key (a lost answer, a reload or an
   expired session, renewed on this page: the same key is sent again, saved once). */
(function () {
  "use strict";
  const racine = document.getElementById("cahier");
  const base = racine.dataset.base, etab = racine.dataset.etab, division = racine.dataset.division;
  const modifiable = !!racine.dataset.modifiable;
  const etat = document.getElementById("etat"), liste = document.getElementById("entrees");
  const cleBrouillon = "cartable-cahier:" + racine.dataset.login + ":" + base;
  let donnees = null;
  let editer = function () {};  // set by the editor (teachers only)
  let ouvrir = function () {};  // idem: ?seance= opens the editor on that course
  function el(balise, attributs, parent) {
    const e = document.createElement(balise);
    Object.entries(attributs || {}).forEach(([k, v]) => (k === "text" ? (e.textContent = v) : e.setAttribute(k, v)));
    if (parent) parent.appendChild(e);
    return e;
  }
  function dateFr(iso) { return new Date(iso + "T12:00:00").toLocaleDateString("fr-FR", {weekday: "long", day: "numeric", month: "long"}); }
  function message(texte, genre) { etat.textContent = texte; etat.className = "alert py-2 alert-" + (genre || "secondary"); }

  // The submissions not acknowledged yet, each with its key.
  const boite = Cartable.boite({
    stockage: "cartable-cahier-envois:" + racine.dataset.login + ":" + base,
    url: base + "/@cahier-de-textes",
    apres: etat,
    login: racine.dataset.login,
    surEtat: (e) => {
      if (!e.attente) return;  // the answer's own message stays
      if (!e.session) message("Session expirée : reconnectez-vous ci-dessous, la séance est gardée ici.", "danger");
      else if (!e.reseau) message("Hors ligne : la séance est gardée sur cet appareil, nouvel essai dans 5 s.", "warning");
      else message("Envoi…", "info");
    },
    surReponse: async () => {
      localStorage.removeItem(cleBrouillon);
      message("Séance enregistrée.", "success");
      const r = await Cartable.appeler(base + "/@cahier-de-textes");
      if (r.ok) { donnees = r.donnees; afficher(); }
      if (modifiable) { document.getElementById("annuler").click(); }
    },
    surRefus: (r) => message(r.message, "danger"),  // the draft stays: corrected, then a new submission
  });

  async function charger() {
    const r = await Cartable.appeler(base + "/@cahier-de-textes");
    if (!r.ok) { message("Impossible de lire le cahier de textes.", "danger"); return; }
    donnees = r.donnees;
    afficher();
    const ancien = lireBrouillon();  // a submission kept by this page before cartable.commun
    if (ancien && ancien.cle) {
      const cle = ancien.cle;
      delete ancien.cle;
      localStorage.setItem(cleBrouillon, JSON.stringify(ancien));
      boite.ajouter(corpsDe(ancien.form, ancien.pieces), cle);
    }
    ouvrir(new URLSearchParams(location.search).get("seance"));
    if (boite.etat().attente) boite.envoyer();  // a submission not acknowledged: sent again with its key
    else message(donnees.vise_jusqu_au ? "Visé jusqu'au " + dateFr(donnees.vise_jusqu_au) + "." : "À jour.", "success");
  }

  function afficher() {
    liste.innerHTML = "";
    if (!donnees.entrees.length) { el("p", {text: "Aucune séance sur la période.", class: "text-muted"}, liste); return; }
    donnees.entrees.slice().reverse().forEach((e) => {
      const carte = el("article", {class: "card mb-2", "data-cle": e.cle}, liste);
      const corps = el("div", {class: "card-body"}, carte);
      const titre = el("h2", {class: "h6", text: dateFr(e.date) + (e.hors_edt ? " (hors emploi du temps)" : "")}, corps);
      if (e.visa) el("span", {class: "badge text-bg-secondary ms-2", text: "Visé par " + e.visa.nom}, titre);
      if (e.contenu) el("p", {text: e.contenu, style: "white-space: pre-wrap"}, corps);
      if (e.travaux.length) {
        const ul = el("ul", {}, corps);
        e.travaux.forEach((t) => el("li", {text: t.titre + " — pour le " + dateFr(t.pour_le) + (t.duree_minutes ? " (" + t.duree_minutes + " min)" : "") + (t.evaluation ? " — évaluation" : "")}, ul));
      }
      (e.devoirs || []).forEach((d) => {  // the Devoirs given in this session (the server's words and links)
        const p = el("p", {class: "mb-1 cahier-devoir"}, corps);
        el("span", {text: "Devoir à rendre : "}, p);
        el("a", {href: d.url, text: d.titre}, p);
        if (d.pour_le_mots) el("span", {text: ", pour le " + d.pour_le_mots}, p);
      });
      e.pieces_jointes.forEach((p) => { const a = el("a", {href: p.url, class: "me-2", text: p.id}, corps); a.download = p.id; });
      if (modifiable) {
        const b = el("button", {type: "button", class: "btn btn-sm btn-outline-primary me-2", text: e.visa ? "Compléter" : "Modifier"}, corps);
        b.addEventListener("click", () => editer(e));
        const h = el("button", {type: "button", class: "btn btn-sm btn-link", text: "Historique"}, corps);
        h.addEventListener("click", () => historique(e.cle, corps, h));
      }
    });
  }

  async function historique(cle, corps, bouton) {
    bouton.disabled = true;
    const r = await Cartable.appeler(base + "/@cahier-de-textes-historique?cle=" + encodeURIComponent(cle));
    if (!r.ok) return;
    const ol = el("ol", {class: "small text-muted mt-2"}, corps);
    r.donnees.items.forEach((t) => el("li", {text: new Date(t.quand).toLocaleString("fr-FR") + " — " + t.nom + " : " + Object.keys(t.apres).join(", ")}, ol));
  }

  // --- The editor ---------------------------------------------------------------------------
  if (modifiable) {
    const form = document.getElementById("editeur"), travaux = document.getElementById("travaux");
    const modele = document.getElementById("modele-travail"), brouillonEtat = document.getElementById("brouillon-etat");
    const champs = {cle: document.getElementById("cle"), date: document.getElementById("date"),
                    creneau: document.getElementById("creneau"), contenu: document.getElementById("contenu"),
                    pieces: document.getElementById("pieces")};

    function ligne(t) {
      const f = modele.content.firstElementChild.cloneNode(true);
      f.dataset.id = (t && t.id) || "";
      f.querySelector(".titre").value = (t && t.titre) || "";
      f.querySelector(".pour-le").value = (t && t.pour_le) || "";
      f.querySelector(".duree").value = t && t.duree_minutes ? t.duree_minutes : "";
      f.querySelector(".evaluation").checked = !!(t && t.evaluation);
      f.querySelector(".retirer").addEventListener("click", () => { f.remove(); garder(); });
      f.querySelector(".pour-le").addEventListener("change", () => charge(f));
      travaux.appendChild(f);
      if (t && t.pour_le) charge(f);
      return f;
    }

    async function charge(f) {  // the workload already planned that day, before saving
      const jour = f.querySelector(".pour-le").value, sortie = f.querySelector(".charge");
      sortie.textContent = "";
      if (!jour || !etab) return;
      const r = await Cartable.appeler(etab + "/@charge-de-travail?division=" + encodeURIComponent(division) + "&du=" + jour + "&au=" + jour + (f.dataset.id ? "&sans=" + encodeURIComponent(f.dataset.id) : ""));
      if (!r.ok) return;
      const j = r.donnees.jours[0];
      if (j && j.alerte) sortie.textContent = "⚠ " + j.alerte;
    }

    function lireForm() {
      return {
        cle: champs.cle.value || null,
        date: champs.date.value,
        creneau: champs.creneau.value,
        contenu: champs.contenu.value,
        travaux: Array.from(travaux.querySelectorAll(".travail")).map((f) => {
          const t = {titre: f.querySelector(".titre").value, pour_le: f.querySelector(".pour-le").value,
                     duree_minutes: parseInt(f.querySelector(".duree").value || "0", 10), evaluation: f.querySelector(".evaluation").checked};
          if (f.dataset.id) t.id = f.dataset.id;
          return t;
        }),
      };
    }
    function lireBrouillonLocal() { return JSON.parse(localStorage.getItem(cleBrouillon) || "null"); }
    function garder() {
      const b = lireBrouillonLocal() || {};
      b.form = lireForm();
      localStorage.setItem(cleBrouillon, JSON.stringify(b));
      brouillonEtat.textContent = "Brouillon gardé sur cet appareil.";
    }
    function remplir(f) {
      champs.cle.value = f.cle || ""; champs.date.value = f.date || ""; champs.creneau.value = f.creneau || "";
      champs.contenu.value = f.contenu || "";
      travaux.innerHTML = "";
      (f.travaux || []).forEach(ligne);
      document.getElementById("editeur-titre").textContent = f.cle ? "Séance du " + dateFr(f.date) : "Nouvelle séance";
    }
    editer = function (e) {
      remplir({cle: e.cle, date: e.date, contenu: e.contenu, travaux: e.travaux});
      garder();
      form.scrollIntoView({behavior: "smooth"});
    };
    // ?seance=AAAA-MM-JJ@créneau (Mon bureau's « Cahier de textes à remplir »): the editor on that course,
    // its entry when it has one; only within the period read (an entry not read would be overwritten),
    // and never over a draft in progress
    ouvrir = function (cle) {
      const lue = /^(\d{4}-\d{2}-\d{2})@[A-Za-z0-9_.:-]+$/.exec(cle || "");
      if (!lue || lue[1] < donnees.du || lue[1] > donnees.au || (lireBrouillonLocal() || {}).form) return;
      const existante = donnees.entrees.find((e) => e.cle === cle);
      if (existante) { editer(existante); return; }
      remplir({cle: cle, date: lue[1]});
      form.scrollIntoView({behavior: "smooth"});
    };
    form.addEventListener("input", garder);
    document.getElementById("ajouter-travail").addEventListener("click", () => { ligne(null); garder(); });
    document.getElementById("annuler").addEventListener("click", () => { localStorage.removeItem(cleBrouillon); remplir({}); brouillonEtat.textContent = ""; });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      garder();
      const pieces = await Promise.all(Array.from(champs.pieces.files || []).map(async (f) => ({nom: f.name, contenu: await Cartable.enBase64(f)})));
      boite.ajouter(corpsDe(lireForm(), pieces));
    });
    const brouillon = lireBrouillonLocal();
    if (brouillon && brouillon.form) { remplir(brouillon.form); brouillonEtat.textContent = "Brouillon retrouvé sur cet appareil."; }
  }

  function lireBrouillon() { return JSON.parse(localStorage.getItem(cleBrouillon) || "null"); }

  // The body of POST @cahier-de-textes for the form f: an existing entry (its key), a course of the timetable, or a date.
  function corpsDe(f, pieces) {
    const corps = {contenu: f.contenu, travaux: f.travaux, pieces_jointes: pieces || []};
    if (f.cle) corps.cle = f.cle;
    else if (f.creneau) corps.cle = f.date + "@" + f.creneau;
    else corps.date = f.date;
    if (corps.cle) corps.date = f.date;
    return corps;
  }

  const visa = document.getElementById("visa");
  if (visa) visa.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const au = document.getElementById("visa-au").value;
    const r = await Cartable.appeler(base + "/@cahier-de-textes-visa", {corps: {au: au}});
    document.getElementById("visa-etat").textContent = r.ok ? r.donnees.vises + " séance(s) visée(s) jusqu'au " + dateFr(r.donnees.au) + "." : r.message;
    charger();
  });

  charger();
})();
