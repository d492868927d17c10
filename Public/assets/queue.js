// The triage queue page: listens for the queue's events (the URL in data-events), fetches the results fragment, swaps
// it in and tells screen readers.
const results = document.getElementById("queue-results");
const status = document.getElementById("queue-live");
// The banner saying live updates have stopped: shown while the connection is down, hidden when it comes back.
const stopped = document.getElementById("queue-stopped");
const showStopped = (shown) => {
  if (stopped) stopped.hidden = !shown;
};
if (results && window.EventSource) {
  let pending = false;
  let again = false;
  const refresh = async () => {
    if (pending) { again = true; return; }
    pending = true;
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("fragment", "results");
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) {
        results.innerHTML = await response.text();
        if (status) status.textContent = "Queue updated at " + new Date().toLocaleTimeString("en-GB");
      }
    } finally {
      pending = false;
      if (again) { again = false; refresh(); }
    }
  };
  // The browser retries a dropped connection by itself, but gives up when the server answers with an error (while
  // its database is away, say): then the stream is opened again after a pause that grows to half a minute. Once open
  // again the list is fetched afresh, so that nothing that arrived in the gap is missed; the banner shows meanwhile.
  let retryDelay = 1000;
  const listen = () => {
    const events = new EventSource(results.dataset.events);
    events.addEventListener("queue", refresh);
    // The sign-in or the engagement behind the stream ended: stop listening, and say why.
    events.addEventListener("ended", (message) => {
      events.close();
      document.documentElement.dataset.queueLive = "ended";
      if (status) status.textContent = message.data;
      showStopped(true);
    });
    events.addEventListener("error", () => {
      if (document.documentElement.dataset.queueLive === "ended") return;
      document.documentElement.dataset.queueLive = "stopped";
      showStopped(true);
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(listen, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
    events.addEventListener("open", () => {
      const wasStopped = document.documentElement.dataset.queueLive === "stopped";
      document.documentElement.dataset.queueLive = "open";
      retryDelay = 1000;
      showStopped(false);
      if (wasStopped) refresh();
    });
  };
  document.documentElement.dataset.queueLive = "connected";
  listen();
}
