import Foundation
import Testing

/// `docs/architecture.md` stays true: every folder and file it names in `code` exists.
@Suite struct ArchitectureDocTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The names in backticks that are paths (they hold a slash) or files (they end in a known extension), leaving out
    /// patterns such as `<Feature>Controller.swift` or `M0NN….swift`.
    static func namedPaths(in text: String) -> [String] {
        let spans = text.matches(of: /`([^`\s]+)`/).map { String($0.output.1) }
        return spans.filter { span in
            let isPath = span.contains("/") || [".swift", ".md", ".sh", ".json", ".py"].contains { span.hasSuffix($0) }
            let isPattern =
                span.contains("<") || span.contains("…") || span.contains("NN") || span.hasPrefix("/")
                || span.contains("(")
            return isPath && !isPattern
        }
    }

    /// Every file of the package, by name, for names given without a folder.
    static func fileNames() -> Set<String> {
        let skipped = [".build", ".git", "data"]
        var names: Set<String> = []
        let walker = FileManager.default.enumerator(at: packageRoot, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if skipped.contains(url.lastPathComponent) {
                walker?.skipDescendants()
                continue
            }
            names.insert(url.lastPathComponent)
        }
        return names
    }

    @Test func everyFolderAndFileItNamesExists() throws {
        // setup
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let named = Self.namedPaths(in: text)
        #expect(named.count > 20, "the page names its folders in backticks")
        let names = Self.fileNames()
        // MUT
        let missing = named.filter { path in
            if path.contains("/") {
                return !FileManager.default.fileExists(atPath: Self.packageRoot.appendingPathComponent(path).path)
            }
            return !names.contains(path)
        }
        // validate
        #expect(missing.isEmpty, "docs/architecture.md names what does not exist: \(missing)")
    }

    @Test func thePatternsItLeavesOutAreOnlyPatterns() {
        let spans = Self.namedPaths(in: "`Sources/App/Features/<Feature>/` `M0NN<What>.swift` `Sources/Domain/` `configure.swift`")
        #expect(spans == ["Sources/Domain/", "configure.swift"])
    }
}
