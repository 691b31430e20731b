// Batch jobs in the console, read from the REST API with the page's session and CSRF token (as
// project.js reads files and notebooks). On a project's page: its jobs (run, enable or disable,
// delete after typing the name), the New job form with every problem beside its field, and its runs,
// refreshed every 2 seconds while one is active. On the Jobs page: runs across the caller's
// projects, the same way. On a run's page: its state followed live and its driver's stdout and
// stderr appended as the driver writes them. No framework.
"use strict";

(() => {
  const ACTIVE = new Set(["submitted", "accepted", "running"]);
  const RUNS_PER_PAGE = 20;
  const RUNS_REFRESH_MS = 2000;
  const RUN_REFRESH_MS = 2000;
  const LOG_POLL_MS = 1000;
  const LOG_CHUNK = 256 * 1024;
  const LOG_MAX_SHOWN = 4 * 1024 * 1024;

  const { element, show, problemOf, problemText, timeText } = window.bdpaas;

  // The same words as the server's JobPageController.durationText.
  const durationText = (millis) => {
    if (millis === null || millis === undefined) {
      return "—";
    }
    const ms = Math.max(0, millis);
    if (ms < 1000) {
      return `${ms} ms`;
    }
    const seconds = Math.floor(ms / 1000);
    if (seconds < 60) {
      return `${seconds} s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return `${minutes} min ${seconds % 60} s`;
    }
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  };

  const firstLine = (text, length) => {
    const line = String(text).split("\n").find((l) => l.trim() !== "") || "";
    return line.length > length ? `${line.slice(0, length - 1)}…` : line;
  };

  const stateBadge = (state) => element("span", state, `run-state run-state-${state}`);

  document.addEventListener("DOMContentLoaded", () => {
    const projectPage = document.getElementById("project-page");
    if (projectPage && document.getElementById("project-jobs")) {
      projectJobs(projectPage);
    }
    if (document.getElementById("all-runs")) {
      allRuns();
    }
    const runPage = document.getElementById("run-page");
    if (runPage) {
      followRun(runPage);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // A project's page: jobs, the New job form, runs.

  const projectJobs = (page) => {
    const project = page.dataset.projectId;
    const api = `/api/v1/projects/${encodeURIComponent(project)}`;
    const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };
    const runPath = (run) =>
      `/projects/${encodeURIComponent(project)}/runs/${encodeURIComponent(run)}`;

    const notice = (text, run) => {
      const box = document.getElementById("jobs-notice");
      box.replaceChildren(text);
      if (run) {
        const link = element("a", "Open the run");
        link.href = runPath(run);
        box.append(" ", link, ".");
      }
      box.hidden = false;
    };

    // Jobs

    const jobFilter = document.getElementById("runs-job");

    const loadJobs = async () => {
      const response = await fetch(`${api}/jobs?size=200`, {
        headers: { Accept: "application/json" },
      });
      document.getElementById("jobs-loading").hidden = true;
      if (!response.ok) {
        show("jobs-error", `The jobs could not be listed: ${problemText(await problemOf(response))}`);
        return;
      }
      show("jobs-error", "");
      const listing = await response.json();
      const table = document.getElementById("jobs-table");
      const body = table.querySelector("tbody");
      body.replaceChildren(...listing.items.map(jobRow));
      table.hidden = listing.items.length === 0;
      document.getElementById("no-jobs").hidden = listing.items.length > 0;
      document.getElementById("jobs-count").textContent =
        listing.totalItems === 1 ? "1 job" : `${listing.totalItems} jobs`;

      const chosen = jobFilter.value;
      const options = [element("option", "All jobs")];
      options[0].value = "";
      for (const job of [...listing.items].sort((a, b) => a.name.localeCompare(b.name))) {
        const option = element("option", job.name);
        option.value = job.id;
        options.push(option);
      }
      jobFilter.replaceChildren(...options);
      jobFilter.value = listing.items.some((job) => job.id === chosen) ? chosen : "";
    };

    const jobRow = (job) => {
      const row = element("tr");
      row.dataset.jobId = job.id;
      row.dataset.jobName = job.name;

      const name = element("td", job.name, "strong job-name");

      const main = element("td");
      if (job.kind === "jar") {
        main.append(element("code", job.definition.mainClass || "manifest's Main-Class"));
        main.append(element("div", job.definition.jar, "muted small"));
      } else {
        main.append(element("span", "—", "muted"));
      }

      const schedule = element("td", undefined, "job-schedule");
      if (job.schedule) {
        schedule.append(element("code", job.schedule.cron), ` ${job.schedule.timeZone}`);
        if (job.nextFireAt) {
          schedule.append(element("div", `next: ${timeText(job.nextFireAt)}`, "muted small"));
        }
        if (job.scheduleNote) {
          schedule.append(element("div", job.scheduleNote, "muted small"));
        }
      } else {
        schedule.append(element("span", "manual", "muted"));
      }

      const enabled = element("td", undefined, "nowrap");
      enabled.append(
        element(
          "span",
          job.enabled ? "enabled" : "disabled",
          `status ${job.enabled ? "status-ok" : "status-off"} job-enabled`,
        ),
        " ",
      );
      const toggle = element(
        "button",
        job.enabled ? "Disable" : "Enable",
        "button button-secondary button-small toggle-job",
      );
      toggle.type = "button";
      toggle.title = job.enabled
        ? "A disabled job cannot be run and its schedule stops"
        : "Let the job run again";
      toggle.addEventListener("click", () => enable(job, !job.enabled));
      enabled.append(toggle);

      const actions = element("td", undefined, "actions");
      const run = element("button", "Run", "button button-primary button-small run-job");
      run.type = "button";
      run.disabled = !job.enabled;
      run.title = job.enabled ? "Run the job now" : "Enable the job to run it";
      run.addEventListener("click", () => runJob(job, run));
      actions.append(run, " ", deleteForm(job));

      row.append(name, element("td", job.kind), main, schedule, enabled, actions);
      return row;
    };

    // A form like the project's own delete form: console.js asks for the job's name in its dialog
    // and the server checks the typed name again.
    const deleteForm = (job) => {
      const form = element("form", undefined, "inline delete-job-form");
      form.method = "post";
      form.action = `/projects/${encodeURIComponent(project)}/jobs/${encodeURIComponent(job.id)}/delete`;
      form.dataset.confirm =
        `Delete job ${job.name}? Its runs and their logs are deleted too, and a run that is ` +
        "still going is killed. This cannot be undone.";
      form.dataset.confirmName = job.name;
      const token = element("input");
      token.type = "hidden";
      token.name = "_csrf";
      token.value = page.dataset.csrfToken;
      const typed = element("input");
      typed.type = "hidden";
      typed.name = "confirmName";
      typed.value = "";
      const button = element("button", "Delete", "button button-danger-ghost button-small delete-job");
      button.type = "submit";
      form.append(token, typed, button);
      return form;
    };

    const runJob = async (job, button) => {
      button.disabled = true;
      try {
        const response = await fetch(`${api}/jobs/${encodeURIComponent(job.id)}/runs`, {
          method: "POST",
          headers: { ...csrf, Accept: "application/json" },
        });
        if (!response.ok) {
          show("jobs-error", `${job.name} was not run: ${problemText(await problemOf(response))}`);
          return;
        }
        show("jobs-error", "");
        const run = await response.json();
        notice(`Run ${run.id} of ${job.name} started.`, run.id);
        await runs.reload(true);
      } finally {
        button.disabled = false;
      }
    };

    const enable = async (job, enabled) => {
      const response = await fetch(
        `${api}/jobs/${encodeURIComponent(job.id)}/${enabled ? "enable" : "disable"}`,
        { method: "POST", headers: { ...csrf, Accept: "application/json" } },
      );
      if (!response.ok) {
        show("jobs-error", `${job.name} was not changed: ${problemText(await problemOf(response))}`);
        return;
      }
      await loadJobs();
    };

    // The New job form

    const form = document.getElementById("new-job-form");
    const details = document.getElementById("new-job");
    const jarSelect = document.getElementById("job-jar");
    const timeZone = document.getElementById("job-time-zone");
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    timeZone.value = browserZone;
    if (typeof Intl.supportedValuesOf === "function") {
      const zones = document.getElementById("time-zones");
      for (const zone of ["UTC", ...Intl.supportedValuesOf("timeZone")]) {
        const option = element("option");
        option.value = zone;
        zones.append(option);
      }
    }

    const loadJars = async () => {
      const response = await fetch(`${api}/files`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        return;
      }
      const listing = await response.json();
      const jars = listing.items
        .map((file) => file.name)
        .filter((name) => name.toLowerCase().endsWith(".jar"));
      const chosen = jarSelect.value;
      if (jars.length === 0) {
        const none = element("option", "No jars among the project's files: upload one under Storage");
        none.value = "";
        jarSelect.replaceChildren(none);
        return;
      }
      jarSelect.replaceChildren(
        ...jars.map((name) => {
          const option = element("option", name);
          option.value = name;
          return option;
        }),
      );
      if (jars.includes(chosen)) {
        jarSelect.value = chosen;
      }
    };
    details.addEventListener("toggle", () => {
      if (details.open) {
        loadJars();
      }
    });

    const clearProblems = () => {
      form.querySelectorAll(".field-error[data-problem]").forEach((error) => error.remove());
      form.querySelectorAll(".invalid").forEach((input) => input.classList.remove("invalid"));
      document.getElementById("new-job-errors").hidden = true;
      document.getElementById("new-job-other-errors").replaceChildren();
    };

    // Each problem beside its field ("definition.arguments[2]" beside the arguments); problems of
    // no field of the form are listed above it.
    const showProblems = (problems) => {
      const byField = new Map();
      const others = [];
      for (const problem of problems) {
        const indexed = /^(.*)\[(\d+)\]$/.exec(problem.field || "");
        const field = indexed ? indexed[1] : problem.field || "";
        const message = indexed
          ? `argument ${Number(indexed[2]) + 1} ${problem.message}`
          : problem.message;
        const target = field && form.querySelector(`[data-field="${CSS.escape(field)}"]`);
        if (target) {
          byField.set(field, byField.has(field) ? `${byField.get(field)}; ${message}` : message);
        } else {
          others.push(field ? `${field}: ${message}` : message);
        }
      }
      for (const [field, message] of byField) {
        const target = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
        const error = element("span", message, "field-error");
        error.dataset.problem = field;
        if (target.tagName === "FIELDSET") {
          target.append(error);
        } else {
          target.classList.add("invalid");
          target.closest(".field").append(error);
        }
      }
      const box = document.getElementById("new-job-errors");
      document.getElementById("new-job-errors-title").textContent =
        byField.size === 1
          ? "The job was not created: fix the highlighted field."
          : byField.size > 1
            ? "The job was not created: fix the highlighted fields."
            : "The job was not created.";
      document
        .getElementById("new-job-other-errors")
        .replaceChildren(...others.map((text) => element("li", text)));
      box.hidden = false;
      const first = form.querySelector(".invalid") || box;
      first.scrollIntoView({ block: "center" });
    };

    const value = (id) => document.getElementById(id).value.trim();

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblems();
      // A number that does not read is named here and sent as -1, which every number of a job
      // refuses: the server names the problems of the other fields, and creates nothing.
      const unreadable = [];
      const whole = (id) => {
        const input = document.getElementById(id);
        const text = input.value.trim();
        if (text === "" && !input.validity.badInput) {
          return null; // the default
        }
        if (!/^-?\d+$/.test(text)) {
          unreadable.push({ field: input.dataset.field, message: "must be a whole number" });
          return -1;
        }
        return Number(text);
      };
      const cron = value("job-cron");
      const request = {
        name: value("job-name"),
        definition: {
          kind: "jar",
          jar: jarSelect.value || null,
          mainClass: value("job-main-class") || null,
          arguments: document
            .getElementById("job-arguments")
            .value.split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== ""),
          spark: {
            driverCores: whole("job-driver-cores"),
            driverMemoryMb: whole("job-driver-memory"),
            executorCores: whole("job-executor-cores"),
            executorMemoryMb: whole("job-executor-memory"),
          },
        },
        schedule: cron
          ? {
              cron,
              timeZone: value("job-time-zone") || null,
              concurrency: document.getElementById("job-concurrency").value,
            }
          : null,
        policy: {
          retries: whole("job-retries"),
          timeoutMinutes: whole("job-timeout"),
        },
      };
      const button = document.getElementById("create-job");
      button.disabled = true;
      try {
        const response = await fetch(`${api}/jobs`, {
          method: "POST",
          headers: { ...csrf, "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(request),
        });
        if (response.ok) {
          const job = await response.json();
          form.reset();
          details.open = false;
          notice(`Job ${job.name} created.`);
          await loadJobs();
          return;
        }
        const problem = await problemOf(response);
        const problems = problem.problems.filter(
          (p) => !unreadable.some((u) => u.field === p.field),
        );
        if (problems.length === 0 && unreadable.length === 0) {
          problems.push({
            field: problem.code === "ALREADY_EXISTS" ? "name" : "",
            message: problem.message,
          });
        }
        showProblems([...unreadable, ...problems]);
      } finally {
        button.disabled = false;
      }
    });
    form.addEventListener("reset", () => {
      clearProblems();
      window.setTimeout(() => {
        timeZone.value = browserZone;
      });
    });

    const runs = runsTable({
      url: `${api}/runs`,
      filters: { job: jobFilter, state: document.getElementById("runs-state") },
      emptyText: "No runs yet: press Run beside a job.",
    });

    loadJobs();
    runs.reload();
  };

  // ---------------------------------------------------------------------------------------------
  // A table of runs (#runs-table, #runs-pager...): newest first, RUNS_PER_PAGE a page, narrowed by
  // its filters' selects, and asked for again every 2 seconds while a run on it is active. With
  // projectName, it has a Project column first.

  const runsTable = ({ url, filters, emptyText, projectName }) => {
    let page = 0;
    let refresh = null;
    let latest = 0;

    const reload = async (fromFirstPage) => {
      if (fromFirstPage) {
        page = 0;
      }
      window.clearTimeout(refresh);
      const asked = ++latest;
      const query = new URLSearchParams({ page: String(page), size: String(RUNS_PER_PAGE) });
      for (const [name, select] of Object.entries(filters)) {
        if (select.value) {
          query.set(name, select.value);
        }
      }
      let listing;
      try {
        const response = await fetch(`${url}?${query}`, {
          headers: { Accept: "application/json" },
        });
        if (asked !== latest) {
          return; // a newer request (another filter, page or refresh) answers
        }
        if (!response.ok) {
          show("runs-error", `The runs could not be listed: ${problemText(await problemOf(response))}`);
          return;
        }
        listing = await response.json();
      } catch (e) {
        if (asked === latest) {
          show("runs-error", "The runs could not be listed: the server did not answer. Retrying…");
          refresh = window.setTimeout(reload, RUNS_REFRESH_MS);
        }
        return;
      }
      if (asked !== latest) {
        return;
      }
      show("runs-error", "");
      if (listing.totalPages > 0 && page >= listing.totalPages) {
        page = listing.totalPages - 1;
        reload();
        return;
      }
      const table = document.getElementById("runs-table");
      table.querySelector("tbody").replaceChildren(...listing.items.map(row));
      table.hidden = listing.items.length === 0;
      const filtered = Object.values(filters).some((select) => select.value);
      const none = document.getElementById("no-runs");
      none.textContent = filtered ? "No runs match these filters." : emptyText;
      none.hidden = listing.items.length > 0;
      document.getElementById("runs-count").textContent =
        listing.totalItems === 1 ? "1 run" : `${listing.totalItems} runs`;

      const pager = document.getElementById("runs-pager");
      pager.hidden = listing.totalItems <= RUNS_PER_PAGE;
      document.getElementById("runs-page").textContent =
        `Page ${listing.page + 1} of ${Math.max(1, listing.totalPages)}`;
      document.getElementById("runs-newer").disabled = listing.page === 0;
      document.getElementById("runs-older").disabled = listing.page + 1 >= listing.totalPages;

      const active = listing.items.some((run) => ACTIVE.has(run.state));
      document.getElementById("runs-refresh-hint").hidden = !active;
      if (active) {
        refresh = window.setTimeout(reload, RUNS_REFRESH_MS);
      }
    };

    const row = (run) => {
      const tr = element("tr");
      tr.dataset.runId = run.id;
      tr.dataset.state = run.state;
      const job = element("td");
      const link = element("a", run.jobName, "run-link");
      link.href =
        `/projects/${encodeURIComponent(run.projectId)}/runs/${encodeURIComponent(run.id)}`;
      job.append(link, " ", element("span", run.id, "muted small mono nowrap"));

      const reason = element("td", undefined, "run-reason");
      if (run.error) {
        reason.append(element("span", firstLine(run.error, 100), "run-error-text"));
        reason.title = run.error;
      } else if (run.waiting && ACTIVE.has(run.state)) {
        reason.append(element("span", firstLine(run.waiting, 100), "muted"));
        reason.title = run.waiting;
      }
      const state = element("td");
      state.append(stateBadge(run.state));
      if (projectName) {
        const project = element("td");
        const projectLink = element("a", projectName(run.projectId), "project-link");
        projectLink.href = `/projects/${encodeURIComponent(run.projectId)}`;
        project.append(projectLink);
        tr.append(project);
      }
      tr.append(
        job,
        element("td", String(run.attempt), "num"),
        element("td", run.trigger),
        state,
        reason,
        element("td", timeText(run.startedAt), "nowrap"),
        element("td", durationText(run.durationMs), "num nowrap"),
      );
      return tr;
    };

    for (const select of Object.values(filters)) {
      select.addEventListener("change", () => reload(true));
    }
    document.getElementById("runs-filters").addEventListener("submit", (event) => {
      event.preventDefault();
    });
    document.getElementById("runs-newer").addEventListener("click", () => {
      page = Math.max(0, page - 1);
      reload();
    });
    document.getElementById("runs-older").addEventListener("click", () => {
      page += 1;
      reload();
    });
    return { reload };
  };

  // ---------------------------------------------------------------------------------------------
  // The Jobs page: runs across the caller's projects.

  const allRuns = async () => {
    const names = new Map();
    const projectFilter = document.getElementById("runs-project");
    try {
      const response = await fetch("/api/v1/projects?size=500", {
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const projects = (await response.json()).items;
        for (const project of projects.sort((a, b) => a.name.localeCompare(b.name))) {
          names.set(project.id, project.name);
          const option = element("option", project.name);
          option.value = project.id;
          projectFilter.append(option);
        }
      }
    } catch (e) {
      // the runs are listed with their projects' ids
    }
    runsTable({
      url: "/api/v1/runs",
      filters: { project: projectFilter, state: document.getElementById("runs-state") },
      emptyText:
        "No runs yet: jobs belong to Spark projects. Open a project and press Run beside one of" +
        " its jobs.",
      projectName: (id) => names.get(id) || id,
    }).reload();
  };

  // ---------------------------------------------------------------------------------------------
  // A run's page.

  const STATE_TEXT = {
    submitted: "Waiting: the platform has the run and waits for the project's cluster.",
    accepted:
      "Queued: the project's Spark master has the driver and waits for a worker with room for it.",
    running: "Running: the driver runs on a worker of the project's cluster.",
    finished: "Finished: the driver ended successfully.",
    failed: "Failed.",
    killed: "Killed.",
  };

  const followRun = (page) => {
    const api =
      `/api/v1/projects/${encodeURIComponent(page.dataset.projectId)}` +
      `/runs/${encodeURIComponent(page.dataset.runId)}`;

    page.querySelectorAll("time[data-time][datetime]").forEach((time) => {
      time.textContent = timeText(time.getAttribute("datetime"));
    });

    const setTime = (id, iso) => {
      const time = document.getElementById(id);
      if (time) {
        time.textContent = timeText(iso);
        if (iso) {
          time.setAttribute("datetime", iso);
        }
      }
    };

    const render = (run) => {
      page.dataset.state = run.state;
      const active = ACTIVE.has(run.state);
      const badge = document.getElementById("run-state");
      badge.textContent = run.state;
      badge.className = `run-state run-state-${run.state}`;
      const panel = document.getElementById("run-panel");
      panel.className = `status-panel status-panel-run-${run.state}`;
      document.getElementById("run-state-text").textContent = STATE_TEXT[run.state] || run.state;
      show("run-waiting", active ? run.waiting : "");
      show("run-error", run.error);
      document.getElementById("run-refresh-hint").hidden = !active;
      document.getElementById("kill-form").hidden = !active;
      document.getElementById("run-attempt").textContent = String(run.attempt);
      document.getElementById("run-driver-id").textContent = run.driverId || "—";
      setTime("run-accepted-at", run.acceptedAt);
      setTime("run-started-at", run.startedAt);
      setTime("run-ended-at", run.endedAt);
      document.getElementById("run-pending").textContent = durationText(run.phases.pendingMs);
      document.getElementById("run-queued").textContent = durationText(run.phases.queuedMs);
      document.getElementById("run-running").textContent = durationText(run.phases.runningMs);
    };

    const refreshRun = async () => {
      try {
        const response = await fetch(api, { headers: { Accept: "application/json" } });
        if (response.ok) {
          render(await response.json());
        }
      } catch (e) {
        // the next round asks again
      }
      if (ACTIVE.has(page.dataset.state)) {
        window.setTimeout(refreshRun, RUN_REFRESH_MS);
      }
    };
    if (ACTIVE.has(page.dataset.state)) {
      window.setTimeout(refreshRun, RUN_REFRESH_MS);
    }

    // The driver's output: both streams are followed, the chosen one is shown.
    const streams = {
      stdout: { next: 0, shown: 0, complete: false, truncated: false },
      stderr: { next: 0, shown: 0, complete: false, truncated: false },
    };
    let current = "stdout";

    const describe = () => {
      const stream = streams[current];
      let text;
      if (stream.truncated) {
        text = `Only the first ${LOG_MAX_SHOWN / 1024 / 1024} MB of ${current} are shown: download it for the rest.`;
      } else if (stream.complete) {
        text =
          stream.shown === 0
            ? `The driver wrote nothing to ${current}.`
            : `The whole of ${current}: the run has ended.`;
      } else {
        text = `Following ${current} as the driver writes it…`;
      }
      document.getElementById("log-state").textContent = text;
    };

    const follow = async (name) => {
      const stream = streams[name];
      const pre = document.getElementById(`log-${name}`);
      let wait = LOG_POLL_MS;
      try {
        const response = await fetch(
          `${api}/log?stream=${name}&offset=${stream.next}&limit=${LOG_CHUNK}`,
          { headers: { Accept: "application/json" } },
        );
        if (!response.ok) {
          show("log-error", `The ${name} could not be read: ${problemText(await problemOf(response))}`);
          wait = 5 * LOG_POLL_MS;
        } else {
          show("log-error", "");
          const chunk = await response.json();
          if (chunk.text) {
            const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
            pre.append(document.createTextNode(chunk.text));
            stream.shown += chunk.text.length;
            if (atEnd) {
              pre.scrollTop = pre.scrollHeight;
            }
          }
          stream.next = chunk.next;
          stream.complete = chunk.complete;
          stream.truncated = stream.shown >= LOG_MAX_SHOWN && !chunk.complete;
          if (chunk.next < chunk.size) {
            wait = 0; // more is kept already: read on
          }
        }
      } catch (e) {
        wait = 3 * LOG_POLL_MS;
      }
      if (name === current) {
        describe();
      }
      if (!stream.complete && !stream.truncated) {
        window.setTimeout(() => follow(name), wait);
      }
    };

    document.querySelectorAll("#run-output [role='tab']").forEach((tab) => {
      tab.addEventListener("click", () => {
        current = tab.dataset.stream;
        document.querySelectorAll("#run-output [role='tab']").forEach((other) => {
          const chosen = other === tab;
          other.classList.toggle("active", chosen);
          other.setAttribute("aria-selected", chosen ? "true" : "false");
          document.getElementById(`log-${other.dataset.stream}`).hidden = !chosen;
        });
        describe();
      });
    });

    follow("stdout");
    follow("stderr");
  };
})();
