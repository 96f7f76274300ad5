from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("cases/<int:pk>/report/", views.saksframlegg, name="saksframlegg"),
    path("cases/<int:pk>/report/analyse/", views.saksframlegg_analyse, name="saksframlegg_analyse"),
    path("cases/<int:pk>/report/saksframlegg.pdf", views.saksframlegg_pdf, name="saksframlegg_pdf"),
    path(
        "cases/<int:pk>/report/saksframlegg.pdf/<int:document>/",
        views.saksframlegg_pdf_status,
        name="saksframlegg_pdf_status",
    ),
    path("cases/<int:pk>/report/vedtak/", views.vedtak_summary, name="vedtak_summary"),
    path("cases/<int:pk>/report/vedtak.txt", views.vedtak_summary_txt, name="vedtak_summary_txt"),
    path("cases/<int:pk>/report/vedtak.json", views.vedtak_json, name="vedtak_json"),
    path("cases/<int:pk>/report/vedtak.pdf", views.vedtak_pdf, name="vedtak_pdf"),
    path("cases/<int:pk>/report/innsyn.pdf", views.innsyn_pdf, name="innsyn_pdf"),
]
