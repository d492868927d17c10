import Vapor

/// Every path of the site, used both to register a route and to build a link.
enum SiteURL: Sendable {
    case home
    case login, secondFactor, enrol, logout, logoutEverywhere
    case cis2Start, cis2Callback, cis2Link, cis2BackChannelLogout, signingKeys
    case nhsLoginStart(ods: String), nhsLoginCallback
    case actingFor
    case organisations, organisation(ods: String)
    case staff, staffInvite, engagementEnd(id: UUID)
    case invitation(token: String), invitationCIS2(token: String)
    case audit
    case apiTokens, apiTokenRevoke(id: UUID)
    case consult, desktops, estate
    // remote assessment: the patient's side
    case requestStart(ods: String), requestScreen(ods: String), requestContinue(ods: String), requestSend(ods: String)
    case requestSent(ods: String, reference: String)
    case requestMobile(ods: String, reference: String), requestMobileCode(ods: String, reference: String)
    case reply(token: String), replyVerify(token: String), replySend(token: String)
    // remote assessment: the practice's side
    case queueEvents, outbox, dutyAlerts, consultSettings, consultTemplates, consultClosures, consultClosureRemove
    case triageRequest(id: UUID), requestAction(id: UUID, action: String), requestPhoto(id: UUID, photoID: UUID)
    case requestSummary(id: UUID), requestFHIR(id: UUID)
    // activity figures and how long data is kept
    case activity, activityCSV, retention
    // virtual login
    case desktopPool(id: UUID), desktopOpen(id: UUID), desktopSignOut(id: UUID), desktopTicket(id: UUID)
    case desktopEvents(id: UUID), desktopGateway, noVNC
    case desktopPools, desktopPoolAdmin(id: UUID), desktopPoolHosts(id: UUID), desktopHostState(id: UUID)
    case desktopSeatSignOut(id: UUID)
    // video consultations
    case videoSignal(token: String), videoICE(token: String), consultationSignal(id: UUID), consultationICE(id: UUID)
    case videoJoin(token: String), videoVerify(token: String), consultationCall(id: UUID), consultationGuests(id: UUID), consultationPhone(id: UUID)
    case consultationEnd(id: UUID), requestVideo(id: UUID), videoConsultations
    // digital estate
    case estatePersonal, estateReadiness, estateRequestMissing, estateAssets, estateAssetsCSV, estateAsset(id: UUID)
    case estateAssetState(id: UUID), estateImports, estateImport(id: UUID), estateRequests, estateRequest(id: UUID)
    case estateRequestSubmit(id: UUID), estateRequestDecide(id: UUID), estateRequestAdvance(id: UUID)
    case estateLineAccept(id: UUID), estateLineRemove(id: UUID), estateClaims, estateFunding, estateFundingPots, estateFundingSettings, estateProfiles
    case healthz, readyz, metrics

