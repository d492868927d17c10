/// The script's WebRTC mesh (up to three people, the lower rank offers, ICE restart) and the person's own controls.
extension VideoScript {
    static let mesh = #"""
        // --- the mesh -------------------------------------------------------------------------------------------------

        async function peerJoined(id) {
          if (callState !== "inCall" || !id || id === self) return;
          if (!known.has(id)) {
            known.add(id);
            send({ type: "join" }); // so that the newcomer learns about this browser too
            if (rank(self) < rank(id)) await startOffer(id);
            return;
          }
          // A join from someone already known: if the connection with them is gone, the offerer calls again.
          const peer = peers.get(id);
          const dead = !peer || ["closed", "failed"].includes(peer.pc.connectionState);
          if (dead && rank(self) < rank(id)) await startOffer(id);
        }

        function peerLeft(id) {
          known.delete(id);
          closePeer(id);
          updateCallStatus();
        }

        function createPeer(id, offerer) {
          closePeer(id);
          const pc = new RTCPeerConnection({ iceServers });
          const peer = { id, pc, offerer, pending: [], video: null, restartTimer: null };
          peers.set(id, peer);
          pc.addEventListener("icecandidate", (event) => {
            if (event.candidate && event.candidate.candidate) send({ type: "candidate", to: id, candidate: event.candidate.toJSON() });
          });
          pc.addEventListener("track", (event) => showRemoteTrack(peer, event.track));
          pc.addEventListener("iceconnectionstatechange", () => watchIce(peer));
          return peer;
        }

        // The offerer sets up one audio and one video line, sending where it has a track, so that the other side can
        // always send both even when this side is audio only.
        function addLocalTransceivers(pc) {
          for (const kind of ["audio", "video"]) {
            const track = localStream ? localStream.getTracks().find((t) => t.kind === kind) : null;
            pc.addTransceiver(track || kind, { direction: track ? "sendrecv" : "recvonly", streams: localStream ? [localStream] : [] });
          }
        }

        // The answerer sends its own tracks on the lines the offer made.
        async function attachLocalTracks(pc) {
          for (const transceiver of pc.getTransceivers()) {
            const kind = transceiver.receiver.track.kind;
            const track = localStream ? localStream.getTracks().find((t) => t.kind === kind) : null;
            if (track && !transceiver.sender.track) {
              await transceiver.sender.replaceTrack(track);
              transceiver.sender.setStreams?.(localStream);
              transceiver.direction = "sendrecv";
            }
          }
        }

        async function startOffer(id) {
          const peer = createPeer(id, true);
          addLocalTransceivers(peer.pc);
          await sendOffer(peer, false);
          updateCallStatus();
        }

        async function sendOffer(peer, iceRestart) {
          const offer = await peer.pc.createOffer(iceRestart ? { iceRestart: true } : {});
          await peer.pc.setLocalDescription(offer);
          send({ type: "offer", to: peer.id, sdp: peer.pc.localDescription.sdp });
        }

        // The DTLS fingerprint changes only when the other side made a new connection (it reloaded the page); an ICE
        // restart keeps it.
        const fingerprint = (sdp) => ((sdp || "").match(/a=fingerprint:[^\r\n]+/) || [""])[0];

        async function offerArrived(id, sdp) {
          if (callState !== "inCall" || !id) return;
          known.add(id);
          let peer = peers.get(id);
          const current = peer && peer.pc.remoteDescription;
          if (!peer || peer.pc.connectionState === "closed" || (current && fingerprint(current.sdp) !== fingerprint(sdp))) {
            peer = createPeer(id, false);
          }
          await peer.pc.setRemoteDescription({ type: "offer", sdp });
          await attachLocalTracks(peer.pc);
          await flushCandidates(peer);
          const answer = await peer.pc.createAnswer();
          await peer.pc.setLocalDescription(answer);
          send({ type: "answer", to: id, sdp: peer.pc.localDescription.sdp });
          await applyBitrate(peer);
          updateCallStatus();
        }

        async function answerArrived(id, sdp) {
          const peer = peers.get(id);
          if (!peer || peer.pc.signalingState !== "have-local-offer") return;
          await peer.pc.setRemoteDescription({ type: "answer", sdp });
          await flushCandidates(peer);
          await applyBitrate(peer);
        }

        async function candidateArrived(id, candidate) {
          const peer = peers.get(id);
          if (!peer || !candidate) return;
          if (!peer.pc.remoteDescription) { peer.pending.push(candidate); return; }
          await peer.pc.addIceCandidate(candidate).catch(() => {}); // a stale candidate after a restart is harmless
        }

        async function flushCandidates(peer) {
          const pending = peer.pending.splice(0);
          for (const candidate of pending) await peer.pc.addIceCandidate(candidate).catch(() => {});
        }

        // ICE restart: the offerer makes a new offer when the connection failed, or stayed disconnected for a while.
        function watchIce(peer) {
          const state = peer.pc.iceConnectionState;
          clearTimeout(peer.restartTimer);
          peer.restartTimer = null;
          if (peer.offerer && state === "failed") restartIce(peer);
          if (peer.offerer && state === "disconnected") {
            peer.restartTimer = setTimeout(() => restartIce(peer), DISCONNECTED_GRACE_MS);
          }
          updateCallStatus();
        }

        function restartIce(peer) {
          work = work.then(async () => {
            if (peers.get(peer.id) !== peer || peer.pc.signalingState === "closed") return;
            if (!["failed", "disconnected"].includes(peer.pc.iceConnectionState)) return;
            iceServers = await fetchIceServers(); // TURN credentials expire: take fresh ones
            peer.pc.setConfiguration({ iceServers });
            await sendOffer(peer, true);
          }).catch((error) => console.error(error));
        }

