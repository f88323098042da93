/* Week grid of @emploi-du-temps; the query string says whose (eleve=, enseignant=, division=, salle=). */
(function () {
  "use strict";
  const root = document.getElementById("edt");
  const base = root.dataset.base;
  const params = new URLSearchParams(root.dataset.query);
  const jours = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"];
  let lundi = params.get("du") ? new Date(params.get("du") + "T12:00:00") : new Date();
  lundi.setDate(lundi.getDate() - ((lundi.getDay() + 6) % 7));
  const iso = (d) => d.toISOString().slice(0, 10);

  async function show() {
    const fin = new Date(lundi); fin.setDate(fin.getDate() + 5);
    params.set("du", iso(lundi)); params.set("au", iso(fin));
    document.getElementById("edt-periode").textContent = "du " + lundi.toLocaleDateString("fr-FR") + " au " + fin.toLocaleDateString("fr-FR");
    const r = await Cartable.appeler(base + "/@emploi-du-temps?" + params.toString());
    const message = document.getElementById("edt-message");
    const grid = document.getElementById("edt-jours");
    grid.replaceChildren();
    if (!r.ok) {
      message.textContent = (r.donnees.error && r.donnees.error.message) || "Emploi du temps inaccessible.";
      return;
    }
    const data = r.donnees;
    document.getElementById("edt-titre").textContent = "Emploi du temps — " + (data.nom || data.enseignant || data.division || data.salle || "");
    message.textContent = data.items.length ? "" : "Aucun cours cette semaine.";
    for (let i = 0; i < 6; i++) {
      const day = new Date(lundi); day.setDate(day.getDate() + i);
      const items = data.items.filter((c) => c.date === iso(day));
      if (i === 5 && !items.length) continue;
      const col = document.createElement("div");
      col.className = "col";
      const card = document.createElement("div");
      card.className = "card h-100";
      const head = document.createElement("div");
      head.className = "card-header fw-semibold";
      head.textContent = jours[i] + " " + day.toLocaleDateString("fr-FR", {day: "numeric", month: "short"});
      const list = document.createElement("ul");
      list.className = "list-group list-group-flush";
      for (const c of items) {
        const li = document.createElement("li");
        li.className = "list-group-item small" + (c.annule ? " text-decoration-line-through text-muted" : "");
        li.textContent = c.debut + "–" + c.fin + " " + c.matiere + " · " + c.division + " · " + c.enseignants.join(", ") +
          (c.salle ? " · " + c.salle : "") + (c.annule ? " (" + c.motif + ")" : "");
        li.dataset.cours = c.cle;
        list.append(li);
      }
      card.append(head, list);
      col.append(card);
      grid.append(col);
    }
  }
  document.getElementById("edt-avant").addEventListener("click", () => { lundi.setDate(lundi.getDate() - 7); show(); });
  document.getElementById("edt-apres").addEventListener("click", () => { lundi.setDate(lundi.getDate() + 7); show(); });
  show();
})();
