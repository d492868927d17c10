/// The script's page parts: the patient's pre-call checks and waiting room, the clinician's waiting list, and the start.
extension VideoScript {
    static let pages = #"""
        // --- patient: pre-call checks and the waiting room ------------------------------------------------------------

        function mediaAdvice(device, error) {
          const name = error && error.name;
          const fallback = device === "camera" ? ", or choose Audio only" : "; without it the clinician cannot hear you";
          if (name === "NotAllowedError" || name === "SecurityError") {
            return "Your browser did not let this page use the " + device + ": allow it in the browser's settings" + fallback;
          }
          if (name === "NotFoundError" || name === "OverconstrainedError") {
            return "No " + device + " was found: plug one in and reload this page" + fallback;
          }
          if (name === "NotReadableError" || name === "AbortError") {
            return "The " + device + " is being used by another app: close that app and reload this page" + fallback;
          }
          return "The " + device + " could not be started: reload this page, or try another browser" + fallback;
        }

        async function checkDevice(device, itemId) {
          const item = byId(itemId);
          if (item) item.textContent = "Checking your " + device + "…";
          if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            if (item) item.textContent = "This browser cannot use a " + device + " here: open your link in an up-to-date browser.";
            return false;
          }
          try {
            const stream = await navigator.mediaDevices.getUserMedia(device === "camera" ? { video: true } : { audio: true });
            stream.getTracks().forEach((track) => track.stop()); // the call opens it again; no camera light while waiting
            if (item) item.textContent = "Working";
            return true;
          } catch (error) {
            if (item) item.textContent = mediaAdvice(device, error);
            return false;
          }
        }

        // Whether this network reaches the STUN/TURN servers: a server-reflexive or relay candidate within 5 s. Without
        // any servers configured, a local candidate is all a call can use, and it is enough on the same network.
        async function checkNetwork() {
          const item = byId("check-network");
          if (item) item.textContent = "Checking your connection…";
          const servers = await fetchIceServers();
          const wanted = servers.length ? ["srflx", "relay"] : ["host", "srflx", "relay"];
          const pc = new RTCPeerConnection({ iceServers: servers });
          const found = await new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), NETWORK_CHECK_MS);
            pc.addEventListener("icecandidate", (event) => {
              const candidate = event.candidate;
              const type = candidate && (candidate.type || (/ typ (\w+)/.exec(candidate.candidate) || [])[1]);
              if (type && wanted.includes(type)) { clearTimeout(timer); resolve(true); }
            });
            pc.createDataChannel("check");
            pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => { clearTimeout(timer); resolve(false); });
          });
          pc.close();
          if (item) {
            item.textContent = found
              ? "Working"
              : "We could not reach the video call servers from this network. The call may not work: try another network " +
                "(for example mobile data instead of Wi-Fi), or the clinician can phone you.";
          }
        }

        async function runPrecall() {
          const join = byId("join");
          if (join) join.disabled = true;
          checkNetwork(); // runs alongside; joining does not wait for it
          const camera = await checkDevice("camera", "check-camera");
          await checkDevice("microphone", "check-microphone");
          cameraWorks = camera;
          if (!camera) { audioOnly = true; byId("audio-only")?.setAttribute("aria-pressed", "true"); }
          if (join) join.disabled = false;
          say(camera ? "Checks done. Join the waiting room when you are ready."
                     : "You can join with sound only. Join the waiting room when you are ready.");
        }

        function showWaiting(message) {
          const place = byId("waiting-place");
          const estimate = byId("waiting-estimate");
          if (place) place.textContent = String(message.place);
          if (estimate) estimate.textContent = message.wait || "";
          showRunningLate(message.runningLate);
        }

        function showRunningLate(text) {
          const note = byId("running-late");
          if (!note || role !== "patient") return;
          note.textContent = text || "";
          note.hidden = !text;
        }

        // --- clinician: the waiting list ------------------------------------------------------------------------------

        let waitingPatients = [];
        let firstQueue = true;
        const seenPatients = new Set();

        function showQueue(waiting) {
          const arrivals = waiting.filter((patient) => !seenPatients.has(patient.id));
          waiting.forEach((patient) => seenPatients.add(patient.id));
          waitingPatients = waiting;
          renderQueue();
          if (!firstQueue && arrivals.length) announceArrival(arrivals);
          firstQueue = false;
        }

        function renderQueue() {
          const list = byId("waiting-patients");
          if (!list) return;
          list.replaceChildren(...waitingPatients.map((patient) => {
            const item = document.createElement("li");
            const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(patient.since)) / 60000)) || 0;
            item.textContent = patient.name + ", waiting " + minutes + " min";
            return item;
          }));
        }

        let audioContext = null;

        // A short beep and, if the clinician allowed them, a desktop notification.
        function announceArrival(arrivals) {
          try {
            audioContext = audioContext || new AudioContext();
            audioContext.resume().catch(() => {});
            const tone = audioContext.createOscillator();
            const volume = audioContext.createGain();
            tone.frequency.value = 880;
            volume.gain.value = 0.2;
            tone.connect(volume).connect(audioContext.destination);
            tone.start();
            tone.stop(audioContext.currentTime + 0.25);
          } catch { /* no sound on this browser; the list still shows them */ }
          if (window.Notification && Notification.permission === "granted") {
            const names = arrivals.map((patient) => patient.name).join(", ");
            new Notification("A patient is waiting", { body: names + " joined the waiting room." });
          }
        }

        function wireClinicianControls() {
          wireButton("admit", () => send({ type: "admit" }));
          wireButton("send-back", () => send({ type: "sendBack" }));
          wireButton("running-late", () => {
            const input = byId("running-late-text");
            send({ type: "runningLate", text: input ? input.value.trim() : "" });
            say(input && input.value.trim() ? "Your running late message was sent to the waiting room." : "The running late message was taken down.");
          });
          // Notifications may only be asked for after a click: ask on the clinician's first one.
          document.addEventListener("click", () => {
            if (window.Notification && Notification.permission === "default") Notification.requestPermission().catch(() => {});
          }, { once: true });
          setInterval(renderQueue, 30000); // keep "waiting N min" current
        }

        // --- start ----------------------------------------------------------------------------------------------------

        function start() {
          if (!root) return;
          wireControls();
          if (root.dataset.state === "ended") { say("The consultation has ended."); return; }
          if (role === "clinician") {
            wireClinicianControls();
            say("Connecting to the waiting room…");
            openSocket();
            return;
          }
          const join = byId("join");
          if (join) {
            join.addEventListener("click", () => {
              join.disabled = true;
              show("precall", false);
              show("waiting", true);
              say("Joining the waiting room…");
              openSocket();
            });
          }
          runPrecall();
        }

        start();
        """#
}
