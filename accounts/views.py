"""The accounts JSON API: /api/auth/* (Cognito sign-up, login, tokens, passwords) and /api/me.

Each view validates with an input serializer, calls one service and shapes the result.
"""

from dataclasses import asdict

from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import auth_services, serializers, services
from accounts.authentication import bearer_token
from accounts.session_tokens import session_end
from accounts.throttling import AuthRateThrottle


class AuthView(APIView):
    """An unauthenticated, throttled auth endpoint taking one JSON body."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthRateThrottle]
    input_serializer: type[serializers.StrictSerializer]

    def get_serializer(self, *args, **kwargs):  # the browsable API renders this as the form
        return self.input_serializer(*args, **kwargs)

    def valid_input(self, request) -> dict:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class SignUpView(AuthView):
    """Create an account: Cognito SignUp (+ AdminConfirmSignUp where auto-confirm is on) and a profile."""

    throttle_scope = "signup"
    input_serializer = serializers.SignUpIn

    def post(self, request):
        profile, confirmed = auth_services.auth_signup(**self.valid_input(request))
        body = {"sub": profile.sub, "username": profile.username, "email": profile.email, "confirmed": confirmed}
        return Response(body, status=status.HTTP_201_CREATED)


class ConfirmView(AuthView):
    """Confirm an account with the code Cognito sent."""

    throttle_scope = "confirm"
    input_serializer = serializers.ConfirmIn

    def post(self, request):
        auth_services.auth_confirm(**self.valid_input(request))
        return Response({"confirmed": True})


class LoginView(AuthView):
    """Username and password → access, ID and refresh tokens (USER_PASSWORD_AUTH)."""

    throttle_scope = "login"
    input_serializer = serializers.LoginIn

    def post(self, request):
        tokens = auth_services.auth_login(**self.valid_input(request))
        return Response(serializers.TokensOut(asdict(tokens)).data)


class RefreshView(AuthView):
    """A refresh token → new access and ID tokens (REFRESH_TOKEN_AUTH)."""

    throttle_scope = "refresh"
    input_serializer = serializers.RefreshIn

    def post(self, request):
        tokens = auth_services.auth_refresh(**self.valid_input(request))
        return Response(serializers.RefreshedTokensOut(asdict(tokens)).data)


class LogoutView(APIView):
    """GlobalSignOut: the caller's refresh tokens stop working. A browser session is cleared too."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "logout"

    def post(self, request):
        token = bearer_token(request)
        if token is not None:
            auth_services.auth_logout(access_token=token)
        else:  # authenticated by the browser session
            session_end(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordForgotView(AuthView):
    """Send a password reset code. The answer is the same whether or not the username exists."""

    throttle_scope = "password-forgot"
    input_serializer = serializers.ForgotIn

    def post(self, request):
        auth_services.password_forgot(**self.valid_input(request))
        return Response(
            {"detail": "If the account exists, a reset code has been sent."}, status=status.HTTP_202_ACCEPTED
        )


class PasswordResetView(AuthView):
    """Set a new password with the reset code."""

    throttle_scope = "password-reset"
    input_serializer = serializers.ResetIn

    def post(self, request):
        auth_services.password_reset(**self.valid_input(request))
        return Response({"detail": "The password has been changed."})


class MeView(APIView):
    """The caller's profile. Only display_name, bio and location can be changed."""

    def get_serializer(self, *args, **kwargs):
        return serializers.ProfileUpdateIn(*args, **kwargs)

    def get(self, request):
        profile = services.profile_get(sub=request.user.sub)
        return Response(serializers.ProfileOut(profile).data)

    def patch(self, request):
        changes = serializers.ProfileUpdateIn(data=request.data)
        changes.is_valid(raise_exception=True)
        profile = services.profile_update(sub=request.user.sub, changes=changes.validated_data)
        return Response(serializers.ProfileOut(profile).data)
