/* The CPE's desk: declarations to treat, any timetable, today's registers (all through REST). */
(function () {
  "use strict";
  const base = document.getElementById("bureau").dataset.base;
  const lire = (chemin) => Cartable.appeler(base + chemin).then((r) => r.donnees);
  // « Mes classes » is a filter of the lists, remembered in this browser; the server keeps the classes chosen
  const CLE_FILTRE = "cartable.vie_scolaire.mes_classes";
  const filtre = (sep) => (localStorage.getItem(CLE_FILTRE) === "1" ? sep + "mes_classes=1" : "");
  const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  // « 08:30 » → « 8 h 30 », « 09:00 » → « 9 h »
  const heureFr = (hhmm) => { const [h, m] = hhmm.split(":"); return parseInt(h, 10) + " h" + (m === "00" ? "" : " " + m); };

  // Today's absent and late students: the page renders them; the list is read again every 30 s (the page's own HTML).
  async function absents() {
    try {
      const reponse = await fetch(window.location.href, {credentials: "same-origin", cache: "no-store", headers: {Accept: "text/html"}});
      if (!reponse.ok) return;
      const page = new DOMParser().parseFromString(await reponse.text(), "text/html");
      const nouvelle = page.getElementById("absents-section");
      if (nouvelle) document.getElementById("absents-section").replaceChildren(...nouvelle.childNodes);
    } catch (e) { /* no network: the list stays as it was, the next round tries again */ }
  }
  setInterval(absents, 30000);

  async function declarations() {
    const data = await lire("/@declarations?statut=a_traiter" + filtre("&"));
    const list = document.getElementById("declarations");
    list.replaceChildren();
    document.getElementById("declarations-vide").hidden = data.items.length > 0;
    for (const d of data.items) {
      const li = document.createElement("li");
      li.className = "list-group-item";
      li.dataset.declaration = d.id;
      const text = document.createElement("div");
      text.textContent = d.nom_eleve + " — absence " + d.periode + " — " +
        d.motif.libelle + (d.commentaire ? " — « " + d.commentaire + " »" : "") + (d.piece ? " — pièce jointe : " + d.piece : "") +
        " (déclarée par " + (d.declaree_par_nom || "la famille") + ")";
      li.append(text);
      for (const [decision, label, kind] of [["accepter", "Accepter", "success"], ["refuser", "Refuser", "danger"]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-" + kind + " me-2 mt-2";
        button.textContent = label;
        button.addEventListener("click", async () => {
          const body = {decision: decision};
          if (decision === "refuser") {
            body.raison = prompt("Raison du refus (la famille la lira) :");
            if (!body.raison) return;
          }
          const r = await Cartable.appeler(base + "/@declarations/" + d.id, {corps: body});
          li.replaceChildren(document.createTextNode(r.ok ? (r.donnees.statut === "acceptee" ? "Acceptée : " : "Refusée : ") + d.nom_eleve
                                                          : "Erreur : " + r.message));
        });
        li.append(button);
      }
      list.append(li);
    }
  }

  function search(input) {
    const results = document.getElementById("resultats-" + input.dataset.cle);
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        results.replaceChildren();
        if (input.value.trim().length < 2) return;
        const data = await lire("/@annuaire-recherche?type=" + input.dataset.type + "&q=" + encodeURIComponent(input.value));
        for (const item of data.items) {
          const a = document.createElement("a");
          a.className = "list-group-item list-group-item-action";
          a.href = base + "/@@emploi-du-temps?" + input.dataset.cle + "=" + encodeURIComponent(item.id);
          a.textContent = item.nom_complet + (item.fonctions.length ? " — " + item.fonctions.join(", ") : "");
          results.append(a);
          if (input.dataset.cle === "eleve") {  // the student's follow-up, printable
            const suivi = document.createElement("a");
            suivi.className = "list-group-item list-group-item-action ps-4 small";
            suivi.href = base + "/@@suivi-eleve?eleve=" + encodeURIComponent(item.id);
            suivi.textContent = "↳ Suivi de " + item.nom_complet;
            results.append(suivi);
          }
        }
      }, 200);
    });
  }

  async function appels() {
    const data = await lire("/@appels" + filtre("?"));
    const list = document.getElementById("appels");
    list.replaceChildren();
    for (const item of data.items) {
      const a = document.createElement("a");
      a.className = "list-group-item list-group-item-action" + (item.non_fait ? " list-group-item-danger" : "");
      a.href = base + "/@@appel?cle=" + encodeURIComponent(item.cle);
      a.textContent = heureFr(item.debut) + " " + item.division + " — " + item.enseignants.join(", ") + " — " +
        (item.annule ? "annulé" : ({a_faire: "à faire", en_cours: "en cours", fait: "fait"})[item.etat] + (item.non_fait ? " (non fait)" : "") +
        (item.absents ? ", " + item.absents + (item.absents > 1 ? " absents" : " absent") : ""));
      list.append(a);
    }
    if (!data.items.length) list.textContent = "Aucun cours aujourd'hui.";
  }

  async function alertes() {
    const today = document.getElementById("bureau").dataset.aujourdhui;  // the server's day (its clock), not the browser's
    const data = await lire("/@alertes?du=" + today.slice(0, 8) + "01&au=" + today + filtre("&"));
    const list = document.getElementById("alertes");
    list.replaceChildren();
    for (const a of data.items || []) {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-warning";
      li.textContent = a.nom + " (" + a.classes.join(", ") + ") — " + a.non_justifiees + " demi-journées non justifiées en " + MOIS[parseInt(a.mois.slice(5, 7), 10) - 1];
      list.append(li);
    }
    if (!(data.items || []).length) {  // a list holds list items only (axe « list »)
      const vide = document.createElement("li");
      vide.className = "list-group-item";
      vide.textContent = "Aucune alerte ce mois-ci.";
      list.append(vide);
    }
  }

  function boutonsFiltre() {
    for (const bouton of document.querySelectorAll("#filtre-classes button")) {
      const actif = (localStorage.getItem(CLE_FILTRE) === "1") === (bouton.dataset.mesClasses === "1");
      bouton.classList.toggle("active", actif);
      bouton.setAttribute("aria-pressed", actif ? "true" : "false");
    }
  }

  for (const bouton of document.querySelectorAll("#filtre-classes button")) {
    bouton.addEventListener("click", () => {
      localStorage.setItem(CLE_FILTRE, bouton.dataset.mesClasses);
      boutonsFiltre();
      declarations();
      alertes();
      appels();
    });
  }

  async function choixClasses() {
    const data = await lire("/@mes-classes");
    const cases = document.getElementById("cases-classes");
    cases.replaceChildren();
    for (const classe of data.disponibles || []) {
      const label = document.createElement("label");
      label.className = "me-3";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = classe.code;
      input.checked = data.classes.includes(classe.code);
      label.append(input, " " + classe.code);
      cases.append(label);
    }
  }

  document.getElementById("enregistrer-classes").addEventListener("click", async () => {
    const classes = [...document.querySelectorAll("#cases-classes input:checked")].map((i) => i.value);
    const r = await Cartable.appeler(base + "/@mes-classes", {corps: {classes: classes}});
    document.getElementById("classes-enregistrees").textContent = r.ok ? "Enregistré." : "Erreur : " + r.message;
    if (r.ok && localStorage.getItem(CLE_FILTRE) === "1") { declarations(); alertes(); appels(); }
  });

  boutonsFiltre();
  choixClasses();
  declarations();
  alertes();
  search(document.getElementById("cherche-eleve"));
  search(document.getElementById("cherche-enseignant"));
  appels();
})();
