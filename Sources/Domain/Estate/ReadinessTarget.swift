import Foundation

/// Why a readiness target was refused.
public enum ReadinessTargetError: Error, Equatable, Sendable, CustomStringConvertible {
    case outOfRange(Int)

    public var description: String {
        "A readiness target is a whole percentage from 1 to 100."
    }
}

/// The share of an organisation's staff, in percent, who should be able to work remotely.
public struct ReadinessTarget: Codable, Equatable, Sendable {
    public let percent: Int

    /// The target when an organisation has not set its own, in percent.
    public static let standard = 60

    /// Refuses a target outside 1 to 100 percent.
    public init(percent: Int) throws(ReadinessTargetError) {
        guard (1...100).contains(percent) else { throw .outOfRange(percent) }
        self.percent = percent
    }

    private enum CodingKeys: String, CodingKey { case percent }

    /// Decodes and checks the target, so that stored data cannot hold one out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let percent = try container.decode(Int.self, forKey: .percent)
        do {
            try self.init(percent: percent)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .percent, in: container, debugDescription: error.description)
        }
    }
}

/// How many of an organisation's staff can work remotely, against its target.
public struct OrganisationReadiness: Equatable, Sendable {
    public var staff: Int
    public var ready: Int
    /// The target, in percent.
    public var target: Int

    public init(staff: Int, ready: Int, target: Int) {
        self.staff = staff
        self.ready = ready
        self.target = target
    }

    /// The share of staff who are ready, in whole percent rounded down; 0 when there are no staff.
    public var percent: Int { staff > 0 ? ready * 100 / staff : 0 }

    /// Whether the target is met; never with no staff.
    public var meetsTarget: Bool { staff > 0 && ready * 100 >= target * staff }

    /// How many more people must be ready to meet the target.
    public var shortfall: Int {
        let needed = (target * staff + 99) / 100
        return max(0, needed - ready)
    }
}

/// Readiness added up across organisations, such as all the practices a commissioner funds.
public struct ReadinessRollup: Equatable, Sendable {
    public var organisations: Int
    /// How many of the organisations meet their own target.
    public var meetingTarget: Int
    public var staff: Int
    public var ready: Int
    /// The share of all staff who are ready, in whole percent rounded down; 0 when there are no staff.
    public var percent: Int

    public init(_ parts: [OrganisationReadiness]) {
        organisations = parts.count
        meetingTarget = parts.count(where: \.meetsTarget)
        staff = parts.reduce(0) { $0 + $1.staff }
        ready = parts.reduce(0) { $0 + $1.ready }
        percent = staff > 0 ? ready * 100 / staff : 0
    }
}