    /// The parameter names used in routes; the route-walking test maps each to a record.
    enum Parameter: String, CaseIterable {
        case odsCode, engagementID, invitationToken, apiTokenID, reference, requestID, photoID, replyToken
        case poolID, hostID, seatID, videoToken, videoID
        case assetID, importID, estateRequestID, lineID
    }

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .secondFactor: "/login/second-factor"
        case .enrol: "/login/enrol"
        case .logout: "/logout"
        case .logoutEverywhere: "/logout/everywhere"
        case .cis2Start: "/login/cis2"
        case .cis2Callback: "/login/cis2/callback"
        case .cis2Link: "/login/cis2/link"
        case .cis2BackChannelLogout: "/login/cis2/back-channel-logout"
        case .signingKeys: "/.well-known/jwks.json"
        case .nhsLoginStart(let ods): "/request/\(ods)/nhs-login"
        case .nhsLoginCallback: "/nhs-login/callback"
        case .actingFor: "/acting-for"
        case .organisations: "/organisations"
        case .organisation(let ods): "/organisations/\(ods.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ods)"
        case .staff: "/staff"
        case .staffInvite: "/staff/invite"
        case .engagementEnd(let id): "/staff/engagements/\(id.uuidString)/end"
        case .invitation(let token): "/invitations/\(token)"
        case .invitationCIS2(let token): "/invitations/\(token)/cis2"
        case .audit: "/audit"
        case .apiTokens: "/settings/api-tokens"
        case .apiTokenRevoke(let id): "/settings/api-tokens/\(id.uuidString)/revoke"
        case .consult: "/consult"
        case .desktops: "/desktops"
        case .estate: "/estate"
        case .requestStart(let ods): "/request/\(ods)"
        case .requestScreen(let ods): "/request/\(ods)/screen"
        case .requestContinue(let ods): "/request/\(ods)/continue"
        case .requestSend(let ods): "/request/\(ods)/send"
        case .requestSent(let ods, let reference): "/request/\(ods)/sent/\(reference)"
        case .requestMobile(let ods, let reference): "/request/\(ods)/sent/\(reference)/mobile"
        case .requestMobileCode(let ods, let reference): "/request/\(ods)/sent/\(reference)/mobile/new-code"
        case .reply(let token): "/reply/\(token)"
        case .replyVerify(let token): "/reply/\(token)/verify"
        case .replySend(let token): "/reply/\(token)/send"
        case .queueEvents: "/consult/queue/events"
        case .outbox: "/consult/outbox"
        case .dutyAlerts: "/consult/duty-alerts"
        case .consultSettings: "/consult/settings"
        case .consultClosures: "/consult/settings/closures"
        case .consultClosureRemove: "/consult/settings/closures/remove"
        case .consultTemplates: "/consult/settings/templates"
        case .triageRequest(let id): "/consult/requests/\(id.uuidString)"
        case .requestAction(let id, let action): "/consult/requests/\(id.uuidString)/\(action)"
        case .requestPhoto(let id, let photoID): "/consult/requests/\(id.uuidString)/photos/\(photoID.uuidString)"
        case .requestSummary(let id): "/consult/requests/\(id.uuidString)/summary.txt"
        case .requestFHIR(let id): "/consult/requests/\(id.uuidString)/fhir.json"
        case .activity: "/consult/activity"
        case .activityCSV: "/consult/activity.csv"
        case .retention: "/settings/retention"
        case .desktopPool(let id): "/desktops/\(id.uuidString)"
        case .desktopOpen(let id): "/desktops/\(id.uuidString)/open"
        case .desktopSignOut(let id): "/desktops/\(id.uuidString)/sign-out"
        case .desktopTicket(let id): "/desktops/\(id.uuidString)/ticket"
        case .desktopEvents(let id): "/desktops/\(id.uuidString)/events"
        case .desktopGateway: "/desktops/gateway"
        case .noVNC: "/novnc"
        case .desktopPools: "/desktops/pools"
        case .desktopPoolAdmin(let id): "/desktops/pools/\(id.uuidString)"
        case .desktopPoolHosts(let id): "/desktops/pools/\(id.uuidString)/hosts"
        case .desktopHostState(let id): "/desktops/hosts/\(id.uuidString)/state"
        case .desktopSeatSignOut(let id): "/desktops/seats/\(id.uuidString)/sign-out"
        case .videoJoin(let token): "/video/\(token)"
        case .videoVerify(let token): "/video/\(token)/verify"
        case .consultationCall(let id): "/consult/video/\(id.uuidString)"
        case .consultationGuests(let id): "/consult/video/\(id.uuidString)/guests"
        case .consultationPhone(let id): "/consult/video/\(id.uuidString)/phone"
        case .consultationEnd(let id): "/consult/video/\(id.uuidString)/end"
        case .requestVideo(let id): "/consult/requests/\(id.uuidString)/video"
        case .videoConsultations: "/consult/video"
        case .videoSignal(let token): "/video/\(token)/signal"
        case .videoICE(let token): "/video/\(token)/ice"
        case .consultationSignal(let id): "/consult/video/\(id.uuidString)/signal"
        case .consultationICE(let id): "/consult/video/\(id.uuidString)/ice"
        case .estatePersonal: "/estate/personal"
        case .estateReadiness: "/estate/readiness"
        case .estateRequestMissing: "/estate/readiness/request"
        case .estateAssets: "/estate/assets"
        case .estateAssetsCSV: "/estate/assets.csv"
        case .estateAsset(let id): "/estate/assets/\(id.uuidString)"
        case .estateAssetState(let id): "/estate/assets/\(id.uuidString)/state"
        case .estateImports: "/estate/imports"
        case .estateImport(let id): "/estate/imports/\(id.uuidString)"
        case .estateRequests: "/estate/requests"
        case .estateRequest(let id): "/estate/requests/\(id.uuidString)"
        case .estateRequestSubmit(let id): "/estate/requests/\(id.uuidString)/submit"
        case .estateRequestDecide(let id): "/estate/requests/\(id.uuidString)/decide"
        case .estateRequestAdvance(let id): "/estate/requests/\(id.uuidString)/advance"
        case .estateLineAccept(let id): "/estate/lines/\(id.uuidString)/accept"
        case .estateLineRemove(let id): "/estate/lines/\(id.uuidString)/remove"
        case .estateClaims: "/estate/claims"
        case .estateFunding: "/estate/funding"
        case .estateFundingPots: "/estate/funding/pots"
        case .estateFundingSettings: "/estate/funding/settings"
        case .estateProfiles: "/estate/readiness/profiles"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        }
    }

    /// Route components, with `:name` parameters where the path holds a record's key.
    var pathComponents: [PathComponent] {
        switch self {
        case .organisation: ["organisations", .parameter(Parameter.odsCode.rawValue)]
        case .engagementEnd: ["staff", "engagements", .parameter(Parameter.engagementID.rawValue), "end"]
        case .invitation: ["invitations", .parameter(Parameter.invitationToken.rawValue)]
        case .invitationCIS2: ["invitations", .parameter(Parameter.invitationToken.rawValue), "cis2"]
        case .apiTokenRevoke: ["settings", "api-tokens", .parameter(Parameter.apiTokenID.rawValue), "revoke"]
        case .requestStart: ["request", .parameter(Parameter.odsCode.rawValue)]
        case .nhsLoginStart: ["request", .parameter(Parameter.odsCode.rawValue), "nhs-login"]
        case .requestScreen: ["request", .parameter(Parameter.odsCode.rawValue), "screen"]
        case .requestContinue: ["request", .parameter(Parameter.odsCode.rawValue), "continue"]
        case .requestSend: ["request", .parameter(Parameter.odsCode.rawValue), "send"]
        case .requestSent: ["request", .parameter(Parameter.odsCode.rawValue), "sent", .parameter(Parameter.reference.rawValue)]
        case .requestMobile: ["request", .parameter(Parameter.odsCode.rawValue), "sent", .parameter(Parameter.reference.rawValue), "mobile"]
        case .requestMobileCode:
            ["request", .parameter(Parameter.odsCode.rawValue), "sent", .parameter(Parameter.reference.rawValue), "mobile", "new-code"]
        case .reply: ["reply", .parameter(Parameter.replyToken.rawValue)]
        case .replyVerify: ["reply", .parameter(Parameter.replyToken.rawValue), "verify"]
        case .replySend: ["reply", .parameter(Parameter.replyToken.rawValue), "send"]
        case .triageRequest: ["consult", "requests", .parameter(Parameter.requestID.rawValue)]
        case .requestAction(_, let action): ["consult", "requests", .parameter(Parameter.requestID.rawValue), .constant(action)]
        case .requestPhoto: ["consult", "requests", .parameter(Parameter.requestID.rawValue), "photos", .parameter(Parameter.photoID.rawValue)]
        case .requestSummary: ["consult", "requests", .parameter(Parameter.requestID.rawValue), "summary.txt"]
        case .requestFHIR: ["consult", "requests", .parameter(Parameter.requestID.rawValue), "fhir.json"]
        case .desktopPool: ["desktops", .parameter(Parameter.poolID.rawValue)]
        case .desktopOpen: ["desktops", .parameter(Parameter.poolID.rawValue), "open"]
        case .desktopSignOut: ["desktops", .parameter(Parameter.poolID.rawValue), "sign-out"]
        case .desktopTicket: ["desktops", .parameter(Parameter.poolID.rawValue), "ticket"]
        case .desktopEvents: ["desktops", .parameter(Parameter.poolID.rawValue), "events"]
        case .noVNC: ["novnc", .catchall]
        case .desktopPoolAdmin: ["desktops", "pools", .parameter(Parameter.poolID.rawValue)]
        case .desktopPoolHosts: ["desktops", "pools", .parameter(Parameter.poolID.rawValue), "hosts"]
        case .desktopHostState: ["desktops", "hosts", .parameter(Parameter.hostID.rawValue), "state"]
        case .desktopSeatSignOut: ["desktops", "seats", .parameter(Parameter.seatID.rawValue), "sign-out"]
        case .estateAsset: ["estate", "assets", .parameter(Parameter.assetID.rawValue)]
        case .estateAssetState: ["estate", "assets", .parameter(Parameter.assetID.rawValue), "state"]
        case .estateImport: ["estate", "imports", .parameter(Parameter.importID.rawValue)]
        case .estateRequest: ["estate", "requests", .parameter(Parameter.estateRequestID.rawValue)]
        case .estateRequestSubmit: ["estate", "requests", .parameter(Parameter.estateRequestID.rawValue), "submit"]
        case .estateRequestDecide: ["estate", "requests", .parameter(Parameter.estateRequestID.rawValue), "decide"]
        case .estateRequestAdvance: ["estate", "requests", .parameter(Parameter.estateRequestID.rawValue), "advance"]
        case .estateLineAccept: ["estate", "lines", .parameter(Parameter.lineID.rawValue), "accept"]
        case .estateLineRemove: ["estate", "lines", .parameter(Parameter.lineID.rawValue), "remove"]
        case .videoJoin: ["video", .parameter(Parameter.videoToken.rawValue)]
        case .videoVerify: ["video", .parameter(Parameter.videoToken.rawValue), "verify"]
        case .consultationCall: ["consult", "video", .parameter(Parameter.videoID.rawValue)]
        case .consultationGuests: ["consult", "video", .parameter(Parameter.videoID.rawValue), "guests"]
        case .consultationPhone: ["consult", "video", .parameter(Parameter.videoID.rawValue), "phone"]
        case .consultationEnd: ["consult", "video", .parameter(Parameter.videoID.rawValue), "end"]
        case .requestVideo: ["consult", "requests", .parameter(Parameter.requestID.rawValue), "video"]
        case .videoSignal: ["video", .parameter(Parameter.videoToken.rawValue), "signal"]
        case .videoICE: ["video", .parameter(Parameter.videoToken.rawValue), "ice"]
        case .consultationSignal: ["consult", "video", .parameter(Parameter.videoID.rawValue), "signal"]
        case .consultationICE: ["consult", "video", .parameter(Parameter.videoID.rawValue), "ice"]
        default: path.pathComponents
        }
    }
}

