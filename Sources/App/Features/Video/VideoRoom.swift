import Foundation

/// One consultation's room on this instance: the sockets of the people in it, by participant. Signals for the room
/// pass through it one at a time, so that they reach each socket in the order they were sent.
actor VideoRoom {
    private var sockets: [String: [UUID: VideoSignalHub.Socket]] = [:]
    /// Set when the last socket left and the hub let the room go: a late arrival must find the hub's new room.
    private var retired = false

    /// Adds a socket; false when the room has been retired (the caller asks the hub for a new one).
    func attach(_ socket: VideoSignalHub.Socket, id: UUID, participant: String) -> Bool {
        guard !retired else { return false }
        sockets[participant, default: [:]][id] = socket
        return true
    }

    /// Removes a socket; true when the room is now empty and retired.
    func detach(id: UUID, participant: String) -> Bool {
        sockets[participant]?[id] = nil
        if sockets[participant]?.isEmpty == true { sockets[participant] = nil }
        if sockets.isEmpty { retired = true }
        return retired
    }

    /// The participants with a socket here.
    var present: Set<String> { Set(sockets.keys) }

    /// Sends to the recipient, or to everyone but the sender.
    func deliver(_ envelope: VideoEnvelope) {
        let targets: [VideoSignalHub.Socket]
        if let to = envelope.to {
            targets = Array((sockets[to] ?? [:]).values)
        } else {
            targets = sockets.filter { $0.key != envelope.from }.flatMap { Array($0.value.values) }
        }
        for socket in targets { socket.send(envelope.text) }
    }

    /// Closes every socket, for shutdown.
    func closeAll(reason: String) {
        for socket in sockets.values.flatMap({ Array($0.values) }) { socket.close(reason) }
    }
}
