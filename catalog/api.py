"""The catalog's endpoints: search printings, one printing, a card's printings, the sets."""

from django.utils.html import format_html, format_html_join
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response

from catalog import services
from catalog.domain import FINISHES, LANGUAGES, PRICE_KEYS
from tradeapi.api import ApiView, LinkField, PageQuery, link
from tradeapi.paging import Page

SET_CODE = r"^[A-Za-z0-9]{2,6}$"


class ImageSerializer(serializers.Serializer):
    """Scryfall's image URLs (the first face of a double-faced card)."""

    small = serializers.URLField(required=False)
    normal = serializers.URLField(required=False)


class PricesSerializer(serializers.Serializer):
    """Scryfall's prices as decimal strings, or null where there is none: usd* from TCGplayer,
    eur* from Cardmarket, tix from Cardhoarder."""

    def get_fields(self):
        return {key: serializers.CharField(allow_null=True) for key in PRICE_KEYS}


def _printing(p) -> dict:
    return {"scryfall_id": p.scryfall_id}


class PrintingSerializer(serializers.Serializer):
    """A printing in the catalog: one card in one set and one language, with its prices as of ``prices_date``."""

    url = LinkField("catalog-card-detail", _printing)
    printings = LinkField("catalog-card-printings", _printing, help_text="Every printing of this card.")
    scryfall_id = serializers.CharField()
    oracle_id = serializers.CharField(help_text="Shared by every printing of the card.")
    name = serializers.CharField(help_text='The faces of a double-faced or split card are joined with " // ".')
    normalized_name = serializers.CharField(help_text="The name as search matches it: accents and case folded.")
    lang = serializers.ChoiceField(choices=list(LANGUAGES))
    set_code = serializers.CharField()
    set_name = serializers.CharField()
    collector_number = serializers.CharField()
    rarity = serializers.CharField()
    released_at = serializers.CharField()
    type_line = serializers.CharField()
    layout = serializers.CharField()
    finishes = serializers.ListField(child=serializers.ChoiceField(choices=list(FINISHES)))
    image = ImageSerializer(allow_null=True)
    prices = PricesSerializer()
    prices_date = serializers.CharField(allow_null=True)
    tcgplayer_id = serializers.IntegerField(allow_null=True)
    cardmarket_id = serializers.IntegerField(allow_null=True)


class SetSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    released_at = serializers.CharField()
    set_type = serializers.CharField()
    cards = serializers.SerializerMethodField(help_text="The set's printings, in collector-number order.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_cards(self, card_set) -> str:
        return f"{link('catalog-card-list', self.context.get('request'))}?set={card_set.code}"


class CatalogQuery(PageQuery):
    """?q= (the start of a card name; accents and case do not matter), &set=, &lang=.

    With neither q nor set, the newest set is listed."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    lang = serializers.ChoiceField(choices=list(LANGUAGES), required=False, allow_blank=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["set"] = serializers.RegexField(
            SET_CODE, required=False, allow_blank=True, error_messages={"invalid": "2 to 6 letters or digits."}
        )
        return fields

    def validate(self, attrs):
        return {name: value for name, value in super().validate(attrs).items() if value}  # blank = not given


class CatalogSearch(BaseFilterBackend):
    """The browsable API's search form on /api/catalog/cards/."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def to_html(self, request, queryset, view):
        params = request.query_params
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            [
                (code, " selected" if params.get("lang") == code else "", code or "any language")
                for code in ("", *LANGUAGES)
            ],
        )
        return format_html(
            '<h2>Find a card</h2><form method="get" class="form-inline">'
            '<input type="text" name="q" value="{}" placeholder="a card name, or its start" class="form-control" '
            'aria-label="Card name"> <input type="text" name="set" value="{}" placeholder="set code" size="6" '
            'class="form-control" aria-label="Set code"> <select name="lang" class="form-control" '
            'aria-label="Language">{}</select> <button type="submit" class="btn btn-primary">Search</button></form>',
            params.get("q", ""),
            params.get("set", ""),
            options,
        )

    def get_schema_operation_parameters(self, view):
        return []


class CatalogCardList(ApiView):
    """Search the catalog: `?q=` a name prefix (accents and case folded), `&set=`, `&lang=`; or list a
    set with `?set=` alone. Paged; one DynamoDB Query a page."""

    row_class = PrintingSerializer
    query_class = CatalogQuery
    filter_backends = [CatalogSearch]

    def get(self, request):
        query = self.query()
        set_code = query.get("set")
        if not query.get("q") and not set_code:
            newest = services.set_list()[:1]
            set_code = newest[0].code if newest else None
        if not query.get("q") and not set_code:
            return Response(self.paged(Page([])))  # an empty catalog
        page = services.printing_search(
            q=query.get("q"),
            set_code=set_code,
            lang=query.get("lang"),
            cursor=query.get("cursor"),
            limit=query["limit"],
        )
        return Response(self.paged(page))


class CatalogCardDetail(ApiView):
    """One printing, by Scryfall id."""

    output_class = PrintingSerializer

    def get(self, request, scryfall_id):
        return Response(self.shaped(services.printing_get(scryfall_id)))


class CatalogCardPrintings(ApiView):
    """Every printing of this printing's card (same oracle id), oldest first, paged."""

    row_class = PrintingSerializer

    def get(self, request, scryfall_id):
        query = self.query()
        _, page = services.printings_of_card(scryfall_id=scryfall_id, cursor=query.get("cursor"), limit=query["limit"])
        return Response(self.paged(page))


class CatalogSetList(ApiView):
    """Every set in the catalog, newest first, each linking to its printings."""

    row_class = SetSerializer

    def get(self, request):
        self.query()
        return Response(self.paged(Page(services.set_list())))
