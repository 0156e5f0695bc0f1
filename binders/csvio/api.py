"""CSV endpoints: import a file into a binder (multipart upload or a text/csv body), read an import
and download its failed rows, resume it; export a binder or the whole collection.

``?format=`` names a CSV format here, not a renderer: these views negotiate the answer's media
type from Accept alone.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.http import StreamingHttpResponse
from django.urls import reverse as django_reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import parsers, serializers
from rest_framework import status as http
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from binders.csvio import services
from binders.csvio.domain.csvtext import MAX_BYTES, MAX_ROWS, FileTooLarge
from binders.csvio.domain.formats import EXPORT_FORMATS, FORMATS
from binders.csvio.domain.imports import REASONS, ImportInterrupted, fingerprint
from tradeapi.api import ApiView, NoBody, StrictSerializer, valid
from tradeapi.idempotency import key_of
from tradeapi.schema import Error

MULTIPART_OVERHEAD = 64 * 1024  # a multipart body carries the file plus its boundaries and fields


class FormatIsData(DefaultContentNegotiation):
    """Content negotiation by Accept only: ``?format=`` is the CSV format."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


def _declared_length(parser_context) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        return 0


class CsvParser(parsers.BaseParser):
    """A ``text/csv`` body: its bytes, at most MAX_BYTES (413 ``file_too_large`` past it)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        if _declared_length(parser_context) > MAX_BYTES:
            raise FileTooLarge()
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise FileTooLarge()
        return data


class CsvUploadParser(parsers.MultiPartParser):
    """A multipart form with the file (Django keeps large files on disk); the body at most the file's limit
    plus the form's overhead. The form's other fields stay under the API's usual limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        if _declared_length(parser_context) > MAX_BYTES + MULTIPART_OVERHEAD:
            raise FileTooLarge()
        return super().parse(stream, media_type, parser_context)


# --- serializers ------------------------------------------------------------------------------


class ImportOptions(serializers.Serializer):
    """?format=&dry_run= (also accepted as form fields beside the file)."""

    format = serializers.ChoiceField(
        choices=list(FORMATS), required=False, help_text="Skip detection: the file is in this format."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Answer what the import would do, and write nothing."
    )

    def to_internal_value(self, data):
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)


class ImportUpload(StrictSerializer):
    """The CSV file, as a multipart upload (``file``), with the options as form fields or query parameters."""

    file = serializers.FileField(help_text=f"The CSV export: at most {MAX_BYTES // 2**20} MB and {MAX_ROWS:,} rows.")
    format = serializers.ChoiceField(choices=list(FORMATS), required=False, help_text="Skip detection.")
    dry_run = serializers.BooleanField(required=False, default=False, help_text="Write nothing.")


class RowError(serializers.Serializer):
    line = serializers.IntegerField(help_text="The row's line in the file (the header is line 1).")
    reason = serializers.ChoiceField(choices=list(REASONS))
    message = serializers.CharField()


def url(request, name: str, **kwargs) -> str:
    """An absolute URL that does not carry this request's ``?format=`` along (DRF's reverse would)."""
    path = django_reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path


class ImportSerializer(serializers.Serializer):
    """An import: what it matched, created and merged, every row it could not import, and its progress."""

    id = serializers.CharField(source="import_id", allow_null=True, help_text="Null on a dry run.")
    url = serializers.SerializerMethodField()
    binder = serializers.SerializerMethodField()
    format = serializers.CharField()
    dry_run = serializers.BooleanField()
    status = serializers.CharField(
        help_text="`planned`: a dry run's answer; `importing`: batches remain (resume it); `completed`."
    )
    rows = serializers.IntegerField(help_text="Data rows in the file.")
    matched = serializers.IntegerField(help_text="Rows matched to a catalog printing and imported (or to be).")
    created = serializers.IntegerField(help_text="Rows that create a card entry.")
    merged = serializers.IntegerField(help_text="Rows that add to an entry (already in the binder, or from the file).")
    failed = serializers.IntegerField(help_text="Rows not imported: see errors.")
    copies = serializers.IntegerField(help_text="Copies the import adds to the binder.")
    batches_total = serializers.IntegerField()
    batches_done = serializers.IntegerField(help_text="Batches committed: card_count is exact after each.")
    created_at = serializers.CharField()
    updated_at = serializers.CharField()
    errors = RowError(many=True)
    failed_rows = serializers.SerializerMethodField(help_text="The failed rows as CSV, to fix and upload again.")
    resume = serializers.SerializerMethodField(help_text="POST here to continue an import that stopped.")

    def _link(self, name: str, record) -> str | None:
        return url(self.context.get("request"), name, import_id=record.import_id) if record.import_id else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_binder(self, record) -> str:
        return url(self.context.get("request"), "binder-detail", binder_id=record.binder_id)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record) -> str | None:
        return self._link("import-detail", record)

    @extend_schema_field(OpenApiTypes.URI)
    def get_failed_rows(self, record) -> str | None:
        return self._link("import-failed-rows", record) if record.failed else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_resume(self, record) -> str | None:
        return self._link("import-resume", record) if record.resumable else None


class FormatInfo(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    exports = serializers.BooleanField()


class ImportInfo(serializers.Serializer):
    """What the import takes (the browsable API shows the upload form below it)."""

    formats = FormatInfo(many=True)
    max_bytes = serializers.IntegerField()
    max_rows = serializers.IntegerField()
    reasons = serializers.DictField(child=serializers.CharField(), help_text="Why a row is not imported.")
    binder = serializers.URLField()


class ExportQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(EXPORT_FORMATS), help_text="The tool the file is for.")

    def to_internal_value(self, data):
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)


def _csv_responses(*codes: int) -> dict:
    return {
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file (streamed)."),
        **{code: Error for code in codes},
    }


