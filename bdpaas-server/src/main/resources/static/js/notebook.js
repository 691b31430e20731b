// BDPaaS notebooks: the list page's import, and the notebook page, which edits, saves and runs
// paragraphs through the REST API (/api/v1/projects/{p}/notebooks/...). Execution lives on the
// server: this page only asks for runs, polls their status and shows their results. No framework;
// CodeMirror 5, ECharts, marked and DOMPurify come from WebJars.
"use strict";

(() => {
  const listPage = document.getElementById("notebooks-page");
  const notebookPage = document.getElementById("notebook-page");
  const page = notebookPage || listPage;
  if (!page) {
    return;
  }
  const projectId = page.dataset.projectId;
  const notebooksPath = `/api/v1/projects/${encodeURIComponent(projectId)}/notebooks`;

  /** A refusal of the API, with its problem+json document when it sent one. */
  class ApiError extends Error {
    constructor(status, problem, text) {
      super(describeProblem(status, problem, text));
      this.status = status;
      this.problem = problem;
    }
  }

  function describeProblem(status, problem, text) {
    if (status === 401) {
      return "You are signed out: reload the page to sign in again.";
    }
    if (!problem) {
      return `The server answered ${status}${text ? ": " + text.slice(0, 200) : ""}.`;
    }
    const problems = Array.isArray(problem.problems) ? problem.problems : [];
    if (problems.length > 1) {
      return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; ");
    }
    return problem.detail || problem.title || `The server answered ${status}.`;
  }

  /** Calls the API with the page's session and CSRF token; answers the parsed JSON, if any. */
  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && page.dataset.csrfHeader) {
      headers[page.dataset.csrfHeader] = page.dataset.csrfToken;
    }
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = response.status === 204 ? "" : await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, json, json ? "" : text);
    }
    return json;
  }

  /** Builds an element: el("button", {class: "x", onclick: f}, "text", child...). */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === undefined || value === null || value === false) {
        return;
      }
      if (name.startsWith("on")) {
        element.addEventListener(name.slice(2), value);
      } else if (name === "dataset") {
        Object.assign(element.dataset, value);
      } else if (value === true) {
        element.setAttribute(name, "");
      } else {
        element.setAttribute(name, value);
      }
    });
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined && child !== false) {
        element.append(child instanceof Node ? child : String(child));
      }
    });
    return element;
  }

  /** Replaces an element's children; null, undefined and false are left out, arrays flattened. */
  function fill(element, ...children) {
    element.replaceChildren(...children.flat(Infinity)
      .filter((child) => child !== null && child !== undefined && child !== false));
  }

  function button(label, className, onclick, title) {
    return el("button", { type: "button", class: `button button-small ${className}`, title, onclick }, label);
  }

  /** Asks in the console's confirmation dialog; answers whether the user confirmed. */
  function confirmed(message, title) {
    const dialog = document.getElementById("confirm-dialog");
    if (!dialog) {
      return Promise.resolve(window.confirm(message));
    }
    return new Promise((resolve) => {
      dialog.querySelector("#confirm-title").textContent = title || "Are you sure?";
      dialog.querySelector("#confirm-message").textContent = message;
      dialog.returnValue = "";
      dialog.onclose = () => resolve(dialog.returnValue === "confirm");
      dialog.showModal();
      dialog.querySelector("#confirm-cancel").focus();
    });
  }

  if (listPage) {
    setUpImport();
  } else {
    document.addEventListener("DOMContentLoaded", () => new NotebookView().load());
  }

  // ---------------------------------------------------------------------------------------------
  // The list page: import a BDPaaS export or a Zeppelin note through the API, then show the list
  // again with what the import said (the notes survive the reload in sessionStorage).

  function setUpImport() {
    const form = document.getElementById("import-notebook-form");
    const input = document.getElementById("import-file");
    const result = document.getElementById("import-result");
    const failure = document.getElementById("import-error");
    const remembered = "bdpaas.notebookImport." + projectId;

    const shown = sessionStorage.getItem(remembered);
    if (shown) {
      sessionStorage.removeItem(remembered);
      const imported = JSON.parse(shown);
      fill(result,
        el("p", {}, "Imported ", el("a", { href: imported.href, id: "imported-link" }, imported.name),
          ` with ${imported.paragraphs} paragraph(s).`),
        imported.notes.length ? el("ul", { id: "import-notes" }, imported.notes.map((note) => el("li", {}, note))) : null);
      result.hidden = false;
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      failure.hidden = true;
      const file = input.files[0];
      if (!file) {
        return;
      }
      const submit = form.querySelector("button[type=submit]");
      submit.disabled = true;
      try {
        const created = await api("POST", `${notebooksPath}/import`, await file.text());
        sessionStorage.setItem(remembered, JSON.stringify({
          name: created.name,
          href: `/projects/${projectId}/notebooks/${created.id}`,
          paragraphs: created.paragraphs.length,
          notes: created.importNotes || [],
        }));
        window.location.reload();
      } catch (e) {
        failure.textContent = `${file.name} was not imported: ${e.message}`;
        failure.hidden = false;
        submit.disabled = false;
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The notebook page.

  const RESULT_PAGE_SIZE = 50;
  const POLL_MS = 1000;
  const SAVE_DELAY_MS = 700;
  const ACTIVE = new Set(["queued", "running"]);
  const CHART_TYPES = ["bar", "line", "area", "pie", "scatter"];
  const AGGREGATIONS = ["sum", "count", "avg", "min", "max"];
  const NUMERIC = /^(tinyint|smallint|int|bigint|float|double|decimal.*|byte|short|integer|long)$/i;

  /**
   * Tables and columns offered by completion, in CodeMirror's sql-hint shape ({table: [columns]}).
   * Empty until a schema endpoint exists; keywords of Spark SQL are completed meanwhile.
   * window.bdpaasNotebook.setSchema({...}) fills it.
   */
  const schema = {};

  function elapsedText(run) {
    if (!run) {
      return "";
    }
    const from = Date.parse(run.startedAt || run.queuedAt);
    const to = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
    const ms = Math.max(0, to - from);
    let text;
    if (ms < 10000) {
      text = `${(ms / 1000).toFixed(1)} s`;
    } else if (ms < 60000) {
      text = `${Math.round(ms / 1000)} s`;
    } else {
      text = `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
    }
    return run.status === "queued" ? `queued ${text}` : text;
  }

  /** The :name parameters the SQL text uses, found as the server finds them (SqlParameters). */
  function parameterNames(sql) {
    const names = [];
    const isStart = (c) => /[A-Za-z_]/.test(c);
    const isPart = (c) => /[A-Za-z0-9_]/.test(c);
    let i = 0;
    while (i < sql.length) {
      const c = sql[i];
      if (c === "'" || c === '"' || c === "`") {
        i++;
        while (i < sql.length) {
          if (sql[i] === "\\" && c !== "`") {
            i += 2;
          } else if (sql[i] === c) {
            if (sql[i + 1] === c) {
              i += 2;
            } else {
              i++;
              break;
            }
          } else {
            i++;
          }
        }
      } else if (c === "-" && sql[i + 1] === "-") {
        while (i < sql.length && sql[i] !== "\n") {
          i++;
        }
      } else if (c === "/" && sql[i + 1] === "*") {
        let depth = 0;
        while (i < sql.length) {
          if (sql[i] === "/" && sql[i + 1] === "*") {
            depth++;
            i += 2;
          } else if (sql[i] === "*" && sql[i + 1] === "/") {
            depth--;
            i += 2;
            if (depth === 0) {
              break;
            }
          } else {
            i++;
          }
        }
      } else if (c === ":" && sql[i + 1] === ":") {
        i += 2;
      } else if (c === ":" && i + 1 < sql.length && isStart(sql[i + 1]) && (i === 0 || !isPart(sql[i - 1]))) {
        let end = i + 1;
        while (end < sql.length && isPart(sql[end])) {
          end++;
        }
        const name = sql.slice(i + 1, end);
        if (!names.includes(name)) {
          names.push(name);
        }
        i = end;
      } else {
        i++;
      }
    }
    return names;
  }

  function renderMarkdown(target, text) {
    // marked turns Markdown into HTML; DOMPurify removes scripts, handlers and anything else
    // active before it reaches the page.
    const html = window.marked.parse(text || "", { gfm: true, breaks: false });
    target.innerHTML = window.DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
    target.querySelectorAll("a[href]").forEach((link) => {
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
    });
  }

  function cellText(value) {
    if (value === null || value === undefined) {
      return null;
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  /** One paragraph on the page: its document, its last run, its elements and editor. */
  class ParagraphView {
    constructor(notebook, document) {
      this.notebook = notebook;
      this.id = document.id;
      this.kind = document.kind;
      this.title = document.title || null;
      this.text = document.text || "";
      this.foreignInterpreter = document.foreignInterpreter || null;
      this.parameters = document.parameters || [];
      this.display = document.display || { mode: "table", type: "bar", aggregation: "sum" };
      this.run = document.run || null;
      this.values = {};
      this.resultPage = 0;
      this.dirty = false;
      this.saving = Promise.resolve();
      this.saveTimer = null;
      this.editing = false;
      this.errorLine = null;
      this.chart = null;
      this.element = this.build();
    }

    get path() {
      return `${this.notebook.path}/paragraphs/${encodeURIComponent(this.id)}`;
    }

    isActive() {
      return this.run !== null && ACTIVE.has(this.run.status);
    }

    /** The paragraph as the API takes it (the export format's paragraph object). */
    document() {
      const body = { id: this.id, kind: this.kind, text: this.text };
      if (this.title) {
        body.title = this.title;
      }
      if (this.foreignInterpreter) {
        body.foreignInterpreter = this.foreignInterpreter;
      }
      if (this.kind === "sql") {
        body.parameters = this.parameters;
        const display = { mode: this.display.mode, type: this.display.type || "bar", aggregation: this.display.aggregation || "sum" };
        ["key", "value", "group"].forEach((field) => {
          if (this.display[field]) {
            display[field] = this.display[field];
          }
        });
        body.display = display;
      }
      return body;
    }

    build() {
      const section = el("section", {
        class: `paragraph paragraph-${this.kind}`,
        id: `paragraph-${this.id}`,
        dataset: { paragraphId: this.id, kind: this.kind },
      });
      this.element = section;
      this.bar = el("div", { class: "paragraph-bar" });
      this.body = el("div", { class: "paragraph-body" });
      section.append(this.bar, this.body);
      this.buildBar();
      if (this.kind === "sql") {
        this.buildSql();
      } else if (this.kind === "markdown") {
        this.buildMarkdown();
      } else {
        this.buildForeign();
      }
      return section;
    }

    buildBar() {
      const kindLabel = { sql: "SQL", markdown: "Markdown" }[this.kind] || `%${this.foreignInterpreter || "text"}`;
      const left = el("div", { class: "paragraph-bar-left" }, el("span", { class: "badge paragraph-kind" }, kindLabel));
      if (this.title) {
        left.append(el("span", { class: "paragraph-title" }, this.title));
      }
      const right = el("div", { class: "paragraph-bar-right" });
      if (this.kind === "sql") {
        this.statusBadge = el("span", { class: "run-status", role: "status" });
        this.elapsed = el("span", { class: "elapsed muted small" });
        left.append(this.statusBadge, this.elapsed);
        this.runButton = button("Run", "button-primary run-paragraph", () => this.start(), "Run (Shift+Enter)");
        this.cancelButton = button("Cancel", "button-secondary cancel-paragraph", () => this.cancel(), "Cancel this run");
        right.append(this.runButton, this.cancelButton);
      } else if (this.kind === "markdown") {
        this.editButton = button("Edit", "button-secondary edit-markdown", () => this.toggleEditing());
        right.append(this.editButton);
      }
      right.append(
        button("↑", "button-secondary move-up", () => this.notebook.move(this, -1), "Move up"),
        button("↓", "button-secondary move-down", () => this.notebook.move(this, 1), "Move down"),
        button("+ SQL", "button-secondary add-sql", () => this.notebook.add("sql", this), "Add an SQL paragraph below"),
        button("+ Markdown", "button-secondary add-markdown", () => this.notebook.add("markdown", this), "Add a Markdown paragraph below"),
        button("Delete", "button-danger-ghost delete-paragraph", () => this.notebook.remove(this), "Delete this paragraph"));
      this.bar.append(left, right);
    }

    editor(target, mode, onShiftEnter) {
      const editor = window.CodeMirror(target, {
        value: this.text,
        mode,
        lineNumbers: mode !== "markdown",
        lineWrapping: mode === "markdown",
        matchBrackets: true,
        indentUnit: 2,
        tabSize: 2,
        viewportMargin: Infinity,
        extraKeys: {
          "Shift-Enter": () => onShiftEnter(),
          "Ctrl-Enter": () => onShiftEnter(),
          "Ctrl-Space": "autocomplete",
        },
        hintOptions: { tables: schema, completeSingle: false },
      });
      editor.on("changes", () => {
        this.text = editor.getValue();
        this.clearErrorLine();
        this.changed();
      });
      return editor;
    }

    buildSql() {
      const editorBox = el("div", { class: "paragraph-editor" });
      this.parametersBox = el("div", { class: "paragraph-parameters" });
      this.errorBox = el("div", { class: "paragraph-error", role: "alert", hidden: true });
      this.resultBox = el("div", { class: "paragraph-result" });
      this.body.append(editorBox, this.parametersBox, this.errorBox, this.resultBox);
      this.cm = this.editor(editorBox, "text/x-sparksql", () => this.start());
      this.cm.on("changes", () => this.renderParameters());
      this.renderParameters();
      this.renderStatus();
    }

    buildMarkdown() {
      this.rendered = el("div", { class: "markdown-body", title: "Double-click to edit" });
      this.rendered.addEventListener("dblclick", () => this.toggleEditing(true));
      this.editorBox = el("div", { class: "paragraph-editor", hidden: true });
      this.body.append(this.rendered, this.editorBox);
      this.cm = this.editor(this.editorBox, "markdown", () => this.toggleEditing(false));
      renderMarkdown(this.rendered, this.text);
      if (!this.text.trim()) {
        this.toggleEditing(true);
      }
    }

    buildForeign() {
      const interpreter = this.foreignInterpreter ? `%${this.foreignInterpreter}` : "another interpreter";
      this.body.append(
        el("p", { class: "foreign-note" }, `Written for ${interpreter}, not run by BDPaaS: kept as it was imported.`),
        el("pre", { class: "code-block foreign-code" }, this.text));
    }

    toggleEditing(editing = !this.editing) {
      this.editing = editing;
      this.editorBox.hidden = !editing;
      this.rendered.hidden = editing;
      this.editButton.textContent = editing ? "Done" : "Edit";
      if (editing) {
        this.cm.refresh();
        this.cm.focus();
      } else {
        renderMarkdown(this.rendered, this.text);
      }
    }

    /** Called after a change the user made: saved shortly after typing stops. */
    changed() {
      this.dirty = true;
      window.clearTimeout(this.saveTimer);
      this.saveTimer = window.setTimeout(() => this.save(), SAVE_DELAY_MS);
      this.notebook.showSaveState();
    }

    /** Saves the paragraph if it changed; answers when every save asked for so far is done. */
    save() {
      window.clearTimeout(this.saveTimer);
      this.saveTimer = null;
      if (!this.dirty) {
        return this.saving;
      }
      this.dirty = false;
      const body = this.document();
      this.saving = this.saving
        .then(() => this.notebook.saveParagraph(this, body))
        .catch(() => {});
      this.notebook.showSaveState();
      return this.saving;
    }

    renderParameters() {
      const declared = new Map(this.parameters.map((p) => [p.name, p]));
      const names = [...new Set([...this.parameters.map((p) => p.name), ...parameterNames(this.text)])];
      const shown = [...this.parametersBox.querySelectorAll("input")].map((input) => input.name);
      if (names.join("\u0000") === shown.join("\u0000")) {
        return;
      }
      fill(this.parametersBox,
        names.length ? el("span", { class: "parameters-label muted small" }, "Parameters") : null,
        names.map((name) => {
          const parameter = declared.get(name);
          const hasDefault = parameter && parameter.default !== undefined && parameter.default !== null;
          const input = el("input", {
            type: "text",
            name,
            class: "parameter-value",
            id: `parameter-${this.id}-${name}`,
            placeholder: hasDefault ? `default: ${parameter.default}` : "value",
            value: this.values[name] || "",
            oninput: (event) => {
              this.values[name] = event.target.value;
            },
            onkeydown: (event) => {
              if (event.key === "Enter" && !event.isComposing) {
                event.preventDefault();
                this.start();
              }
            },
          });
          return el("label", { class: "parameter", for: input.id }, el("code", {}, `:${name}`), input);
        }));
    }

    /** Values for the run request: what was typed; empty fields take the parameter's default. */
    arguments() {
      const values = {};
      parameterNames(this.text).concat(this.parameters.map((p) => p.name)).forEach((name) => {
        const value = this.values[name];
        if (value !== undefined && value !== "") {
          values[name] = value;
        }
      });
      return values;
    }

    async start() {
      if (this.kind !== "sql" || this.runButton.disabled) {
        return;
      }
      this.runButton.disabled = true;
      this.showProblem(null);
      try {
        await this.save();
        const run = await api("POST", `${this.path}/run`, { parameters: this.arguments() });
        this.showRun(run);
        this.notebook.watch();
      } catch (e) {
        this.showProblem(e.message);
      } finally {
        this.runButton.disabled = false;
        this.showRun(this.run);
      }
    }

    async cancel() {
      this.cancelButton.disabled = true;
      try {
        this.showRun(await api("POST", `${this.path}/cancel`, ""));
      } catch (e) {
        this.showProblem(e.message);
      }
      this.notebook.watch();
    }

    renderStatus() {
      const status = this.run ? this.run.status : "";
      this.element.dataset.status = status || "never-run";
      this.statusBadge.className = `run-status run-status-${status || "none"}`;
      this.statusBadge.textContent = status || "not run yet";
      this.elapsed.textContent = elapsedText(this.run);
      const active = this.isActive();
      this.cancelButton.hidden = !active;
      this.cancelButton.disabled = !active;
      this.runButton.hidden = active;
    }

    /** Shows a run the server reported; loads its result when it newly finished. */
    showRun(run) {
      this.run = run || this.run;
      this.renderStatus();
      this.renderProgress();
      const current = this.run;
      if (!current || this.shownRun === `${current.runId}/${current.status}`) {
        return;
      }
      this.shownRun = `${current.runId}/${current.status}`;
      if (current.status === "failed" || current.status === "cancelled") {
        this.showEngineError(current);
        this.disposeChart();
        fill(this.resultBox);
      } else if (current.status === "finished") {
        this.showEngineError(null);
        this.resultPage = 0;
        this.showResult();
      } else {
        this.showEngineError(null);
        this.disposeChart();
        fill(this.resultBox, el("p", { class: "muted small result-waiting" },
          current.status === "queued" ? "Waiting for the paragraphs before it to finish…" : "Running on the project's Spark cluster…"));
      }
    }

    /** A running paragraph's Spark jobs, stages and tasks, as the server read them. */
    renderProgress() {
      const progress = this.run && this.run.status === "running" ? this.run.progress : null;
      let line = this.resultBox.querySelector(".spark-progress");
      if (!progress || progress.jobs === 0) {
        if (line) {
          line.remove();
        }
        if (this.shownRun && this.run && this.run.status !== "running") {
          this.notebook.schemaMayHaveChanged();
        }
        return;
      }
      if (!line) {
        line = el("div", { class: "spark-progress muted small" });
        this.resultBox.append(line);
      }
      const bar = el("progress", { max: String(Math.max(progress.tasks, 1)), value: String(progress.completedTasks) });
      const jobs = `${progress.jobs} Spark job${progress.jobs === 1 ? "" : "s"}`;
      fill(line, bar, ` ${jobs} · stages ${progress.completedStages}/${progress.stages}`
        + ` · tasks ${progress.completedTasks}/${progress.tasks}`
        + (progress.activeTasks ? ` (${progress.activeTasks} running)` : "")
        + (progress.failedTasks ? ` · ${progress.failedTasks} failed` : ""));
    }

    tick() {
      if (this.kind === "sql") {
        this.elapsed.textContent = elapsedText(this.run);
      }
    }

    showProblem(message) {
      if (!this.errorBox) {
        this.notebook.showError(message);
        return;
      }
      this.errorBox.className = "paragraph-error";
      this.errorBox.hidden = !message;
      fill(this.errorBox, message ? el("p", { class: "error-message" }, message) : "");
    }

    showEngineError(run) {
      this.clearErrorLine();
      const error = run && run.error;
      if (!error) {
        this.showProblem(null);
        if (run && run.status === "cancelled") {
          this.errorBox.hidden = false;
          this.errorBox.className = "paragraph-error paragraph-cancelled";
          fill(this.errorBox, el("p", {}, "Cancelled."));
        }
        return;
      }
      this.errorBox.className = run.status === "cancelled" ? "paragraph-error paragraph-cancelled" : "paragraph-error";
      const where = [];
      if (error.line) {
        where.push(`line ${error.line}`);
      }
      if (error.column) {
        where.push(`column ${error.column}`);
      }
      fill(this.errorBox,
        el("p", { class: "error-message" }, error.message),
        where.length || error.condition
          ? el("p", { class: "error-position small" },
            where.length ? `At ${where.join(", ")}` : "",
            error.fragment ? el("span", {}, " near ", el("code", {}, error.fragment)) : "",
            error.condition ? el("span", { class: "muted" }, `${where.length ? " · " : ""}${error.condition}`) : "")
          : null);
      this.errorBox.hidden = false;
      if (error.line && this.cm && error.line <= this.cm.lineCount()) {
        this.errorLine = this.cm.addLineClass(error.line - 1, "wrap", "cm-error-line");
      }
    }

    clearErrorLine() {
      if (this.errorLine && this.cm) {
        this.cm.removeLineClass(this.errorLine, "wrap", "cm-error-line");
      }
      this.errorLine = null;
    }

    showResult() {
      if (!this.run || this.run.status !== "finished") {
        return;
      }
      const columns = this.run.columns || [];
      if (columns.length === 0) {
        this.disposeChart();
        fill(this.resultBox, el("p", { class: "muted small" }, "Done: the statement gave no rows."));
        return;
      }
      const modes = el("div", { class: "segmented result-modes", role: "group", "aria-label": "Show as" },
        el("button", { type: "button", class: `show-table${this.display.mode === "chart" ? "" : " active"}`, onclick: () => this.setMode("table") }, "Table"),
        el("button", { type: "button", class: `show-chart${this.display.mode === "chart" ? " active" : ""}`, onclick: () => this.setMode("chart") }, "Chart"));
      const csv = el("a", { class: "button button-secondary button-small download-csv", href: `${this.path}/result.csv`, download: true }, "CSV");
      const count = el("span", { class: "row-count muted small" },
        this.run.truncated
          ? `Showing the first ${this.run.rowCount.toLocaleString()} rows: the result had more.`
          : `${this.run.rowCount.toLocaleString()} row${this.run.rowCount === 1 ? "" : "s"}`);
      this.resultContent = el("div", { class: "result-content" });
      fill(this.resultBox, el("div", { class: "result-bar" }, modes, count, csv), this.resultContent);
      if (this.display.mode === "chart") {
        this.showChart();
      } else {
        this.showTable();
      }
    }

    setMode(mode) {
      if (this.display.mode !== mode) {
        this.display = { ...this.display, mode };
        this.changed();
      }
      this.showResult();
    }

    async showTable() {
      this.disposeChart();
      const target = this.resultContent;
      const runId = this.run.runId;
      let data;
      try {
        data = await api("GET", `${this.path}/result?page=${this.resultPage}&size=${RESULT_PAGE_SIZE}`);
      } catch (e) {
        fill(target, el("p", { class: "paragraph-error" }, e.message));
        return;
      }
      if (!this.run || this.run.runId !== runId || target !== this.resultContent) {
        return; // a newer run or another view replaced this one meanwhile
      }
      const table = el("table", { class: "table table-compact result-table" },
        el("thead", {}, el("tr", {}, data.columns.map((column) =>
          el("th", { title: column.type, class: NUMERIC.test(column.type) ? "num" : null }, column.name)))),
        el("tbody", {}, data.rows.map((row) => el("tr", {}, row.map((value, i) => {
          const text = cellText(value);
          const numeric = NUMERIC.test(data.columns[i].type);
          return text === null
            ? el("td", { class: "null" }, "NULL")
            : el("td", { class: numeric ? "num" : null }, text);
        })))));
      const pages = Math.max(1, data.totalPages);
      const pager = el("nav", { class: "result-pager", "aria-label": "Result pages" },
        button("← Prev", "button-secondary result-prev", () => this.turn(-1)),
        el("span", { class: "page-of muted small" }, `Page ${data.page + 1} of ${pages}`),
        button("Next →", "button-secondary result-next", () => this.turn(1)));
      pager.querySelector(".result-prev").disabled = data.page <= 0;
      pager.querySelector(".result-next").disabled = data.page + 1 >= pages;
      fill(target, el("div", { class: "table-scroll" }, table), pages > 1 ? pager : null);
    }

    turn(step) {
      this.resultPage = Math.max(0, this.resultPage + step);
      this.showTable();
    }

    /** The chart settings, with a key and a value chosen from the result's columns if none is. */
    chartSettings() {
      const columns = this.run.columns;
      const names = columns.map((c) => c.name);
      const display = { ...this.display };
      if (!display.key || !names.includes(display.key)) {
        display.key = names[0];
      }
      if (!display.value || !names.includes(display.value)) {
        const numeric = columns.find((c) => c.name !== display.key && NUMERIC.test(c.type));
        display.value = numeric ? numeric.name : names[Math.min(1, names.length - 1)];
      }
      if (display.group && !names.includes(display.group)) {
        delete display.group;
      }
      display.type = CHART_TYPES.includes(display.type) ? display.type : "bar";
      display.aggregation = AGGREGATIONS.includes(display.aggregation) ? display.aggregation : "sum";
      return display;
    }

    showChart() {
      this.disposeChart();
      const settings = this.chartSettings();
      const names = this.run.columns.map((c) => c.name);
      const select = (field, options, label, allowNone) => {
        const chooser = el("select", {
          class: `chart-${field}`,
          "aria-label": label,
          onchange: (event) => {
            const display = { ...this.chartSettings() };
            if (event.target.value === "") {
              delete display[field];
            } else {
              display[field] = event.target.value;
            }
            this.display = { ...display, mode: "chart" };
            this.changed();
            this.drawChart();
          },
        },
        allowNone ? el("option", { value: "" }, "none") : null,
        options.map((option) => el("option", { value: option, selected: settings[field] === option }, option)));
        return el("label", { class: "chart-setting" }, el("span", { class: "muted small" }, label), chooser);
      };
      this.chartBox = el("div", { class: "chart", role: "img", "aria-label": "Chart of the result" });
      this.chartNote = el("p", { class: "chart-note muted small" });
      fill(this.resultContent,
        el("div", { class: "chart-settings" },
          select("type", CHART_TYPES, "Type"),
          select("key", names, "Key"),
          select("value", names, "Value"),
          select("group", names, "Group", true),
          select("aggregation", AGGREGATIONS, "Aggregation")),
        this.chartBox, this.chartNote);
      if (["type", "key", "value", "group", "aggregation"].some((f) => (settings[f] || "") !== (this.display[f] || ""))) {
        // The columns chose what the saved display left open: keep it with the paragraph.
        this.display = { ...settings, mode: "chart" };
        this.changed();
      }
      this.drawChart();
    }

    async drawChart() {
      const settings = this.chartSettings();
      const query = new URLSearchParams({
        type: settings.type,
        key: settings.key,
        value: settings.value,
        group: settings.group || "",
        aggregation: settings.aggregation,
      });
      const box = this.chartBox;
      let data;
      try {
        data = await api("GET", `${this.path}/chart?${query}`);
      } catch (e) {
        this.disposeChart();
        fill(box, el("p", { class: "paragraph-error" }, e.message));
        return;
      }
      if (box !== this.chartBox) {
        return;
      }
      if (!this.chart) {
        fill(box);
        this.chart = window.echarts.init(box, null, { renderer: "canvas" });
      }
      this.chart.setOption(chartOption(data), true);
      this.chartNote.textContent = data.truncated
        ? "Some keys, groups or points were left out: the chart shows the first of them."
        : "";
    }

    disposeChart() {
      if (this.chart) {
        this.chart.dispose();
        this.chart = null;
      }
    }

    resize() {
      if (this.chart) {
        this.chart.resize();
      }
    }

    refreshEditor() {
      if (this.cm) {
        this.cm.refresh();
      }
    }
  }

  /** The ECharts option of the chart endpoint's answer. */
  function chartOption(data) {
    const base = {
      animation: false,
      tooltip: { trigger: data.type === "pie" || data.type === "scatter" ? "item" : "axis" },
      grid: { left: 56, right: 24, top: 36, bottom: 48, containLabel: true },
    };
    if (data.type === "scatter") {
      return {
        ...base,
        xAxis: { type: "value", name: data.key, nameLocation: "middle", nameGap: 28, scale: true },
        yAxis: { type: "value", name: data.value, scale: true },
        series: [{ type: "scatter", symbolSize: 6, data: data.points }],
      };
    }
    if (data.type === "pie") {
      const series = data.series[0] || { values: [] };
      return {
        ...base,
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie",
          radius: "65%",
          name: series.name,
          data: data.keys.map((key, i) => ({ name: key, value: series.values[i] })),
        }],
      };
    }
    const line = data.type === "line" || data.type === "area";
    return {
      ...base,
      legend: data.series.length > 1 ? { type: "scroll", top: 0 } : undefined,
      xAxis: { type: "category", data: data.keys, name: data.key, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value", name: `${data.aggregation}(${data.value})` },
      series: data.series.map((series) => ({
        name: series.name,
        type: line ? "line" : "bar",
        areaStyle: data.type === "area" ? {} : undefined,
        stack: data.type === "area" ? "total" : undefined,
        data: series.values,
      })),
    };
  }

  /** The notebook on the page: its paragraphs in order, saving, polling. */
  class NotebookView {
    constructor() {
      this.notebookId = page.dataset.notebookId;
      this.path = `${notebooksPath}/${encodeURIComponent(this.notebookId)}`;
      this.container = document.getElementById("paragraphs");
      this.saveState = document.getElementById("save-state");
      this.errorBanner = document.getElementById("notebook-error");
      this.paragraphs = [];
      this.pendingSaves = 0;
      this.saveFailure = null;
      this.saved = false;
      this.pollTimer = null;
      this.tickTimer = null;
      window.bdpaasNotebook = {
        setSchema: (tables) => {
          Object.keys(schema).forEach((name) => delete schema[name]);
          Object.assign(schema, tables);
        },
      };
    }

    /**
     * The project's catalog in the schema browser, and its tables and columns for completion;
     * read again (at most every few seconds) after runs end, since a run may create a table.
     */
    async loadSchema() {
      const box = document.getElementById("schema-tree");
      const state = document.getElementById("schema-state");
      if (!box) {
        return;
      }
      state.textContent = "Reading the catalog…";
      let catalog;
      try {
        catalog = await api("GET", `/api/v1/projects/${encodeURIComponent(projectId)}/schema`);
      } catch (e) {
        state.textContent = e.status === 409 ? e.message : `The catalog could not be read: ${e.message}`;
        return;
      }
      const tables = {};
      const databases = catalog.databases.map((database) => {
        const items = database.tables.map((table) => {
          const columns = table.columns.map((column) => column.name);
          const qualified = table.temporary ? table.name : `${database.name}.${table.name}`;
          tables[qualified] = columns;
          if (database.name === "default" || table.temporary) {
            tables[table.name] = columns;
          }
          return el("li", { class: "schema-table", "data-table": qualified },
            el("details", {},
              el("summary", {}, table.name, el("span", { class: "muted small" }, ` ${table.temporary ? "temporary view" : table.type}`)),
              el("ul", {}, ...table.columns.map((column) =>
                el("li", { class: "schema-column" }, column.name, el("span", { class: "muted small" }, ` ${column.type}`))))));
        });
        return el("li", { class: "schema-database", "data-database": database.name },
          el("details", { open: "" },
            el("summary", {}, database.name),
            items.length ? el("ul", {}, ...items) : el("p", { class: "muted small" }, "No tables.")));
      });
      window.bdpaasNotebook.setSchema(tables);
      fill(box, el("ul", { class: "schema-databases" }, ...databases));
      state.textContent = catalog.truncated ? "Large catalog: only part of it is shown." : "";
    }

    schemaMayHaveChanged() {
      window.clearTimeout(this.schemaTimer);
      this.schemaTimer = window.setTimeout(() => this.loadSchema(), 1000);
    }

    async load() {
      document.getElementById("run-all").addEventListener("click", () => this.runAll());
      const refresh = document.getElementById("schema-refresh");
      if (refresh) {
        refresh.addEventListener("click", () => this.loadSchema());
        document.getElementById("schema-browser").addEventListener("toggle", (event) => {
          if (event.target.open) {
            this.loadSchema();
          }
        });
      }
      this.loadSchema();
      document.getElementById("cancel-all").addEventListener("click", () => this.cancelAll());
      document.querySelectorAll("#add-at-end [data-add]").forEach((add) =>
        add.addEventListener("click", () => this.add(add.dataset.add, null)));
      window.addEventListener("resize", () => this.paragraphs.forEach((p) => p.resize()));
      // Leaving within the moment before a change is sent: send it anyway (keepalive outlives the
      // page), rather than holding the user back with a prompt.
      window.addEventListener("pagehide", () => {
        this.paragraphs.filter((p) => p.dirty).forEach((p) => {
          p.dirty = false;
          window.clearTimeout(p.saveTimer);
          fetch(p.path, {
            method: "PUT",
            keepalive: true,
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", [page.dataset.csrfHeader]: page.dataset.csrfToken },
            body: JSON.stringify(p.document()),
          });
        });
      });
      let notebook;
      try {
        notebook = await api("GET", this.path);
      } catch (e) {
        fill(this.container);
        this.showError(`The notebook could not be loaded: ${e.message}`);
        return;
      }
      this.paragraphs = notebook.paragraphs.map((document) => new ParagraphView(this, document));
      this.layout();
      this.paragraphs.forEach((p) => p.kind === "sql" && p.run && p.showRun(p.run));
      this.paragraphs.forEach((p) => p.refreshEditor());
      page.dataset.loaded = "true";
      this.watch();
    }

    layout() {
      const empty = this.paragraphs.length === 0;
      if (empty) {
        fill(this.container, el("div", { class: "empty-state small", id: "no-paragraphs" },
          el("p", {}, "This notebook has no paragraphs yet: add an SQL or a Markdown paragraph below.")));
        return;
      }
      // Moving the existing elements keeps their editors, charts and scroll positions.
      fill(this.container, ...this.paragraphs.map((p) => p.element));
      this.paragraphs.forEach((p, i) => {
        p.element.querySelector(".move-up").disabled = i === 0;
        p.element.querySelector(".move-down").disabled = i === this.paragraphs.length - 1;
      });
    }

    showError(message) {
      this.errorBanner.hidden = !message;
      this.errorBanner.textContent = message || "";
    }

    showSaveState() {
      const saving = this.pendingSaves > 0 || this.paragraphs.some((p) => p.dirty);
      this.saveState.classList.toggle("save-failed", Boolean(this.saveFailure));
      if (this.saveFailure) {
        this.saveState.textContent = this.saveFailure;
      } else if (saving) {
        this.saveState.textContent = "saving…";
      } else {
        this.saveState.textContent = this.saved ? "saved" : "";
      }
    }

    async saveParagraph(paragraph, body) {
      this.pendingSaves++;
      this.showSaveState();
      try {
        await api("PUT", paragraph.path, body);
        this.saved = true;
      } catch (e) {
        if (e.status === 409 || e.status === 404) {
          this.saveFailure = "not saved";
          this.showError("This notebook was changed elsewhere (another tab or person) and your last"
            + " change could not be saved: reload the page to see the current version.");
        } else {
          this.saveFailure = "not saved";
          paragraph.dirty = true; // the next change tries again
          this.showError(`A change could not be saved: ${e.message}`);
        }
        throw e;
      } finally {
        this.pendingSaves--;
        this.showSaveState();
      }
    }

    async saveAll() {
      await Promise.all(this.paragraphs.map((p) => p.save()));
    }

    /** Polls the runs that are queued or running, every second, until none is. */
    watch() {
      if (!this.tickTimer) {
        this.tickTimer = window.setInterval(() => {
          this.paragraphs.forEach((p) => p.isActive() && p.tick());
          if (!this.paragraphs.some((p) => p.isActive()) && !this.pollTimer) {
            window.clearInterval(this.tickTimer);
            this.tickTimer = null;
          }
        }, 250);
      }
      if (!this.pollTimer && this.paragraphs.some((p) => p.isActive())) {
        this.pollTimer = window.setTimeout(() => this.poll(), POLL_MS);
      }
    }

    async poll() {
      const active = this.paragraphs.filter((p) => p.isActive());
      await Promise.all(active.map(async (p) => {
        try {
          p.showRun(await api("GET", `${p.path}/run`));
        } catch (e) {
          if (e.status === 404) {
            p.run = null; // deleted meanwhile
          }
        }
      }));
      this.pollTimer = null;
      if (this.paragraphs.some((p) => p.isActive())) {
        this.pollTimer = window.setTimeout(() => this.poll(), POLL_MS);
      }
      page.dataset.polling = this.pollTimer ? "true" : "false";
    }

    async runAll() {
      this.showError(null);
      try {
        await this.saveAll();
        const runs = await api("POST", `${this.path}/run`, "");
        runs.forEach((run) => {
          const paragraph = this.paragraphs.find((p) => p.id === run.paragraphId);
          if (paragraph) {
            paragraph.showRun(run);
          }
        });
        this.watch();
      } catch (e) {
        this.showError(`Run all: ${e.message}`);
      }
    }

    async cancelAll() {
      this.showError(null);
      try {
        await api("POST", `${this.path}/cancel`, "");
      } catch (e) {
        this.showError(`Cancel all: ${e.message}`);
      }
      this.watch();
    }

    /** Adds a paragraph of `kind` below `after` (at the end without one). */
    async add(kind, after) {
      this.showError(null);
      const index = after ? this.paragraphs.indexOf(after) + 1 : this.paragraphs.length;
      try {
        await this.saveAll();
        const notebook = await api("POST", `${this.path}/paragraphs?index=${index}`, { kind, text: "" });
        const document = notebook.paragraphs[index];
        const added = new ParagraphView(this, document);
        this.paragraphs.splice(index, 0, added);
        this.layout();
        added.refreshEditor();
        if (added.cm) {
          added.cm.focus();
        }
        added.element.scrollIntoView({ block: "nearest" });
      } catch (e) {
        this.showError(`The paragraph was not added: ${e.message}`);
      }
    }

    async move(paragraph, step) {
      const from = this.paragraphs.indexOf(paragraph);
      const to = from + step;
      if (to < 0 || to >= this.paragraphs.length) {
        return;
      }
      try {
        const notebook = await api("POST", `${paragraph.path}/move`, { index: to });
        const order = notebook.paragraphs.map((p) => p.id);
        this.paragraphs.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
        this.layout();
        this.paragraphs.forEach((p) => p.refreshEditor());
        paragraph.element.scrollIntoView({ block: "nearest" });
      } catch (e) {
        this.showError(`The paragraph was not moved: ${e.message}`);
      }
    }

    async remove(paragraph) {
      const position = this.paragraphs.indexOf(paragraph) + 1;
      const kind = { sql: "SQL", markdown: "Markdown" }[paragraph.kind] || "text";
      const ok = await confirmed(
        `Delete paragraph ${position} (${kind})? Its text${paragraph.kind === "sql" ? " and its result" : ""} will be gone.`,
        "Delete paragraph?");
      if (!ok) {
        return;
      }
      window.clearTimeout(paragraph.saveTimer);
      paragraph.dirty = false;
      try {
        await paragraph.saving;
        if (paragraph.isActive()) {
          await api("POST", `${paragraph.path}/cancel`, "").catch(() => {});
        }
        await api("DELETE", paragraph.path);
        paragraph.disposeChart();
        this.paragraphs.splice(this.paragraphs.indexOf(paragraph), 1);
        this.layout();
      } catch (e) {
        this.showError(`The paragraph was not deleted: ${e.message}`);
      }
    }
  }
})();
