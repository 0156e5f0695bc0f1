"""The browser login and logout pages (also DRF's ``rest_framework:login`` / ``rest_framework:logout``).

Username and password go to Cognito; the tokens stay server-side in the session.
``?next=`` is honoured only for URLs on this host.
"""

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.auth_services import auth_login
from accounts.domain import InvalidCredentials
from accounts.session_tokens import session_end, session_start
from tradeapi.exceptions import AppError, ServiceUnavailable, TooManyRequests
from tradeapi.guards import spend_limit

WRONG_CREDENTIALS = "Please enter a correct username and password. Note that both fields may be case-sensitive."


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=128, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        max_length=256, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


def safe_next(request, default: str) -> str:
    """``next`` from the form or query string if it points at this host, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_page(request):
    next_url = safe_next(request, reverse("api-root"))
    form = LoginForm(request.POST or None)
    status = 200
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            spend_limit(request, "auth", scope="browser-login")  # the same per-IP budget as /api/auth/login
            tokens = auth_login(username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        except InvalidCredentials:
            form.add_error(None, WRONG_CREDENTIALS)
        except ServiceUnavailable as exc:
            form.add_error(None, exc.message)
            status = 503
        except TooManyRequests as exc:
            form.add_error(None, exc.message)
            status, retry_after = 429, exc.retry_after
        except AppError as exc:  # not confirmed, too many attempts, challenge required ...
            form.add_error(None, exc.message)
        else:
            session_start(request, tokens=tokens, username=form.cleaned_data["username"])
            return redirect(next_url)
    context = {"form": form, "next": next_url, "title": "Log in", "user": request.user}
    response = render(request, "accounts/login.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def logout_page(request):
    """POST signs out (Cognito GlobalSignOut + session cleared); GET asks for confirmation."""
    next_url = safe_next(request, reverse("rest_framework:login"))
    if request.method == "POST":
        session_end(request)
        return redirect(next_url)
    return render(request, "accounts/logout.html", {"next": next_url, "title": "Log out", "user": request.user})
