// A streaming project's page, read from the REST API with the page's session and CSRF token: the
// Launch table (each application of the project's packages, its active instances, a Launch button,
// search), the launch form (which can save its settings as a configuration), the saved
// configurations, the launched applications with Shutdown, Kill and Relaunch (each asked for in
// the console's confirm dialog), refreshed every 2 seconds while one is active, and the packages
// (upload, versions, delete). No framework.
"use strict";

(() => {
  const ACTIVE = new Set(["launching", "running", "restarting", "stopping"]);
  const REFRESH_MS = 2000;

  const { element, show, problemOf, problemText, timeText, durationText, confirmForm } = window.bdpaas;

  const sizeText = (bytes) =>
    bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  const stateBadge = (state) => element("span", state, `run-state run-state-${state}`);
  const propertiesText = (properties) =>
    Object.entries(properties || {}).map(([k, v]) => `${k}=${v}`).join("\n");

  document.addEventListener("DOMContentLoaded", () => {
    const page = document.getElementById("project-page");
    if (page && document.getElementById("stream-launch")) {
      streamingProject(page);
    }
    const appPage = document.getElementById("app-page");
    if (appPage) {
      followApplication(appPage);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // One application's page: its state and events followed live, Shutdown, Kill and Relaunch.

  const followApplication = (page) => {
    const project = page.dataset.projectId;
    const id = page.dataset.appId;
    const api = `/api/v1/projects/${encodeURIComponent(project)}/applications/${encodeURIComponent(id)}`;
    const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };
    let shown = "";

    const post = async (action) => {
      const response = await fetch(`${api}/${action}`, {
        method: "POST",
        headers: { ...csrf, Accept: "application/json", "Content-Type": "application/json" },
        body: "{}",
      });
      if (!response.ok) {
        show("events-error", `${action} refused: ${problemText(await problemOf(response))}`);
        return null;
      }
      show("events-error", "");
      return response.json();
    };

    const renderActions = (app) => {
      const key = `${app.state}/${app.desired}`;
      if (key === shown) {
        return;
      }
      shown = key;
      const actions = document.getElementById("app-actions");
      actions.replaceChildren();
      if (ACTIVE.has(app.state)) {
        if (app.desired === "running") {
          actions.append(confirmForm("Shutdown",
            `Shut ${app.application} (${app.id}) down? A savepoint of its state is taken first, and its next launch can start from it.`,
            "button button-secondary", () => post("shutdown").then(load)), " ");
        }
        if (app.desired !== "killed") {
          actions.append(confirmForm("Kill",
            `Kill ${app.application} (${app.id})? Its job is cancelled without a savepoint.`,
            "button button-danger-ghost", () => post("kill").then(load)));
        }
      } else {
        const relaunch = element("button", "Relaunch", "button button-secondary");
        relaunch.type = "button";
        relaunch.id = "relaunch-app";
        relaunch.addEventListener("click", async () => {
          const again = await post("relaunch");
          if (again) {
            window.location.assign(`/projects/${encodeURIComponent(project)}/applications/${encodeURIComponent(again.id)}`);
          }
        });
        actions.append(relaunch);
      }
    };

    const load = async () => {
      const [appResponse, eventsResponse] = await Promise.all([
        fetch(api, { headers: { Accept: "application/json" } }),
        fetch(`${api}/events?size=200`, { headers: { Accept: "application/json" } }),
      ]);
      if (!appResponse.ok) {
        show("events-error", `The application could not be read: ${problemText(await problemOf(appResponse))}`);
        return null;
      }
      const app = await appResponse.json();
      const badge = document.getElementById("app-state");
      badge.textContent = app.state;
      badge.className = `run-state run-state-${app.state}`;
      document.getElementById("app-state-text").textContent =
        app.desired !== "running" && ACTIVE.has(app.state) ? `${app.state} (${app.desired} asked)` : app.state;
      document.getElementById("app-engine-state").textContent = app.engineState || "—";
      document.getElementById("app-uptime").textContent = durationText(app.uptimeMs);
      document.getElementById("app-started").textContent = timeText(app.startedAt);
      document.getElementById("app-restored").textContent = app.restoredFrom || "no savepoint";
      const message = document.getElementById("app-message");
      message.textContent = app.message || "";
      message.hidden = !app.message;
      document.getElementById("app-refresh-hint").hidden = !ACTIVE.has(app.state);
      document.getElementById("log-level-form").hidden = !ACTIVE.has(app.state) || app.desired !== "running";
      renderActions(app);
      if (eventsResponse.ok) {
        const events = (await eventsResponse.json()).items;
        const list = document.getElementById("event-list");
        list.replaceChildren(...events.map((event) => {
          const item = element("li");
          item.dataset.type = event.type;
          item.append(element("time", timeText(event.time)), element("span", event.type, "event-type"), element("span", event.message));
          return item;
        }));
        document.getElementById("no-events").hidden = events.length > 0;
      }
      return app;
    };

    // ---- Log levels: set while it runs, reset ----------------------------------------------------

    const levelsApi = `${api}/log-levels`;
    const renderLevels = (levels) => {
      const body = document.querySelector("#log-levels-table tbody");
      body.replaceChildren(...levels.map((level) => {
        const row = element("tr");
        row.dataset.logger = level.logger;
        const reset = element("button", "Reset", "button button-small button-secondary");
        reset.type = "button";
        reset.addEventListener("click", () => changeLevel("DELETE", `${levelsApi}/${encodeURIComponent(level.logger)}`));
        row.append(
          element("td", level.logger, "mono"),
          element("td", level.level, "mono"),
          element("td", level.setBy),
          element("td", timeText(level.setAt), "small"),
          element("td", undefined),
        );
        row.lastChild.append(reset);
        return row;
      }));
      document.getElementById("log-levels-table").hidden = levels.length === 0;
      document.getElementById("no-log-levels").hidden = levels.length > 0;
    };
    const loadLevels = async () => {
      const response = await fetch(levelsApi, { headers: { Accept: "application/json" } });
      if (response.ok) {
        renderLevels(await response.json());
      }
    };
    const changeLevel = async (method, url, body) => {
      const response = await fetch(url, {
        method,
        headers: { ...csrf, Accept: "application/json", "Content-Type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) {
        show("log-level-error", `Not changed: ${problemText(await problemOf(response))}`);
        return;
      }
      show("log-level-error", "");
      const changed = await response.json();
      renderLevels(changed.levels);
      const result = document.getElementById("log-level-result");
      result.textContent = changed.appliedTo.length
        ? `Written on ${changed.appliedTo.join(", ")}: in force within ${changed.takesEffectWithinSeconds} s.`
        : "Kept: in force once the cluster's nodes run.";
      result.hidden = false;
      load();
    };
    document.getElementById("log-level-form").addEventListener("submit", (event) => {
      event.preventDefault();
      changeLevel("PUT", levelsApi, {
        logger: document.getElementById("log-level-logger").value.trim(),
        level: document.getElementById("log-level-level").value,
      });
    });
    loadLevels();

    // ---- The monitor: numbers, their history, the graph and where it runs ----------------------

    const number = (value, digits = 0) =>
      value === null || value === undefined
        ? "—"
        : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
    const setText = (id, text) => {
      document.getElementById(id).textContent = text;
    };

    const loadOverview = async () => {
      const response = await fetch(`${api}/overview`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        return;
      }
      const o = await response.json();
      setText("mon-sampled", o.sampledAt ? `Sampled ${timeText(o.sampledAt)}` : "Not sampled yet.");
      setText("mon-processed-rate", number(o.processedPerSecond));
      setText("mon-emitted-rate", number(o.emittedPerSecond));
      setText("mon-processed-total", number(o.processedTotal));
      setText("mon-emitted-total", number(o.emittedTotal));
      setText("mon-latency", o.latencyMs === null ? "—" : `${number(o.latencyMs, 1)} ms`);
      setText("mon-backpressure", o.backpressurePercent === null ? "—" : `${number(o.backpressurePercent, 1)} %`);
      setText("mon-operators", o.sampledAt ? `${o.operators} in ${o.vertices} tasks` : "—");
      setText("mon-taskmanagers", o.sampledAt ? `${o.taskManagers} (${o.slotsTotal - o.slotsAvailable}/${o.slotsTotal} slots used)` : "—");
      setText("mon-memory", o.allocatedMemoryMb ? `${number(o.allocatedMemoryMb)} MB` : "—");
      const c = o.checkpoints || {};
      setText(
        "mon-checkpoints",
        o.sampledAt
          ? `${c.completed} completed, ${c.failed} failed, ${c.restored} restored` +
              (c.lastId ? ` · last #${c.lastId} at ${timeText(c.lastAt)}, ${number(c.lastDurationMs)} ms, ${number(c.lastSizeBytes / 1024, 1)} KB` : "")
          : "—",
      );
    };

    let metricsChart = null;
    const windowChoice = document.getElementById("metrics-window");
    const loadMetrics = async () => {
      const response = await fetch(`${api}/metrics?minutes=${windowChoice.value}`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok || !window.echarts) {
        return;
      }
      const points = (await response.json()).points;
      document.getElementById("no-metrics").hidden = points.length > 0;
      if (!metricsChart) {
        metricsChart = window.echarts.init(document.getElementById("metrics-chart"), null, { renderer: "svg" });
      }
      const series = (name, field) => ({
        name,
        type: "line",
        showSymbol: false,
        data: points.map((p) => [p.t, p[field]]),
      });
      metricsChart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 70, right: 60, top: 30, bottom: 30 },
        xAxis: { type: "time" },
        yAxis: [{ type: "value", name: "records/s" }, { type: "value", name: "ms", splitLine: { show: false } }],
        series: [
          series("processed/s", "processedPerSecond"),
          series("emitted/s", "emittedPerSecond"),
          { ...series("latency (ms)", "latencyMs"), yAxisIndex: 1 },
        ],
      });
    };
    windowChoice.addEventListener("change", loadMetrics);

    let graphChart = null;
    const loadGraph = async () => {
      const response = await fetch(`${api}/graph`, { headers: { Accept: "application/json" } });
      const unavailable = document.getElementById("graph-unavailable");
      if (!response.ok) {
        unavailable.textContent = (await problemOf(response)).message;
        unavailable.hidden = false;
        return;
      }
      unavailable.hidden = true;
      const graph = await response.json();
      drawGraph(graph);
      drawPhysical(graph);
    };

    // Columns by the longest path from a source, rows in order within a column.
    const layout = (graph) => {
      const level = new Map(graph.nodes.map((n) => [n.id, 0]));
      for (let pass = 0; pass < graph.nodes.length; pass++) {
        for (const edge of graph.edges) {
          level.set(edge.target, Math.max(level.get(edge.target) || 0, (level.get(edge.source) || 0) + 1));
        }
      }
      const rows = new Map();
      return graph.nodes.map((node) => {
        const column = level.get(node.id) || 0;
        const row = rows.get(column) || 0;
        rows.set(column, row + 1);
        return { node, x: column * 260, y: row * 110 };
      });
    };

    const drawGraph = (graph) => {
      if (!window.echarts) {
        return;
      }
      if (!graphChart) {
        graphChart = window.echarts.init(document.getElementById("dag-chart"), null, { renderer: "svg" });
      }
      const rate = new Map(graph.edges.map((e) => [`${e.source}>${e.target}`, e.recordsPerSecond]));
      graphChart.setOption({
        animation: false,
        series: [{
          type: "graph",
          layout: "none",
          roam: true,
          symbol: "roundRect",
          symbolSize: [200, 56],
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 10,
          label: { show: true, fontSize: 11, lineHeight: 14 },
          edgeLabel: { show: true, fontSize: 11, formatter: (p) => `${number(p.data.value)} rec/s` },
          itemStyle: { color: "#e6ecfb", borderColor: "#3d5fd8", borderWidth: 1 },
          lineStyle: { color: "#6b7280", width: 2 },
          data: layout(graph).map(({ node, x, y }) => ({
            id: node.id,
            name: node.id,
            x,
            y,
            label: {
              formatter: `${node.operators.map((o) => o.name).join(" → ").slice(0, 60)}\n×${node.parallelism} · ${node.status}`,
            },
          })),
          links: graph.edges.map((e) => ({
            source: e.source,
            target: e.target,
            value: rate.get(`${e.source}>${e.target}`),
          })),
        }],
      });
    };

    const drawPhysical = (graph) => {
      const body = document.querySelector("#physical-table tbody");
      body.replaceChildren(...graph.taskManagers.map((tm) => {
        const row = element("tr");
        row.dataset.taskManager = tm.id;
        row.append(
          element("td", tm.id, "mono small"),
          element("td", tm.host || "—", "mono"),
          element("td", String(tm.slots), "num"),
          element("td", tm.instances.map((i) => `${i.vertexName} #${i.subtask} (${i.status})`).join(", "), "small"),
        );
        return row;
      }));
      document.getElementById("physical-table").hidden = graph.taskManagers.length === 0;
    };

    let ticks = 0;
    const monitor = async (app) => {
      await Promise.all([loadOverview(), ticks % 2 === 0 ? loadMetrics() : null]);
      if (app && (app.state === "running" || app.state === "restarting") && ticks % 2 === 0) {
        await loadGraph();
      }
      ticks++;
    };

    const tick = async () => {
      const app = await load();
      await monitor(app);
      if (app && ACTIVE.has(app.state)) {
        window.setTimeout(tick, REFRESH_MS);
      } else if (app) {
        // One more look a moment later: the events of an ending arrive just after it.
        window.setTimeout(load, REFRESH_MS);
      }
    };
    tick();
  };

  const streamingProject = (page) => {
    const project = page.dataset.projectId;
    const api = `/api/v1/projects/${encodeURIComponent(project)}`;
    const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };
    const appPath = (id) => `/projects/${encodeURIComponent(project)}/applications/${encodeURIComponent(id)}`;
    const state = { packages: [], configs: [], apps: [], savepoints: [] };
    let refresh = null;

    const get = async (path) => {
      const response = await fetch(`${api}${path}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        throw new Error(problemText(await problemOf(response)));
      }
      return response.json();
    };

    const send = (method, path, body) =>
      fetch(`${api}${path}`, {
        method,
        headers: { ...csrf, Accept: "application/json", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const notice = (text, app) => {
      const box = document.getElementById("launch-notice");
      box.replaceChildren(text);
      if (app) {
        const link = element("a", "Open its monitor");
        link.href = appPath(app);
        box.append(" ", link, ".");
      }
      box.hidden = false;
    };

    const activeOf = (predicate) => state.apps.filter((a) => ACTIVE.has(a.state) && predicate(a)).length;

    // ---- Loading -------------------------------------------------------------------------------

    const loadAll = async () => {
      try {
        const [packages, configs, apps, savepoints] = await Promise.all([
          get("/packages?size=500"),
          get("/launch-configs?size=500"),
          get("/applications?size=100"),
          get("/savepoints?size=100"),
        ]);
        state.packages = packages.items;
        state.configs = configs.items;
        state.apps = apps.items;
        state.savepoints = savepoints.items;
        show("launch-error", "");
      } catch (e) {
        show("launch-error", `The streaming applications could not be read: ${e.message}`);
        return;
      }
      document.getElementById("launch-loading").hidden = true;
      renderLaunch();
      renderConfigs();
      renderApps();
      renderPackages();
      fillPackageChoices();
      scheduleRefresh();
    };

    const reloadApps = async () => {
      try {
        const [apps, savepoints] = await Promise.all([
          get("/applications?size=100"),
          get("/savepoints?size=100"),
        ]);
        state.apps = apps.items;
        state.savepoints = savepoints.items;
        show("apps-error", "");
      } catch (e) {
        show("apps-error", `The applications could not be read: ${e.message}`);
      }
      renderLaunch();
      renderConfigs();
      renderApps();
      fillSavepoints();
      scheduleRefresh();
    };

    const scheduleRefresh = () => {
      const active = state.apps.some((a) => ACTIVE.has(a.state));
      document.getElementById("apps-refresh-hint").hidden = !active;
      if (refresh) {
        window.clearTimeout(refresh);
        refresh = null;
      }
      if (active) {
        refresh = window.setTimeout(reloadApps, REFRESH_MS);
      }
    };

    // ---- The Launch table: the newest version of each package, one row per application --------

    const newestVersions = () => {
      const newest = new Map();
      for (const version of state.packages) {
        if (!newest.has(version.name)) {
          newest.set(version.name, version); // the API lists each name's newest version first
        }
      }
      return [...newest.values()];
    };

    const search = document.getElementById("launch-search");
    const matches = (row) => {
      const text = search.value.trim().toLowerCase();
      return !text || row.textContent.toLowerCase().includes(text);
    };
    const filterRows = () => {
      for (const table of ["launch-table", "configs-table", "apps-table"]) {
        for (const row of document.querySelectorAll(`#${table} tbody tr`)) {
          row.hidden = !matches(row);
        }
      }
    };
    search.addEventListener("input", filterRows);

    const renderLaunch = () => {
      const body = document.querySelector("#launch-table tbody");
      body.replaceChildren();
      for (const version of newestVersions()) {
        for (const app of version.applications) {
          const row = element("tr");
          row.dataset.package = version.name;
          row.dataset.application = app.name;
          const name = element("td", undefined, "strong");
          name.append(`${version.name} @ ${version.version}`);
          if (version.preinstalled) {
            name.append(" ", element("span", "demo", "tag"));
          }
          const active = activeOf((a) => a.packageName === version.name && a.application === app.name);
          const actions = element("td", undefined, "actions");
          const launch = element("button", "Launch", "button button-primary button-small launch-app");
          launch.type = "button";
          launch.addEventListener("click", () => openLaunch(version.name, version.version, app.name));
          actions.append(launch);
          row.append(
            element("td", version.owner || "—"),
            name,
            element("td", app.name, "mono"),
            element("td", app.description || "—", "muted small"),
            element("td", String(active), "num active-count"),
            actions,
          );
          body.append(row);
        }
      }
      const any = body.children.length > 0;
      document.getElementById("launch-table").hidden = !any;
      document.getElementById("no-applications-to-launch").hidden = any;
      filterRows();
    };

    // ---- Saved configurations ------------------------------------------------------------------

    const renderConfigs = () => {
      const body = document.querySelector("#configs-table tbody");
      body.replaceChildren();
      for (const config of state.configs) {
        const row = element("tr");
        row.dataset.config = config.name;
        const active = activeOf((a) => a.configName === config.name);
        const actions = element("td", undefined, "actions");
        const launch = element("button", "Launch", "button button-primary button-small launch-config");
        launch.type = "button";
        launch.addEventListener("click", () => launchConfig(config, launch));
        actions.append(launch, " ", confirmForm(
          "Delete",
          `Delete the launch configuration ${config.name}? Applications launched from it go on.`,
          "button button-danger-ghost button-small delete-config",
          async () => {
            const response = await send("DELETE", `/launch-configs/${encodeURIComponent(config.id)}`);
            if (!response.ok) {
              show("configs-error", `${config.name} was not deleted: ${problemText(await problemOf(response))}`);
              return;
            }
            await loadAll();
          },
        ));
        row.append(
          element("td", config.name, "strong"),
          element("td", `${config.packageName} @ ${config.packageVersion || "newest"}`),
          element("td", config.application, "mono"),
          element("td", String(config.settings.parallelism), "num"),
          element("td", propertiesText(config.settings.properties).replaceAll("\n", ", ") || "—", "mono small"),
          element("td", String(active), "num"),
          actions,
        );
        body.append(row);
      }
      document.getElementById("configs-table").hidden = state.configs.length === 0;
      document.getElementById("no-configs").hidden = state.configs.length > 0;
      filterRows();
    };

    const launchConfig = async (config, button) => {
      button.disabled = true;
      try {
        const response = await send("POST", `/launch-configs/${encodeURIComponent(config.id)}/launch`, {});
        if (!response.ok) {
          show("launch-error", `${config.name} was not launched: ${problemText(await problemOf(response))}`);
          return;
        }
        show("launch-error", "");
        const app = await response.json();
        notice(`${config.name} launched as ${app.id}.`, app.id);
        await reloadApps();
      } finally {
        button.disabled = false;
      }
    };

    // ---- Launched applications -----------------------------------------------------------------

    const renderApps = () => {
      const body = document.querySelector("#apps-table tbody");
      body.replaceChildren();
      for (const app of state.apps) {
        const row = element("tr");
        row.dataset.app = app.id;
        row.dataset.state = app.state;
        const id = element("td");
        const link = element("a", app.id, "mono app-link");
        link.href = appPath(app.id);
        id.append(link);
        const stateCell = element("td");
        stateCell.append(stateBadge(app.state));
        const actions = element("td", undefined, "actions");
        if (ACTIVE.has(app.state)) {
          if (app.desired === "running") {
            actions.append(appAction(app, "shutdown", "Shutdown",
              `Shut ${app.application} (${app.id}) down? A savepoint of its state is taken first, and its next launch can start from it.`,
              "button button-secondary button-small shutdown-app"), " ");
          }
          if (app.desired !== "killed") {
            actions.append(appAction(app, "kill", "Kill",
              `Kill ${app.application} (${app.id})? Its job is cancelled without a savepoint: state since its last savepoint is not kept for a relaunch.`,
              "button button-danger-ghost button-small kill-app"));
          }
        } else {
          const relaunch = element("button", "Relaunch", "button button-secondary button-small relaunch-app");
          relaunch.type = "button";
          relaunch.title = "Launch again with the same settings, from its newest savepoint when it has one";
          relaunch.addEventListener("click", async () => {
            relaunch.disabled = true;
            const response = await send("POST", `/applications/${encodeURIComponent(app.id)}/relaunch`, {});
            relaunch.disabled = false;
            if (!response.ok) {
              show("apps-error", `${app.id} was not relaunched: ${problemText(await problemOf(response))}`);
              return;
            }
            const again = await response.json();
            notice(`${app.application} relaunched as ${again.id}${again.restoredFrom ? " from its newest savepoint" : ""}.`, again.id);
            await reloadApps();
          });
          actions.append(relaunch);
        }
        row.append(
          id,
          element("td", app.application, "mono"),
          element("td", `${app.packageName} @ ${app.packageVersion}`),
          stateCell,
          element("td", durationText(app.uptimeMs), "num"),
          element("td", timeText(app.startedAt), "small"),
          element("td", app.message || "", "muted small"),
          actions,
        );
        body.append(row);
      }
      document.getElementById("apps-table").hidden = state.apps.length === 0;
      document.getElementById("no-apps").hidden = state.apps.length > 0;
      filterRows();
    };

    const appAction = (app, action, label, question, className) =>
      confirmForm(label, question, className, async () => {
        const response = await send("POST", `/applications/${encodeURIComponent(app.id)}/${action}`, {});
        if (!response.ok) {
          show("apps-error", `${label} of ${app.id} refused: ${problemText(await problemOf(response))}`);
        } else {
          show("apps-error", "");
        }
        await reloadApps();
      });

    // ---- The launch form -----------------------------------------------------------------------

    const form = document.getElementById("launch-form");
    const packageChoice = document.getElementById("launch-package");
    const versionChoice = document.getElementById("launch-version");
    const appChoice = document.getElementById("launch-application");

    const versionsOf = (name) => state.packages.filter((v) => v.name === name);
    const chosenVersion = () =>
      versionsOf(packageChoice.value).find((v) => v.version === versionChoice.value) || versionsOf(packageChoice.value)[0];

    const option = (value, text) => {
      const made = element("option", text);
      made.value = value;
      return made;
    };

    const fillPackageChoices = () => {
      const current = packageChoice.value;
      packageChoice.replaceChildren(...newestVersions().map((v) => option(v.name, v.name)));
      if (current && versionsOf(current).length) {
        packageChoice.value = current;
      }
      fillVersions();
    };

    const fillVersions = () => {
      const current = versionChoice.value;
      versionChoice.replaceChildren(...versionsOf(packageChoice.value).map((v) => option(v.version, v.version)));
      if (versionsOf(packageChoice.value).some((v) => v.version === current)) {
        versionChoice.value = current;
      }
      fillApplications();
    };

    const fillApplications = () => {
      const version = chosenVersion();
      appChoice.replaceChildren(...(version ? version.applications : []).map((a) => option(a.name, a.name)));
      fillDefaults();
    };

    const fillDefaults = () => {
      const version = chosenVersion();
      const app = version && version.applications.find((a) => a.name === appChoice.value);
      if (app) {
        document.getElementById("launch-parallelism").value = app.parallelism;
        document.getElementById("launch-properties").value = propertiesText(app.properties);
      }
      fillSavepoints();
    };

    const fillSavepoints = () => {
      const choice = document.getElementById("launch-savepoint");
      const current = choice.value;
      const mine = state.savepoints.filter(
        (s) => s.packageName === packageChoice.value && s.application === appChoice.value,
      );
      choice.replaceChildren(
        option("none", "no savepoint (fresh state)"),
        ...(mine.length ? [option("latest", `its newest savepoint (${timeText(mine[0].createdAt)})`)] : []),
        ...mine.map((s) => option(s.id, `savepoint ${s.id} of ${s.appId}, ${timeText(s.createdAt)}`)),
      );
      if ([...choice.options].some((o) => o.value === current)) {
        choice.value = current;
      }
    };

    packageChoice.addEventListener("change", fillVersions);
    versionChoice.addEventListener("change", fillApplications);
    appChoice.addEventListener("change", fillDefaults);

    const openLaunch = (name, version, application) => {
      packageChoice.value = name;
      fillVersions();
      versionChoice.value = version;
      fillApplications();
      appChoice.value = application;
      fillDefaults();
      const editor = document.getElementById("launch-editor");
      editor.open = true;
      editor.scrollIntoView({ block: "start" });
      document.getElementById("launch-parallelism").focus();
    };

    const lines = (id) =>
      document.getElementById(id).value.split("\n").map((l) => l.trim()).filter((l) => l !== "");

    /** The form as a request, or null with the unreadable lines named. */
    const formRequest = () => {
      const properties = {};
      const unreadable = [];
      for (const line of lines("launch-properties")) {
        const at = line.indexOf("=");
        if (at <= 0) {
          unreadable.push({ field: "properties", message: `'${line}' is not name=value` });
        } else {
          properties[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
      }
      const parallelism = Number.parseInt(document.getElementById("launch-parallelism").value, 10);
      return {
        unreadable,
        request: {
          packageName: packageChoice.value,
          packageVersion: versionChoice.value,
          application: appChoice.value,
          parallelism: Number.isNaN(parallelism) ? null : parallelism,
          arguments: lines("launch-arguments"),
          properties,
        },
      };
    };

    const showFormProblems = (problems) => {
      const box = document.getElementById("launch-errors");
      const others = document.getElementById("launch-other-errors");
      form.querySelectorAll(".invalid").forEach((f) => f.classList.remove("invalid"));
      form.querySelectorAll(".field-error").forEach((e) => e.remove());
      others.replaceChildren();
      for (const problem of problems) {
        const field = form.querySelector(`[data-field='${problem.field.split(/[.[]/)[0]}']`);
        if (field) {
          field.classList.add("invalid");
          field.closest(".field").append(element("span", problem.message, "field-error"));
        } else {
          others.append(element("li", `${problem.field}: ${problem.message}`));
        }
      }
      box.hidden = problems.length === 0;
    };

    const saveConfig = async (request, name) => {
      const response = await send("POST", "/launch-configs", { ...request, name });
      if (!response.ok) {
        const problem = await problemOf(response);
        showFormProblems(problem.problems.length ? problem.problems : [{ field: "name", message: problem.message }]);
        return false;
      }
      return true;
    };

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { unreadable, request } = formRequest();
      if (unreadable.length) {
        showFormProblems(unreadable);
        return;
      }
      const name = document.getElementById("launch-config-name").value.trim();
      const submit = document.getElementById("launch-submit");
      submit.disabled = true;
      try {
        if (name && !(await saveConfig(request, name))) {
          return;
        }
        const response = await send("POST", "/applications", {
          ...request,
          savepoint: document.getElementById("launch-savepoint").value,
        });
        if (!response.ok) {
          const problem = await problemOf(response);
          showFormProblems(problem.problems.length ? problem.problems : [{ field: "", message: problem.message }]);
          return;
        }
        showFormProblems([]);
        const app = await response.json();
        notice(`${app.application} of ${app.packageName} ${app.packageVersion} launched as ${app.id}${name ? `, and saved as ${name}` : ""}.`, app.id);
        document.getElementById("launch-config-name").value = "";
        document.getElementById("launch-editor").open = false;
        await loadAll();
      } finally {
        submit.disabled = false;
      }
    });

    document.getElementById("save-config").addEventListener("click", async () => {
      const { unreadable, request } = formRequest();
      const name = document.getElementById("launch-config-name").value.trim();
      if (unreadable.length || !name) {
        showFormProblems(unreadable.length ? unreadable : [{ field: "name", message: "give the configuration a name" }]);
        return;
      }
      if (await saveConfig(request, name)) {
        showFormProblems([]);
        notice(`Configuration ${name} saved.`);
        document.getElementById("launch-config-name").value = "";
        await loadAll();
      }
    });

    // ---- Packages ------------------------------------------------------------------------------

    const renderPackages = () => {
      const body = document.querySelector("#packages-table tbody");
      body.replaceChildren();
      for (const version of state.packages) {
        const row = element("tr");
        row.dataset.package = version.name;
        row.dataset.version = version.version;
        const name = element("td", version.name, "strong");
        if (version.preinstalled) {
          name.append(" ", element("span", "demo", "tag"));
        }
        const actions = element("td", undefined, "actions");
        actions.append(confirmForm(
          "Delete",
          `Delete version ${version.version} of package ${version.name}? Its jar is removed; applications running from it must be shut down first.`,
          "button button-danger-ghost button-small delete-package",
          async () => {
            const response = await send("DELETE", `/packages/${encodeURIComponent(version.id)}`);
            if (!response.ok) {
              show("packages-error", `${version.name} ${version.version} was not deleted: ${problemText(await problemOf(response))}`);
              return;
            }
            show("packages-error", "");
            await loadAll();
          },
        ));
        row.append(
          name,
          element("td", version.version, "mono"),
          element("td", version.applications.map((a) => a.name).join(", "), "mono small"),
          element("td", sizeText(version.sizeBytes), "num"),
          element("td", timeText(version.createdAt), "small"),
          actions,
        );
        body.append(row);
      }
      document.getElementById("packages-table").hidden = state.packages.length === 0;
      const names = new Set(state.packages.map((v) => v.name)).size;
      document.getElementById("packages-count").textContent =
        `${names} ${names === 1 ? "package" : "packages"}, ${state.packages.length} ${state.packages.length === 1 ? "version" : "versions"}`;
    };

    document.getElementById("package-upload-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = document.getElementById("package-input");
      const progress = document.getElementById("package-upload-progress");
      const file = input.files[0];
      if (!file) {
        show("packages-error", "Choose a jar to upload first.");
        return;
      }
      const version = document.getElementById("package-version-input").value.trim();
      const button = document.getElementById("upload-package");
      button.disabled = true;
      progress.hidden = false;
      progress.textContent = `Uploading ${file.name} (${sizeText(file.size)})…`;
      try {
        const response = await fetch(
          `${api}/packages/${encodeURIComponent(file.name)}${version ? `?version=${encodeURIComponent(version)}` : ""}`,
          { method: "PUT", headers: { ...csrf, Accept: "application/json" }, body: file },
        );
        if (!response.ok) {
          progress.hidden = true;
          show("packages-error", `${file.name} was not uploaded: ${problemText(await problemOf(response))}`);
          return;
        }
        const stored = await response.json();
        show("packages-error", "");
        progress.textContent = `${file.name} uploaded as ${stored.name} ${stored.version}: ${stored.applications.map((a) => a.name).join(", ")}.`;
        input.value = "";
        document.getElementById("package-version-input").value = "";
        await loadAll();
      } finally {
        button.disabled = false;
      }
    });

    loadAll();
  };
})();
