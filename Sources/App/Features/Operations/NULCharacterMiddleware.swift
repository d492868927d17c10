import Domain
import Foundation
import Vapor

/// Refuses, with 400 and a message, any address or JSON or form body that holds the NUL character: PostgreSQL cannot
/// store it in text and would fail the request with a 500. Multipart bodies carry binary parts (photos, CSV files) and
/// are left to their handlers: the patient forms drop or refuse control characters; an asset CSV's cells are not checked.
struct NULCharacterMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if NULCharacter.appears(inPercentEncoded: request.url.string.utf8) {
            throw Abort(.badRequest, reason: NULCharacter.message)
        }
        if let type = request.headers.contentType, type.type.lowercased() == "application" {
            let subType = type.subType.lowercased()
            let isJSON = subType == "json" || subType.hasSuffix("+json")
            if isJSON || subType == "x-www-form-urlencoded" {
                // collected once here, up to the routes' usual limit; the handler reads the same bytes
                let limit = request.application.routes.defaultMaxBodySize.value
                if let body = try await request.body.collect(max: limit).get() {
                    let bytes = body.readableBytesView
                    if isJSON ? NULCharacter.appears(inJSON: bytes) : NULCharacter.appears(inPercentEncoded: bytes) {
                        throw Abort(.badRequest, reason: NULCharacter.message)
                    }
                }
            }
        }
        return try await next.respond(to: request)
    }
}
