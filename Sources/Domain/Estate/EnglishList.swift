import Foundation

/// Joins words as a sentence would: "a", "a or b", "a, b or c".
enum EnglishList {
    static func joined(_ items: [String], _ conjunction: String = "or") -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }
}
