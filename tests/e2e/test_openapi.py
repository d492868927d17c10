"""The served OpenAPI document is a valid OpenAPI 3.1 document (the Swift tests hold it to the routes)."""
import json
import urllib.request

from openapi_spec_validator import validate


def test_served_openapi_document_is_valid(server):
    with urllib.request.urlopen(server.base_url + "/api/openapi.json", timeout=10) as response:
        assert response.status == 200
        document = json.load(response)
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises with the first problem it finds
    assert "/api/v1/requests/{requestID}" in document["paths"]
