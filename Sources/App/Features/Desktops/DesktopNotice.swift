/// Short messages about a person's desktop, shown on the page and sent as the reason a viewer closes (a WebSocket
/// close reason holds at most 123 bytes).
enum DesktopNotice: String, CaseIterable, Sendable {
    case signedOut = "signed-out"
    case forcedOut = "forced-out"
    case idleDisconnected = "idle"
    case hostFailed = "host-failed"

    var text: String {
        switch self {
        case .signedOut: "You signed out of this desktop."
        case .forcedOut: "An administrator signed you out of this desktop."
        case .idleDisconnected: "Disconnected after no use while others waited. The seat is still yours for now."
        case .hostFailed: "Your desktop stopped answering. You are first in line for a new seat."
        }
    }
}
