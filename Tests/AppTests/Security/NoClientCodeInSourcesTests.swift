import Foundation
import Testing

/// Scripts, styles and the API description live in `Public/`; no Swift file under `Sources/` holds JavaScript, CSS or
/// hand-written JSON in a string, nor builds an inline script, style or event handler that a strict CSP would refuse.
@Suite struct NoClientCodeInSourcesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What gives client code away, and what it is.
    static let markers: [(pattern: String, what: String)] = [
        (#"<script"#, "an inline script element"),
        (#"<style"#, "a style element"),
        (#"style\s*=|named:\s*"style"|\.style\("#, "a style attribute"),
        (#"\son[a-z]+\s*=\s*\\?"|named:\s*"on[a-z]+""#, "an event handler attribute"),
        (#"javascript:"#, "a javascript: URL"),
        (#"addEventListener\(|getElementById\(|new EventSource\(|=>\s*\{|\bconst [a-zA-Z]+ = document"#, "JavaScript"),
        (#"[a-z*][a-z0-9_.#:-]*\{[a-z-]+:[^}]*\}|@media\s*\("#, "CSS"),
        (#""openapi"\s*:"#, "the OpenAPI document"),
        (#"named:\s*"script""#, "a script element built by hand (use Layout.script)"),
    ]

    static func swiftFiles(under folder: String) throws -> [URL] {
        let root = packageRoot.appendingPathComponent(folder)
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    @Test func noSwiftFileUnderSourcesHoldsClientCode() throws {
        // setup
        let files = try Self.swiftFiles(under: "Sources")
        #expect(files.count > 50)
        var found: [String] = []
        // MUT
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                for marker in Self.markers where line.range(of: marker.pattern, options: .regularExpression) != nil {
                    found.append("\(file.lastPathComponent):\(number + 1): \(marker.what): \(line.trimmingCharacters(in: .whitespaces))")
                }
                // a Plot script element must load a file
                if line.contains(".script("), !line.contains("func script("), !line.contains("layout.script("), !line.contains(".src(") {
                    found.append("\(file.lastPathComponent):\(number + 1): a script element without src")
                }
            }
        }
        // validate
        #expect(found.isEmpty, "client code belongs in Public/:\n\(found.joined(separator: "\n"))")
    }

    @Test func theMarkersCatchWhatTheyAreFor() {
        // setup
        let samples = [
            #"static let css = "html{font-family:Arial}""#, #"document.getElementById("x").addEventListener("click", () => {"#,
            #".attribute(named: "style", value: "color:red")"#, #"<button onclick=\"go()\">"#, #"<script>alert(1)</script>"#,
            #"  "openapi": "3.1.0","#, #".element(named: "script", nodes: [])"#,
        ]
        // MUT
        let missed = samples.filter { sample in !Self.markers.contains { sample.range(of: $0.pattern, options: .regularExpression) != nil }
        }
        // validate
        #expect(missed.isEmpty, "not caught: \(missed)")
    }
}
