"""Moderator actions (POST only, CSRF-protected): each needs a reason and a second, confirming POST.

First POST: the reason is checked and a confirmation page shows what will happen.
Second POST (``confirmed=1``): one service call, then a redirect back to the page.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from dashboard.access import staff_required
from dashboard.forms import ReasonForm
from dashboard.rendering import render_page
from dashboard.views.pages import trade_context, user_context
from moderation.services import actions as services
from tradeapi.errors import status_for
from tradeapi.exceptions import AppError, NotFound

TRADE_ACTIONS = {
    "hold": ("Hold this trade", "The parties cannot counter or accept it until it is released.", services.trade_hold),
    "release": ("Release this trade", "The parties can counter and accept it again.", services.trade_release),
    "decline": (
        "Force-decline this trade",
        "The trade is closed as DECLINED by a moderator; this cannot be undone.",
        services.trade_force_decline,
    ),
    "note": ("Add a note", "The note is kept on the trade for other moderators.", None),
}
USER_ACTIONS = {
    "suspend": (
        "Suspend this trader",
        "Their API requests are refused within 30 seconds and their open trades are held.",
        services.user_suspend,
    ),
    "reinstate": (
        "Reinstate this trader",
        "Their API requests are accepted again. Held trades stay held until released.",
        services.user_reinstate,
    ),
}


def _confirm(
    request, context: dict, form: ReasonForm, action: str, label: str, effect: str, status: int = 200, error: str = ""
):
    context.update(
        form=form,
        action=action,
        action_label=label,
        effect=effect,
        error=error,
        confirming=form.is_bound and form.is_valid() and not error,
    )
    return render_page(request, "confirm.html", context, status)


def _trade_page(trade_id: str, action: str) -> dict:
    return {
        **trade_context(trade_id),
        "target_url": reverse("dashboard:trade", args=[trade_id]),
        "post_url": reverse("dashboard:trade-action", args=[trade_id, action]),
    }


def _user_page(username: str, action: str) -> dict:
    return {
        **user_context(username),
        "target_url": reverse("dashboard:user", args=[username]),
        "post_url": reverse("dashboard:user-action", args=[username, action]),
    }


@require_POST
@csrf_protect
@staff_required
def trade_action(request, trade_id: str, action: str):
    if action not in TRADE_ACTIONS:
        raise Http404("No such action.")
    label, effect, service = TRADE_ACTIONS[action]
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _confirm(request, _trade_page(trade_id, action), form, action, label, effect, status=400)
    if not form.cleaned_data["confirmed"]:
        return _confirm(request, _trade_page(trade_id, action), form, action, label, effect)
    reason, version = form.cleaned_data["reason"], form.cleaned_data["version"]
    try:
        if action == "note":
            services.trade_note_add(moderator=request.user, trade_id=trade_id, text=reason)
        else:
            service(moderator=request.user, trade_id=trade_id, reason=reason, version=version)
    except NotFound:
        raise Http404("No such trade.") from None
    except AppError as exc:
        context = _trade_page(trade_id, action)
        return _confirm(
            request,
            context,
            ReasonForm(initial={"reason": reason, "version": context["trade"].version}),
            action,
            label,
            effect,
            status=status_for(exc),
            error=exc.message,
        )
    return redirect(f"{reverse('dashboard:trade', args=[trade_id])}?done={action}")


@require_POST
@csrf_protect
@staff_required
def user_action(request, username: str, action: str):
    if action not in USER_ACTIONS:
        raise Http404("No such action.")
    label, effect, service = USER_ACTIONS[action]
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _confirm(request, _user_page(username, action), form, action, label, effect, status=400)
    if not form.cleaned_data["confirmed"]:
        return _confirm(request, _user_page(username, action), form, action, label, effect)
    try:
        service(moderator=request.user, username=username, reason=form.cleaned_data["reason"])
    except NotFound:
        raise Http404("No such trader.") from None
    except AppError as exc:
        again = ReasonForm(initial={"reason": form.cleaned_data["reason"]})
        return _confirm(
            request,
            _user_page(username, action),
            again,
            action,
            label,
            effect,
            status=status_for(exc),
            error=exc.message,
        )
    return redirect(f"{reverse('dashboard:user', args=[username])}?done={action}")
