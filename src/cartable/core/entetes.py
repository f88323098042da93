"""Security headers on every answer of the site: the Content-Security-Policy (issue 13).

Scripts come from the site only: Cartable's pages load theirs by ``src`` (no inline script, no
``on…=`` attribute, checked by tests/unit/test_pages_sans_script_en_ligne.py), so a script injected
into a page through stored text never runs. ``'unsafe-eval'`` stays because Plone's own bundle
(mockup, TinyMCE) builds functions at run time; styles allow inline attributes (Plone's widgets and
progress bars set ``style``). Frames only from the site (clickjacking); no plugins; forms and
``<base>`` only towards the site.

Set on every published request (Zope's publication events), so the test server and every
instance send it, error pages included; a page that sets its own keeps it.
"""

POLITIQUE = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))


def en_https(request) -> bool:
    """Served over HTTPS: directly, or behind a proxy that says so (a client can only secure its own cookies)."""
    return str(request.get("SERVER_URL", "")).startswith("https://") or \
        (request.getHeader("X-Forwarded-Proto") or "").lower() == "https"


def poser(event):
    """Subscriber (IPubBeforeCommit, IPubBeforeAbort): the policy on the response, unless it has one; over
    HTTPS, every cookie the answer sets is ``Secure`` (the login ticket never travels in clear)."""
    reponse = getattr(event.request, "response", None)
    if reponse is None:
        return
    if not reponse.getHeader("Content-Security-Policy"):
        reponse.setHeader("Content-Security-Policy", POLITIQUE)
        reponse.setHeader("X-Content-Type-Options", "nosniff")
        reponse.setHeader("Referrer-Policy", "same-origin")
    if en_https(event.request):
        for cookie in getattr(reponse, "cookies", {}).values():
            cookie["secure"] = True
