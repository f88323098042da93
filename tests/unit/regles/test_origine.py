import pytest

from cartable.regles.origine import AUTRE_ORIGINE, TYPE_JSON, origine, refus_origine, refus_type

SITE = "http://localhost:8080"


@pytest.mark.parametrize("url, attendu", [
    ("http://localhost:8080", "http://localhost:8080"),
    ("HTTP://LocalHost:8080/cartable/@appel", "http://localhost:8080"),
    ("https://ent.region.fr:443", "https://ent.region.fr"),
    ("http://ent.region.fr:80/", "http://ent.region.fr"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("null", None), ("", None), (None, None), ("javascript:alert(1)", None), ("http://h:99999", None),
])
def test_origins(url, attendu):
    assert origine(url) == attendu


def test_a_write_from_another_site_is_refused():
    assert refus_origine("POST", "http://evil.example", None, SITE) == AUTRE_ORIGINE
    assert refus_origine("delete", "http://localhost:8081", None, SITE) == AUTRE_ORIGINE
    assert refus_origine("PATCH", "null", None, SITE) == AUTRE_ORIGINE  # sandboxed frames, data: pages
    assert refus_origine("POST", None, "cross-site", SITE) == AUTRE_ORIGINE
    assert refus_origine("POST", "http://localhost:8080", "same-site", SITE) == AUTRE_ORIGINE


def test_behind_a_proxy_that_ends_tls_the_browsers_scheme_counts():
    interne = "http://ent.region.fr"
    assert refus_origine("POST", "https://ent.region.fr", "same-origin", interne) == AUTRE_ORIGINE
    assert refus_origine("POST", "https://ent.region.fr", "same-origin", interne, "https") is None
    assert refus_origine("POST", "https://autre.region.fr", None, interne, "https") == AUTRE_ORIGINE
    assert refus_origine("POST", "https://ent.region.fr:8443", None, interne, "https") == AUTRE_ORIGINE
    assert refus_origine("POST", "https://ent.region.fr", None, interne, "gopher") == AUTRE_ORIGINE


def test_own_pages_scripts_and_reads_pass():
    assert refus_origine("POST", "http://localhost:8080", "same-origin", SITE) is None
    assert refus_origine("POST", None, None, SITE) is None  # a script, the command line
    assert refus_origine("POST", "", "none", SITE) is None
    assert refus_origine("GET", "http://evil.example", "cross-site", SITE) is None


@pytest.mark.parametrize("type_, refuse", [
    ("application/json", False), ("application/json; charset=utf-8", False), ("Application/JSON", False),
    ("application/merge-patch+json", False),
    ("text/plain", True), ("text/plain;charset=UTF-8", True), ("application/x-www-form-urlencoded", True),
    ("multipart/form-data; boundary=x", True), ("", True), (None, True),
])
def test_bodies_must_be_declared_json(type_, refuse):
    assert (refus_type(type_) == TYPE_JSON) is refuse