        function closePeer(id) {
          const peer = peers.get(id);
          if (!peer) return;
          clearTimeout(peer.restartTimer);
          peer.pc.close();
          if (peer.video) peer.video.remove();
          peers.delete(id);
        }

        function closeAllPeers() {
          for (const id of [...peers.keys()]) closePeer(id);
          known.clear();
        }

        function showRemoteTrack(peer, track) {
          if (!peer.video) {
            const video = document.createElement("video");
            video.autoplay = true;
            video.playsInline = true;
            video.dataset.participant = peer.id;
            video.setAttribute("aria-label", participantName(peer.id));
            video.srcObject = new MediaStream();
            byId("remote-videos")?.appendChild(video);
            peer.video = video;
          }
          const stream = peer.video.srcObject;
          stream.getTracks().filter((t) => t.kind === track.kind && t !== track).forEach((t) => stream.removeTrack(t));
          if (!stream.getTracks().includes(track)) stream.addTrack(track);
          peer.video.play().catch(() => {}); // autoplay may wait for a click; the stream still flows
        }

        // "Connected" exactly when every connection is up; otherwise what is happening, in plain words.
        function updateCallStatus() {
          if (callState !== "inCall") return;
          const states = [...peers.values()].map((peer) => peer.pc.iceConnectionState);
          if (states.length === 0) { say("Waiting for the others to join…"); return; }
          if (states.every((s) => s === "connected" || s === "completed")) { say("Connected"); return; }
          if (states.some((s) => s === "failed" || s === "disconnected")) { say("The connection dropped. Reconnecting…"); return; }
          say("Connecting…");
        }

        function showRemoteMute(id, remoteAudioMuted, remoteVideoMuted) {
          const peer = peers.get(id);
          if (!peer || !peer.video) return;
          const notes = [remoteAudioMuted ? "microphone off" : "", remoteVideoMuted ? "camera off" : ""].filter(Boolean);
          peer.video.setAttribute("aria-label", participantName(id) + (notes.length ? " (" + notes.join(", ") + ")" : ""));
          peer.video.title = peer.video.getAttribute("aria-label");
        }

        // --- the person's own controls --------------------------------------------------------------------------------

        function applyMuteToTracks() {
          if (!localStream) return;
          localStream.getAudioTracks().forEach((track) => { track.enabled = !audioMuted; });
          localStream.getVideoTracks().forEach((track) => { track.enabled = !videoMuted; });
        }

        function sendMuteState() {
          send({ type: "mute", audioMuted, videoMuted: videoMuted || audioOnly || !cameraWorks });
        }

        function wireButton(id, onClick) {
          const button = byId(id);
          if (button) button.addEventListener("click", () => onClick(button));
          return button;
        }

        function wireControls() {
          wireButton("mute", (button) => {
            audioMuted = !audioMuted;
            button.textContent = audioMuted ? "Unmute" : "Mute";
            applyMuteToTracks();
            sendMuteState();
          });
          wireButton("camera", (button) => {
            videoMuted = !videoMuted;
            button.textContent = videoMuted ? "Camera on" : "Camera off";
            applyMuteToTracks();
            sendMuteState();
          });
          wireButton("audio-only", (button) => {
            work = work.then(() => setAudioOnly(!audioOnly, button));
          });
          wireButton("low-bandwidth", (button) => {
            lowBandwidth = !lowBandwidth;
            button.setAttribute("aria-pressed", String(lowBandwidth));
            work = work.then(() => Promise.all([...peers.values()].map(applyBitrate)));
          });
          wireButton("leave", () => leaveCall());
          for (const id of ["audio-only", "low-bandwidth"]) byId(id)?.setAttribute("aria-pressed", "false");
        }

        // Audio only stops the camera altogether (no video is sent at all); turning it off starts the camera again on the
        // same connections, without a new offer.
        async function setAudioOnly(on, button) {
          audioOnly = on;
          button.setAttribute("aria-pressed", String(on));
          if (localStream && on) {
            for (const track of localStream.getVideoTracks()) { track.stop(); localStream.removeTrack(track); }
            for (const peer of peers.values()) {
              for (const sender of peer.pc.getSenders()) {
                if (sender.track && sender.track.kind === "video") await sender.replaceTrack(null);
              }
            }
          } else if (localStream && !on && cameraWorks) {
            try {
              const [track] = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks();
              track.enabled = !videoMuted;
              localStream.addTrack(track);
              for (const peer of peers.values()) {
                const line = peer.pc.getTransceivers().find((t) => t.receiver.track.kind === "video" && t.direction === "sendrecv");
                if (line) await line.sender.replaceTrack(track);
              }
            } catch (error) {
              say(mediaAdvice("camera", error));
            }
          }
          sendMuteState();
        }

        // Low-bandwidth mode caps each video sender at LOW_BANDWIDTH_BITRATE; off lifts the cap.
        async function applyBitrate(peer) {
          if (role !== "clinician") return;
          for (const sender of peer.pc.getSenders()) {
            if (!sender.track || sender.track.kind !== "video") continue;
            const parameters = sender.getParameters();
            if (!parameters.encodings || parameters.encodings.length === 0) parameters.encodings = [{}];
            for (const encoding of parameters.encodings) {
              if (lowBandwidth) encoding.maxBitrate = LOW_BANDWIDTH_BITRATE;
              else delete encoding.maxBitrate;
            }
            await sender.setParameters(parameters).catch((error) => console.error("maxBitrate", error));
          }
        }

        function leaveCall() {
          send({ type: "leave" });
          finished = true;
          closeAllPeers();
          stopLocalMedia();
          callState = null;
          if (socket) socket.close();
          show("call", false);
          show("waiting", false);
          say("You have left the consultation. Open your link again to come back.");
        }

        """#
}
