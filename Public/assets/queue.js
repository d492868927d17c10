// The triage queue page: listens for the queue's events (the URL in data-events), fetches the results fragment, swaps
// it in and tells screen readers.
const results = document.getElementById("queue-results");
const status = document.getElementById("queue-live");
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
  // A stream the browser gave up on (the server answered an error while the database was away, say) is opened
  // again after a pause that grows to half a minute; once open again, the results are fetched afresh, so that
  // nothing that arrived in the gap is missed.
  let retryDelay = 1000;
  let ended = false;
  let opened = false;
  const listen = () => {
    const events = new EventSource(results.dataset.events);
    events.addEventListener("queue", refresh);
    // The sign-in or the engagement behind the stream ended: stop listening, and say why.
    events.addEventListener("ended", (message) => {
      ended = true;
      events.close();
      document.documentElement.dataset.queueLive = "ended";
      if (status) status.textContent = message.data;
    });
    events.addEventListener("open", () => {
      document.documentElement.dataset.queueLive = "open";
      retryDelay = 1000;
      if (opened) refresh();
      opened = true;
    });
    events.addEventListener("error", () => {
      if (ended) return;
      document.documentElement.dataset.queueLive = "reconnecting";
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(listen, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
  };
  document.documentElement.dataset.queueLive = "connected";
  listen();
}
