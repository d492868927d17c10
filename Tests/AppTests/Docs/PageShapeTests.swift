import Foundation
import Testing

/// Every page is a `+Model` that loads and a `+View` that draws: a view sees no request and no database, and no
/// controller builds a page itself.
@Suite struct PageShapeTests {
    static let features = ArchitectureDocTests.packageRoot.appendingPathComponent("Sources/App/Features")

    static func files(endingIn suffix: String) throws -> [URL] {
        let walker = try #require(FileManager.default.enumerator(at: features, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(suffix) }
    }

    /// Lines of `file` that match any of `patterns`, as "file:line: text".
    static func offending(_ file: URL, _ patterns: [String]) throws -> [String] {
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        return lines.enumerated().compactMap { number, line in
            patterns.contains { line.range(of: $0, options: .regularExpression) != nil }
                ? "\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))" : nil
        }
    }

    @Test func viewsSeeNoRequestAndNoDatabase() throws {
        let views = try Self.files(endingIn: "+View.swift")
        #expect(views.count >= 25, "every feature's pages are Model + View pairs")
        let found = try views.flatMap {
            try Self.offending($0, [#"^import (Vapor|Fluent)"#, #":\s*Request\b"#, #"\breq\."#, #"\.query\(on:"#, #"\bon: db\b"#])
        }
        #expect(found.isEmpty, "a view reaches for the request or the database:\n\(found.joined(separator: "\n"))")
    }

    @Test func noControllerDrawsAPage() throws {
        let controllers = try Self.files(endingIn: "Controller.swift")
        #expect(controllers.count >= 20)
        let found = try controllers.flatMap { try Self.offending($0, [#"\bLayout\("#, #"\.render\(\["#]) }
        #expect(found.isEmpty, "a controller builds HTML itself:\n\(found.joined(separator: "\n"))")
    }
}
