import Domain
import Foundation

/// The demo patients as the demo patient directory holds them: the people of the demo requests, with the NHS
/// numbers the first demo practice's requests carry, and an address and sex of their own.
enum DemoPatients {
    /// (postcode, sex) for each of `ConsultDemoData.requests`, in order.
    private static let extra: [(String, PatientSex)] = [
        ("LS1 4AP", .female), ("LS6 2QX", .male), ("LS7 3JB", .female), ("LS8 1NT", .male),
        ("LS11 5DL", .female), ("LS2 9JT", .female), ("LS16 6EB", .male), ("LS12 3AW", .female),
    ]

    static let all: [DirectoryPatient] = {
        let numbers = ConsultDemoData.validTestNHSNumbers()
        return ConsultDemoData.requests.enumerated().compactMap { offset, item in
            guard let number = try? NHSNumber(numbers[offset]), let born = CalendarDay(item.2) else { return nil }
            let (postcode, sex) = extra[offset % extra.count]
            return DirectoryPatient(
                nhsNumber: number, givenName: item.0, familyName: item.1, dateOfBirth: born, postcode: Postcode(postcode), sex: sex)
        }
    }()

    /// The postcode and sex the demo request at `offset` gives.
    static func details(at offset: Int) -> (Postcode?, PatientSex) {
        let (postcode, sex) = extra[offset % extra.count]
        return (Postcode(postcode), sex)
    }
}
