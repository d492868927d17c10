import Foundation
import Plot
import SnapshotTesting
import Testing

/// Compares a page view's HTML, indented so a change reads as a diff, with its reference in
/// `Tests/AppTests/__Snapshots__/<test file>/<test>.<n>.txt`. A missing reference is written and the test fails, so a
/// new one is read before it is committed; `SNAPSHOT_TESTING_RECORD=all` rewrites them after a deliberate change.
func assertPageSnapshot(
    _ page: HTML, named name: String? = nil, fileID: StaticString = #fileID, filePath: StaticString = #filePath,
    testName: String = #function, line: UInt = #line, column: UInt = #column
) {
    let testFile = URL(fileURLWithPath: "\(filePath)")
    var folder = testFile.deletingLastPathComponent()
    while folder.lastPathComponent != "AppTests", folder.path != "/" { folder.deleteLastPathComponent() }
    let directory = folder.appendingPathComponent("__Snapshots__").appendingPathComponent(testFile.deletingPathExtension().lastPathComponent)
    let failure = verifySnapshot(
        of: page.render(indentedBy: .spaces(2)), as: .lines, named: name, snapshotDirectory: directory.path, fileID: fileID,
        file: filePath, testName: testName, line: line, column: column)
    if let failure {
        Issue.record(
            Comment(rawValue: failure),
            sourceLocation: SourceLocation(fileID: "\(fileID)", filePath: "\(filePath)", line: Int(line), column: Int(column)))
    }
}
