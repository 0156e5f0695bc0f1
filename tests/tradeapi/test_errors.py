"""Every error has one shape: {"error": {"code", "message", "details"}}; no stack traces."""

import pytest
from botocore.exceptions import EndpointConnectionError
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from tradeapi import urls as root_urls
from tradeapi.exceptions import Conflict


def assert_error_shape(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert "Traceback" not in response.content.decode()
    return body["error"]


class Explodes(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internals /etc/passwd")


class AwsDown(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")


class Conflicted(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise Conflict("Already taken.", details={"current_version": 3})


urlpatterns = [
    path("api/test/explodes", Explodes.as_view()),
    path("api/test/aws-down", AwsDown.as_view()),
    path("api/test/conflict", Conflicted.as_view()),
    *root_urls.urlpatterns,
]
handler404 = root_urls.handler404
handler500 = root_urls.handler500


def test_unknown_api_path_is_a_json_404(client):
    assert_error_shape(client.get("/api/no/such/thing"), 404, "not_found")


def test_wrong_method_is_a_json_405(client):
    assert_error_shape(client.delete("/api/"), 405, "method_not_allowed")


def test_unauthenticated_is_a_json_401_with_www_authenticate(client):
    response = client.get("/api/", HTTP_AUTHORIZATION="Bearer not.a.token")
    assert_error_shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.urls(__name__)
def test_an_unexpected_exception_is_a_json_500_without_internals(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/api/test/explodes")
    error = assert_error_shape(response, 500, "internal_error")
    assert "passwd" not in error["message"]


@pytest.mark.urls(__name__)
def test_an_aws_outage_is_a_503_with_retry_after(client):
    response = client.get("/api/test/aws-down")
    assert_error_shape(response, 503, "service_unavailable")
    assert int(response["Retry-After"]) > 0


@pytest.mark.urls(__name__)
def test_domain_errors_carry_their_details(client):
    error = assert_error_shape(client.get("/api/test/conflict"), 409, "conflict")
    assert error["details"] == {"current_version": 3}
    assert error["message"] == "Already taken."


def test_a_transaction_cancelled_by_a_concurrent_transaction_is_an_aws_fault_not_a_bug():
    from botocore.exceptions import ClientError

    from tradeapi.aws_faults import is_aws_fault

    cancelled = ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"},
            "CancellationReasons": [{"Code": "TransactionConflict"}, {"Code": "None"}],
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        "TransactWriteItems",
    )
    assert is_aws_fault(cancelled)
    validation = ClientError(
        {"Error": {"Code": "ValidationException"}, "ResponseMetadata": {"HTTPStatusCode": 400}}, "PutItem"
    )
    assert not is_aws_fault(validation)
