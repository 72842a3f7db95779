// copydesk preview: reload this tab when a newer build is published.
(() => {
  "use strict";
  const build = Number(document.currentScript.dataset.build);
  const events = new EventSource(`/__copydesk/events?build=${build}`);
  let newer = false;
  // Only a newer build: a page served just before the stream's number moved is ahead of it.
  events.onmessage = (event) => { newer = Number(event.data) > build; };
  // The server ends the stream after the event; reloading then aborts no live request.
  events.onerror = () => {
    if (newer) {
      events.close();
      location.reload();
    }
  };
})();
