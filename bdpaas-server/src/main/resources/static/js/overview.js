// The overview page: /api/v1/overview read every 5 seconds and drawn into the page's numbers,
// the applications table and the warnings list (each linking to where it happened).
"use strict";

(() => {
  const REFRESH_MS = 5000;
  const { element, show, problemOf, problemText, timeText } = window.bdpaas;
  const PHASES = ["pending", "running", "finished", "failed", "killed"];

  const number = (value, digits = 0) =>
    value === null || value === undefined ? "—" : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
  const memory = (mb) => (mb >= 1024 ? `${number(mb / 1024, 1)} GB` : `${number(mb)} MB`);
  const text = (id, value) => {
    document.getElementById(id).textContent = value;
  };

  const draw = (overview) => {
    const r = overview.resources;
    text("ov-cores-used", number(r.usedCores, 2));
    text("ov-cores-peak", `peak ${number(r.peakCores, 2)}`);
    text("ov-cores-allocated", number(r.allocatedCores, 1));
    text("ov-cores-capacity", `of ${number(r.capacityCores, 1)} (${r.capacityOf})`);
    text("ov-memory-used", memory(r.usedMemoryMb));
    text("ov-memory-peak", `peak ${memory(r.peakMemoryMb)}`);
    text("ov-memory-allocated", memory(r.allocatedMemoryMb));
    text("ov-memory-capacity", `of ${memory(r.capacityMemoryMb)} (${r.capacityOf})`);
    text("ov-clusters", number(r.clusters));
    text("ov-peak-since", `In use: measured every 5 seconds. Peaks since ${timeText(r.peakSince)}.`);
    text("ov-nodes", number(overview.nodes.total));
    text("ov-nodes-states", Object.entries(overview.nodes.byState).map(([s, n]) => `${n} ${s}`).join(", "));
    text("ov-connect", number(overview.nodes.connectSessions));

    const body = document.querySelector("#ov-applications tbody");
    body.replaceChildren(...Object.entries(overview.applications).map(([type, phases]) => {
      const row = element("tr");
      row.dataset.type = type;
      row.append(element("td", type));
      for (const phase of PHASES) {
        const cell = element("td", undefined, "num");
        cell.dataset.phase = phase;
        const link = element("a", number(phases[phase]));
        link.href = `/applications?type=${type}&phase=${phase}`;
        cell.append(link);
        row.append(cell);
      }
      return row;
    }));

    text("ov-stream-apps", number(overview.streaming.applications));
    text("ov-stream-operators", number(overview.streaming.operators));
    text("ov-stream-processed", number(overview.streaming.processedPerSecond));
    text("ov-stream-emitted", number(overview.streaming.emittedPerSecond));

    const list = document.getElementById("ov-warnings");
    list.replaceChildren(...overview.warnings.map((warning) => {
      const item = element("li");
      item.dataset.type = warning.type;
      item.className = `severity-${warning.severity}`;
      const where = element("a", warning.resource);
      where.href = warning.link;
      item.append(element("time", timeText(warning.time)), element("span", warning.severity, "event-type"), where, " ", element("span", warning.message));
      return item;
    }));
    document.getElementById("ov-no-warnings").hidden = overview.warnings.length > 0;
    text("overview-updated", `Updated ${new Date(overview.at).toLocaleTimeString()}`);
  };

  const load = async () => {
    try {
      const response = await fetch("/api/v1/overview", { headers: { Accept: "application/json" } });
      if (!response.ok) {
        show("overview-error", `The overview could not be read: ${problemText(await problemOf(response))}`);
        return;
      }
      show("overview-error", "");
      draw(await response.json());
    } finally {
      window.setTimeout(load, REFRESH_MS);
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (document.getElementById("overview-page")) {
      load();
    }
  });
})();
