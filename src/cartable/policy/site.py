"""Create the region site (French, Classic UI, every Cartable add-on) and its demo data.

``cartable-site`` (cartable.ops.site) and ``cartable-start`` (cartable.ops.start)
call ``ensure_site``: it does nothing but the pending upgrades if the site exists.
"""

import os
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
    return os.environ.get("CARTABLE_ADMIN_PASSWORD") or "admin"


def ensure_zope_admin(app):
    """A Zope-level 'admin' (Manager) to manage the instance itself."""
    if app.acl_users.getUserById("admin") is None:
        app.acl_users._doAddUser("admin", admin_password(), ["Manager"], [])


def ensure_site(app, demo=True, out=sys.stdout):
    """Create the site if absent and commit; return (site, created)."""
    from Products.CMFPlone.factory import addPloneSite

    if SITE_ID in app.objectIds():
        site = app[SITE_ID]
        mettre_a_jour(site, out)
        return site, False
    print("Création du site régional « cartable » (quelques dizaines de secondes)…", file=out, flush=True)
    ensure_zope_admin(app)
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
    if demo:
        from cartable.demo.region import creer_region_demo

        creer_region_demo(site)
    transaction.commit()
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
