import Foundation

/// Where the practice looks a patient up to confirm who they are: the NHS's Personal Demographics Service (PDS)
/// in a real deployment, the demo patients otherwise. Callers know only this protocol, so the PDS FHIR API
/// (`GET /Patient?family=…&birthdate=…`) can be plugged in without touching them.
public protocol PatientDirectory: Sendable {
    /// A name for staff: "Demo directory", "NHS PDS".
    var name: String { get }
    /// The best match for what the patient typed, if any.
    func search(_ query: DirectoryQuery) async throws -> DirectoryResult
}

/// What the patient told us, as PDS's search takes it.
public struct DirectoryQuery: Sendable, Equatable {
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: CalendarDay
    public var nhsNumber: NHSNumber?
    public var postcode: Postcode?
    public var sex: PatientSex?

    public init(
        givenName: String, familyName: String, dateOfBirth: CalendarDay, nhsNumber: NHSNumber?, postcode: Postcode?, sex: PatientSex?
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.nhsNumber = nhsNumber
        self.postcode = postcode
        self.sex = sex
    }
}

/// One person as the directory holds them.
public struct DirectoryPatient: Sendable, Equatable {
    public var nhsNumber: NHSNumber
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: CalendarDay
    public var postcode: Postcode?
    public var sex: PatientSex?

    public init(
        nhsNumber: NHSNumber, givenName: String, familyName: String, dateOfBirth: CalendarDay, postcode: Postcode?, sex: PatientSex?
    ) {
        self.nhsNumber = nhsNumber
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.postcode = postcode
        self.sex = sex
    }
}

/// What a search found.
public enum DirectoryResult: Sendable, Equatable {
    /// One person; `differences` names what the patient typed that the record says otherwise ("postcode").
    case matched(DirectoryPatient, differences: [String])
    case noMatch
    /// The directory could not be asked; staff check the record by hand.
    case unavailable(String)
}

/// The demo patients, searched as PDS does: the same family name and date of birth (or the same NHS number), then
/// the given name, postcode and sex compared.
public struct DemoPatientDirectory: PatientDirectory {
    public let patients: [DirectoryPatient]
    public var name: String { "Demo patient directory" }

    public init(patients: [DirectoryPatient]) { self.patients = patients }

    public func search(_ query: DirectoryQuery) async throws -> DirectoryResult {
        func same(_ a: String, _ b: String) -> Bool { a.compare(b, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        let found =
            query.nhsNumber.flatMap { number in patients.first { $0.nhsNumber == number } }
            ?? patients.first { same($0.familyName, query.familyName) && $0.dateOfBirth == query.dateOfBirth }
        guard let found else { return .noMatch }
        var differences: [String] = []
        if !same(found.givenName, query.givenName) { differences.append("first name") }
        if !same(found.familyName, query.familyName) { differences.append("last name") }
        if found.dateOfBirth != query.dateOfBirth { differences.append("date of birth") }
        if let number = query.nhsNumber, number != found.nhsNumber { differences.append("NHS number") }
        if let postcode = query.postcode, let known = found.postcode, postcode != known { differences.append("postcode") }
        if let sex = query.sex, sex != .notSaid, let known = found.sex, sex != known { differences.append("sex") }
        return .matched(found, differences: differences)
    }
}
