import Domain
import Foundation

/// Dates and money as the estate pages show them.
enum EstateFormat {
    static func when(_ date: Date) -> String {
        date.formatted(.dateTime.day().month(.abbreviated).year().hour().minute().locale(Locale(identifier: "en_GB")))
    }

    static func pounds(_ pence: Int) -> String { Pounds.text(pence) }
}
