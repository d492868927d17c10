import Domain
import Fluent
import Foundation

extension AuditSearch {
    /// What the records in the trail are called: a kind in words and a name or reference instead of an id.
    enum Records {
        /// The kind of record, as the page says it.
        static func kind(_ type: String) -> String {
            switch type {
            case "triage_request": "Request"
            case "video_consultation": "Video consultation"
            case "person": "Person"
            case "organisation": "Organisation"
            case "engagement": "Engagement"
            case "invitation": "Invitation"
            case "api_token": "API token"
            case "desktop_pool": "Desktop pool"
            case "desktop_host": "Desktop host"
            case "desktop_seat": "Desktop seat"
            case "desktop_gateway": "Desktop gateway"
            case "estate_request": "Kit request"
            case "estate_asset": "Asset"
            case "estate_funding_pot": "Funding pot"
            case "estate_import": "Asset import"
            case "estate_profile": "Kit needs of"
            case "estate_settings": "Estate settings of"
            case "file": "File"
            default: type.replacingOccurrences(of: "_", with: " ").capitalized
            }
        }

        /// The name or reference of each record of `events` whose id is a UUID, keyed `"type id"`.
        static func names(of events: [AuditEvent], on db: any Database) async throws -> [String: String] {
            var ids: [String: [UUID]] = [:]
            for event in events {
                guard let type = event.recordType, let id = event.recordID.flatMap(UUID.init(uuidString:)) else { continue }
                ids[type, default: []].append(id)
            }
            var names: [String: String] = [:]
            func add(_ type: String, _ pairs: [(UUID?, String)]) {
                for case let (id?, name) in pairs { names["\(type) \(id.uuidString)"] = name }
            }
            for (type, list) in ids {
                switch type {
                case "person":
                    add(type, try await Person.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                case "organisation", "estate_profile", "estate_settings":
                    add(
                        type, try await Organisation.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, "\($0.name) (\($0.odsCode))") }
                    )
                case "engagement":
                    let engagements = try await Engagement.query(on: db).filter(\.$id ~~ list).with(\.$person).with(\.$organisation).all()
                    add(type, engagements.map { ($0.id, "\($0.person.name) at \($0.organisation.name)") })
                case "invitation":
                    add(type, try await Invitation.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.email) })
                case "api_token":
                    add(type, try await APIToken.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                case "video_consultation":
                    let calls = try await VideoConsultation.query(on: db).filter(\.$id ~~ list).all()
                    add(type, calls.map { ($0.id, "booked for \(UKTime.clockAndDay($0.slotAt))") })
                case "desktop_pool":
                    add(type, try await DesktopPool.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                case "desktop_host":
                    add(type, try await DesktopHost.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                case "desktop_seat":
                    add(type, try await DesktopSeat.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                case "estate_request":
                    add(type, list.map { ($0, EstateRequest.reference(for: $0)) })
                case "estate_asset":
                    add(type, try await EstateAsset.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.tag) })
                case "estate_funding_pot":
                    add(type, try await EstateFundingPot.query(on: db).filter(\.$id ~~ list).all().map { ($0.id, $0.name) })
                default:
                    continue
                }
            }
            return names
        }

        /// The ids the trail may hold for a record the person typed: an id as it is, a request's reference (stored
        /// as it is), or an asset's tag, a pool's or seat's name or a person's email, which lead to their ids. A kit
        /// request's reference is matched by `kitRequestPrefix` instead.
        static func ids(matching text: String, on db: any Database) async throws -> [String] {
            if let uuid = UUID(uuidString: text) { return [uuid.uuidString] }
            var ids = [text]
            ids += try await EstateAsset.query(on: db).filter(\.$tag == text).all().compactMap { $0.id?.uuidString }
            ids += try await DesktopSeat.query(on: db).filter(\.$name == text).all().compactMap { $0.id?.uuidString }
            ids += try await DesktopPool.query(on: db).filter(\.$name == text).all().compactMap { $0.id?.uuidString }
            ids += try await Person.query(on: db).filter(\.$email == text.lowercased()).all().compactMap { $0.id?.uuidString }
            return ids
        }

        /// The start of a kit request's id, when `text` is its reference (`ER-` and six characters).
        static func kitRequestPrefix(_ text: String) -> String? {
            let upper = text.uppercased()
            guard upper.hasPrefix("ER-"), upper.count == 9, upper.dropFirst(3).allSatisfy(\.isHexDigit) else { return nil }
            return String(upper.dropFirst(3))
        }
    }
}
