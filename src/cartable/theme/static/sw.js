/* Cartable's service worker (served as sw.js at the site root by cartable.theme.pwa, which fills in the
   version, the site's path and the shell).
   - the shell (CSS, scripts, logo): cached at install, served from the cache, refreshed behind;
   - the agenda (@@agenda) and the timetable (@@emploi-du-temps): network first; the answer is kept, keyed
     by its URL; without network the last one seen is shown with a notice « Hors ligne — version du … »;
   - nothing else: no POST, no other page, no other site; logout (and pwa.js on the logged-out page)
     empties the pages' cache, which holds only that person's pages. */
"use strict";

const VERSION = "__VERSION__";
const RACINE = "__RACINE__";
const COQUILLE = "__COQUILLE__";
const CACHE_COQUILLE = "cartable-coquille-" + VERSION;
const CACHE_PAGES = "cartable-pages";
const DATE_CACHE = "X-Cartable-Vu-Le";
const PAGES_HORS_LIGNE = /\/(@@)?(agenda|emploi-du-temps)$/;

self.addEventListener("install", (evenement) => {
  evenement.waitUntil(caches.open(CACHE_COQUILLE).then((cache) => cache.addAll(COQUILLE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (evenement) => {
  evenement.waitUntil(caches.keys().then((noms) => Promise.all(
    noms.filter((n) => n.startsWith("cartable-coquille-") && n !== CACHE_COQUILLE).map((n) => caches.delete(n))
  )).then(() => self.clients.claim()));
});

self.addEventListener("message", (evenement) => {
  if (evenement.data && evenement.data.type === "vider") evenement.waitUntil(caches.delete(CACHE_PAGES));
});

function dansLeSite(url) {
  return url.origin === self.location.origin && (url.pathname === RACINE || url.pathname.startsWith(RACINE + "/"));
}

function estDeconnexion(url) {
  return /\/(logout|logged[-_]out)$/.test(url.pathname);
}

function estCoquille(url) {
  return COQUILLE.includes(url.pathname);
}

function estPageHorsLigne(requete, url) {
  return requete.mode === "navigate" && PAGES_HORS_LIGNE.test(url.pathname);
}

// « jeudi 3 décembre à 10 h 30 », in the phone's time
function quand(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return "";
  const jour = d.toLocaleDateString("fr-FR", {weekday: "long", day: "numeric", month: "long"});
  return jour + " à " + d.getHours() + " h " + String(d.getMinutes()).padStart(2, "0");
}

async function garder(requete, reponse) {
  const entetes = new Headers(reponse.headers);
  entetes.set(DATE_CACHE, new Date().toISOString());
  const corps = await reponse.clone().arrayBuffer();
  const cache = await caches.open(CACHE_PAGES);
  await cache.put(requete.url, new Response(corps, {status: reponse.status, statusText: reponse.statusText, headers: entetes}));
}

async function horsLigne(requete) {
  const cache = await caches.open(CACHE_PAGES);
  const gardee = await cache.match(requete.url);
  if (!gardee) {
    return new Response("<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Hors ligne</title>" +
      "<body><p role=\"alert\">Hors ligne : cette page n'a pas encore été consultée sur cet appareil.</p></body></html>",
      {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
  }
  const texte = await gardee.text();
  const avis = "<p class=\"cartable-hors-ligne\" role=\"alert\" style=\"margin:0;padding:.6rem 1rem;background:#fff3cd;" +
    "color:#3d2f00;border-bottom:2px solid #f2b134;font-weight:bold\">Hors ligne — version du " +
    quand(gardee.headers.get(DATE_CACHE)) + "</p>";
  const avecAvis = texte.replace(/<body([^>]*)>/i, (m) => m + avis);
  const entetes = new Headers(gardee.headers);
  entetes.set("Content-Type", "text/html; charset=utf-8");
  return new Response(avecAvis === texte ? avis + texte : avecAvis, {status: 200, headers: entetes});
}

self.addEventListener("fetch", (evenement) => {
  const requete = evenement.request;
  if (requete.method !== "GET") return;  // never a POST (nor any write)
  const url = new URL(requete.url);
  if (!dansLeSite(url)) return;
  if (estDeconnexion(url)) {
    evenement.waitUntil(caches.delete(CACHE_PAGES));
    return;
  }
  if (estCoquille(url)) {
    evenement.respondWith(caches.open(CACHE_COQUILLE).then(async (cache) => {
      const gardee = await cache.match(url.pathname);
      const fraiche = fetch(requete).then((r) => { if (r.ok) cache.put(url.pathname, r.clone()); return r; });
      if (gardee) { evenement.waitUntil(fraiche.catch(() => null)); return gardee; }
      return fraiche;
    }));
    return;
  }
  if (estPageHorsLigne(requete, url)) {
    evenement.respondWith(fetch(requete).then((reponse) => {
      // only a page shown to a logged-in person, answered in full (no redirect to the login form)
      if (reponse.ok && !reponse.redirected && reponse.type === "basic") evenement.waitUntil(garder(requete, reponse));
      return reponse;
    }).catch(() => horsLigne(requete)));
  }
});
