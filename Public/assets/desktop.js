// The desktop page: follows the person's status live, and on a seat runs Debian's noVNC (from the page's data-novnc)
// over the gateway.
const root = document.getElementById("desktop");
const statusLine = document.getElementById("desktop-status");
const say = (text) => { if (statusLine) statusLine.textContent = text; };
// Once the person submits a form (sign out, take the seat) or leaves, the page no longer reloads itself.
let leaving = false;
document.addEventListener("submit", (event) => { if (event.target.id !== "windows-sign-in") leaving = true; });
window.addEventListener("pagehide", () => { leaving = true; });
const reload = (url) => { if (!leaving) { leaving = true; window.location.replace(url || window.location.pathname); } };

// Live status: reload when the state changes (waiting -> offered -> seat); update the place in line in place.
if (root && window.EventSource) {
  const events = new EventSource(root.dataset.events);
  events.addEventListener("status", (message) => {
    const status = JSON.parse(message.data);
    if (status.state !== root.dataset.state) {
      events.close();
      reload();
      return;
    }
    if (status.state === "waiting") {
      const place = document.getElementById("waiting-place");
      const estimate = document.getElementById("waiting-estimate");
      if (place) place.textContent = String(status.place);
      if (estimate) estimate.textContent = status.wait;
    }
  });
  events.addEventListener("notice", (message) => {
    if (message.data === "host-failed") {
      events.close();
      reload(window.location.pathname + "?notice=host-failed");
    } else if (message.data === "idle-warning") {
      say("People are waiting for a seat and this desktop has had no use for a while. Use it, or it will be disconnected.");
    }
  });
  // The sign-in or the engagement behind the page ended: stop listening, and say why.
  events.addEventListener("ended", (message) => { events.close(); say(message.data); });
}

const screen = document.getElementById("desktop-screen");
if (root && screen && root.dataset.state === "seat") {
  const { default: RFB } = await import(root.dataset.novnc + "/core/rfb.js");
  let attempts = 0;
  let rfb = null;
  // Windows credentials for an RDP seat, when the person gave them: in this page's memory only, sent with each ticket.
  let windows = null;

  const ticket = async () => {
    const body = new URLSearchParams({ csrf: root.dataset.csrf });
    if (windows) {
      body.set("windowsUser", windows.user);
      body.set("windowsDomain", windows.domain);
      body.set("windowsPassword", windows.password);
    }
    const response = await fetch(root.dataset.ticket, { method: "POST", body, credentials: "same-origin" });
    if (response.status === 409) { reload(); return null; }
    if (!response.ok) throw new Error("The desktop could not be opened (" + response.status + ").");
    return response.json();
  };

  const connect = async () => {
    say(attempts === 0 ? "Connecting…" : "Reconnecting…");
    let granted;
    try { granted = await ticket(); } catch (error) { say(error.message); return retry(); }
    if (!granted) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + window.location.host + granted.path);
    socket.binaryType = "arraybuffer";
    let refusal = null;
    socket.addEventListener("close", (event) => { if (event.code >= 4000) refusal = event; });
    rfb = new RFB(screen, socket, {});
    rfb.scaleViewport = true;
    rfb.focusOnClick = false;  // the viewer takes the keyboard itself, below, without scrolling the page
    rfb.addEventListener("connect", () => { attempts = 0; say("Connected"); });
    // Only what the pool's clipboard policy lets through reaches these: the gateway drops the rest on the wire.
    rfb.addEventListener("clipboard", (event) => {
      const from = document.getElementById("desktop-clipboard-from");
      if (from) from.value = event.detail.text;
    });
    rfb.addEventListener("disconnect", () => {
      rfb = null;
      if (leaving) return;
      if (refusal && refusal.code === 4409) { reload(); return; }
      // Windows ended the connection (credentials refused, or the person signed out of Windows): next, its own screen.
      if (refusal && refusal.code === 4502) windows = null;
      if (refusal && refusal.code < 4500) { say(refusal.reason); return; }
      say((refusal ? refusal.reason : "The connection dropped.") + " Reconnecting…");
      retry();
    });
  };

  // After a drop: try again after 1, 2, 4, 8 and 16 seconds, then stop and say so.
  const retry = () => {
    attempts += 1;
    if (attempts > 5) { say("The desktop could not be reached. Reload the page to try again."); return; }
    setTimeout(connect, 1000 * 2 ** (attempts - 1));
  };

  // A press on the desktop gives it the keyboard. noVNC's own focusing (focusOnClick) scrolls a desktop taller than
  // the window into view between the button's press and its release, so the desktop would get the press at one place
  // and the release at another: a drag, which on a sign-in screen moves the focus off its password box. Capture phase:
  // noVNC stops these events at the canvas.
  const takeKeyboard = () => screen.querySelector("canvas")?.focus({ preventScroll: true });
  screen.addEventListener("mousedown", takeKeyboard, true);
  screen.addEventListener("touchstart", takeKeyboard, { capture: true, passive: true });

  document.getElementById("desktop-clipboard-send")?.addEventListener("click", () => {
    const to = document.getElementById("desktop-clipboard-to");
    if (rfb && to) rfb.clipboardPasteFrom(to.value);
  });
  document.getElementById("desktop-fullscreen")?.addEventListener("click", () => {
    if (screen.requestFullscreen) screen.requestFullscreen();
  });
  // An RDP seat of a pool that passes credentials: connect once the person gives them or chooses the Windows screen.
  const signIn = document.getElementById("windows-sign-in");
  if (signIn) {
    say("Sign in to Windows below, or use the Windows sign-in screen.");
    const start = () => { signIn.hidden = true; connect(); };
    signIn.addEventListener("submit", (event) => {
      event.preventDefault();
      const field = (id) => document.getElementById(id);
      const user = field("windows-user").value.trim();
      const password = field("windows-password").value;
      if (!user || !password) { say("Give your Windows user name and password, or use the Windows sign-in screen."); return; }
      windows = { user, domain: field("windows-domain").value.trim(), password };
      field("windows-password").value = "";
      start();
    });
    document.getElementById("windows-screen").addEventListener("click", start);
    signIn.hidden = false;
  } else {
    connect();
  }
}
