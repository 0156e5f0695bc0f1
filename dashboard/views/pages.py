"""The dashboard's pages: overview, trade queue, reported queue, trade detail, users, user page, audit log."""

from django.http import Http404
from django.views.decorators.http import require_GET

from accounts.domain import ProfileNotFound
from dashboard.access import staff_required
from dashboard.chart import line_chart
from dashboard.forms import AuditFilter, QueueFilter, ReasonForm, UserSearch
from dashboard.rendering import render_page
from moderation.services import reads as reads
from tradeapi.exceptions import InvalidCursor
from trades.domain.errors import TradeNotFound
from trades.domain.trades import TradeStatus

PAGE_SIZE = 25
DONE = {
    "hold": "Trade held",
    "release": "Trade released",
    "decline": "Trade force-declined",
    "note": "Note added",
    "suspend": "Trader suspended; their open trades are held",
    "reinstate": "Trader reinstated",
}


def _page(request, template: str, context: dict, status: int = 200):
    return render_page(request, template, context, status)


@require_GET
@staff_required
def overview(request):
    data = reads.moderation_overview(fresh=request.GET.get("fresh") == "1")
    chart = line_chart(data.days, {"Created": data.created, "Completed": data.completed})
    whole = [int(v.to_integral_value()) for v in data.completed_value]  # the chart plots whole units
    value_chart = line_chart(
        data.days, {"Value completed": whole}, label=f"Value of the trades completed per day ({data.value_currency})"
    )
    context = {"title": "Overview", "nav": "overview", "data": data, "chart": chart, "value_chart": value_chart}
    return _page(request, "overview.html", {**context, "statuses": list(data.counts.items())})


def _bad_cursor(request, template: str, context: dict):
    context["error"] = "That page link is not valid any more; start from the first page."
    return _page(request, template, context, status=400)


@require_GET
@staff_required
def queue(request):
    form = QueueFilter(request.GET)
    context = {"title": "Trade queue", "nav": "queue", "form": form, "statuses": [s.value for s in TradeStatus]}
    if not form.is_valid():
        context["error"] = "Choose a status from the list."
        return _page(request, "queue.html", context, status=400)
    status = form.status_value()
    trader = form.cleaned_data["trader"].strip()
    lopsided = form.cleaned_data["lopsided"]
    context.update(status=status.value, trader=trader, lopsided=lopsided)
    try:
        page = reads.trade_queue(
            status=status,
            trader=trader,
            lopsided=lopsided,
            cursor=form.cleaned_data["cursor"] or None,
            limit=PAGE_SIZE,
        )
    except InvalidCursor:
        return _bad_cursor(request, "queue.html", context)
    context.update(trades=page.items, next_cursor=page.next_cursor)
    return _page(request, "queue.html", context)


@require_GET
@staff_required
def reported(request):
    context = {"title": "Reported trades", "nav": "reported"}
    try:
        page = reads.reported_queue(cursor=request.GET.get("cursor") or None, limit=PAGE_SIZE)
    except InvalidCursor:
        return _bad_cursor(request, "reported.html", context)
    context.update(rows=page.items, next_cursor=page.next_cursor)
    return _page(request, "reported.html", context)


def trade_context(trade_id: str) -> dict:
    try:
        dossier = reads.trade_dossier(trade_id=trade_id)
    except TradeNotFound:
        raise Http404("No such trade.") from None
    trade = dossier.trade
    at_offer, now = dossier.at_offer, dossier.now
    sides = [
        (
            role,
            party,
            [(line, at_offer.line(line), now.line(line)) for line in lines],
            at_offer.as_dict()[f"{role}_gives"],
            now.as_dict()[f"{role}_gives"],
        )
        for role, party, lines in (
            ("proposer", trade.proposer, trade.offer.proposer_gives),
            ("recipient", trade.recipient, trade.offer.recipient_gives),
        )
    ]
    return {
        "values": {"at_offer": at_offer.as_dict(), "now": now.as_dict(), "currency": at_offer.currency},
        "title": f"Trade {trade_id}",
        "nav": "queue",
        "trade": trade,
        "dossier": dossier,
        "sides": sides,
        "events": list(reversed(dossier.events)),
    }


@require_GET
@staff_required
def trade_detail(request, trade_id: str):
    context = trade_context(trade_id)
    context.update(
        form=ReasonForm(initial={"version": context["trade"].version}), done=DONE.get(request.GET.get("done", ""))
    )
    return _page(request, "trade.html", context)


@require_GET
@staff_required
def users(request):
    form = UserSearch(request.GET)
    form.is_valid()
    query = (form.cleaned_data.get("q") or "").strip()
    context = {"title": "Users", "nav": "users", "form": form, "q": query}
    try:
        page = reads.user_search(prefix=query, cursor=form.cleaned_data.get("cursor") or None, limit=PAGE_SIZE)
    except InvalidCursor:
        return _bad_cursor(request, "users.html", context)
    context.update(profiles=page.items, next_cursor=page.next_cursor)
    return _page(request, "users.html", context)


def user_context(username: str, trades_cursor: str | None = None) -> dict:
    try:
        dossier = reads.user_dossier(username=username, trades_cursor=trades_cursor)
    except ProfileNotFound:
        raise Http404("No such trader.") from None
    return {
        "title": f"Trader {dossier.profile.username}",
        "nav": "users",
        "dossier": dossier,
        "profile": dossier.profile,
    }


@require_GET
@staff_required
def user_detail(request, username: str):
    try:
        context = user_context(username, request.GET.get("cursor") or None)
    except InvalidCursor:
        context = user_context(username)
    context.update(form=ReasonForm(), done=DONE.get(request.GET.get("done", "")))
    return _page(request, "user.html", context)


@require_GET
@staff_required
def audit(request):
    form = AuditFilter(request.GET)
    form.is_valid()
    moderator = (form.cleaned_data.get("moderator") or "").strip()
    target = (form.cleaned_data.get("target") or "").strip()
    context = {"title": "Audit log", "nav": "audit", "form": form, "moderator": moderator, "target": target}
    try:
        page = reads.audit_log(
            moderator=moderator, target=target, cursor=form.cleaned_data.get("cursor") or None, limit=50
        )
    except InvalidCursor:
        return _bad_cursor(request, "audit.html", context)
    context.update(entries=page.items, next_cursor=page.next_cursor)
    return _page(request, "audit.html", context)
