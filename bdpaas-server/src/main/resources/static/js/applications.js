// The all-applications page: every Spark job run and streaming application the reader may see (an
// admin: every user's), read from /api/v1/applications with filters, search, sorting and paging,
// refreshed every 5 seconds, with Kill (asked for in the console's confirm dialog) on active ones.
"use strict";

(() => {
  const REFRESH_MS = 5000;
  const PAGE_SIZE = 50;
  const { element, show, problemOf, problemText, timeText, durationText, confirmForm } = window.bdpaas;

  document.addEventListener("DOMContentLoaded", () => {
    const page = document.getElementById("applications-page");
    if (!page) {
      return;
    }
    const admin = page.dataset.admin === "true";
    const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };
    const view = { page: 0, sort: "submitted", order: "desc" };
    // Filters can come in the address (the overview's links do that).
    const given = new URLSearchParams(window.location.search);
    for (const [name, id] of [["type", "filter-type"], ["phase", "filter-phase"], ["user", "filter-user"], ["q", "filter-q"]]) {
      const input = document.getElementById(id);
      if (input && given.get(name)) {
        input.value = given.get(name);
      }
    }
    let refresh = null;
    let searchTimer = null;

    const query = () => {
      const params = new URLSearchParams({ page: view.page, size: PAGE_SIZE, sort: view.sort, order: view.order });
      for (const [name, id] of [["type", "filter-type"], ["phase", "filter-phase"], ["user", "filter-user"], ["q", "filter-q"]]) {
        const input = document.getElementById(id);
        if (input && input.value.trim()) {
          params.set(name, input.value.trim());
        }
      }
      return params;
    };

    const kill = async (app) => {
      const response = await fetch(`/api/v1/applications/${encodeURIComponent(app.id)}/kill`, {
        method: "POST",
        headers: { ...csrf, Accept: "application/json" },
      });
      show("applications-error", response.ok ? "" : `${app.id} was not killed: ${problemText(await problemOf(response))}`);
      await load();
    };

    const memoryText = (mb) => (mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`);

    const progressCell = (percent) => {
      const cell = element("td", undefined, "app-progress small");
      if (percent == null) {
        cell.textContent = "—";
        return cell;
      }
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = percent;
      cell.append(bar, element("span", ` ${percent}%`, "num"));
      return cell;
    };

    const row = (app) => {
      const tr = element("tr");
      tr.dataset.app = app.id;
      const link = element("a", app.id, "mono small");
      link.href = app.link;
      const id = element("td");
      id.append(link);
      const name = element("td");
      name.append(element("span", app.name, "strong"), element("div", app.detail, "muted small mono"));
      const project = element("td");
      const projectLink = element("a", app.projectName);
      projectLink.href = `/projects/${encodeURIComponent(app.projectId)}`;
      project.append(projectLink);
      const state = element("td");
      state.append(element("span", app.state, `run-state run-state-${app.state}`));
      if (app.message && app.phase !== "finished") {
        state.append(element("div", app.message, "muted small"));
      }
      const actions = element("td", undefined, "actions");
      if (app.engineUi) {
        // The engine's own page of it (Flink's dashboard, Spark's master), served by the platform.
        const engineUi = element("a", "Engine UI", "button button-small button-ghost engine-ui-link");
        engineUi.href = app.engineUi;
        engineUi.target = "_blank";
        engineUi.rel = "noopener";
        actions.append(engineUi);
      }
      if (app.phase === "pending" || app.phase === "running") {
        actions.append(confirmForm("Kill",
          `Kill ${app.type} application ${app.name} (${app.id}) of ${app.user}? ${app.type === "streaming" ? "Its job is cancelled without a savepoint." : "Its driver is killed."}`,
          "button button-small button-danger-ghost", () => kill(app)));
      }
      tr.append(element("td", timeText(app.submittedAt), "small"), id);
      if (admin) {
        tr.append(element("td", app.user));
      }
      tr.append(
        name,
        element("td", app.type),
        project,
        state,
        element("td", app.finalStatus, `final-status final-status-${app.finalStatus}`),
        progressCell(app.progressPercent),
        element("td", app.memoryMb == null ? "—" : memoryText(app.memoryMb), "num small app-memory"),
        element("td", durationText(app.lifetimeMs), "num small"),
        actions,
      );
      return tr;
    };

    const load = async () => {
      window.clearTimeout(refresh);
      try {
        const response = await fetch(`/api/v1/applications?${query()}`, { headers: { Accept: "application/json" } });
        if (!response.ok) {
          show("applications-error", `The applications could not be read: ${problemText(await problemOf(response))}`);
          return;
        }
        show("applications-error", "");
        const listed = await response.json();
        document.querySelector("#applications-table tbody").replaceChildren(...listed.items.map(row));
        const empty = listed.totalItems === 0;
        document.getElementById("applications-table").hidden = empty;
        document.getElementById("no-applications").hidden = !empty;
        const filtered = [...query().keys()].some((k) => ["type", "phase", "user", "q"].includes(k));
        document.getElementById("no-applications-hint").textContent = filtered
          ? "None matches these filters."
          : "Run a job in a Spark project, or launch an application in a streaming project: it shows here.";
        document.getElementById("applications-count").textContent =
          `${listed.totalItems} ${listed.totalItems === 1 ? "application" : "applications"}`;
        const pages = Math.max(1, Math.ceil(listed.totalItems / PAGE_SIZE));
        document.getElementById("applications-pager").hidden = pages <= 1;
        document.getElementById("page-position").textContent = `Page ${view.page + 1} of ${pages}`;
        document.getElementById("page-previous").disabled = view.page === 0;
        document.getElementById("page-next").disabled = view.page + 1 >= pages;
        for (const button of document.querySelectorAll("#applications-table button.sort")) {
          const sorted = button.dataset.sort === view.sort;
          button.classList.toggle("sorted", sorted);
          button.setAttribute("aria-sort", sorted ? (view.order === "asc" ? "ascending" : "descending") : "none");
          button.dataset.arrow = sorted ? (view.order === "asc" ? "▲" : "▼") : "";
        }
      } finally {
        refresh = window.setTimeout(load, REFRESH_MS);
      }
    };

    for (const button of document.querySelectorAll("#applications-table button.sort")) {
      button.addEventListener("click", () => {
        if (view.sort === button.dataset.sort) {
          view.order = view.order === "asc" ? "desc" : "asc";
        } else {
          view.sort = button.dataset.sort;
          view.order = view.sort === "submitted" ? "desc" : "asc";
        }
        view.page = 0;
        load();
      });
    }
    for (const id of ["filter-type", "filter-phase"]) {
      document.getElementById(id).addEventListener("change", () => {
        view.page = 0;
        load();
      });
    }
    for (const id of ["filter-user", "filter-q"]) {
      const input = document.getElementById(id);
      if (input) {
        input.addEventListener("input", () => {
          window.clearTimeout(searchTimer);
          searchTimer = window.setTimeout(() => {
            view.page = 0;
            load();
          }, 300);
        });
      }
    }
    document.getElementById("applications-filters").addEventListener("submit", (event) => event.preventDefault());
    document.getElementById("page-previous").addEventListener("click", () => {
      view.page = Math.max(0, view.page - 1);
      load();
    });
    document.getElementById("page-next").addEventListener("click", () => {
      view.page += 1;
      load();
    });
    load();
  });
})();