/// Paths of the JSON API under `/api/v1`.
enum APIURL: Sendable {
    case organisation, organisationByCode, engagements, invitations, auditEvents, requests, request, requestFHIR
    case assets, asset, readiness, estateRequests, activity

    static let prefix: [PathComponent] = ["api", "v1"]

    var pathComponents: [PathComponent] {
        switch self {
        case .organisation: ["organisation"]
        case .organisationByCode: ["organisations", .parameter(SiteURL.Parameter.odsCode.rawValue)]
        case .engagements: ["engagements"]
        case .invitations: ["invitations"]
        case .auditEvents: ["audit-events"]
        case .requests: ["requests"]
        case .request: ["requests", .parameter(SiteURL.Parameter.requestID.rawValue)]
        case .requestFHIR: ["requests", .parameter(SiteURL.Parameter.requestID.rawValue), "fhir"]
        case .assets: ["assets"]
        case .asset: ["assets", .parameter(SiteURL.Parameter.assetID.rawValue)]
        case .readiness: ["readiness", .parameter(SiteURL.Parameter.odsCode.rawValue)]
        case .estateRequests: ["estate-requests"]
        case .activity: ["activity"]
        }
    }
}

extension Request {
    /// A route parameter named in `SiteURL.Parameter`, or 404.
    func parameter(_ name: SiteURL.Parameter) throws -> String {
        guard let value = parameters.get(name.rawValue), !value.isEmpty else {
            throw Abort(.notFound, reason: "That page does not exist.")
        }
        return value
    }

    /// A UUID route parameter; a malformed one is a 404, not a 500.
    func uuidParameter(_ name: SiteURL.Parameter) throws -> UUID {
        guard let id = UUID(uuidString: try parameter(name)) else {
            throw Abort(.notFound, reason: "That page does not exist.")
        }
        return id
    }
}
