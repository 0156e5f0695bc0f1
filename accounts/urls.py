"""Routes under /api/ for accounts (auth endpoints, /api/me)."""

from django.urls import path

from accounts import views

urlpatterns: list = [
    path("auth/signup", views.SignUpView.as_view(), name="auth-signup"),
    path("auth/confirm", views.ConfirmView.as_view(), name="auth-confirm"),
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/password/forgot", views.PasswordForgotView.as_view(), name="auth-password-forgot"),
    path("auth/password/reset", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path("me", views.MeView.as_view(), name="me"),
    path("traders/", views.TraderList.as_view(), name="trader-list"),
    path("traders/<str:username>/", views.TraderDetail.as_view(), name="trader-detail"),
]
