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


def _moderate(request, action: str, actions: dict, page, run, retry_initial, done_url: str, missing: str):
    """One moderator action: check the reason, confirm, run the service, and on refusal show the page again."""
    if action not in actions:
        raise Http404("No such action.")
    label, effect, service = actions[action]
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _confirm(request, page(), form, action, label, effect, status=400)
    if not form.cleaned_data["confirmed"]:
        return _confirm(request, page(), form, action, label, effect)
    try:
        run(service, form.cleaned_data)
    except NotFound:
        raise Http404(missing) from None
    except AppError as exc:
        context = page()
        again = ReasonForm(initial=retry_initial(form.cleaned_data, context))
        return _confirm(request, context, again, action, label, effect, status=status_for(exc), error=exc.message)
    return redirect(f"{done_url}?done={action}")


@require_POST
@csrf_protect
@staff_required
def trade_action(request, trade_id: str, action: str):
    def run(service, data):
        if action == "note":
            services.trade_note_add(moderator=request.user, trade_id=trade_id, text=data["reason"])
        else:
            service(moderator=request.user, trade_id=trade_id, reason=data["reason"], version=data["version"])

    return _moderate(
        request,
        action,
        TRADE_ACTIONS,
        page=lambda: _trade_page(trade_id, action),
        run=run,
        retry_initial=lambda data, context: {"reason": data["reason"], "version": context["trade"].version},
        done_url=reverse("dashboard:trade", args=[trade_id]),
        missing="No such trade.",
    )


@require_POST
@csrf_protect
@staff_required
def user_action(request, username: str, action: str):
    return _moderate(
        request,
        action,
        USER_ACTIONS,
        page=lambda: _user_page(username, action),
        run=lambda service, data: service(moderator=request.user, username=username, reason=data["reason"]),
        retry_initial=lambda data, context: {"reason": data["reason"]},
        done_url=reverse("dashboard:user", args=[username]),
        missing="No such trader.",
    )
