"""Dashboard forms: a moderator's reason (with the two-step confirmation), and the list filters."""

from django import forms

from moderation.domain import MAX_REASON
from trades.domain.trades import TradeStatus


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "A reason is required."},
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class QueueFilter(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.value.title()) for s in TradeStatus], required=False)
    trader = forms.CharField(max_length=128, required=False)
    lopsided = forms.BooleanField(required=False)
    cursor = forms.CharField(max_length=2000, required=False)

    def status_value(self) -> TradeStatus:
        return TradeStatus(self.cleaned_data.get("status") or TradeStatus.OPEN.value)


class UserSearch(forms.Form):
    q = forms.CharField(max_length=128, required=False, label="Username starts with")
    cursor = forms.CharField(max_length=2000, required=False)


class AuditFilter(forms.Form):
    moderator = forms.CharField(max_length=128, required=False)
    target = forms.CharField(max_length=128, required=False, help_text="A trade id or a username")
    cursor = forms.CharField(max_length=2000, required=False)
