/// The video consultation pages' script: pre-call checks, the waiting room and the clinician's waiting list, and a
/// WebRTC mesh of up to three people over the signalling socket (served at `/assets/video.js`).
enum VideoScript {
    static let source = core + "\n" + mesh + "\n" + pages

    /// Shared state, helpers, the signalling socket and the call states.
    static let core = #"""
        // Video consultation pages (patient, guest and clinician). The server renders the page and relays signalling;
        // this module does the pre-call checks, the waiting room and a WebRTC mesh of up to three people.
        const root = document.getElementById("video-call");
        const byId = (id) => document.getElementById(id);
        const statusLine = byId("call-status");
        const say = (text) => { if (statusLine && statusLine.textContent !== text) statusLine.textContent = text; };

        const role = root ? root.dataset.role : null;
        const self = root ? root.dataset.self : null;
        const LOW_BANDWIDTH_BITRATE = 150000; // bits per second for video in low-bandwidth mode
        const NETWORK_CHECK_MS = 5000;
        const DISCONNECTED_GRACE_MS = 3000; // "disconnected" this long counts as failed: restart ICE

        // --- shared state ---------------------------------------------------------------------------------------------

        let socket = null;
        let socketAttempts = 0;
        let finished = false;          // the consultation ended or this person left: no reconnecting
        let callState = null;          // the last state the server sent: waiting, inCall or ended
        let localStream = null;        // microphone (and camera unless audio only) while in the call
        let iceServers = [];
        let audioMuted = false;
        let videoMuted = false;
        let audioOnly = false;
        let cameraWorks = true;        // false when the pre-call check could not open the camera
        let lowBandwidth = false;
        const peers = new Map();       // participant id -> { id, pc, offerer, pending: [], video, restartTimer }
        const known = new Set();       // participants whose join this browser has answered, for this call
        let work = Promise.resolve();  // incoming messages are handled one at a time, in order

        const show = (id, visible) => { const el = byId(id); if (el) el.hidden = !visible; };

        // The offer rule: for a pair, the lower rank makes the offer (clinician < guest-1 < guest-2 < patient).
        function rank(id) {
          if (id === "clinician") return 0;
          if (id === "patient") return 1000;
          const guest = /^guest-(\d+)$/.exec(id || "");
          return guest ? Number(guest[1]) : 2000;
        }

        function participantName(id) {
          if (id === "clinician") return "Clinician";
          if (id === "patient") return "Patient";
          const guest = /^guest-(\d+)$/.exec(id || "");
          return guest ? "Guest " + guest[1] : id;
        }

        // --- signalling socket ----------------------------------------------------------------------------------------

        function send(message) {
          if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
        }

        function openSocket() {
          const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
          const ws = new WebSocket(scheme + "//" + window.location.host + root.dataset.signal);
          let opened = false;
          socket = ws;
          ws.addEventListener("open", () => { opened = true; socketAttempts = 0; });
          ws.addEventListener("message", (event) => {
            let message;
            try { message = JSON.parse(event.data); } catch { return; }
            work = work.then(() => handle(message)).catch((error) => {
              console.error(error);
              say("Something went wrong with the call: " + error.message);
            });
          });
          ws.addEventListener("close", (event) => {
            if (socket !== ws || finished) return;
            socket = null;
            // 4401, 4403, 4410: the sign-in, the engagement or the consultation ended. Say why; no reconnecting.
            if (opened && event.code >= 4400 && event.code < 4500) {
              finished = true;
              say(event.reason);
              work = work.then(() => { closeAllPeers(); stopLocalMedia(); });
              return;
            }
            // The server no longer knows this browser is here: start again from whatever state it sends next.
            work = work.then(() => { closeAllPeers(); callState = null; });
            socketAttempts += 1;
            // A guest's socket is refused until the clinician has the patient in the call: keep knocking, every 15 s.
            const early = !opened && self && self.startsWith("guest-");
            if (early) {
              say("The consultation has not started yet. This page will let you in once it has.");
              setTimeout(openSocket, 15000);
              return;
            }
            if (socketAttempts > 6) { say("The connection to the surgery was lost. Reload the page to try again."); return; }
            say("The connection to the surgery dropped. Reconnecting…");
            setTimeout(openSocket, 1000 * 2 ** Math.min(socketAttempts - 1, 4));
          });
        }

