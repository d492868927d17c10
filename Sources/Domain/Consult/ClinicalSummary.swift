import Foundation

/// A plain-text summary of an online request, for pasting into the clinical record of a system without FHIR import.
/// Times are UK local ("27/03/2026 10:05"); no line is longer than 100 characters.
public enum ClinicalSummary {
    public static let lineWidth = 100

    /// One message in the conversation: who wrote it ("Practice (SMS)", "Patient") and when.
    public struct Message: Sendable, Equatable {
        public var sentAt: Date
        public var author: String
        public var text: String

        public init(sentAt: Date, author: String, text: String) {
            self.sentAt = sentAt
            self.author = author
            self.text = text
        }
    }

    /// Who the patient said they are beyond name and date of birth, and whether staff confirmed it.
    public struct Identity: Sendable, Equatable {
        public var sex: PatientSex?
        public var postcode: Postcode?
        /// Who confirmed the patient against the record, and when; nil while not verified.
        public var confirmedBy: String?
        public var confirmedAt: Date?

        public init(sex: PatientSex?, postcode: Postcode?, confirmedBy: String?, confirmedAt: Date?) {
            self.sex = sex
            self.postcode = postcode
            self.confirmedBy = confirmedBy
            self.confirmedAt = confirmedAt
        }
    }

    /// The summary, one fact a line; long text wraps at word boundaries and continues indented.
    public static func text(
        reference: String, receivedAt: Date, redFlags: Set<RedFlag>, kind: RequestKind, adminTopic: AdminTopic?,
        patientWords: String, messages: [Message], outcome: Outcome?, outcomeNote: String?, closedBy: String?,
        closedAt: Date?, photos: Int = 0, identity: Identity? = nil
    ) -> String {
        var lines: [String] = []
        func add(_ text: String, indent: String = "  ") { lines += wrap(text, width: lineWidth, continuation: indent) }

        add("Online request \(reference) (Surgery Anywhere)")
        add("Received: \(UKTime.recordStamp(receivedAt))")
        if let identity {
            let given = [identity.sex.map { $0 == .notSaid ? "sex not said" : "sex \($0.displayName.lowercased())" }, identity.postcode.map { "postcode \($0.text)" }]
            let facts = given.compactMap { $0 }
            if !facts.isEmpty { add("Patient gave: \(facts.joined(separator: ", "))") }
            if let by = identity.confirmedBy {
                add("Identity: confirmed against the record by \(by)" + (identity.confirmedAt.map { " at \(UKTime.recordStamp($0))" } ?? ""))
            } else {
                add("Identity: not verified against the record")
            }
        }
        let flags = RedFlag.allCases.filter { redFlags.contains($0) }.map(\.shortName)
        add(flags.isEmpty ? "Red flags: none" : "Red flags: \(flags.joined(separator: "; ")) (patient shown 999 advice)")
        let type = kind == .admin ? "Admin request: \((adminTopic ?? .other).displayName)" : kind.displayName
        add("Request type: \(type)")
        lines.append("Patient's words:")
        for paragraph in patientWords.split(separator: "\n", omittingEmptySubsequences: false) {
            add("  " + paragraph, indent: "  ")
        }
        if photos > 0 {
            add(
                "Photos: \(photos) sent by the patient, not included here: view them on the request in Surgery Anywhere"
                    + " and attach any the record needs")
        }
        if !messages.isEmpty {
            lines.append("Messages:")
            for message in messages.sorted(by: { $0.sentAt < $1.sentAt }) {
                let body = message.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: " / ")
                add("  \(UKTime.recordStamp(message.sentAt)) \(message.author): \(body)", indent: "    ")
            }
        }
        if let outcome {
            let note = outcomeNote.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            add("Outcome: \(outcome.displayName)" + (note.isEmpty ? "" : ": \(note)"))
        } else {
            add("Outcome: not recorded")
        }
        if let closedBy {
            add("Closed by: \(closedBy)" + (closedAt.map { " at \(UKTime.recordStamp($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// `text` broken into lines of at most `width` characters at spaces; a word longer than a line is split.
    /// Lines after the first start with `continuation`.
    public static func wrap(_ text: String, width: Int, continuation: String = "") -> [String] {
        let width = max(width, continuation.count + 10)
        let leading = String(text.prefix { $0 == " " }.prefix(8))
        var lines: [String] = []
        var current = leading
        var currentHasWord = false
        for word in text.split(separator: " ") {
            var word = Substring(word)
            let separator = currentHasWord ? " " : ""
            if current.count + separator.count + word.count <= width {
                current += separator + word
                currentHasWord = true
                continue
            }
            if currentHasWord {
                lines.append(current)
                current = continuation
                currentHasWord = false
            }
            while current.count + word.count > width {
                let room = width - current.count
                lines.append(current + word.prefix(room))
                word = word.dropFirst(room)
                current = continuation
            }
            current += word
            currentHasWord = true
        }
        lines.append(current)
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }
}
