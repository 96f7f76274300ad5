"""The saksframlegg as a PDF: it renders, A4 with header and page numbers, and says what the page says.

Page 1 is drawn to ``test-artifacts/reports/`` with poppler's ``pdftoppm`` for people to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from prioritet.reports import pdf

A4 = (595.28, 841.89)


def fetch(client, case):
    response = client.get(reverse("reports:saksframlegg_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response


def extract(document: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(document))
    return reader, [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Text as one line: words hyphenated at a line end joined again, whitespace collapsed."""
    text = re.sub(r"[\u2010\u00ad-]\s*\n\s*", "", text)
    text = re.sub(r"/\s*\n\s*", "/", text)
    return " ".join(text.split())


@pytest.fixture
def political_pdf(political_case, director, login_client):
    return fetch(login_client(director), political_case).content


def test_the_pdf_renders_on_a4_with_a_header_and_page_numbers(political_pdf):
    reader, pages = extract(political_pdf)
    assert len(pages) >= 2
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
        assert "Larvik kommune · Saksframlegg: Økt dagaktivitetstilbud til personer med demens" in text
        assert f"Side {number} av {len(pages)}" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Saksframlegg: Økt dagaktivitetstilbud til personer med demens"


def test_the_pdf_holds_the_combined_judgment_table_and_the_conclusion(political_pdf):
    _, pages = extract(political_pdf)
    text = flat("\n".join(pages))
    for entry in (
        "Samlet vurdering: alternativene på de tre kriteriene",
        "Nivå",
        "Situasjon",
        "Alvorlighet",
        "Nytte",
        "Ressurs",
        "Prioritering/konklusjon",
        "Politisk og administrativt",
        "Utvide dagaktivitetstilbudet med ti plasser",
        "Utvide med fem plasser",
        "Ikke starte, utsette eller avslutte",
        "4 – høy",
        "4 – stor",
        "3 – moderat",
        "2 – lite",
        "1 – svært liten",
        "1 – svært lite",
        "Høy – risiko for isolasjon og pårørendebelastning.",
        "Moderat til liten kostnad.",
        "Forslag nr. 1 (verdi 0,75): høy prioritet.",
        "Forslag nr. 2 (verdi 0,67): høy prioritet.",
        "Referanse: konsekvensen av å ikke gjøre noe. Ikke rangert, ingen verdi og ingen prioritet.",
    ):
        assert entry in text, entry
    assert "Forslag nr. 3" not in text
    assert "Konklusjon: «Utvide dagaktivitetstilbudet med ti plasser» er valgt, med høy prioritet." in text


def test_the_pdf_holds_the_other_sections(political_pdf):
    _, pages = extract(political_pdf)
    text = flat("\n".join(pages))
    for entry in (
        "Bakgrunn og behov",
        "Kriterieprofil",  # the chart's text is real text in the PDF
        "Forsvarlighet",
        "Saken berører ikke barn.",
        "Vekter, versjon 1",
        "Bør prioriteres høyt: høy alvorlighet, stor nytte og moderat kostnad.",
        "Sigrid Aune",  # the politician who recorded the vedtak
        "Helse- og omsorgstjenesteloven § 4-1",
        "Grunnloven § 104",
    ):
        assert entry in text, entry
    assert "Vurdersen" not in text


def test_the_pdf_embeds_a_font_with_norwegian_letters(political_pdf):
    reader, pages = extract(political_pdf)
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Inter" in name for name in fonts), fonts
    assert "æ" in pages[0] or "ø" in pages[0] or "å" in pages[0]
    assert "Økt dagaktivitetstilbud" in pages[0]


def test_page_one_as_png_for_people_to_look_at(political_pdf, service_case, login_client, artifacts):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:  # scripts/setup.sh installs poppler-utils
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    service_pdf = fetch(login_client(service_case.created_by), service_case).content
    for name, document in (("saksframlegg-political", political_pdf), ("saksframlegg-service", service_pdf)):
        for old in artifacts.glob(f"{name}-*.png"):
            old.unlink()
        path = artifacts / f"{name}.pdf"
        path.write_bytes(document)
        subprocess.run(
            [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "2", str(path), str(artifacts / name)],
            check=True,
            timeout=60,
        )
        pngs = sorted(artifacts.glob(f"{name}-*.png"))
        assert pngs, name
        assert pngs[0].read_bytes().startswith(b"\x89PNG")


def test_the_pdf_follows_the_active_language(political_case, director, login_client):
    client = login_client(director)
    client.cookies["django_language"] = "nn"
    _, pages = extract(fetch(client, political_case).content)
    text = flat("\n".join(pages))
    assert "Side 1 av" in text
    assert "Samla vurdering" in text
    assert "er valt, med høg prioritet" in text


def test_the_pdf_may_fetch_only_local_static_files():
    fetcher = pdf.local_only_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="not an allowed file"):
        fetcher.fetch("file:///etc/passwd")
    # A document that points outside still renders: WeasyPrint leaves the resource out.
    document = pdf.render('<html lang="nb"><body><p>Hei</p><img src="file:///etc/hostname" alt="x"></body></html>')
    assert document.startswith(b"%PDF-")


def test_css_strings_are_escaped():
    assert pdf.css_string('Side "1"\\') == '"Side \\"1\\"\\\\"'
    assert "counter(pages)" in pdf.page_css("Side", "av")


def test_render_time_of_a_typical_political_case(political_case, director, login_client, artifacts):
    """Measured, written to test-artifacts/reports/timing-political.txt (timing goals are benchmarks')."""
    client = login_client(director)
    fetch(client, political_case)  # warm up: fonts and templates load once per process
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        fetch(client, political_case)
        runs.append(time.perf_counter() - start)
    (artifacts / "timing-political.txt").write_text(
        "saksframlegg PDF, typical political case (3 alternatives, 2 assessors, decided): "
        + ", ".join(f"{r:.3f} s" for r in runs)
        + "\n"
    )
