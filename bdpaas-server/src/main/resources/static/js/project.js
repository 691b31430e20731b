// A project's page: its files (list, upload with progress, download, delete) and its notebooks,
// read from the REST API with the page's session, so that they are current without a reload.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const page = document.getElementById("project-page");
  if (!page) {
    return;
  }
  const project = page.dataset.projectId;
  const api = `/api/v1/projects/${encodeURIComponent(project)}`;
  const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };

  const size = (bytes) => {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
  };

  const element = (tag, text, className) => {
    const made = document.createElement(tag);
    if (text !== undefined) {
      made.textContent = text;
    }
    if (className) {
      made.className = className;
    }
    return made;
  };

  const problemText = async (response) => {
    try {
      const problem = await response.json();
      const details = (problem.problems || []).map((p) => `${p.field}: ${p.message}`);
      return [problem.detail || problem.title || `HTTP ${response.status}`, ...details].join("; ");
    } catch (e) {
      return `HTTP ${response.status}`;
    }
  };

  const showError = (id, message) => {
    const box = document.getElementById(id);
    box.textContent = message || "";
    box.hidden = !message;
  };

  // Files
  const filesTable = document.getElementById("files-table");
  const loadFiles = async () => {
    const response = await fetch(`${api}/files`, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      showError("files-error", `The files could not be listed: ${await problemText(response)}`);
      return;
    }
    showError("files-error", "");
    const listing = await response.json();
    document.getElementById("storage-used").textContent = `${size(listing.usedBytes)} used`;
    document.getElementById("max-file-size").textContent = size(listing.maxFileBytes);
    const body = filesTable.querySelector("tbody");
    body.replaceChildren();
    for (const file of listing.items) {
      const row = document.createElement("tr");
      row.dataset.file = file.name;
      const name = element("td");
      const link = element("a", file.name);
      link.href = `${api}/files/${encodeURIComponent(file.name)}`;
      link.setAttribute("download", file.name);
      name.append(link);
      const path = element("td", undefined, "path-cell");
      path.append(element("code", file.path));
      const actions = element("td");
      const remove = element("button", "Delete", "button button-danger button-small");
      remove.type = "button";
      remove.addEventListener("click", () => deleteFile(file.name));
      actions.append(remove);
      row.append(
        name,
        element("td", size(file.sizeBytes)),
        element("td", new Date(file.modifiedAt).toLocaleString()),
        path,
        actions,
      );
      body.append(row);
    }
    filesTable.hidden = listing.items.length === 0;
    document.getElementById("no-files").hidden = listing.items.length > 0;
  };

  const deleteFile = async (name) => {
    if (!window.confirm(`Delete ${name}? Notebooks and tables that read it will no longer find it.`)) {
      return;
    }
    const response = await fetch(`${api}/files/${encodeURIComponent(name)}`, {
      method: "DELETE",
      headers: csrf,
    });
    if (!response.ok && response.status !== 404) {
      showError("files-error", `${name} was not deleted: ${await problemText(response)}`);
    }
    await loadFiles();
  };

  // An upload goes straight to the API as the file's bytes (streamed to disk by the server), with
  // its progress shown; XMLHttpRequest reports upload progress, fetch does not.
  const upload = (file) =>
    new Promise((resolve) => {
      const line = element("li", `${file.name}: starting…`);
      document.getElementById("upload-progress").append(line);
      const request = new XMLHttpRequest();
      request.open("PUT", `${api}/files/${encodeURIComponent(file.name)}`);
      request.setRequestHeader(page.dataset.csrfHeader, page.dataset.csrfToken);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) {
          line.textContent = `${file.name}: ${Math.round((100 * event.loaded) / event.total)} %`;
        }
      });
      request.addEventListener("load", async () => {
        if (request.status === 200 || request.status === 201) {
          line.textContent = `${file.name}: uploaded (${size(file.size)})`;
        } else {
          line.className = "failed";
          line.textContent = `${file.name}: ${await problemText(new Response(request.response, { status: request.status }))}`;
        }
        resolve();
      });
      request.addEventListener("error", () => {
        line.className = "failed";
        line.textContent = `${file.name}: the upload was interrupted`;
        resolve();
      });
      request.send(file);
    });

  document.getElementById("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("upload-input");
    document.getElementById("upload-progress").replaceChildren();
    for (const file of input.files) {
      await upload(file);
    }
    input.value = "";
    await loadFiles();
  });

  // Notebooks
  const loadNotebooks = async () => {
    const response = await fetch(`${api}/notebooks?size=20`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) {
      showError("notebooks-error", `The notebooks could not be listed: ${await problemText(response)}`);
      return;
    }
    const page = await response.json();
    const list = document.getElementById("notebook-links");
    list.replaceChildren();
    for (const notebook of page.items) {
      const item = element("li");
      const link = element("a", notebook.name);
      link.href = `/projects/${encodeURIComponent(project)}/notebooks/${encodeURIComponent(notebook.id)}`;
      item.append(link, element("span", ` · ${notebook.paragraphs} paragraphs`, "muted small"));
      list.append(item);
    }
    document.getElementById("no-notebooks").hidden = page.items.length > 0;
  };

  loadFiles();
  loadNotebooks();
});
