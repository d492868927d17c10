import Foundation

/// Which way copied text may cross between a pool's desktops and the person's own computer. The gateway enforces it on
/// the RFB stream (ClientCutText toward the desktop, ServerCutText from it); the default is `off`, as patient data must
/// not leave the desktop unless the practice chooses so.
public enum ClipboardPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing copied crosses either way.
    case off
    /// Text copied on the desktop reaches the person's computer; nothing goes to the desktop.
    case fromDesktop
    /// Text from the person's computer can be pasted into the desktop; nothing comes back.
    case toDesktop
    /// Both ways, including the extended clipboard (other formats than plain text) if the viewer asks for it.
    case both

    /// Whether text copied on the desktop may reach the viewer.
    public var allowsFromDesktop: Bool { self == .fromDesktop || self == .both }
    /// Whether the viewer may paste into the desktop.
    public var allowsToDesktop: Bool { self == .toDesktop || self == .both }

    /// The sentence a person reads on their desktop's page.
    public var sentence: String {
        switch self {
        case .off:
            "Copy and paste between this desktop and your computer is off for this pool: what you copy stays where you copied it."
        case .fromDesktop:
            "Text you copy on the desktop can be pasted on your computer; nothing can be pasted into the desktop."
        case .toDesktop:
            "Text from your computer can be pasted into the desktop; nothing copied on the desktop leaves it."
        case .both: "Text can be copied both ways between this desktop and your computer."
        }
    }
}
