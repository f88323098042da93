"""Mon bureau's menu and blocks as HTML (the page's template inserts them as they are).

Why here and not in the template: the blocks are the page's only long part (forty to sixty lines for
a parent or a teacher) and Chameleon spends about ten microseconds per line on them (each ``python:``
name is looked up in its scope, each value quoted through its translation hook), a tenth of the page's
server time at the 8:00 and Sunday-evening peaks. Written out here, the same markup costs a tenth of that.

Contract: the markup the template wrote (classes, ids, ``aria-labelledby``), every value from a block
escaped (text and attributes alike: ``html.escape`` with quotes), nothing inserted unescaped.
A line's state class is only written for a state (``etat-a_faire``), never ``etat-None``.
"""

from html import escape


def _e(valeur) -> str:
    return escape(str(valeur), quote=True)


def menu_html(menu) -> str:
    """The « Rubriques de Mon bureau » navigation, or nothing without entries."""
    if not menu:
        return ""
    entrees = "".join(f'<li><a href="{_e(e["lien"])}">{_e(e["texte"])}</a></li>' for e in menu)
    return f'<nav class="bureau-rubriques" aria-label="Rubriques de Mon bureau"><ul>{entrees}</ul></nav>'


def _ligne(ligne) -> str:
    etat = ligne.get("etat")
    morceaux = [f'<li class="ligne etat-{_e(etat)}">' if etat else '<li class="ligne">']
    if ligne.get("lien"):
        morceaux.append(f'<a href="{_e(ligne["lien"])}" class="ligne-texte">{_e(ligne["texte"])}</a>')
    else:
        morceaux.append(f'<span class="ligne-texte">{_e(ligne["texte"])}</span>')
    if ligne.get("etiquette"):
        morceaux.append(f'<span class="ligne-etiquette">{_e(ligne["etiquette"])}</span>')
    if ligne.get("detail"):
        morceaux.append(f'<span class="ligne-detail">{_e(ligne["detail"])}</span>')
    morceaux.append("</li>")
    return "".join(morceaux)


def _bloc(rang, bloc) -> str:
    titre_id = f"bloc-titre-{rang}"
    ancre = f' id="{_e(bloc["ancre"])}"' if bloc.get("ancre") else ""
    morceaux = [f'<section class="bloc-bureau bloc-{_e(bloc["nom"])}"{ancre} aria-labelledby="{titre_id}">',
                f'<h2 id="{titre_id}">{_e(bloc["titre"])}']
    if bloc.get("sous_titre"):
        morceaux.append(f' <small>{_e(bloc["sous_titre"])}</small>')
    morceaux.append("</h2>")
    if bloc["lignes"]:
        morceaux.append('<ul class="bloc-lignes">')
        morceaux.extend(_ligne(ligne) for ligne in bloc["lignes"])
        morceaux.append("</ul>")
    else:
        morceaux.append(f'<p class="bloc-vide">{_e(bloc["vide"])}</p>')
    if bloc.get("liens"):
        liens = " ".join(f'<a href="{_e(lien["lien"])}">{_e(lien["texte"])}</a>' for lien in bloc["liens"])
        morceaux.append(f'<p class="bloc-liens">{liens}</p>')
    morceaux.append("</section>")
    return "".join(morceaux)


def blocs_html(blocs) -> str:
    """Every block (``cartable.core.bureau``'s contract), in order, in one ``bureau-blocs`` division."""
    return '<div class="bureau-blocs">' + "".join(_bloc(rang, bloc) for rang, bloc in enumerate(blocs)) + "</div>"