        // Leaving the page (a reload, a form, closing the tab) tells the others, so that they forget this browser
        // and answer its next join.
        window.addEventListener("pagehide", () => {
          if (callState === "inCall") send({ type: "leave" });
          finished = true;
        });
        // A page brought back from the back-forward cache has a dead socket and dead connections: load it afresh.
        window.addEventListener("pageshow", (event) => { if (event.persisted) window.location.reload(); });

        async function handle(message) {
          switch (message.type) {
            case "state": return changeState(message.state, message.outcome);
            case "waiting": return showWaiting(message);
            case "queue": return showQueue(message.waiting || []);
            case "runningLate": return showRunningLate(message.text);
            case "join": return peerJoined(message.from);
            case "leave": return peerLeft(message.from);
            case "offer": return offerArrived(message.from, message.sdp);
            case "answer": return answerArrived(message.from, message.sdp);
            case "candidate": return candidateArrived(message.from, message.candidate);
            case "mute": return showRemoteMute(message.from, message.audioMuted, message.videoMuted);
            case "error": say(message.message); return;
          }
        }

        // --- call state -----------------------------------------------------------------------------------------------

        async function changeState(state, outcome) {
          if (state === callState) return;
          const previous = callState;
          callState = state;
          root.dataset.state = state;
          if (state === "inCall") return enterCall();
          closeAllPeers();
          stopLocalMedia();
          if (state === "ended") {
            finished = true;
            show("waiting", false);
            say(outcome === "switchedToPhone"
              ? "The clinician will phone you instead. Keep your phone nearby."
              : "The consultation has ended.");
            if (socket) socket.close();
            return;
          }
          if (role === "patient") {
            show("call", false);
            show("waiting", true);
            say(previous === "inCall"
              ? "The clinician has sent you back to the waiting room. Please wait here."
              : "You are in the waiting room. The clinician will bring you into the call.");
          } else {
            say(previous === "inCall"
              ? "The patient is back in the waiting room."
              : "Nobody is in the call yet. Admit the patient when you are ready.");
          }
        }

        async function enterCall() {
          show("waiting", false);
          show("precall", false);
          show("call", true);
          say("Starting your camera and microphone…");
          iceServers = await fetchIceServers();
          localStream = await openLocalMedia();
          const local = byId("local-video");
          if (local) { local.muted = true; local.srcObject = localStream; local.play().catch(() => {}); }
          applyMuteToTracks();
          if (callState !== "inCall") { stopLocalMedia(); return; }
          say("Waiting for the others to join…");
          send({ type: "join" });
          if (audioMuted || videoMuted || audioOnly) sendMuteState();
        }

        async function fetchIceServers() {
          try {
            const response = await fetch(root.dataset.ice, { credentials: "same-origin" });
            if (!response.ok) return [];
            const body = await response.json();
            return Array.isArray(body.iceServers) ? body.iceServers : [];
          } catch {
            return []; // without STUN/TURN, calls on the same network still work
          }
        }

        // The microphone, and the camera unless audio only was chosen or the camera did not work.
        async function openLocalMedia() {
          const stream = new MediaStream();
          const devices = navigator.mediaDevices;
          if (!devices) { say("This browser cannot use a camera or microphone here."); return stream; }
          try {
            (await devices.getUserMedia({ audio: true })).getTracks().forEach((track) => stream.addTrack(track));
          } catch (error) {
            say(mediaAdvice("microphone", error));
          }
          if (!audioOnly && cameraWorks) {
            try {
              (await devices.getUserMedia({ video: true })).getTracks().forEach((track) => stream.addTrack(track));
            } catch (error) {
              cameraWorks = false;
              say(mediaAdvice("camera", error));
            }
          }
          return stream;
        }

        function stopLocalMedia() {
          if (localStream) localStream.getTracks().forEach((track) => track.stop());
          localStream = null;
          const local = byId("local-video");
          if (local) local.srcObject = null;
        }

        """#
}
