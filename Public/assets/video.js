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
    show("call-controls", false); // nobody left to admit, mute or send back
    show("call", false);
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
  // "leave" first: someone still holding a connection with this browser from before (its socket to the surgery
  // dropped, say when an instance died, and came back) forgets it, so that the join below starts a fresh one instead
  // of being taken for a join they have answered already.
  send({ type: "leave" });
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

// A pre-call check's line keeps its name ("Camera: Working"), so that each result says what it is about.
function showCheck(item, label, text) {
  if (item) item.textContent = label + ": " + text;
}

async function checkDevice(device, itemId) {
  const item = byId(itemId);
  const label = device.charAt(0).toUpperCase() + device.slice(1);
  showCheck(item, label, "checking…");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    showCheck(item, label, "this browser cannot use a " + device + " here: open your link in an up-to-date browser.");
    return false;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia(device === "camera" ? { video: true } : { audio: true });
    stream.getTracks().forEach((track) => track.stop()); // the call opens it again; no camera light while waiting
    showCheck(item, label, "Working");
    return true;
  } catch (error) {
    showCheck(item, label, mediaAdvice(device, error));
    return false;
  }
}

// Whether this network reaches the STUN/TURN servers: a server-reflexive or relay candidate within 5 s. Without
// any servers configured, a local candidate is all a call can use, and it is enough on the same network.
async function checkNetwork() {
  const item = byId("check-network");
  showCheck(item, "Connection", "checking…");
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
  showCheck(
    item, "Connection",
    found
      ? "Working"
      : "we could not reach the video call servers from this network. The call may not work: try another network " +
        "(for example mobile data instead of Wi-Fi), or the clinician can phone you.");
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
