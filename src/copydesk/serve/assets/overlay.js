// copydesk preview: this page's findings in a panel of its own (shadow DOM, so the page's
// CSS and the panel's never meet). Clicking a finding marks the text it concerns.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("copydesk-preview-data").textContent);
  const SEVERITIES = ["error", "warning", "info"];
  const MARK = "data-copydesk-highlight";
  const MARK_STYLE = "background:#ffe066;color:inherit;outline:2px solid #f08c00;" +
    "outline-offset:1px;border-radius:2px";

  const host = document.createElement("div");
  host.id = "copydesk-overlay";
  // The page's own rules could reach the host element (``body > div``); inline wins.
  host.setAttribute("style", "all: initial !important");
  const root = host.attachShadow({ mode: "open" });

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 || word === "info" ? "" : "s"}`;
  }

  // --- finding the text on the page -------------------------------------------------------

  function textNodes() {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        // The panel's own text is in its shadow root, out of the walker's reach.
        const parent = node.parentElement;
        return !parent || parent.closest("script, style, noscript, template, title")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  // The page's text with each run of white space as one space, and for every character
  // the text node and offset it came from.
  function flatten() {
    const chars = [];
    const places = [];
    let space = true;
    for (const node of textNodes()) {
      const value = node.nodeValue;
      for (let i = 0; i < value.length; i++) {
        const blank = /\s/.test(value[i]);
        if (blank && space) continue;
        chars.push(blank ? " " : value[i]);
        places.push([node, i]);
        space = blank;
      }
    }
    return { text: chars.join(""), places };
  }

  function squash(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // Source text as a reader sees it: no Markdown link targets or emphasis marks.
  function plain(text) {
    return squash(text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, ""));
  }

  // What to look for: the excerpt as it is, then as plain text, then its first words (a
  // sentence the source wrote with markup inside is cut by it on the page).
  function needles(excerpt) {
    const words = plain(excerpt).split(" ");
    return [squash(excerpt), plain(excerpt), words.slice(0, 8).join(" "),
      words.slice(0, 4).join(" ")].filter((needle) => needle.length >= 3);
  }

  function sharedLength(first, second, fromEnd) {
    let count = 0;
    while (count < first.length && count < second.length) {
      const a = fromEnd ? first[first.length - 1 - count] : first[count];
      const b = fromEnd ? second[second.length - 1 - count] : second[count];
      if (a !== b) break;
      count++;
    }
    return count;
  }

  // Where ``needle`` is in ``text``: when it is there more than once, the place whose
  // neighbouring text agrees best with the finding's line.
  function bestMatch(text, needle, finding) {
    const before = plain(finding.before);
    const after = plain(finding.after);
    let best = -1;
    let bestScore = -1;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const score = sharedLength(text.slice(Math.max(at - before.length - 1, 0), at).trim(),
        before, true) + sharedLength(text.slice(at + needle.length).trim(), after, false);
      if (score > bestScore) [best, bestScore] = [at, score];
    }
    return best;
  }

  function clearMarks() {
    for (const mark of document.querySelectorAll(`mark[${MARK}]`)) {
      const parent = mark.parentNode;
      mark.replaceWith(...mark.childNodes);
      parent.normalize();
    }
  }

  function markRange(places, start, end) {
    const segments = new Map();
    for (let i = start; i < end; i++) {
      const [node, offset] = places[i];
      const segment = segments.get(node) || [offset, offset + 1];
      segments.set(node, [Math.min(segment[0], offset), Math.max(segment[1], offset + 1)]);
    }
    const marks = [];
    for (const [node, [from, to]] of segments) {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      const mark = document.createElement("mark");
      mark.setAttribute(MARK, "");
      mark.style.cssText = MARK_STYLE;
      range.surroundContents(mark);
      marks.push(mark);
    }
    return marks;
  }

  function highlight(finding) {
    clearMarks();
    if (!finding.text) return false;
    const { text, places } = flatten();
    for (const needle of needles(finding.text)) {
      const start = bestMatch(text, needle, finding);
      if (start < 0) continue;
      const marks = markRange(places, start, start + needle.length);
      for (let open = marks[0].parentElement; open; open = open.parentElement) {
        if (open.tagName === "DETAILS") open.open = true;
      }
      marks[0].scrollIntoView({ block: "center" });
      return true;
    }
    return false;
  }

  // --- the panel ---------------------------------------------------------------------------

  function counts() {
    const tally = SEVERITIES.map((severity) =>
      [severity, data.findings.filter((finding) => finding.severity === severity).length]);
    const line = element("span", "counts");
    for (const [severity, count] of tally) {
      line.append(element("span", `count ${severity}`, plural(count, severity)));
    }
    return line;
  }

  function findingItem(finding) {
    const item = element("li");
    const button = element("button", `finding ${finding.severity}`);
    button.type = "button";
    button.append(element("span", "code", finding.code), element("span", "message",
      finding.message), element("span", "where", finding.where));
    const note = element("span", "note");
    button.append(note);
    button.addEventListener("click", () => {
      for (const current of root.querySelectorAll(".finding.current")) {
        current.classList.remove("current");
      }
      button.classList.add("current");
      note.textContent = highlight(finding) ? "" : "not found in the page's text";
    });
    item.append(button);
    return item;
  }

  function panel() {
    const details = element("details", "panel");
    const summary = element("summary");
    summary.append(element("span", "brand", "copydesk"));
    if (data.draft) summary.append(element("span", "badge draft", "Draft"));
    summary.append(counts());
    details.append(summary);
    const body = element("div", "body");
    if (data.source) body.append(element("p", "source", `source: ${data.source}`));
    if (data.findings.length === 0) {
      body.append(element("p", "empty", "No findings on this page."));
    } else {
      const list = element("ol", "findings");
      for (const finding of data.findings) list.append(findingItem(finding));
      body.append(list);
    }
    details.append(body);
    return details;
  }

  const style = element("link");
  style.rel = "stylesheet";
  style.href = "/__copydesk/overlay.css";
  const shown = panel();
  shown.style.display = "none"; // until styled: no flash of a bare list at the page's end
  style.addEventListener("load", () => shown.style.removeProperty("display"));
  root.append(style, shown);
  document.body.append(host);
})();
