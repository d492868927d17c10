import Domain
import Fluent
import Foundation

/// Demo online requests, templates and settings for the demo practices.
enum ConsultDemoData {
    static let templates: [(String, String)] = [
        ("Ask for more information", "Hello ((name)), this is ((practice)) about your request ((reference)). Please tell us a little more, and send a photo if it would help: ((reply_link))"),
        ("Appointment booked", "Hello ((name)), ((practice)) has booked you an appointment about your request ((reference)). We will call you to confirm the time."),
        ("Request read", "Hello ((name)), ((practice)) has read your request ((reference)) and will call you about it. If you need help sooner, call NHS 111."),
    ]

    /// (given, family, birth date, kind, topic, words, red flags, status, urgency, hours ago)
    static let requests: [(String, String, String, RequestKind, AdminTopic?, String, [RedFlag], TriageStatus, Urgency, Double)] = [
        ("Alice", "Thornton", "1958-03-14", .medical, nil, "Sudden tight pain across my chest since this morning, it goes down my left arm.", [.chestPain], .new, .today, 1),
        ("Bilal", "Rahman", "1990-07-02", .medical, nil, "Rash on my forearm for 5 days, itchy, spreading a bit. Photo attached.", [], .new, .routine, 3),
        ("Carys", "Jones", "1984-11-20", .admin, .fitNote, "I need a fit note extended, my back injury is still stopping me working.", [], .new, .routine, 5),
        ("Declan", "Murphy", "1972-01-09", .admin, .repeatPrescription, "Please can I have my usual ramipril, I ran out yesterday.", [], .inTriage, .soon, 20),
        ("Ewa", "Kowalska", "2001-05-30", .medical, nil, "Sore throat and a temperature for three days, struggling to swallow.", [], .waitingForPatient, .soon, 26),
        ("Farah", "Ali", "1966-09-12", .admin, .testResults, "Could someone tell me my blood test results from last week?", [], .waitingForPatient, .routine, 48),
        ("George", "Evans", "1949-12-01", .medical, nil, "Ankle swollen after a fall two days ago, can walk on it.", [], .closed, .routine, 70),
        ("Hana", "Suzuki", "1995-04-18", .medical, nil, "Earache in my left ear, on and off for a week.", [], .closed, .routine, 96),
    ]

    static func seed(on db: any Database, practiceCodes: [String], today: CalendarDay, now: Date = Date()) async throws {
        var numbers = validTestNHSNumbers().makeIterator()
        for (index, code) in practiceCodes.enumerated() {
            guard let practice = try await Organisation.query(on: db).filter(\.$odsCode == code).first(), let practiceID = practice.id else { continue }
            try await ConsultSettings(organisationID: practiceID, acceptWhenClosed: true).create(on: db)
            for (name, body) in templates { try await MessageTemplateRecord(organisationID: practiceID, name: name, body: body).create(on: db) }
            guard index < 2 else { continue }
            for (offset, item) in requests.enumerated() {
                let request = TriageRequest()
                request.reference = TriageRequestIntake.newReference()
                request.submissionKey = "demo-\(code)-\(offset)-" + SecretToken.generate()
                request.kind = item.3
                request.adminTopic = item.4
                request.description = item.5
                request.redFlags = StoredList(item.6)
                request.redFlagged = !item.6.isEmpty
                request.subject = .me
                request.urgency = item.8
                request.priority = TriageRequest.priority(redFlagged: request.redFlagged, urgency: item.8)
                request.status = item.7
                request.receivedAt = now.addingTimeInterval(-item.9 * 3600)
                request.replyBy = PracticeCapacity.typicalPractice.replyBy(receivedAt: request.receivedAt)
                request.receivedWhileClosed = false
                request.givenName = item.0
                request.familyName = item.1
                guard let born = CalendarDay(item.2) else { throw CommandLineProblem(description: "The demo date of birth \(item.2) is not a date.") }
                request.dateOfBirth = born
                request.nhsNumber = numbers.next()
                (request.postcode, request.sex) = DemoPatients.details(at: offset)
                request.mobile = "+4477009001\(String(format: "%02d", offset))"
                // most demo patients entered the code texted to them; the last two did not
                request.mobileVerifiedAt = offset < requests.count - 2 ? request.receivedAt : nil
                request.email = "\(item.0.lowercased())@example.com"
                request.contactPreference = offset % 2 == 0 ? .sms : .email
                request.practiceID = practiceID
                request.handlerID = practiceID
                if item.7 == .closed {
                    request.outcome = Outcome.adviceGiven
                    request.outcomeNote = "Self-care advice given by message."
                    request.closedAt = request.receivedAt.addingTimeInterval(3 * 3600)
                }
                try await request.create(on: db)
            }
        }
    }

    /// NHS numbers in the 999 test range that pass the check digit.
    static func validTestNHSNumbers() -> [String] {
        (0..<60).compactMap { n -> String? in
            let nine = "999" + String(format: "%06d", 1000 + n)
            guard let check = NHSNumber.checkDigit(forFirstNine: nine.compactMap { $0.wholeNumberValue }) else { return nil }
            return nine + String(check)
        }
    }
}
