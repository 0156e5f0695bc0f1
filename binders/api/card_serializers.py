"""Card entries as the API shows and takes them: one serializer each way (input is strict), with links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from binders.domain.cards import LANGUAGES, MAX_QUANTITY, MIN_QUANTITY, Condition, Finish
from tradeapi.api import EnumField, LinkField, PageQuery, StrictSerializer, link

SET_CODE = r"^[A-Za-z0-9]{2,6}$"
COLLECTOR_NUMBER = r"^[0-9A-Za-z★†.\-]{1,12}$"


def _card(entry) -> dict:
    return {"binder_id": entry.binder_id, "card_id": entry.card_id}


def _binder(entry) -> dict:
    return {"binder_id": entry.binder_id}


class CardImageSerializer(serializers.Serializer):
    """The printing's images on Scryfall (the first face of a double-faced card)."""

    small = serializers.URLField(read_only=True)
    normal = serializers.URLField(read_only=True)


class CardFields(serializers.Serializer):
    """The fields every view of a card entry shows. The printing is named by ``scryfall_id``, or by
    ``set_code`` + ``collector_number`` (+ ``language``); name, oracle id, rarity and image come from
    the catalog."""

    id = serializers.CharField(source="card_id", read_only=True)
    binder_id = serializers.CharField(read_only=True)
    scryfall_id = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The printing's Scryfall id (or give set + number)."
    )
    oracle_id = serializers.CharField(read_only=True, allow_null=True, help_text="Shared by every printing.")
    name = serializers.CharField(
        min_length=1,
        max_length=200,
        required=False,
        help_text="From the catalog. If you send it, it must be the printing's name (a check on the number).",
    )
    set_code = serializers.RegexField(SET_CODE, required=False, error_messages={"invalid": "2 to 6 letters or digits."})
    collector_number = serializers.RegexField(
        COLLECTOR_NUMBER,
        required=False,
        error_messages={"invalid": "1 to 12 characters: letters, digits, '★', '†', '.', '-'."},
    )
    rarity = serializers.CharField(read_only=True, allow_null=True)
    image = CardImageSerializer(read_only=True, allow_null=True)
    finish = EnumField(Finish, required=False, help_text="Default: the printing's first finish (non-foil if made).")
    condition = EnumField(Condition, required=False, default=Condition.NM)
    language = serializers.ChoiceField(
        choices=list(LANGUAGES), required=False, help_text="Default: the printing's language (English by set + number)."
    )
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY, required=False, default=1)
    created_at = serializers.CharField(read_only=True)
    updated_at = serializers.CharField(read_only=True)
    catalog = serializers.SerializerMethodField(help_text="The printing in the catalog (null before it was linked).")

    @extend_schema_field(OpenApiTypes.URI)
    def get_catalog(self, entry) -> str | None:
        return catalog_link(self.context.get("request"), entry)


class CardSerializer(StrictSerializer, CardFields):
    """An entry in one of your binders. POST adds copies of a catalog printing, named by ``scryfall_id``
    or by ``set_code`` + ``collector_number`` (+ ``language``), merging with an identical entry. PATCH
    changes quantity or notes (the printing, finish, condition and language identify the entry)."""

    url = LinkField("binder-card-detail", _card)
    binder = LinkField("binder-detail", _binder)
    move = LinkField("card-move", _card, help_text="Move copies to another of your binders (POST).")
    notes = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_set_code(self, value):
        return value.upper()

    def validate_scryfall_id(self, value):
        return str(value) if value is not None else None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if (
            not self.partial
            and not attrs.get("scryfall_id")
            and not (attrs.get("set_code") and attrs.get("collector_number"))
        ):
            need = "Give scryfall_id, or set_code and collector_number."
            raise serializers.ValidationError(
                {name: [need] for name in ("scryfall_id", "set_code", "collector_number") if not attrs.get(name)}
            )
        return attrs


def catalog_link(request, entry) -> str | None:
    return link("catalog-card-detail", request, scryfall_id=entry.scryfall_id) if entry.scryfall_id else None


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


def printing_named(data: dict) -> dict:
    """The keyword arguments of ``card_add`` that name the printing and its state."""
    names = ("scryfall_id", "set_code", "collector_number", "language", "name", "finish", "condition")
    return {name: data[name] for name in names if data.get(name) is not None}


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
        SET_CODE, required=False, allow_blank=True, error_messages={"invalid": "2 to 6 letters or digits."}
    )
    binder_id = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs):
        return {name: value for name, value in super().validate(attrs).items() if value}  # blank = not given
