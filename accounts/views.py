"""The accounts JSON API: /api/auth/* (Cognito sign-up, login, tokens, passwords) and /api/me.

Each view validates with an input serializer, calls one service and shapes the result.
"""

from dataclasses import asdict

from django.utils.html import format_html
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import auth_services, serializers, services, suspension
from accounts.authentication import bearer_token
from accounts.session_tokens import session_end
from tradeapi.api import ApiView


class AuthView(ApiView):
    """An unauthenticated, throttled auth endpoint taking one JSON body."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


class SignUpView(AuthView):
    """Create an account: Cognito SignUp (+ AdminConfirmSignUp where auto-confirm is on) and a profile."""

    serializer_class = serializers.SignUpIn
    output_class = serializers.SignUpOut
    creates = True

    def post(self, request):
        profile, confirmed = auth_services.auth_signup(**self.input())
        body = {"sub": profile.sub, "username": profile.username, "email": profile.email, "confirmed": confirmed}
        return Response(self.shaped(body), status=status.HTTP_201_CREATED)


class ConfirmView(AuthView):
    """Confirm an account with the code Cognito sent."""

    serializer_class = serializers.ConfirmIn
    output_class = serializers.ConfirmOut

    def post(self, request):
        auth_services.auth_confirm(**self.input())
        return Response({"confirmed": True})


class LoginView(AuthView):
    """Username and password → access, ID and refresh tokens (USER_PASSWORD_AUTH)."""

    serializer_class = serializers.LoginIn
    output_class = serializers.TokensOut

    def post(self, request):
        tokens = auth_services.auth_login(**self.input())
        return Response(self.shaped(asdict(tokens)))


class RefreshView(AuthView):
    """A refresh token → new access and ID tokens (REFRESH_TOKEN_AUTH)."""

    serializer_class = serializers.RefreshIn
    output_class = serializers.RefreshedTokensOut

    def post(self, request):
        tokens = auth_services.auth_refresh(**self.input())
        return Response(self.shaped(asdict(tokens)))


class LogoutView(ApiView):
    """GlobalSignOut: the caller's refresh tokens stop working. A browser session is cleared too."""

    permission_classes = [IsAuthenticated]
    success_status = 204
    idempotent = False  # signing out twice is harmless; there is nothing to replay

    def post(self, request):
        token = bearer_token(request)
        if token is not None:
            auth_services.auth_logout(access_token=token)
        else:  # authenticated by the browser session
            session_end(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordForgotView(AuthView):
    """Send a password reset code. The answer is the same whether or not the username exists."""

    serializer_class = serializers.ForgotIn
    output_class = serializers.DetailOut
    success_status = 202

    def post(self, request):
        auth_services.password_forgot(**self.input())
        return Response(
            {"detail": "If the account exists, a reset code has been sent."}, status=status.HTTP_202_ACCEPTED
        )


class PasswordResetView(AuthView):
    """Set a new password with the reset code."""

    serializer_class = serializers.ResetIn
    output_class = serializers.DetailOut

    def post(self, request):
        auth_services.password_reset(**self.input())
        return Response({"detail": "The password has been changed."})


class MeView(ApiView):
    """Your profile, with links to your binders, trades and collection value.

    Only display_name, bio, location and currency (USD or EUR: what values are shown in) can be changed."""

    serializer_class = serializers.ProfileUpdateIn
    output_class = serializers.ProfileOut

    def get(self, request):
        return Response(self.shaped(services.profile_get(sub=request.user.sub)))

    def patch(self, request):
        profile = services.profile_update(sub=request.user.sub, changes=self.input())
        suspension.forget(request.user.sub)  # this process reads the new currency at once; others within 30 s
        return Response(self.shaped(profile))


class UsernameSearch(BaseFilterBackend):
    """The browsable API's search form on /api/traders/ (the query serializer does the validating)."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def to_html(self, request, queryset, view):
        return format_html(
            '<h2>Find a trader</h2><form method="get" class="form-inline">'
            '<input type="text" name="username" value="{}" placeholder="a username, or its start" '
            'class="form-control" aria-label="Username">'
            ' <button type="submit" class="btn btn-primary">Search</button></form>',
            request.query_params.get("username", ""),
        )

    def get_schema_operation_parameters(self, view):
        return []


class TraderList(ApiView):
    """The traders, by username (`?username=` a prefix), each linking to their tradeable binders."""

    row_class = serializers.TraderOut
    query_class = serializers.TraderQuery
    filter_backends = [UsernameSearch]

    def get(self, request):
        query = self.query()
        page = services.profile_directory(
            prefix=query.get("username", ""), cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(self.paged(page))


class TraderDetail(ApiView):
    """Another trader's public profile."""

    output_class = serializers.TraderOut

    def get(self, request, username):
        return Response(self.shaped(services.profile_get_by_username(username=username)))
