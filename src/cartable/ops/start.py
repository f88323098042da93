"""``make start``: render the instance, create the site if absent, run the worker, serve.

One Zope start-up in this process (site check and creation, then waitress),
the queue consumer in a child process that is stopped with us.
"""

import argparse
import logging.config
import os
import signal
import subprocess
import sys

from cartable.core.config import ConfigError
from cartable.ops.instance import add_arguments, render_instance, settings_from_env


def print_logins(url, logins, out=sys.stdout):
    from cartable.policy.site import admin_password

    print(f"\nCartable est servi sur {url}", file=out)
    print("Comptes de démonstration (identifiant / mot de passe) :", file=out)
    # the generated password was printed once, when the administrator was created; never again
    secret = "(CARTABLE_ADMIN_PASSWORD)" if admin_password() else "(affiché à sa création)"
    print(f"  {'admin':<22} {secret:<14} administrateur Zope (gestion de l'instance)", file=out)
    for login, password, nom, role in logins:
        print(f"  {login:<22} {password:<14} {nom} — {role}", file=out)
    print("Arrêt : Ctrl+C\n", file=out, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Démarre Cartable (site de démonstration).")
    add_arguments(parser)
    parser.add_argument("--sans-worker", action="store_true", help="ne pas lancer l'exécuteur de tâches")
    args = parser.parse_args(argv)
    try:
        settings = settings_from_env(args.etc, args.var, args.port, args.host)
        render_instance(settings)
    except ConfigError as exc:
        print(f"cartable: {exc}", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    ini = settings.etc_dir / "zope.ini"
    wsgi_app, logins = start_zope(ini)  # one Zope start-up: site check, then serving
    worker = None
    try:
        if not args.sans_worker:
            # Started once the site exists: two processes initialising an
            # empty database at the same time would conflict.
            worker = start_worker(settings)
        print_logins(f"http://{_public_host(settings.host)}:{settings.port}/cartable", logins)
        serve(ini, wsgi_app)
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def _public_host(host):
    return "localhost" if host in ("127.0.0.1", "0.0.0.0", "::1", "::") else host


def start_worker(settings):
    from cartable.core import horloge

    log = open(settings.var_dir / "log" / "worker.log", "ab")
    env = dict(os.environ)
    if env.get("CARTABLE_HORLOGE"):
        # the worker's clock continues this process's (started at CARTABLE_HORLOGE before Zope's start-up):
        # the moment given at launch would put the worker behind the server by the start-up's length, and a
        # bulletin generated after a council entry would be stamped before it
        env["CARTABLE_HORLOGE"] = horloge.maintenant().isoformat()
    worker = subprocess.Popen(
        [sys.executable, "-m", "cartable.ops.worker", "--zope-conf", str(settings.etc_dir / "zope.conf")],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    print(f"Exécuteur de tâches lancé (pid {worker.pid}, journal {log.name}).", flush=True)
    return worker


def start_zope(ini):
    """Load the WSGI pipeline (starts Zope) and create the site if it is missing."""
    import transaction
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager, noSecurityManager
    from AccessControl.users import system
    from paste.deploy import loadapp
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    from cartable.demo.region import identifiants_demo
    from cartable.policy.site import ensure_site

    logging.config.fileConfig(str(ini), {"__file__": str(ini), "here": str(ini.parent)})
    wsgi_app = loadapp(f"config:{ini}")
    app = makerequest(Zope2.app())
    try:
        setRequest(app.REQUEST)
        newSecurityManager(None, system)
        site, _ = ensure_site(app, demo=os.environ.get("CARTABLE_DEMO", "1") != "0")
        logins = identifiants_demo(site)
    finally:
        setSite(None)
        transaction.abort()
        noSecurityManager()
        setRequest(None)
        app._p_jar.close()
    return wsgi_app, logins


def serve(ini, wsgi_app):
    import Zope2
    from paste.deploy import loadserver

    server = loadserver(f"config:{ini}")
    try:
        server(wsgi_app)
    except KeyboardInterrupt:
        pass
    finally:
        Zope2.DB.close()  # RelStorage writes its local cache for a warm restart


if __name__ == "__main__":
    sys.exit(main())
