"""Which URLs may be stored in a link and written into a page (issue 13, item 3).

Only ``http``, ``https``, ``mailto`` and relative URLs. A browser forgives a lot before it reads a
scheme: it decodes the HTML entities of an attribute, drops leading spaces and control characters,
ignores tabs and line breaks inside the URL and reads the scheme in any case. The scheme is therefore
read the way the browser reads it: ``JaVa&#83;cript:`` or `` \\tjava\\nscript:`` is ``javascript:``.
"""

import html
import re

SCHEMAS_PERMIS = frozenset({"http", "https", "mailto"})
_SCHEMA = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLES = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")

MESSAGE = "Adresse de lien refusée : seules les adresses http(s)://, mailto: et les liens relatifs sont acceptés."


def lue_par_le_navigateur(url: str) -> str:
    """The URL as a browser resolves it in an ``href`` (entities decoded, invisible characters gone)."""
    avant = None
    while avant != url:  # « &amp;#58; » written into an attribute is decoded once, but a stored one may be twice
        avant, url = url, html.unescape(url)
    return _INVISIBLES.sub("", url)


def url_sure(url) -> bool:
    """True for an http(s), mailto or relative URL; False for anything else (javascript:, data:…)."""
    if not isinstance(url, str):
        return False
    lue = lue_par_le_navigateur(url)
    schema = _SCHEMA.match(lue)
    if schema is None:
        return ":" not in lue.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] or lue.startswith(("/", "?", "#"))
    return schema.group(1).lower() in SCHEMAS_PERMIS


def href_sur(url, repli: str | None = "#") -> str | None:
    """``url`` when it is safe to write into an ``href``/``src``, else ``repli`` (None: a template leaves the attribute out)."""
    return url if url_sure(url) else repli
