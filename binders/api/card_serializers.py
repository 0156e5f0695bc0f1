"""Card entries as the API shows and takes them: one serializer each way (input is strict), with links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from binders.domain.cards import LANGUAGES, MAX_QUANTITY, MIN_QUANTITY, Condition, Finish, Printing
from tradeapi.api import EnumField, LinkField, PageQuery, StrictSerializer, link

SET_CODE = r"^[A-Za-z0-9]{3,6}$"
COLLECTOR_NUMBER = r"^[0-9A-Za-z★†.\-]{1,12}$"


def _card(entry) -> dict:
    return {"binder_id": entry.binder_id, "card_id": entry.card_id}


def _binder(entry) -> dict:
    return {"binder_id": entry.binder_id}


class CardFields(serializers.Serializer):
    """The fields every view of a card entry shows."""

    id = serializers.CharField(source="card_id", read_only=True)
    binder_id = serializers.CharField(read_only=True)
    name = serializers.CharField(min_length=1, max_length=200)
    set_code = serializers.RegexField(SET_CODE, error_messages={"invalid": "3 to 6 letters or digits."})
    collector_number = serializers.RegexField(
        COLLECTOR_NUMBER, error_messages={"invalid": "1 to 12 characters: letters, digits, '★', '†', '.', '-'."}
    )
    scryfall_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    finish = EnumField(Finish, required=False, default=Finish.NONFOIL)
    condition = EnumField(Condition, required=False, default=Condition.NM)
    language = serializers.ChoiceField(choices=list(LANGUAGES), required=False, default="en")
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY, required=False, default=1)
    created_at = serializers.CharField(read_only=True)
    updated_at = serializers.CharField(read_only=True)


class CardSerializer(StrictSerializer, CardFields):
    """An entry in one of your binders. POST adds copies of a printing (merging with an identical entry);
    PATCH changes quantity, name, notes or scryfall_id (set, number, finish, condition, language identify it)."""

    url = LinkField("binder-card-detail", _card)
    binder = LinkField("binder-detail", _binder)
    move = LinkField("card-move", _card, help_text="Move copies to another of your binders (POST).")
    notes = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_set_code(self, value):
        return value.upper()

    def validate_scryfall_id(self, value):
        return str(value) if value is not None else None


class PublicCardSerializer(CardFields):
    """Another trader's entry: the owner's private notes are left out. ``propose`` opens the trade form
    with this card asked for."""

    url = serializers.SerializerMethodField()
    propose = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, entry) -> str:
        request, owner = self.context.get("request"), self.context["owner"]
        return link(
            "trader-binder-card-detail", request, username=owner, binder_id=entry.binder_id, card_id=entry.card_id
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_propose(self, entry) -> str:
        url = link("trade-list", self.context.get("request"))
        return f"{url}?recipient={self.context['owner']}&requested={entry.card_id}"


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


class MoveSerializer(StrictSerializer):
    """POST .../move: to_binder_id, and quantity (default: all of the entry)."""

    to_binder_id = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY, required=False)


class MovedSerializer(serializers.Serializer):
    """What a move leaves: ``from``, the source entry (null when all of it moved), and ``to``, the destination."""

    def get_fields(self):
        return {
            "from": CardSerializer(read_only=True, allow_null=True, source="source"),
            "to": CardSerializer(read_only=True, source="destination"),
        }


class SearchQuery(PageQuery):
    """GET /api/cards/?name=&set_code=&binder_id= (name: a prefix of the normalized card name)."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    set_code = serializers.RegexField(
        SET_CODE, required=False, allow_blank=True, error_messages={"invalid": "3 to 6 letters or digits."}
    )
    binder_id = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs):
        return {name: value for name, value in super().validate(attrs).items() if value}  # blank = not given
