"""The Content-Security-Policy (core/entetes.py) allows scripts from the site only: no page template of the
add-ons may carry an inline script or an event-handler attribute, which the policy would block (or, worse,
which would make us loosen it)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "cartable"
SCRIPT_EN_LIGNE = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*tal:attributes=\"[^\"]*\bsrc\b)[^>]*>", re.I)
GESTIONNAIRE = re.compile(r"\son[a-z]+\s*=", re.I)
URL_SCRIPT = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def gabarits():
    return sorted(p for p in SRC.rglob("*") if p.suffix in (".pt", ".html") and "node_modules" not in p.parts)


def test_there_are_templates():
    assert len(gabarits()) > 30


def test_no_inline_script_nor_event_handler_in_any_template():
    problemes = []
    for chemin in gabarits():
        texte = chemin.read_text(encoding="utf-8")
        for motif, quoi in ((SCRIPT_EN_LIGNE, "inline <script>"), (GESTIONNAIRE, "on…= attribute"), (URL_SCRIPT, "javascript: URL")):
            for trouve in motif.finditer(texte):
                ligne = texte.count("\n", 0, trouve.start()) + 1
                if quoi == "inline <script>" and 'type="application/json"' in trouve.group(0):
                    continue  # data, not code
                problemes.append(f"{chemin.relative_to(SRC)}:{ligne}: {quoi}: {trouve.group(0)[:80]}")
    assert problemes == [], "\n".join(problemes)
