"""Just enough of a PDF reader to test what ReportLab wrote (standard library only).

Reads the objects of an uncompressed-xref PDF as ReportLab writes it, inflates
the page streams (ASCII85 and/or Flate), maps the glyph codes of embedded
TrueType subsets back to text with their /ToUnicode CMaps, and returns the
text of each page, in page order, one line per text line drawn.
"""

import base64
import re
import zlib

_OBJET = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_FLUX = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\n?endstream\s*$", re.S)
# PDFDocEncoding differs from Latin-1 only in 0x18-0x1F and 0x80-0xA0; the metadata uses 0x80-0xA0.
_PDFDOC = dict(zip(range(0x80, 0xA1), "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž\ufffd€"))


class Pdf:
    def __init__(self, donnees: bytes):
        assert donnees.startswith(b"%PDF-")
        self.objets = {}
        for numero, corps in _OBJET.findall(donnees):
            flux = _FLUX.match(corps)
            self.objets[int(numero)] = (flux.group(1), flux.group(2)) if flux else (corps, None)
        self.polices = self._polices()

    def _flux(self, numero: int) -> bytes:
        entete, flux = self.objets[numero]
        if b"/ASCII85Decode" in entete:
            flux = base64.a85decode(flux.strip().removeprefix(b"<~").removesuffix(b"~>"))
        if b"/FlateDecode" in entete:
            flux = zlib.decompress(flux)
        return flux

    def _polices(self) -> dict:
        """Resource name (F1, F2+0…) → byte → text."""
        polices = {}
        for entete, _ in self.objets.values():
            nom = re.search(rb"/Name /(\S+)", entete)
            if not nom or b"/Type /Font" not in entete:
                continue
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", entete)
            if cmap:
                table = {}
                for code, unicode_ in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4,})>", self._flux(int(cmap.group(1)))):
                    table[int(code, 16)] = bytes.fromhex(unicode_.decode()).decode("utf-16-be")
                polices[nom.group(1).decode()] = table
            else:  # standard Type 1 font, WinAnsiEncoding
                polices[nom.group(1).decode()] = {i: bytes([i]).decode("cp1252", "replace") for i in range(256)}
        return polices

    def _racine(self) -> bytes:
        """The root of the page tree (ReportLab writes a flat one)."""
        return next(e for e, _ in self.objets.values() if re.search(rb"/Type /Pages\b", e) and b"/Parent" not in e)

    def pages(self) -> list:
        """The page objects, in reading order (the /Kids of the page tree)."""
        return [int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", self._racine(), re.S).group(1))]

    def nombre_de_pages(self) -> int:
        """The /Count the PDF declares (the tests compare it with the pages actually found)."""
        return int(re.search(rb"/Count (\d+)", self._racine()).group(1))

    def textes(self) -> list:
        """The text of each page."""
        return [self._texte_page(numero) for numero in self.pages()]

    def _texte_page(self, numero: int) -> str:
        entete, _ = self.objets[numero]
        contenus = [int(n) for n in re.findall(rb"/Contents (\d+) 0 R", entete)]
        return "".join(_lire_contenu(self._flux(n), self.polices) for n in contenus)

    def info(self) -> dict:
        """Document information (/Title, /Author…) as text."""
        entete = next(e for e, _ in self.objets.values() if b"/Producer" in e)
        info = {}
        for cle, valeur in re.findall(rb"/(\w+) \(((?:\\.|[^\\)])*)\)", entete, re.S):
            brut = _chaine_litterale(valeur)
            if brut.startswith(b"\xfe\xff"):
                info[cle.decode()] = brut[2:].decode("utf-16-be")
            else:
                info[cle.decode()] = "".join(_PDFDOC.get(o, chr(o)) for o in brut)
        return info


_JETON = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.S)


def _lire_contenu(flux: bytes, polices: dict) -> str:
    """Text operators of one content stream → lines of text."""
    sortie, police, operandes = [], {}, []
    for jeton in _JETON.findall(flux):
        if jeton.startswith(b"(") or jeton.startswith(b"/") or jeton in (b"[", b"]") or re.fullmatch(rb"[-+.\d]+", jeton):
            operandes.append(jeton)
            continue
        if jeton == b"Tf":
            police = polices.get(operandes[-2][1:].decode(), {})
        elif jeton in (b"Tj", b"TJ", b"'", b'"'):
            if jeton in (b"'", b'"'):
                sortie.append("\n")
            for chaine in (o for o in operandes if o.startswith(b"(")):
                sortie.append("".join(police.get(o, "\ufffd") for o in _chaine_litterale(chaine[1:-1])))
        elif jeton in (b"T*", b"Td", b"TD", b"Tm", b"ET"):
            sortie.append("\n")
        operandes = []
    return "".join(sortie)


def _chaine_litterale(contenu: bytes) -> bytes:
    """The bytes of a PDF literal string (without its outer parentheses)."""
    sortie, i = bytearray(), 0
    echappements = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(contenu):
        octet = contenu[i]
        if octet != 0x5C:  # backslash
            sortie.append(octet)
            i += 1
            continue
        suivant = contenu[i + 1]
        octal = re.match(rb"[0-7]{1,3}", contenu[i + 1:i + 4])
        if octal:
            sortie.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        else:
            sortie.append(echappements.get(suivant, suivant))
            i += 2
    return bytes(sortie)
