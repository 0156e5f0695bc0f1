"""Card entry input (strict: unknown and read-only fields are refused) and output shapes."""

from rest_framework import serializers

from binders.domain.cards import LANGUAGES, MAX_QUANTITY, MIN_QUANTITY, CardEntry, Condition, Finish, Printing
from tradeapi.api import StrictSerializer

SET_CODE = r"^[A-Za-z0-9]{3,6}$"
COLLECTOR_NUMBER = r"^[0-9A-Za-z★†.\-]{1,12}$"


class CardIn(StrictSerializer):
    """POST /api/binders/{id}/cards/ (and PATCH, partially). id, binder_id and timestamps are read-only."""

    name = serializers.CharField(min_length=1, max_length=200)
    set_code = serializers.RegexField(SET_CODE, error_messages={"invalid": "3 to 6 letters or digits."})
    collector_number = serializers.RegexField(
        COLLECTOR_NUMBER, error_messages={"invalid": "1 to 12 characters: letters, digits, '★', '†', '.', '-'."}
    )
    scryfall_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    finish = serializers.ChoiceField(choices=[f.value for f in Finish], required=False, default=Finish.NONFOIL.value)
    condition = serializers.ChoiceField(
        choices=[c.value for c in Condition], required=False, default=Condition.NM.value
    )
    language = serializers.ChoiceField(choices=list(LANGUAGES), required=False, default="en")
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY, required=False, default=1)
    notes = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_set_code(self, value):
        return value.upper()

    def validate_finish(self, value):
        return Finish(value)

    def validate_condition(self, value):
        return Condition(value)

    def validate_scryfall_id(self, value):
        return str(value) if value is not None else None


def printing_of(data: dict) -> Printing:
    return Printing(
        name=data["name"],
        set_code=data["set_code"],
        collector_number=data["collector_number"],
        finish=data["finish"],
        condition=data["condition"],
        language=data["language"],
        scryfall_id=data["scryfall_id"],
    )


class MoveIn(StrictSerializer):
    """POST .../move: to_binder_id, and quantity (default: all of the entry)."""

    to_binder_id = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY, required=False)


class SearchQuery(serializers.Serializer):
    """GET /api/cards/?name=&set_code=&binder_id= (name: a prefix of the normalized card name)."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    set_code = serializers.RegexField(
        SET_CODE, required=False, allow_blank=True, error_messages={"invalid": "3 to 6 letters or digits."}
    )
    binder_id = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs):
        return {name: value for name, value in attrs.items() if value}  # blank = not given


def card_out(entry: CardEntry) -> dict:
    return {
        "id": entry.card_id,
        "binder_id": entry.binder_id,
        "name": entry.name,
        "set_code": entry.set_code,
        "collector_number": entry.collector_number,
        "scryfall_id": entry.scryfall_id,
        "finish": entry.finish.value,
        "condition": entry.condition.value,
        "language": entry.language,
        "quantity": entry.quantity,
        "notes": entry.notes,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


def public_card_out(entry: CardEntry) -> dict:
    """Another trader's entry: the owner's private notes are left out."""
    return {name: value for name, value in card_out(entry).items() if name != "notes"}
