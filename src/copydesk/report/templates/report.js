"use strict";
// Filters: a finding shows when its severity is ticked and it matches the chosen rule.
// Counts follow: per file, per severity (under the chosen rule), and the total shown.
(() => {
  const findings = [...document.querySelectorAll("li.finding")];
  const severityBoxes = [...document.querySelectorAll('input[name="severity"]')];
  const ruleSelect = document.getElementById("rule-filter");
  if (ruleSelect === null) {
    return; // a clean report has nothing to filter
  }
  const update = () => {
    const ticked = new Set(severityBoxes.filter((box) => box.checked).map((box) => box.value));
    const rule = ruleSelect.value;
    const bySeverity = new Map();
    let visible = 0;
    for (const item of findings) {
      const severity = item.dataset.severity;
      const ruleMatches = rule === "" || item.dataset.code === rule;
      if (ruleMatches) {
        bySeverity.set(severity, (bySeverity.get(severity) || 0) + 1);
      }
      item.hidden = !(ruleMatches && ticked.has(severity));
      visible += item.hidden ? 0 : 1;
    }
    for (const group of document.querySelectorAll("section.file")) {
      const count = group.querySelectorAll("li.finding:not([hidden])").length;
      group.hidden = count === 0;
      group.querySelector(".file-count").textContent = String(count);
    }
    for (const counter of document.querySelectorAll("[data-severity-count]")) {
      counter.textContent = String(bySeverity.get(counter.dataset.severityCount) || 0);
    }
    document.getElementById("visible-count").textContent = String(visible);
  };
  severityBoxes.forEach((box) => box.addEventListener("change", update));
  ruleSelect.addEventListener("change", update);
  update(); // the browser may restore ticks and a choice from before a reload
})();
