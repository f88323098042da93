"""``cartable-site --zope-conf instance/etc/zope.conf``: create the region site if absent.

Does nothing if the site exists (but its pending upgrades). ``make start``
(cartable.ops.start) calls the same function before serving.
"""

import argparse
import sys

from cartable.core.site import REPO


def main(argv=None):
    from cartable.ops.zope_app import close_app, open_app
    from cartable.policy.site import ensure_site

    parser = argparse.ArgumentParser(description="Crée le site régional s'il n'existe pas.")
    parser.add_argument("--zope-conf", default=str(REPO / "instance" / "etc" / "zope.conf"))
    parser.add_argument("--sans-demo", action="store_true", help="ne pas charger la région de démonstration")
    args = parser.parse_args(argv)
    app = open_app(args.zope_conf)
    try:
        _, created = ensure_site(app, demo=not args.sans_demo)
        if not created:
            print("Le site « cartable » existe déjà.")
    finally:
        close_app(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
