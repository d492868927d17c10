import Domain
import Foundation
import Vapor

/// Refuses, with 400 and a message, any address or JSON or form body that holds the NUL character: PostgreSQL cannot
/// store it in text and would fail the request with a 500. Multipart bodies carry binary parts (photos, CSV files) and
/// are left to their handlers: the patient forms drop or refuse control characters; an asset CSV's cells are not checked.
struct NULCharacterMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if NULCharacter.appears(inPercentEncoded: request.url.string.utf8) {
            return request.eventLoop.makeFailedFuture(Abort(.badRequest, reason: NULCharacter.message))
        }
        guard let type = request.headers.contentType, type.type.lowercased() == "application" else { return next.respond(to: request) }
        let subType = type.subType.lowercased()
        let isJSON = subType == "json" || subType.hasSuffix("+json")
        guard isJSON || subType == "x-www-form-urlencoded" else { return next.respond(to: request) }
        // collected once here, up to the routes' usual limit; the handler reads the same bytes
        let limit = request.application.routes.defaultMaxBodySize.value
        return request.body.collect(max: limit).flatMap { body in
            if let bytes = body?.readableBytesView,
                isJSON ? NULCharacter.appears(inJSON: bytes) : NULCharacter.appears(inPercentEncoded: bytes)
            {
                return request.eventLoop.makeFailedFuture(Abort(.badRequest, reason: NULCharacter.message))
            }
            return next.respond(to: request)
        }
    }
}
