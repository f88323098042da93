"""« Mes données » as a readable PDF (reportlab): the lines of cartable.regles.rgpd.lignes_export, in order."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from cartable.regles.rgpd import lignes_export


def pdf_export(export: dict) -> bytes:
    styles = getSampleStyleSheet()
    style = {"titre": styles["Title"], "section": styles["Heading2"], "sous_section": styles["Heading3"],
             "texte": styles["BodyText"]}
    flux = []
    for genre, texte in lignes_export(export):
        if genre == "section":
            flux.append(Spacer(1, 0.3 * cm))
        flux.append(Paragraph(escape(texte), style[genre]))
    tampon = BytesIO()
    # uncompressed pages: the text stays searchable by simple tools (and tests) without a PDF parser
    document = SimpleDocTemplate(tampon, pagesize=A4, title="Mes données", author="Cartable", pageCompression=0,
                                 invariant=1, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    document.build(flux)
    return tampon.getvalue()
