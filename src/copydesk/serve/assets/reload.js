// copydesk preview: reload this tab when a newer build is published.
(() => {
  "use strict";
  const build = Number(document.currentScript.dataset.build);
  const events = new EventSource("/__copydesk/events");
  events.onmessage = (event) => {
    // Only a newer build: a page served just before the stream's number moved is ahead of it.
    if (Number(event.data) > build) {
      events.close();
      location.reload();
    }
  };
  // Closing the stream before the page goes away keeps the browser from reporting it aborted.
  addEventListener("pagehide", () => events.close());
})();
