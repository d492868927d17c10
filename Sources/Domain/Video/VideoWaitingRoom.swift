import Foundation

/// One patient in a clinician's video waiting room.
public struct WaitingPatient: Sendable, Hashable {
    public var consultationID: UUID
    public var slot: Date
    public var arrivedAt: Date

    public init(consultationID: UUID, slot: Date, arrivedAt: Date) {
        self.consultationID = consultationID
        self.slot = slot
        self.arrivedAt = arrivedAt
    }

    /// The waiting room's order: the earlier slot first, then the earlier arrival, so that a patient who comes early
    /// for a later slot does not jump someone due before them. The consultation id only breaks exact ties, so that
    /// every instance sorts the same line the same way.
    public static func isSeenBefore(_ lhs: WaitingPatient, _ rhs: WaitingPatient) -> Bool {
        if lhs.slot != rhs.slot { return lhs.slot < rhs.slot }
        if lhs.arrivedAt != rhs.arrivedAt { return lhs.arrivedAt < rhs.arrivedAt }
        return lhs.consultationID.uuidString < rhs.consultationID.uuidString
    }
}

/// The line of one clinician's patients waiting to be admitted to their video consultations, and what each patient
/// may be told about it.
public struct VideoWaitingRoom: Sendable, Equatable {
    /// The patients in the order they will be seen, next first. For the clinician's page only: a patient gets
    /// `view(for:)`.
    public private(set) var line: [WaitingPatient]
    /// How long one consultation takes on average, for the estimate.
    public var averageConsultation: TimeInterval
    /// How far behind the clinician says they are, added to every estimate.
    public var runningLate: TimeInterval
    /// The clinician's "running late" message, shown to every patient waiting; nil when there is none.
    public var runningLateMessage: String?

    public init(
        patients: [WaitingPatient] = [], averageConsultation: TimeInterval = 10 * 60, runningLate: TimeInterval = 0,
        runningLateMessage: String? = nil
    ) {
        self.line = []
        self.averageConsultation = averageConsultation
        self.runningLate = runningLate
        self.runningLateMessage = runningLateMessage
        for patient in patients { arrive(patient) }
    }

    /// Puts a patient in the line. A patient who is already there (a reload, a dropped network) keeps their first
    /// arrival time, and so their place.
    public mutating func arrive(_ patient: WaitingPatient) {
        var patient = patient
        if let index = line.firstIndex(where: { $0.consultationID == patient.consultationID }) {
            patient.arrivedAt = min(patient.arrivedAt, line[index].arrivedAt)
            line.remove(at: index)
        }
        let index = line.firstIndex { WaitingPatient.isSeenBefore(patient, $0) } ?? line.endIndex
        line.insert(patient, at: index)
    }

    /// Takes a patient out of the line: admitted, gone, or switched to phone. Nothing happens when they are not in it.
    public mutating func remove(consultationID: UUID) {
        line.removeAll { $0.consultationID == consultationID }
    }

    /// The patient's place in the line, 1 being next; nil when they are not waiting.
    public func place(of consultationID: UUID) -> Int? {
        line.firstIndex { $0.consultationID == consultationID }.map { $0 + 1 }
    }

    /// The wait for the patient at `place`: one average consultation for each patient ahead, plus how late the
    /// clinician says they are running. Never negative.
    public static func estimatedWait(place: Int, averageConsultation: TimeInterval, runningLate: TimeInterval) -> TimeInterval {
        Double(max(place - 1, 0)) * max(averageConsultation, 0) + max(runningLate, 0)
    }

    /// What the patient of `consultationID` may see: their own place, their estimated wait and the clinician's
    /// running-late message, and nothing about anyone else. Nil when they are not waiting.
    public func view(for consultationID: UUID) -> WaitingRoomView? {
        guard let place = place(of: consultationID) else { return nil }
        let wait = Self.estimatedWait(place: place, averageConsultation: averageConsultation, runningLate: runningLate)
        let message = runningLateMessage?.trimmingCharacters(in: .whitespacesAndNewlines)
        return WaitingRoomView(place: place, estimatedWait: wait, runningLateMessage: message?.isEmpty == false ? message : nil)
    }
}
