"""Start Zope from a rendered zope.conf outside the WSGI server (scripts, worker)."""

import transaction


def open_app(zope_conf):
    """Configure Zope and return the root application with a request, as system user."""
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from zope.globalrequest import setRequest
    from Zope2.Startup.run import make_wsgi_app

    make_wsgi_app({}, str(zope_conf))
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    return app


def close_app(app):
    """Abort what is pending, close the connection and the database (RelStorage saves its cache)."""
    import Zope2
    from zope.component.hooks import setSite

    setSite(None)
    transaction.abort()
    app._p_jar.close()
    Zope2.DB.close()
