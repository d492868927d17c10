import Domain
import Foundation
import Testing

@Suite struct APITokenScopeTests {
    /// Every set of areas, the empty one included.
    static let everySubset: [Set<APIArea>] = (0..<(1 << APIArea.allCases.count)).map { bits in
        Set(APIArea.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element))
    }

    @Test(arguments: [
        ("GET", APIRequestKind.read), ("HEAD", .read), ("OPTIONS", .read), ("get", .read), ("Head", .read),
        ("POST", .write), ("PUT", .write), ("PATCH", .write), ("DELETE", .write), ("patch", .write),
        ("TRACE", .write), ("CONNECT", .write), ("PROPFIND", .write), ("", .write),
    ])
    func methodsThatReadAndMethodsThatWrite(_ method: String, _ kind: APIRequestKind) {
        // MUT / validate
        #expect(APIRequestKind(method: method) == kind)
    }

    @Test func readOnlyReadsAndReadWriteDoesBoth() {
        // validate
        #expect(APITokenAccess.readOnly.allows(.read))
        #expect(!APITokenAccess.readOnly.allows(.write))
        #expect(APITokenAccess.readWrite.allows(.read))
        #expect(APITokenAccess.readWrite.allows(.write))
        #expect(APITokenAccess.allCases.map(\.rawValue) == ["read_only", "read_write"])
        #expect(APITokenAccess.allCases.map(\.displayName) == ["Read only", "Read and write"])
    }

    @Test func areasAreNamedAndOrdered() {
        // validate: the raw values are the OpenAPI document's tags
        #expect(APIArea.allCases.map(\.rawValue) == ["organisations", "audit", "requests", "estate"])
        #expect(APIArea.allCases.map(\.displayName) == ["Organisations and staff", "Audit trail", "Remote assessment requests", "Digital estate"])
        #expect(APIArea.allCases.allSatisfy { !$0.summary.isEmpty })
        #expect(APIArea.allCases.sorted() == APIArea.allCases)
        #expect(Set(APIArea.allCases).sorted() == APIArea.allCases)
    }

    @Test func aScopeWithoutAreasIsRefused() {
        // MUT / validate
        for access in APITokenAccess.allCases {
            #expect(throws: APITokenScopeError.noAreas) { try APITokenScope(access: access, areas: []) }
        }
        #expect(APITokenScopeError.noAreas.message.contains("Tick at least one area"))
    }

    @Test func everythingIsReadWriteInEveryArea() {
        // validate
        #expect(APITokenScope.everything.access == .readWrite)
        #expect(APITokenScope.everything.areas == Set(APIArea.allCases))
        #expect(APITokenScope.everything.storedAreas == "organisations,audit,requests,estate")
    }

    @Test(arguments: everySubset)
    func storedColumnsRoundTrip(_ areas: Set<APIArea>) throws {
        for access in APITokenAccess.allCases {
            if areas.isEmpty {
                // validate: nothing stored means nothing allowed
                #expect(APITokenScope(storedAccess: access.rawValue, storedAreas: APITokenScope.stored(areas)) == nil)
                continue
            }
            // setup
            let scope = try APITokenScope(access: access, areas: areas)
            // MUT
            let read = APITokenScope(storedAccess: access.rawValue, storedAreas: scope.storedAreas)
            // validate
            #expect(read == scope)
            #expect(scope.storedAreas.split(separator: ",").map(String.init) == areas.sorted().map(\.rawValue))
        }
    }

    @Test func unknownStoredValuesFailClosed() {
        // validate
        #expect(APITokenScope(storedAccess: "admin", storedAreas: "estate") == nil)
        #expect(APITokenScope(storedAccess: "", storedAreas: "estate") == nil)
        #expect(APITokenScope(storedAccess: "read_write", storedAreas: "") == nil)
        #expect(APITokenScope(storedAccess: "read_write", storedAreas: "everything,prescriptions") == nil)
        #expect(APITokenScope(storedAccess: "read_only", storedAreas: "audit, estate,,nonsense")?.areas == [.audit, .estate])
        #expect(APITokenScope.areas(stored: "ESTATE") == [])
    }

    @Test(arguments: everySubset.filter { !$0.isEmpty })
    func refusalsFollowAreasThenAccess(_ granted: Set<APIArea>) throws {
        for access in APITokenAccess.allCases {
            // setup
            let scope = try APITokenScope(access: access, areas: granted)
            for area in APIArea.allCases {
                for method in ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"] {
                    // MUT
                    let refusal = scope.refusal(area: area, method: method)
                    // validate
                    if !granted.contains(area) {
                        #expect(refusal == .areaNotInScope(area, granted: granted))
                    } else if access == .readOnly && APIRequestKind(method: method) == .write {
                        #expect(refusal == .readOnly(method: method))
                    } else {
                        #expect(refusal == nil, "\(access) \(granted) \(area) \(method)")
                    }
                }
            }
        }
    }

    @Test func summariesNameAccessAndAreas() throws {
        // validate
        #expect(try APITokenScope(access: .readOnly, areas: [.estate, .audit]).summary == "Read only: Audit trail and Digital estate")
        #expect(try APITokenScope(access: .readWrite, areas: [.requests]).summary == "Read and write: Remote assessment requests")
        #expect(APITokenScope.everything.summary
            == "Read and write: Organisations and staff, Audit trail, Remote assessment requests and Digital estate")
    }
}
