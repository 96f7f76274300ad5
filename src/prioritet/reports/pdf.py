"""PDF rendering with WeasyPrint: A4, the municipality and case in the header, page numbers below.

The document is the same HTML as the printable page, with its own stylesheet (``reports/pdf.css``)
and the app's Inter font (DejaVu Sans as the fallback; both have æ, ø and å). WeasyPrint may fetch
only local files under the static folders and ``data:`` URLs: never the network, whatever the HTML
holds.
"""

from __future__ import annotations

import hashlib
import html as html_text
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.staticfiles import finders

if TYPE_CHECKING:
    from weasyprint import Attachment
    from weasyprint.urls import URLFetcher

#: The Inter files (variable weight) for Latin and Latin Extended; DejaVu covers anything else.
INTER_FILES = (
    ("Inter Variable", "vendor/inter/files/inter-latin-wght-normal.woff2"),
    ("Inter Variable Ext", "vendor/inter/files/inter-latin-ext-wght-normal.woff2"),
)
#: The weights the stylesheet uses; each gets a static instance of the variable font.
WEIGHTS = (400, 600, 700)
#: Where the static instances are kept between renders (and between processes: they never change).
FONT_CACHE = Path(tempfile.gettempdir()) / "prioritet-report-fonts"


def fingerprint(html: str, language: str) -> str:
    """What identifies a rendered report: its HTML (the date, the reader's view) and the page labels' language."""
    return hashlib.sha256(f"{language}\n{html}".encode()).hexdigest()


def _static_path(name: str) -> Path | None:
    found = finders.find(name)
    return Path(found).resolve() if found else None


@cache
def _allowed_roots() -> tuple[Path, ...]:
    roots = [FONT_CACHE.resolve()]
    for name in ("reports/pdf.css", *(path for _, path in INTER_FILES)):
        path = _static_path(name)
        if path is not None:
            roots.append(path.parent)
    return tuple(roots)


def _static_instance(source: Path, weight: int) -> Path:
    """A static TrueType instance of a variable WOFF2 font at ``weight``, made once and kept.

    WeasyPrint would otherwise decompress the WOFF2 and instantiate the weight on every render,
    which costs more than laying out the whole document.
    """
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = FONT_CACHE / f"{source.stem}-{digest}-{weight}.ttf"
    if target.exists():
        return target
    FONT_CACHE.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(source))
    font.flavor = None
    if "fvar" in font:
        font = instantiateVariableFont(font, {"wght": weight})
    fd, tmp = tempfile.mkstemp(dir=FONT_CACHE, suffix=".ttf")
    with os.fdopen(fd, "wb") as out:
        font.save(out)
    os.replace(tmp, target)  # atomic: a concurrent render sees the old state or the whole file
    return target


@cache
def _local_only_fetcher_class() -> type[URLFetcher]:
    """WeasyPrint is imported on the first render, not with the URL conf: importing it takes seconds,
    which every web process would otherwise pay on its first request, PDF or not."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, timeout=2)

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in _allowed_roots()):
                    raise ValueError(f"not an allowed file: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def local_only_fetcher() -> URLFetcher:
    """A fetcher of ``file:`` URLs under the static folders the PDF uses, and ``data:`` URLs; nothing else."""
    return _local_only_fetcher_class()()


@cache
def font_css() -> str:
    """``@font-face`` rules for Inter (static instances of the app's variable font), as file URLs.

    Empty when the font files are missing: the stylesheet then falls back to DejaVu Sans.
    """
    rules = []
    for family, name in INTER_FILES:
        path = _static_path(name)
        if path is None:
            continue
        for weight in WEIGHTS:
            try:
                instance = _static_instance(path, weight)
            except (OSError, ImportError, ValueError):  # pragma: no cover - a broken install keeps DejaVu
                continue
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-style: normal; font-weight: {weight}; "
                f"src: url('{instance.as_uri()}') format('truetype'); }}"
            )
    return "\n".join(rules)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_css(page: str, of: str) -> str:
    """The page-number footer, «Side 2 av 5», in the active language."""
    return (
        "@page { @bottom-right { content: "
        f'{css_string(page)} " " counter(page) " " {css_string(of)} " " counter(pages); }} }}'
    )


#: A file the page attaches as a ``data:`` URL (``<link rel="attachment" href="data:…" title="name.csv">``).
_DATA_ATTACHMENT = re.compile(r'<link rel="attachment" href="(data:[^"]*)" title="([^"]*)">')


def _data_attachments(html: str, fetcher: URLFetcher) -> tuple[str, list[Attachment]]:
    """The HTML without its ``data:`` attachments, and the attachments, each named by its title.

    A long portfolio's whole list is hundreds of kilobytes of base64: WeasyPrint's pure-Python HTML
    parser would spend more time reading it than laying out a page, so it goes to the PDF directly.
    """
    from weasyprint import Attachment

    found: list[Attachment] = []

    def take(match: re.Match[str]) -> str:
        title = html_text.unescape(match[2])
        found.append(Attachment(url=html_text.unescape(match[1]), name=title, description=title, url_fetcher=fetcher))
        return ""

    return _DATA_ATTACHMENT.sub(take, html), found


def render(html: str, *, extra_css: str = "", variant: str | None = None) -> bytes:
    """The PDF of a report page (a complete HTML document); ``extra_css`` is added last.

    ``variant`` is WeasyPrint's ``pdf_variant``: ``"pdf/ua-1"`` for a letter to a person (PDF/UA: tagged,
    the document's language and title declared, fonts embedded).
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = local_only_fetcher()
    stylesheet = _static_path("reports/pdf.css")
    sheets = [CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher)]
    if stylesheet is not None:
        sheets.append(CSS(filename=str(stylesheet), font_config=fonts, url_fetcher=fetcher))
    if extra_css:
        sheets.append(CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher))
    base = stylesheet.parent.as_uri() + "/" if stylesheet is not None else None
    html, attachments = _data_attachments(html, fetcher)
    document = HTML(string=html, base_url=base, url_fetcher=fetcher, media_type="print")
    options = {"pdf_variant": variant} if variant else {}
    rendered = document.render(stylesheets=sheets, font_config=fonts, pdf_tags=True, **options)
    rendered.metadata.attachments.extend(attachments)
    for attachment in rendered.metadata.attachments:
        # A file the page attaches (``<link rel="attachment" href="data:…" title="name.csv">``) is
        # named by its title: a data: URL has no name, and «attachment.bin» tells a reader nothing.
        attachment.name = attachment.name or attachment.description
    return bytes(rendered.write_pdf(**options))
