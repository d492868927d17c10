import Domain
import Foundation
import Vapor

/// Which `PatientDirectory` the server asks. The NHS PDS FHIR API becomes one more case here, with its own
/// implementation of the protocol; the pages that ask it stay as they are.
enum PatientDirectoryChoice: String, Sendable, Equatable {
    /// The demo patients (`DemoPatients`).
    case demo
    /// No directory: staff check the patient in the clinical system.
    case none
}

/// The answer when no directory is set up.
struct NoPatientDirectory: PatientDirectory {
    var name: String { "No patient directory" }
    func search(_ query: DirectoryQuery) async throws -> DirectoryResult {
        .unavailable("No patient directory is connected: check the patient in the clinical system.")
    }
}

extension Application {
    private struct PatientDirectoryKey: StorageKey { typealias Value = any PatientDirectory }

    /// The configured directory; a test may set another.
    var patientDirectory: any PatientDirectory {
        get {
            if let directory = storage[PatientDirectoryKey.self] { return directory }
            switch appConfig.patientDirectory {
            case .demo: return DemoPatientDirectory(patients: DemoPatients.all)
            case .none: return NoPatientDirectory()
            }
        }
        set { storage[PatientDirectoryKey.self] = newValue }
    }
}
