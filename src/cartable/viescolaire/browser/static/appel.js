/* Roll call on a phone: see cartable/viescolaire/browser/appel.py. */
(function () {
  "use strict";
  const root = document.getElementById("appel");
  const base = root.dataset.base, cle = root.dataset.cle;
  const statusLine = document.getElementById("etat-envoi");
  const storeKey = "cartable-appel:" + base + ":" + cle;
  const labels = {absence: "Absent", retard: "Retard", depart: "Départ"};
  let register = null, sending = false;

  function pending() { return JSON.parse(localStorage.getItem(storeKey) || "[]"); }
  function savePending(ops) { localStorage.setItem(storeKey, JSON.stringify(ops)); }
  function uuid() { return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()); }

  function showStatus(text, kind) {
    statusLine.textContent = text;
    statusLine.className = "alert py-2 sticky-top alert-" + kind;
  }

  function refreshStatus(problem) {
    const n = pending().length;
    if (problem) { showStatus(problem, "warning"); return; }
    if (n === 0) showStatus(register && register.etat === "fait" ? "Appel terminé et enregistré." : "Tout est enregistré.", "success");
    else showStatus(n + (n > 1 ? " modifications en attente d'envoi…" : " modification en attente d'envoi…"), "info");
  }

  async function api(path, options) {
    options = options || {};
    const headers = Object.assign({Accept: "application/json", "Content-Type": "application/json"}, options.headers || {});
    return fetch(base + path, Object.assign({}, options, {credentials: "same-origin", headers: headers}));
  }

  // Send the queued changes one by one, each with its own idempotency key:
  // a change the server already has is answered again, never applied twice.
  async function flush() {
    if (sending) return;
    sending = true;
    try {
      let ops = pending();
      while (ops.length) {
        const op = ops[0];
        let response;
        try {
          response = await api("/@appel/" + cle, {method: "POST", body: JSON.stringify(op.body), headers: {"Idempotency-Key": op.id}});
        } catch (e) {
          refreshStatus("Pas de réseau : " + ops.length + " modification(s) gardée(s) sur cet appareil, envoi dès le retour du réseau.");
          return;
        }
        if (response.status === 401 || response.status === 403 && !register) {
          refreshStatus("Session expirée : reconnectez-vous dans l'onglet ouvert, vos saisies sont gardées.");
          window.open(root.dataset.loginUrl, "_blank");
          return;
        }
        if (!response.ok) {
          const body = await response.json().catch(() => ({}));
          refreshStatus("Refusé : " + ((body.error && body.error.message) || response.status + " " + response.statusText));
          ops.shift(); savePending(ops);  // refused by the rules: sending it again would not help
          continue;
        }
        register = await response.json();
        ops.shift(); savePending(ops);
        ops = pending();
      }
      render();
      refreshStatus();
    } finally {
      sending = false;
    }
  }

  function queue(body) {
    const ops = pending();
    ops.push({id: uuid(), body: body});
    savePending(ops);
    applyLocally(body);
    render();
    refreshStatus();
    flush();
  }

  function applyLocally(body) {
    for (const [id, mark] of Object.entries(body.marques || {})) {
      const eleve = register.eleves.find((e) => e.id === id);
      if (eleve) eleve.marque = mark.type === "present" ? null : mark;
    }
    if (body.fait) register.etat = "fait";
  }

  function render() {
    document.getElementById("titre").textContent = register.debut + "–" + register.fin + " · " + register.division.libelle + " · " + register.matiere;
    document.getElementById("sous-titre").textContent = (register.salle ? "Salle " + register.salle + " · " : "") +
      (register.annule ? "Cours annulé (" + register.motif + ")" : register.eleves.length + " élèves, tous présents par défaut");
    const list = document.getElementById("eleves");
    list.replaceChildren();
    for (const eleve of register.eleves) {
      const li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap align-items-center gap-2" + (eleve.marque ? " list-group-item-warning" : "");
      li.dataset.eleve = eleve.id;
      const name = document.createElement("span");
      name.className = "me-auto fw-semibold";
      name.textContent = eleve.nom + " " + eleve.prenom + (eleve.marque ? " — " + labels[eleve.marque.type] + (eleve.marque.minutes ? " " + eleve.marque.minutes + " min" : "") : "") +
        (eleve.dispense ? " (dispensé" + (eleve.dispense.motif ? " : " + eleve.dispense.motif : "") + ")" : "");
      li.append(name);
      for (const type of ["absence", "retard", "depart", "present"]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn " + (type === "present" ? "btn-outline-secondary" : "btn-outline-danger");
        button.textContent = type === "present" ? "Présent" : labels[type];
        button.dataset.type = type;
        button.disabled = !register.modifiable;
        button.addEventListener("click", () => {
          const mark = {type: type};
          if (type === "retard") {
            const minutes = parseInt(prompt("Retard en minutes ?", "5"), 10);
            if (!(minutes > 0)) return;
            mark.minutes = minutes;
          }
          queue({marques: {[eleve.id]: mark}});
        });
        li.append(button);
      }
      list.append(li);
    }
    document.getElementById("terminer").disabled = !register.modifiable;
  }

  async function openRegister() {
    document.getElementById("registre").hidden = false;
    const response = await api("/@appel/" + cle);
    if (!response.ok) { refreshStatus("Appel inaccessible (" + response.status + ")."); return; }
    register = await response.json();
    for (const op of pending()) applyLocally(op.body);  // what this phone had not sent yet
    render();
    refreshStatus();
    flush();
    document.getElementById("terminer").addEventListener("click", () => queue({marques: {}, fait: true}));
    window.addEventListener("online", flush);
    window.addEventListener("focus", flush);
    setInterval(() => { if (pending().length) flush(); }, 3000);
  }

  async function openList() {
    document.getElementById("liste").hidden = false;
    const response = await api("/@appels");
    if (!response.ok) { refreshStatus("Liste inaccessible (" + response.status + ")."); return; }
    const data = await response.json();
    const list = document.getElementById("cours");
    for (const item of data.items) {
      const a = document.createElement("a");
      a.className = "list-group-item list-group-item-action" + (item.non_fait ? " list-group-item-danger" : "");
      a.href = base + "/@@appel?cle=" + encodeURIComponent(item.cle);
      a.textContent = item.debut + " " + item.division + (item.annule ? " — annulé" : " — " + ({a_faire: "à faire", en_cours: "en cours", fait: "fait"})[item.etat]);
      list.append(a);
    }
    showStatus(data.items.length ? data.items.length + " cours aujourd'hui." : "Aucun cours aujourd'hui.", "secondary");
  }

  (cle ? openRegister : openList)();
})();
