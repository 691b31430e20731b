// The administrators' Tenants and health page: /api/v1/admin/tenants and /api/v1/admin/health read
// every 5 seconds and drawn into its tables and numbers.
"use strict";

(() => {
  const REFRESH_MS = 5000;
  const { element, show, problemOf, problemText, durationText } = window.bdpaas;
  const number = (value, digits = 0) =>
    value === null || value === undefined ? "—" : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
  const memory = (mb) => (mb >= 1024 ? `${number(mb / 1024, 1)} GB` : `${number(mb)} MB`);
  const bytes = (b) => (b >= 1073741824 ? `${number(b / 1073741824, 1)} GB` : b >= 1048576 ? `${number(b / 1048576, 1)} MB` : `${number(b / 1024, 1)} KB`);

  const drawTenants = (page) => {
    document.querySelector("#tenants-table tbody").replaceChildren(...page.items.map((t) => {
      const row = element("tr");
      row.dataset.user = t.username;
      const user = element("td");
      user.append(element("span", t.username, "strong"), " ", element("span", t.role, "muted small"));
      if (!t.enabled) {
        user.append(" ", element("span", "disabled", "tag"));
      }
      row.append(
        user,
        element("td", `${t.projects} (${t.runningProjects} running)`, "num"),
        element("td", number(t.clusters), "num"),
        element("td", number(t.nodes), "num"),
        element("td", number(t.usedCores, 2), "num"),
        element("td", `${number(t.allocatedCores, 1)} / ${t.quotaCores}`, "num"),
        element("td", memory(t.usedMemoryMb), "num"),
        element("td", `${memory(t.allocatedMemoryMb)} / ${memory(t.quotaMemoryMb)}`, "num"),
        element("td", bytes(t.storageBytes), "num"),
      );
      return row;
    }));
  };

  const drawHealth = (health) => {
    const set = (id, text) => {
      document.getElementById(id).textContent = text;
    };
    set("health-heap", `${memory(health.jvm.heapUsedBytes / 1048576)} of ${memory(health.jvm.heapMaxBytes / 1048576)}`);
    set("health-cpu", health.jvm.processCpuPercent < 0 ? "—" : `${number(health.jvm.processCpuPercent, 1)} %`);
    set("health-threads", number(health.jvm.threads));
    set("health-uptime", durationText(health.jvm.uptimeSeconds * 1000));
    set("health-db", health.database.reachable ? `${number(health.database.roundTripMillis, 2)} ms` : `unreachable (${health.database.error})`);
    set("health-pool", health.database.activeConnections === null ? "" :
      `${health.database.activeConnections} active, ${health.database.idleConnections} idle, ${health.database.waitingForConnection} waiting`);
    document.querySelector("#reconcilers-table tbody").replaceChildren(...health.reconcilers.map((k) => {
      const row = element("tr");
      row.dataset.kind = k.kind;
      const slowest = k.slowestRecent
        ? `${k.slowestRecent.resource}: ${number(k.slowestRecent.tookMillis)} ms`
        : "—";
      row.append(
        element("td", k.kind, "mono"),
        element("td", number(k.queued), "num"),
        element("td", number(k.stepping), "num"),
        element("td", number(k.waiting), "num"),
        element("td", number(k.failing), "num"),
        element("td", slowest, "mono small"),
      );
      return row;
    }));
  };

  const load = async () => {
    try {
      const [tenants, health] = await Promise.all([
        fetch("/api/v1/admin/tenants?size=500", { headers: { Accept: "application/json" } }),
        fetch("/api/v1/admin/health", { headers: { Accept: "application/json" } }),
      ]);
      for (const response of [tenants, health]) {
        if (!response.ok) {
          show("tenants-error", `Not read: ${problemText(await problemOf(response))}`);
          return;
        }
      }
      show("tenants-error", "");
      drawTenants(await tenants.json());
      drawHealth(await health.json());
      document.getElementById("tenants-updated").textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } finally {
      window.setTimeout(load, REFRESH_MS);
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (document.getElementById("tenants-page")) {
      load();
    }
  });
})();
