"""/accounts/login/ and /accounts/logout/, in the ``rest_framework`` namespace the browsable API links to."""

from django.urls import path

from accounts import browser

app_name = "rest_framework"

urlpatterns = [
    path("login/", browser.login_page, name="login"),
    path("logout/", browser.logout_page, name="logout"),
]
