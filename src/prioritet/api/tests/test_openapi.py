"""The OpenAPI schema documents every endpoint; the interactive docs need no internet."""

from __future__ import annotations

import re

import pytest
from django.test import Client

ENDPOINTS = {
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_id}"),
    ("patch", "/api/v1/cases/{case_id}"),
    ("get", "/api/v1/cases/{case_id}/alternatives"),
    ("post", "/api/v1/cases/{case_id}/alternatives"),
    ("get", "/api/v1/alternatives/{alternative_id}/assessments/mine"),
    ("put", "/api/v1/alternatives/{alternative_id}/assessments/mine"),
    ("get", "/api/v1/cases/{case_id}/judgment"),
    ("get", "/api/v1/cases/{case_id}/decision"),
    ("post", "/api/v1/cases/{case_id}/decision"),
    ("get", "/api/v1/cases/{case_id}/voice"),
    ("put", "/api/v1/cases/{case_id}/voice"),
    ("get", "/api/v1/cases/{case_id}/vedtak"),
    ("post", "/api/v1/cases/{case_id}/reassessment"),
    ("get", "/api/v1/cases/{case_id}/recommendation"),
    ("post", "/api/v1/cases/{case_id}/recommendation"),
    ("get", "/api/v1/decision-bodies"),
    ("get", "/api/v1/service-areas"),
    ("get", "/api/v1/cases/{case_id}/consultations"),
    ("get", "/api/v1/cases/{case_id}/consultations/{round_id}/summary"),
    ("get", "/api/v1/examples"),
    ("get", "/api/v1/examples/{example_id}"),
    ("get", "/api/v1/indicators/definitions"),
    ("get", "/api/v1/indicators/values"),
    ("post", "/api/v1/indicators/values"),
    ("get", "/api/v1/waiting-lists"),
    ("get", "/api/v1/waiting-lists/{service_id}"),
    ("get", "/api/v1/catalogue"),
    ("get", "/api/v1/catalogue/{entry_id}"),
    ("post", "/api/v1/catalogue/{entry_id}/alternatives"),
    ("post", "/api/v1/catalogue/{entry_id}/measures"),
}


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_every_endpoint_with_a_summary_and_description(schema):
    operations = {
        (method, path): operation for path, methods in schema["paths"].items() for method, operation in methods.items()
    }
    assert set(operations) == ENDPOINTS
    for key, operation in operations.items():
        assert operation.get("summary"), key
        assert operation.get("description"), key
        assert operation.get("operationId"), key
        assert operation["security"] == [{"TokenAuth": []}], key
        assert "401" in operation["responses"], key
    assert len({op["operationId"] for op in operations.values()}) == len(operations)


def test_the_read_only_consultation_and_example_bank_operations_are_documented(schema):
    paths = schema["paths"]
    operation_ids = {
        paths["/api/v1/cases/{case_id}/consultations"]["get"]["operationId"],
        paths["/api/v1/cases/{case_id}/consultations/{round_id}/summary"]["get"]["operationId"],
        paths["/api/v1/examples"]["get"]["operationId"],
        paths["/api/v1/examples/{example_id}"]["get"]["operationId"],
    }
    assert operation_ids == {"list_consultation_rounds", "get_consultation_summary", "search_examples", "get_example"}
    summary = paths["/api/v1/cases/{case_id}/consultations/{round_id}/summary"]["get"]
    assert {"200", "401", "403", "404"} <= set(summary["responses"])
    search = paths["/api/v1/examples"]["get"]
    assert "422" in search["responses"]
    parameters = {p["name"]: p for p in search["parameters"]}
    assert {"q", "level", "service_area", "size_class", "severity", "benefit", "resources", "mine", "page"} == set(
        parameters
    )
    assert set(parameters["level"]["schema"]["enum"]) == {"", "individual", "service", "political"}
    assert set(parameters["severity"]["schema"]["enum"]) == {"", "high", "moderate", "low"}
    components = schema["components"]["schemas"]
    assert "token" not in str(components["RoundOut"]).lower()
    assert {"RoundOut", "RoundSummaryOut", "ExamplePageOut", "ExampleOut"} <= set(components)


def test_the_schema_declares_bearer_auth_and_error_shapes(schema):
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schema["info"]["title"] == "Prioritet API"
    assert "Bearer" in schema["info"]["description"]
    components = schema["components"]["schemas"]
    assert "errors" in components["ValidationErrorOut"]["properties"]
    assert "current_version" in components["ConflictOut"]["properties"]
    patch = schema["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"]
    assert {"200", "403", "404", "409", "422"} <= set(patch)
    assert set(components["Level"]["enum"]) == {"individual", "service", "political"}


def test_the_docs_load_everything_from_the_same_origin(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the docs must not load anything from elsewhere"
    assets = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert any(a.endswith("ninja/swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        served = Client().get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content)
    # Swagger UI's settings come as JSON data (no inline script: the CSP forbids it), without swagger.io's validator.
    assert '"validatorUrl": null' in html
    assert "/api/v1/openapi.json" in html


def test_the_docs_page_says_its_language_and_uses_the_products_contrast_fixes(db):
    html = Client().get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in html
    assert "web/swagger.css" in html


def test_the_catalogue_operations_are_documented_with_their_errors(schema):
    paths = schema["paths"]
    listing = paths["/api/v1/catalogue"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"q", "service_area", "archived", "page", "page_size"}
    assert {"200", "401", "403", "422"} <= set(listing["responses"])
    for action in ("alternatives", "measures"):
        operation = paths[f"/api/v1/catalogue/{{entry_id}}/{action}"]["post"]
        assert {"201", "401", "403", "404", "409", "422"} <= set(operation["responses"]), action
    measure = schema["components"]["schemas"]["CatalogueMeasureIn"]
    assert {"case_id", "version", "code", "benefit", "severity", "resources"} <= set(measure["required"])
    assert measure["properties"]["code"]["maxLength"] == 60
    assert "measures catalogue" in schema["info"]["description"]
