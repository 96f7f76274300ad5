"""The legal and normative references every saksframlegg and vedtak summary cites.

Kept as data so that the HTML page, the PDF and the plain-text summary cite the same sources in the
same words. Links go to Lovdata's stable addresses (``/lov/<date>-<number>/§<section>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reference:
    key: str
    citation: str | Promise
    about: str | Promise
    url: str = ""
    #: The language of a citation that keeps its Norwegian title in every language (a white paper's
    #: title), so an English page marks it (WCAG 3.1.2); empty where the citation is translated.
    citation_language: str = ""


HOL_4_1 = Reference(
    "hol-4-1",
    _("Health and Care Services Act (helse- og omsorgstjenesteloven) § 4-1"),
    _(
        "Forsvarlighet: the services must be legally adequate. A minimum standard the municipality cannot go "
        "below by pointing to poor finances."
    ),
    "https://lovdata.no/lov/2011-06-24-30/§4-1",
)
HOL_3_1 = Reference(
    "hol-3-1",
    _("Health and Care Services Act (helse- og omsorgstjenesteloven) § 3-1"),
    _("The municipality's overall responsibility to provide necessary health and care services (sørge-for-ansvar)."),
    "https://lovdata.no/lov/2011-06-24-30/§3-1",
)
PBRL_2_1_A = Reference(
    "pbrl-2-1-a",
    _("Patient and User Rights Act (pasient- og brukerrettighetsloven) § 2-1 a"),
    _("The right to necessary health and care services from the municipality."),
    "https://lovdata.no/lov/1999-07-02-63/§2-1a",
)
CRC_3 = Reference(
    "crc-3",
    _("UN Convention on the Rights of the Child (barnekonvensjonen) art. 3"),
    _(
        "The child's best interest shall be a fundamental consideration in all actions concerning children "
        "(Norwegian law through the Human Rights Act, menneskerettsloven)."
    ),
    "https://lovdata.no/lov/1999-05-21-30",
)
GRL_104 = Reference(
    "grl-104",
    _("The Constitution (Grunnloven) § 104"),
    _("In actions and decisions that affect children, the child's best interest shall be a fundamental consideration."),
    "https://lovdata.no/lov/1814-05-17/§104",
)
QUALITY_REGULATION = Reference(
    "ledelse-kvalitet",
    _("Regulation on management and quality improvement in the health and care services"),
    _(
        "Forskrift om ledelse og kvalitetsforbedring i helse- og omsorgstjenesten: prepare, plan, carry out, "
        "evaluate and follow up."
    ),
    "https://lovdata.no/forskrift/2016-10-28-1250",
)
WHITE_PAPER_38 = Reference(
    "meld-st-38",
    _("Meld. St. 38 (2020–2021) Nytte, ressurs og alvorlighet"),
    _(
        "The white paper on priority setting: the criteria benefit, resources and severity apply to the whole "
        "health and care service, municipal services included."
    ),
    citation_language="nb",
)
GUIDELINE = Reference(
    "veileder-2025",
    _(
        "The Norwegian Directorate of Health: national guideline on priority setting in municipal health and "
        "care services (2025)"
    ),
    _(
        "Nasjonal veileder for prioriteringer i kommunale helse- og omsorgstjenester: priorities rest on a "
        "combined assessment of benefit, resources and severity."
    ),
)

#: In the order the saksframlegg lists them.
ALL: tuple[Reference, ...] = (
    HOL_4_1,
    HOL_3_1,
    PBRL_2_1_A,
    CRC_3,
    GRL_104,
    QUALITY_REGULATION,
    WHITE_PAPER_38,
    GUIDELINE,
)

# The individual vedtak (issue 13 §4–§5): participation, children as relatives, and the
# Public Administration Act's rules on reasons, notice, complaint and access to the documents.
PBRL_3_1 = Reference(
    "pbrl-3-1",
    _("Patient and User Rights Act (pasient- og brukerrettighetsloven) § 3-1"),
    _(
        "The right to participate (medvirkning): in choosing between available and sound forms of service; "
        "the service is shaped together with the person as far as possible."
    ),
    "https://lovdata.no/lov/1999-07-02-63/§3-1",
)
HPL_10_A = Reference(
    "hpl-10-a",
    _("Health Personnel Act (helsepersonelloven) § 10 a"),
    _("Health personnel shall help look after the needs of children who are relatives of a patient."),
    "https://lovdata.no/lov/1999-07-02-64/§10a",
)
FVL_24_25 = Reference(
    "fvl-24-25",
    _("Public Administration Act (forvaltningsloven) §§ 24 and 25"),
    _(
        "A vedtak shall give its reasons at the same time: the rules it rests on, the facts, and the main "
        "considerations in the exercise of discretion."
    ),
    "https://lovdata.no/lov/1967-02-10/§25",
)