def _csv_response(filename: str, lines) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@contextmanager
def resumable(request):
    """An import that stopped midway answers 503 with its record's and resume's URLs in ``details``."""
    try:
        yield
    except ImportInterrupted as exc:
        exc.details.update(
            url=url(request, "import-detail", import_id=exc.import_id),
            resume=url(request, "import-resume", import_id=exc.import_id),
        )
        raise


# --- views --------------------------------------------------------------------------------


class CsvView(ApiView):
    content_negotiation_class = FormatIsData


class BinderImport(CsvView):
    """Import a CSV export from Deckbox, Moxfield, ManaBox, TCGplayer, Cardsphere or Archidekt into this
    binder: a multipart upload (`file`) or a `text/csv` body. The format is told from the header row
    (`format=` names it); `dry_run=true` answers what would happen and writes nothing. 201 with the
    import (`Location`: its record); 200 on a dry run, and when an Idempotency-Key's import is
    resumed or answered again. GET describes the formats."""

    serializer_class = ImportUpload
    output_class = ImportSerializer
    query_class = ImportOptions
    query_methods = ("POST",)
    parser_classes = [CsvUploadParser, CsvParser]
    rate_limit = "card-writes"
    creates = merges = True
    idempotency_rides_first_write = False  # the import resumes itself under the key (docs/imports.md)

    @extend_schema(responses={200: ImportInfo, 401: Error, 403: Error, 404: Error, 503: Error})
    def get(self, request, binder_id):
        services.import_binder(owner_sub=request.user.sub, binder_id=binder_id)  # 404 unless it is yours
        info = {
            "formats": [
                {"name": f.name, "title": f.title, "header": list(f.header), "exports": f.name in EXPORT_FORMATS}
                for f in FORMATS.values()
            ],
            "max_bytes": MAX_BYTES,
            "max_rows": MAX_ROWS,
            "reasons": REASONS,
            "binder": url(request, "binder-detail", binder_id=binder_id),
        }
        return Response(ImportInfo(info).data)

    def _upload(self) -> tuple[bytes, dict]:
        """The file's bytes and the options (read once: the Idempotency-Key's fingerprint hashes them too)."""
        if not hasattr(self, "_csv"):
            options = valid(ImportOptions, self.request.query_params)
            data = self.request.data
            if isinstance(data, bytes):
                content = data
            elif hasattr(data, "getlist") or data:
                fields = valid(ImportUpload, data)
                options.update({k: v for k, v in fields.items() if k in ("format", "dry_run") and k in data})
                upload = fields["file"]
                if upload.size > MAX_BYTES:
                    raise FileTooLarge()
                content = upload.read(MAX_BYTES + 1)
            else:
                content = b""
            self._csv = (content, options)
        return self._csv

    def idempotency_fingerprint(self, request) -> str:
        content, options = self._upload()
        return fingerprint(content, f"{options.get('format')}|{options['dry_run']}|{request.path}")

    @extend_schema(
        request={
            "multipart/form-data": ImportUpload,
            "text/csv": {"type": "string", "description": "The CSV file itself."},
        }
    )
    def post(self, request, binder_id):
        content, options = self._upload()
        with resumable(request):
            record, created = services.import_csv(
                owner_sub=request.user.sub,
                binder_id=binder_id,
                data=content,
                format_name=options.get("format"),
                dry_run=options["dry_run"],
                idempotency_key=key_of(request),
            )
        if record.dry_run:
            return Response(self.shaped(record))
        location = url(request, "import-detail", import_id=record.import_id)
        status = http.HTTP_201_CREATED if created else http.HTTP_200_OK
        return Response(self.shaped(record), status=status, headers={"Location": location})


class ImportDetail(ApiView):
    """One of your imports: its status, counts, progress and every row it could not import."""

    output_class = ImportSerializer

    def get(self, request, import_id):
        return Response(self.shaped(services.import_get(owner_sub=request.user.sub, import_id=import_id)))


class ImportResume(ApiView):
    """Continue an import that stopped (an AWS fault, a timeout) after its last committed batch; no row is
    added twice. A completed import answers as it is."""

    serializer_class = NoBody
    output_class = ImportSerializer
    rate_limit = "card-writes"
    idempotency_rides_first_write = False

    def post(self, request, import_id):
        self.input()
        with resumable(request):
            record = services.import_resume(owner_sub=request.user.sub, import_id=import_id)
        return Response(self.shaped(record))


class ImportFailedRows(CsvView):
    """The rows an import could not import, as CSV: the file's own header plus an `Import Error` column."""

    @extend_schema(responses=_csv_responses(401, 403, 404, 503))
    def get(self, request, import_id):
        filename, lines = services.import_failed_rows(owner_sub=request.user.sub, import_id=import_id)
        return _csv_response(filename, lines)


class BinderExport(CsvView):
    """This binder as a CSV file that Deckbox, Moxfield or ManaBox imports (`?format=`), streamed."""

    query_class = ExportQuery

    @extend_schema(responses=_csv_responses(400, 401, 403, 404, 503))
    def get(self, request, binder_id):
        query = self.query()
        filename, lines = services.export_csv(
            owner_sub=request.user.sub, binder_id=binder_id, format_name=query["format"]
        )
        return _csv_response(filename, lines)


class CollectionExport(CsvView):
    """Every card you hold, in every binder, as a CSV file for Deckbox, Moxfield or ManaBox (`?format=`)."""

    query_class = ExportQuery

    @extend_schema(responses=_csv_responses(400, 401, 403, 503))
    def get(self, request):
        filename, lines = services.export_csv(owner_sub=request.user.sub, format_name=self.query()["format"])
        return _csv_response(filename, lines)
