"""The tests' one request helper: ``client(site, role)`` speaks to the test server as one of the demo's roles.

Every request sends and asks for JSON (``Accept: application/json``) with the role's Basic auth (none for
``"anonyme"``); ``cle=`` adds an ``Idempotency-Key``, ``headers=`` adds or replaces headers (an HTML page:
``.page(url)``). A URL without a scheme is taken under the site.
"""

import requests

from cartable.testing import JOUR, PASSWORD  # noqa: F401  (re-exported for the tests)

JSON = {"Accept": "application/json"}


class Client:
    def __init__(self, url, auth, timeout=60):
        self.url, self.auth, self.timeout = url, auth, timeout

    def request(self, method, url, json=None, *, cle=None, headers=None, params=None, timeout=None, **options):
        if "://" not in url:
            url = f"{self.url}/{url.lstrip('/')}"
        entetes = {**JSON, **({"Idempotency-Key": cle} if cle else {}), **(headers or {})}
        return requests.request(method, url, json=json, params=params, headers=entetes, auth=self.auth,
                                timeout=timeout or self.timeout, **options)

    def get(self, url, params=None, **options):
        return self.request("GET", url, params=params, **options)

    def post(self, url, json=None, **options):
        return self.request("POST", url, json, **options)

    def patch(self, url, json=None, **options):
        return self.request("PATCH", url, json, **options)

    def page(self, url, params=None, **options):
        """A page, as a browser asks for it (``Accept: */*``)."""
        return self.request("GET", url, params=params, headers={"Accept": "*/*", **options.pop("headers", {})}, **options)

    def delete(self, url, **options):
        return self.request("DELETE", url, **options)


def auth(site, role):
    """(login, password) of a role, None for the anonymous."""
    return None if role == "anonyme" else (site["logins"][role], PASSWORD)


def client(site, role, timeout=60):
    """A client for ``role`` (a key of ``site["logins"]``, or ``"anonyme"``)."""
    return Client(site["url"], auth(site, role), timeout)
