from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("cases/<int:pk>/rounds/", views.round_list, name="rounds"),
    path("cases/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("cases/<int:pk>/rounds/<int:round_pk>/", views.round_detail, name="round"),
    path("cases/<int:pk>/rounds/<int:round_pk>/close/", views.round_close, name="round_close"),
    path("cases/<int:pk>/rounds/<int:round_pk>/invitations/", views.invite, name="invite"),
    path("cases/<int:pk>/rounds/<int:round_pk>/public-link/", views.public_link, name="public_link"),
    path(
        "cases/<int:pk>/rounds/<int:round_pk>/invitations/<int:invitation_pk>/new-link/",
        views.new_link,
        name="new_link",
    ),
    path(
        "cases/<int:pk>/rounds/<int:round_pk>/invitations/<int:invitation_pk>/email/",
        views.email_invitation,
        name="email_invitation",
    ),
    # The short path people get in an e-mail or a letter: no login, the token is the key.
    path("h/<str:token>/", views.answer, name="answer"),
]
