import Foundation
import Vapor

/// Serves the OpenAPI 3.1 document of /api/v1; a test holds it to the registered routes both ways.
enum OpenAPIController {
    @Sendable static func document(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: OpenAPIDocument.json))
    }
}

/// The API's description, written by hand next to the routes it describes.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Surgery Anywhere API",
        "version": "1.0.0",
        "description": "Remote working for general practice. Every call answers for the organisation that owns the API token, within the token's scope: each operation belongs to one area (its tag), and a token may use only the areas ticked when it was made, reading only unless it is read and write. Tokens expire (90 days unless chosen otherwise, 1 to 365) and stop when their maker's last engagement at the organisation ends."
      },
      "servers": [{"url": "/"}],
      "security": [{"bearerToken": []}],
      "tags": [
        {"name": "organisations", "description": "Organisations and staff: the token's organisation, organisations it may see, engagements and invitations"},
        {"name": "audit", "description": "Audit trail: the organisation's audit events"},
        {"name": "requests", "description": "Remote assessment requests: patients' online requests, their changes and FHIR write-back"},
        {"name": "estate", "description": "Digital estate: kit, readiness to work remotely, and requests for kit and claims"}
      ],
      "paths": {
        "/api/v1/organisation": {
          "get": {
            "operationId": "getOwnOrganisation",
            "tags": ["organisations"],
            "summary": "The organisation that owns the token",
            "responses": {
              "200": {"description": "The organisation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Organisation"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/organisations/{odsCode}": {
          "get": {
            "operationId": "getOrganisation",
            "tags": ["organisations"],
            "summary": "An organisation the token's organisation may see",
            "parameters": [{"name": "odsCode", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{3,9}$"}}],
            "responses": {
              "200": {"description": "The organisation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Organisation"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/engagements": {
          "get": {
            "operationId": "listEngagements",
            "tags": ["organisations"],
            "summary": "Everyone engaged by the organisation, with dates",
            "responses": {
              "200": {"description": "Engagements", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Engagement"}}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/invitations": {
          "post": {
            "operationId": "createInvitation",
            "tags": ["organisations"],
            "summary": "Invite someone; the answer holds the link to send them",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InvitationDraft"}}}},
            "responses": {
              "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InvitationCreated"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "422": {"$ref": "#/components/responses/Problem"},
              "415": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/audit-events": {
          "get": {
            "operationId": "listAuditEvents",
            "tags": ["audit"],
            "summary": "The organisation's audit trail, newest first",
            "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}],
            "responses": {
              "200": {"description": "Events", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/requests": {
          "get": {
            "operationId": "listRequests",
            "tags": ["requests"],
            "summary": "Online requests handled by the token's organisation, red flags and urgency first, then oldest",
            "parameters": [
              {"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["open", "all", "new", "inTriage", "waitingForPatient", "booked", "closed"], "default": "open"}},
              {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
            ],
            "responses": {
              "200": {"description": "Requests", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/TriageRequest"}}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/requests/{requestID}": {
          "get": {
            "operationId": "getRequest",
            "tags": ["requests"],
            "summary": "One request (the read is audited)",
            "parameters": [{"$ref": "#/components/parameters/requestID"}],
            "responses": {
              "200": {"description": "The request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TriageRequest"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"}
            }
          },
          "patch": {
            "operationId": "updateRequest",
            "tags": ["requests"],
            "summary": "Change urgency or status; closing needs an outcome, booking a booking mode",
            "parameters": [{"$ref": "#/components/parameters/requestID"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TriageRequestPatch"}}}},
            "responses": {
              "200": {"description": "The request after the change", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TriageRequest"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"},
              "422": {"$ref": "#/components/responses/Problem"},
              "415": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/requests/{requestID}/fhir": {
          "get": {
            "operationId": "getRequestFHIRBundle",
            "tags": ["requests"],
            "summary": "The closed request as a FHIR R4 bundle on UK Core profiles (Patient, Encounter, QuestionnaireResponse, Communication)",
            "parameters": [{"$ref": "#/components/parameters/requestID"}],
            "responses": {
              "200": {"description": "FHIR Bundle", "content": {"application/fhir+json": {"schema": {"type": "object"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"},
              "409": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/assets": {
          "get": {
            "operationId": "listAssets",
            "tags": ["estate"],
            "summary": "Assets of the organisations the token's organisation may see, 200 a page by tag",
            "parameters": [
              {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/AssetKind"}},
              {"name": "state", "in": "query", "schema": {"$ref": "#/components/schemas/AssetState"}},
              {"name": "org", "in": "query", "description": "Only this organisation's (ODS code)", "schema": {"type": "string"}},
              {"name": "q", "in": "query", "description": "A tag or its start, or a serial number", "schema": {"type": "string"}},
              {"name": "personal", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}},
              {"name": "after", "in": "query", "description": "The `next` of the previous page", "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {"description": "A page of assets", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssetPage"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"}
            }
          },
          "post": {
            "operationId": "createAsset",
            "tags": ["estate"],
            "summary": "Records an asset; the same rules as a row of the CSV import",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Asset"}}}},
            "responses": {
              "201": {"description": "The asset recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Asset"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"},
              "409": {"$ref": "#/components/responses/Problem"},
              "422": {"$ref": "#/components/responses/Problem"},
              "415": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/assets/{assetID}": {
          "get": {
            "operationId": "getAsset",
            "tags": ["estate"],
            "summary": "One asset",
            "parameters": [{"name": "assetID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "responses": {
              "200": {"description": "The asset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Asset"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/readiness/{odsCode}": {
          "get": {
            "operationId": "getReadiness",
            "tags": ["estate"],
            "summary": "Staff ready to work remotely at an organisation, or rolled up across the practices it commissions",
            "parameters": [{"name": "odsCode", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "Readiness", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/api/v1/estate-requests": {
          "get": {
            "operationId": "listEstateRequests",
            "tags": ["estate"],
            "summary": "The 500 most recent requests for kit and claims the token's organisation may see",
            "responses": {
              "200": {"description": "Requests", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/EstateRequest"}}}}},
              "401": {"$ref": "#/components/responses/Unauthorised"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        }
      },
      "components": {
        "parameters": {
          "requestID": {"name": "requestID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}
        },
        "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer", "description": "An API token (sa_…) made on the API tokens page by a practice manager or commissioner IT lead, for their organisation. Its scope: read only (GET) or read and write (also POST and PATCH), in one or more areas, which are the operations' tags (organisations, audit, requests, estate). It expires when its lifetime ends (90 days unless chosen otherwise, 1 to 365; the tokens page shows the date, and it cannot be extended), when it is revoked, or when the person who made it no longer has an active engagement at the organisation. An expired, revoked or orphaned token gets 401; a request outside the token's scope gets 403. Both say why in the problem's detail and in WWW-Authenticate."}},
        "responses": {
          "Problem": {"description": "An error, as RFC 9457 problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Unauthorised": {
            "description": "No token, or one that no longer works: unknown, revoked, expired (the detail says when, and to make a new one), or made by someone with no active engagement at the organisation today",
            "headers": {"WWW-Authenticate": {"description": "Bearer, with error=\"invalid_token\" when a token was sent", "schema": {"type": "string"}}},
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
          },
          "Forbidden": {
            "description": "The token works but its scope does not cover this: the operation's area (its tag) is not among the token's areas, or the token is read only and this operation changes records",
            "headers": {"WWW-Authenticate": {"description": "Bearer error=\"insufficient_scope\"", "schema": {"type": "string"}}},
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
          }
        },
        "schemas": {
          "Organisation": {
            "type": "object",
            "required": ["odsCode", "name", "kind", "status"],
            "properties": {
              "odsCode": {"type": "string"}, "name": {"type": "string"},
              "kind": {"type": "string", "enum": ["practice", "branch", "pcn", "hub", "ooh", "ucc", "sub_icb", "icb", "national"]},
              "status": {"type": "string"}, "postcode": {"type": ["string", "null"]}, "parentOdsCode": {"type": ["string", "null"]}
            }
          },
          "Engagement": {
            "type": "object",
            "required": ["id", "personName", "email", "role", "kind", "startsOn", "active"],
            "properties": {
              "id": {"type": "string", "format": "uuid"}, "personName": {"type": "string"}, "email": {"type": "string"},
              "role": {"type": "string"}, "kind": {"type": "string", "enum": ["permanent", "locum", "returner"]},
              "startsOn": {"type": "string", "format": "date"}, "endsOn": {"type": ["string", "null"], "format": "date"}, "active": {"type": "boolean"}
            }
          },
          "InvitationDraft": {
            "type": "object",
            "required": ["name", "email", "role", "kind", "startsOn"],
            "properties": {
              "name": {"type": "string", "minLength": 1, "maxLength": 200}, "email": {"type": "string", "format": "email", "maxLength": 254},
              "role": {"type": "string", "enum": ["gp", "nurse", "pharmacist", "receptionist", "practice_manager", "commissioner_it_lead", "national_admin", "system_admin"]},
              "kind": {"type": "string", "enum": ["permanent", "locum", "returner"]},
              "startsOn": {"type": "string", "format": "date"}, "endsOn": {"type": ["string", "null"], "format": "date"}
            }
          },
          "InvitationCreated": {
            "type": "object",
            "required": ["id", "url", "expiresAt"],
            "properties": {"id": {"type": "string", "format": "uuid"}, "url": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"}}
          },
          "AuditEvent": {
            "type": "object",
            "required": ["sequence", "occurredAt", "action"],
            "properties": {
              "sequence": {"type": "integer"}, "occurredAt": {"type": "string", "format": "date-time"}, "actorID": {"type": ["string", "null"]},
              "action": {"type": "string"}, "recordType": {"type": ["string", "null"]}, "recordID": {"type": ["string", "null"]}
            }
          },
          "TriageRequest": {
            "type": "object",
            "required": ["id", "reference", "status", "urgency", "kind", "redFlags", "receivedAt", "replyBy", "description", "patient"],
            "properties": {
              "id": {"type": "string", "format": "uuid"}, "reference": {"type": "string"},
              "status": {"type": "string", "enum": ["new", "inTriage", "waitingForPatient", "booked", "closed"]},
              "urgency": {"type": "string", "enum": ["routine", "soon", "today"]},
              "kind": {"type": "string", "enum": ["medical", "admin"]}, "adminTopic": {"type": ["string", "null"]},
              "redFlags": {"type": "array", "items": {"type": "string"}},
              "receivedAt": {"type": "string", "format": "date-time"}, "replyBy": {"type": "string", "format": "date-time"},
              "description": {"type": "string"},
              "patient": {"type": "object", "required": ["givenName", "familyName", "dateOfBirth"], "properties": {
                "givenName": {"type": "string"}, "familyName": {"type": "string"}, "dateOfBirth": {"type": "string", "format": "date"},
                "nhsNumber": {"type": ["string", "null"]}}},
              "outcome": {"type": ["string", "null"]}, "outcomeNote": {"type": ["string", "null"]}
            }
          },
          "TriageRequestPatch": {
            "type": "object",
            "properties": {
              "urgency": {"type": "string", "enum": ["routine", "soon", "today"]},
              "status": {"type": "string", "enum": ["new", "inTriage", "waitingForPatient", "booked", "closed"]},
              "bookingMode": {"type": "string", "enum": ["video", "phone", "faceToFace"]},
              "outcome": {"type": "string", "enum": ["selfCare", "prescriptionIssued", "adviceGiven", "appointmentBooked", "referred", "signposted", "other"]},
              "outcomeNote": {"type": "string", "maxLength": 2000}
            }
          },
          "AssetKind": {"type": "string", "enum": ["laptop", "desktop", "tablet", "phone", "data_plan", "hardware_token", "smartcard", "smartcard_reader", "webcam", "headset", "other"]},
          "AssetState": {"type": "string", "enum": ["on_order", "in_stock", "allocated", "in_transit", "in_use", "in_repair", "lost", "stolen", "returned", "retired", "disposed"]},
          "Asset": {
            "type": "object",
            "required": ["tag", "serial", "kind", "make", "model", "ownerOdsCode", "funder", "state", "encryption", "personal"],
            "properties": {
              "id": {"type": ["string", "null"], "format": "uuid", "readOnly": true}, "tag": {"type": "string", "maxLength": 64},
              "serial": {"type": "string"}, "kind": {"$ref": "#/components/schemas/AssetKind"}, "make": {"type": "string"}, "model": {"type": "string"},
              "ownerOdsCode": {"type": "string"}, "funder": {"type": "string", "enum": ["practice", "commissioner", "national"]},
              "personEmail": {"type": ["string", "null"]}, "location": {"type": ["string", "null"]},
              "state": {"$ref": "#/components/schemas/AssetState"},
              "encryption": {"type": "string", "enum": ["encrypted", "not_encrypted", "unknown"]},
              "operatingSystem": {"type": ["string", "null"]}, "osEndOfSupport": {"type": ["string", "null"], "format": "date"},
              "lastSeen": {"type": ["string", "null"]}, "personal": {"type": "boolean"},
              "certificate": {"type": ["string", "null"], "description": "The disposal certificate's reference; needed when disposed"}
            }
          },
          "AssetPage": {
            "type": "object",
            "required": ["assets"],
            "properties": {"assets": {"type": "array", "items": {"$ref": "#/components/schemas/Asset"}}, "next": {"type": ["string", "null"]}}
          },
          "Readiness": {
            "type": "object",
            "required": ["odsCode", "name", "staff", "ready", "percent", "target", "meetsTarget", "organisations"],
            "properties": {
              "odsCode": {"type": "string"}, "name": {"type": "string"}, "staff": {"type": "integer"}, "ready": {"type": "integer"},
              "percent": {"type": "integer"}, "target": {"type": "integer"}, "meetsTarget": {"type": "boolean"}, "organisations": {"type": "integer"}
            }
          },
          "EstateRequest": {
            "type": "object",
            "required": ["id", "reference", "organisationOdsCode", "kind", "status", "cost"],
            "properties": {
              "id": {"type": "string", "format": "uuid"}, "reference": {"type": "string"}, "organisationOdsCode": {"type": "string"},
              "kind": {"type": "string", "enum": ["kit", "claim"]},
              "status": {"type": "string", "enum": ["draft", "awaiting_approval", "approved", "rejected", "ordered", "dispatched", "delivered", "accepted", "returned", "reimbursed", "withdrawn"]},
              "cost": {"type": "integer", "description": "In pence"}, "createdAt": {"type": ["string", "null"], "format": "date-time"}
            }
          },
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
              "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
              "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
            }
          }
        }
      }
    }
    """#
}
