"""Create the region site (French, Classic UI, every Cartable add-on) and its demo data.

``cartable-site`` (cartable.ops.site) and ``cartable-start`` (cartable.ops.start)
call ``ensure_site``: it does nothing but the pending upgrades if the site exists.
"""

import os
import secrets
import sys

import transaction

from cartable.core.site import SITE_ID

EXTENSION_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
    "cartable.policy:default",
)


def admin_password():
    """The Zope administrator's password chosen by ``CARTABLE_ADMIN_PASSWORD``, or None (generated)."""
    return os.environ.get("CARTABLE_ADMIN_PASSWORD") or None


def ensure_zope_admin(app, out=sys.stdout):
    """A Zope-level 'admin' (Manager) to manage the instance itself, created once.

    Its password is ``CARTABLE_ADMIN_PASSWORD``, or else generated here and printed this once:
    nothing keeps it in clear (the user folder stores a salted hash, AuthEncoding's SSHA).
    Returns the generated password (None when it was given, or the administrator exists)."""
    if app.acl_users.getUserById("admin") is not None:
        return None
    donne = admin_password()
    mot_de_passe = donne or secrets.token_urlsafe(12)
    app.acl_users._doAddUser("admin", mot_de_passe, ["Manager"], [])
    if donne:
        return None
    print(
        f"Administrateur Zope « admin » créé, mot de passe : {mot_de_passe}\n"
        "  Notez-le : il n'est affiché qu'une fois et n'est conservé que haché "
        "(CARTABLE_ADMIN_PASSWORD le choisit avant le premier démarrage).",
        file=out,
        flush=True,
    )
    return mot_de_passe


def ensure_verrous(site):
    """The login throttle first in the site's and the Zope root's user folders, Plone's people
    listings closed to non-administrators (instances created before get them at their next start);
    idempotent, writes nothing when in place."""
    from cartable.annuaire import discretion
    from cartable.annuaire.pas import installer_verrous

    installer_verrous(site.acl_users)
    discretion.fermer_les_listes(site)


def ensure_site(app, demo=True, out=sys.stdout):
    """Create the site if absent and commit; return (site, created)."""
    from Products.CMFPlone.factory import addPloneSite

    if SITE_ID in app.objectIds():
        site = app[SITE_ID]
        mettre_a_jour(site, out)
        ensure_verrous(site)
        transaction.commit()
        return site, False
    print("Création du site régional « cartable » (quelques dizaines de secondes)…", file=out, flush=True)
    ensure_zope_admin(app, out)
    site = addPloneSite(
        app,
        SITE_ID,
        title="Cartable",
        description="L'espace numérique de travail des collèges et lycées de la région.",
        extension_ids=EXTENSION_PROFILES,
        setup_content=False,
        default_language="fr",
        portal_timezone="Europe/Paris",
    )
    # the site first, then the demo region in a transaction of its own: in one, cartable-site's commit
    # failed at its second phase (POSKeyError on the new site's component registry, RelStorage SQLite,
    # once the demo region's grades became one persistent fiche per student), leaving nothing
    transaction.commit()
    if demo:
        from cartable.demo.region import creer_region_demo

        try:
            creer_region_demo(site)
            transaction.commit()
        except Exception:
            # no site without its demo: the next start makes both again
            transaction.abort()
            app.manage_delObjects([SITE_ID])
            transaction.commit()
            raise
    print("Site créé.", file=out, flush=True)
    return site, True


CARTABLE_PROFILES = tuple(
    f"cartable.{name}:default" for name in ("annuaire", "pedagogie", "viescolaire", "notes", "policy")
)


def mettre_a_jour(site, out=sys.stdout):
    """Run the pending upgrade steps of the Cartable profiles (dependencies first), then commit."""
    from zope.component.hooks import setSite

    setSite(site)
    setup = site.portal_setup
    pending = [p for p in CARTABLE_PROFILES if setup.listUpgrades(p)]
    for profile in pending:
        before = setup.getLastVersionForProfile(profile)
        setup.upgradeProfile(profile)
        after = setup.getLastVersionForProfile(profile)
        print(f"Mise à jour {profile} : {'.'.join(before)} → {'.'.join(after)}", file=out, flush=True)
    if pending:
        transaction.commit()
