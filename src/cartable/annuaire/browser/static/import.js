/* import.js: see the page template that loads it. */
(function () {
    const suivi = document.getElementById("suivi");
    if (!suivi) return;
    const barre = document.getElementById("barre"), message = document.getElementById("message");
    async function poll() {
      const response = await fetch(suivi.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const job = await response.json();
        const pct = job.total ? Math.round(100 * job.done / job.total) : 0;
        barre.style.width = pct + "%"; barre.textContent = pct + " %";
        message.textContent = job.state === "failed" ? "Échec : " + job.error : (job.message || message.textContent);
        if (job.state === "done") {
          barre.style.width = "100%"; barre.textContent = "100 %"; message.textContent = "Import terminé.";
          const body = document.querySelector("#resume tbody");
          for (const [categorie, c] of Object.entries(job.result.resume)) {
            const tr = document.createElement("tr");
            for (const v of [categorie, c.created, c.updated, c.deactivated, c.unchanged, c.rejected]) {
              const td = document.createElement("td"); td.textContent = v; tr.append(td);
            }
            body.append(tr);
          }
          document.getElementById("resume").classList.remove("d-none");
          const details = document.getElementById("details");
          details.textContent = job.result.details; details.classList.toggle("d-none", !job.result.details);
          return;
        }
        if (job.state === "failed") return;
      }
      setTimeout(poll, 1000);
    }
    poll();
  })();
