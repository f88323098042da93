"""Links: only http(s), mailto and relative URLs, read the way a browser reads them (issue 13, item 3)."""

import pytest

from cartable.regles import liens

SURES = [
    "https://www.education.gouv.fr/",
    "http://exemple.fr/a?b=c#d",
    "HTTPS://EXEMPLE.FR",
    "mailto:vie.scolaire@college.fr",
    "/plone/0139101x/3a/francais",
    "document.pdf",
    "../voisin",
    "?page=2",
    "#section",
    "//cdn.exemple.fr/x.js",
    "page?x=a:b",
    "",
]
HOSTILES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x00javascript:alert(1)",
    "\x01\x1fjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\u200bjavascript:alert(1)",
    "\ufeffjavascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3A;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&amp;#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://exemple.fr",
    "jar:http://x!/",
    "x-javascript:alert(1)",
]


@pytest.mark.parametrize("url", SURES)
def test_safe_urls_pass(url):
    assert liens.url_sure(url)
    assert liens.href_sur(url) == url


@pytest.mark.parametrize("url", HOSTILES)
def test_hostile_urls_are_refused(url):
    assert not liens.url_sure(url)
    assert liens.href_sur(url) == "#"


@pytest.mark.parametrize("valeur", [None, 12, b"https://x.fr", ["https://x.fr"]])
def test_what_is_not_text_is_refused(valeur):
    assert not liens.url_sure(valeur)


def test_the_html_policy_forbids_frames_plugins_and_forms():
    from cartable.regles import html_sur

    valides, nuisibles = html_sur.politique(["a", "IFRAME", "p", "form", "embed"], ["script", "object"])
    assert valides == ["a", "p"]
    assert nuisibles == ["script", "object", "iframe", "embed", "form"]
    assert html_sur.politique(valides, nuisibles) == (valides, nuisibles)  # applied twice: the same
    assert html_sur.politique(None, None) == ([], list(html_sur.BALISES_INTERDITES))
