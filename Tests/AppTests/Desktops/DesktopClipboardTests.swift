import Domain
import Foundation
import Testing
import VaporTesting

@testable import App

/// The pool's clipboard policy enforced by the gateway on real connections: a viewer and a desktop (a fake host that
/// keeps what it receives and sends what the test gives it) exchange copied text, screen updates and markers; only what
/// the policy allows crosses, the rest of the stream is untouched, and a stream the gateway cannot follow is ended.
@Suite struct DesktopClipboardTests {
    let patientNumber = "999 000 0018"

    @Test func offByDefaultNothingCopiedCrossesEitherWay() async throws {
        try await withGateway(echo: false) { rig in
            // setup: a viewer through the gateway as far as ServerInit
            let socket = try await Self.open(rig)
            // MUT: the viewer pastes (plain and extended), types, and marks its end; the desktop copies likewise
            try await socket.send(
                RFBTestStream.setEncodings(RFBTestStream.noVNCEncodings) + RFBTestStream.cutText(6, "\(patientNumber) to the desktop")
                    + RFBTestStream.extendedCutText(6, Array(patientNumber.utf8)) + RFBTestStream.keyEvent(down: true, key: 0x61)
                    + RFBTestStream.fence(Array("viewer end".utf8)))
            let update = RFBTestStream.rawUpdate(width: 8, height: 4, fill: 0x5a)
            let marker = RFBTestStream.fence(Array("desktop end".utf8))
            rig.host.send(RFBTestStream.cutText(3, "\(patientNumber) from the desktop") + update)
            rig.host.send(RFBTestStream.extendedCutText(3, Array(patientNumber.utf8)) + marker)
            let toViewer = try await socket.receive(count: update.count + marker.count)
            let host = rig.host
            let viewerEnd = RFBTestStream.fence(Array("viewer end".utf8))
            try await Self.waitUntil { host.received.count >= viewerEnd.count && Array(host.received.suffix(viewerEnd.count)) == viewerEnd }
            // validate: the screen and the markers crossed, no copied text either way; SetEncodings lost the extended
            // clipboard (and TightPNG, which the gateway does not follow)
            #expect(toViewer == update + marker)
            let asked = RFBTestStream.noVNCEncodings.filter { $0 != RFBTestStream.extendedClipboard && $0 != -260 }
            #expect(host.received == RFBTestStream.setEncodings(asked) + RFBTestStream.keyEvent(down: true, key: 0x61) + viewerEnd)
            #expect(!String(decoding: host.received, as: UTF8.self).contains(patientNumber))
            await socket.close()
        }
    }

    @Test func fromTheDesktopOnlyLetsPlainTextOutAndNothingIn() async throws {
        try await withGateway(clipboard: .fromDesktop, echo: false) { rig in
            // setup
            let socket = try await Self.open(rig)
            // MUT
            try await socket.send(
                RFBTestStream.setEncodings(RFBTestStream.noVNCEncodings) + RFBTestStream.cutText(6, "\(patientNumber) to the desktop")
                    + RFBTestStream.fence([1]))
            let copied = RFBTestStream.cutText(3, "copied on the desktop")
            // the host's text split across two writes: held by the gateway until the length is known, then sent on
            rig.host.send(Array(copied.prefix(5)))
            rig.host.send(Array(copied.dropFirst(5)) + RFBTestStream.extendedCutText(3, [1, 2, 3]) + RFBTestStream.fence([2]))
            let toViewer = try await socket.receive(count: copied.count + 10)
            let host = rig.host
            try await Self.waitUntil { host.received.suffix(10) == ArraySlice(RFBTestStream.fence([1])) }
            // validate
            #expect(toViewer == copied + RFBTestStream.fence([2]))
            let asked = RFBTestStream.noVNCEncodings.filter { $0 != RFBTestStream.extendedClipboard && $0 != -260 }
            #expect(host.received == RFBTestStream.setEncodings(asked) + RFBTestStream.fence([1]))
            await socket.close()
        }
    }

    @Test func toTheDesktopOnlyLetsPlainTextInAndNothingOut() async throws {
        try await withGateway(clipboard: .toDesktop, echo: false) { rig in
            // setup
            let socket = try await Self.open(rig)
            // MUT
            let pasted = RFBTestStream.cutText(6, "pasted from the laptop")
            try await socket.send(pasted + RFBTestStream.extendedCutText(6, [9]) + RFBTestStream.fence([1]))
            rig.host.send(RFBTestStream.cutText(3, "\(patientNumber) from the desktop") + RFBTestStream.fence([2]))
            let toViewer = try await socket.receive(count: 10)
            let host = rig.host
            try await Self.waitUntil { host.received.suffix(10) == ArraySlice(RFBTestStream.fence([1])) }
            // validate
            #expect(toViewer == RFBTestStream.fence([2]))
            #expect(host.received == pasted + RFBTestStream.fence([1]))
            await socket.close()
        }
    }

    @Test func bothWaysPassesEverythingUnread() async throws {
        try await withGateway(clipboard: .both, echo: false) { rig in
            // setup
            let socket = try await Self.open(rig)
            // MUT: the extended clipboard too, when the pool allows both ways
            let fromViewer =
                RFBTestStream.setEncodings(RFBTestStream.noVNCEncodings) + RFBTestStream.cutText(6, "in")
                + RFBTestStream.extendedCutText(6, [7]) + RFBTestStream.fence([1])
            try await socket.send(fromViewer)
            let fromHost = RFBTestStream.cutText(3, "out") + RFBTestStream.extendedCutText(3, [8]) + RFBTestStream.fence([2])
            rig.host.send(fromHost)
            let toViewer = try await socket.receive(count: fromHost.count)
            let host = rig.host
            try await Self.waitUntil { host.received.count >= fromViewer.count }
            // validate
            #expect(toViewer == fromHost)
            #expect(host.received == fromViewer)
            await socket.close()
        }
    }

    @Test func aDesktopMessageTheGatewayCannotFollowEndsTheConnection() async throws {
        try await withGateway(echo: false) { rig in
            // setup
            let socket = try await Self.open(rig)
            // MUT: message type 77 is no RFB message: what follows could be copied text
            rig.host.send([77] + Array("\(patientNumber) hidden".utf8))
            let (code, reason) = try await socket.closed()
            // validate
            #expect(code == 4502)
            #expect(reason.contains("copy and paste"), "\(reason)")
            await socket.close()
        }
    }

    /// Connects a viewer through the gateway and reads the greeting, security and ServerInit.
    static func open(_ rig: GatewayRig) async throws -> TestWebSocket {
        let ticket = try await rig.ticket()
        let socket = try await rig.connect(ticket.path)
        try await socket.send(try await socket.receive(count: 12))
        #expect(try await socket.receive(count: 2) == [1, RFBSecurity.none])
        try await socket.send([RFBSecurity.none])
        #expect(try await socket.receive(count: 4) == [0, 0, 0, 0])
        try await socket.send([1])
        _ = try await socket.receive(count: 28)
        return socket
    }

    /// Polls `condition` every 20 ms until it holds, failing after `seconds`.
    static func waitUntil(seconds: Double = 20, _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimeoutError(seconds: seconds)
    }
}
