// BDPaaS console behaviour: confirmation before destructive actions (typing a name for the worst),
// copy buttons, secrets revealed on demand, self-refreshing pages and selects that navigate. No
// framework.
"use strict";

// Small helpers the pages' scripts share (jobs.js, streaming.js): loaded first, as every page's
// head loads this script before the page's own.
window.bdpaas = Object.freeze({
  /** A new element with its text and class, either optional. */
  element(tag, text, className) {
    const made = document.createElement(tag);
    if (text !== undefined && text !== null) {
      made.textContent = text;
    }
    if (className) {
      made.className = className;
    }
    return made;
  },

  /** Shows the message in the element with this id, or hides it when there is none. */
  show(id, message) {
    const box = document.getElementById(id);
    box.textContent = message || "";
    box.hidden = !message;
  },

  /** The problem+json body of a failed answer, or one made of its status. */
  async problemOf(response) {
    try {
      const problem = await response.json();
      return {
        message: problem.detail || problem.title || `HTTP ${response.status}`,
        code: problem.code,
        problems: problem.problems || [],
      };
    } catch (e) {
      return { message: `HTTP ${response.status}`, problems: [] };
    }
  },

  /** A problem as one line: its message, then each field's. */
  problemText(problem) {
    return [problem.message, ...problem.problems.map((p) => `${p.field}: ${p.message}`)].join("; ");
  },

  /** A time as the reader's locale writes it. */
  timeText(iso) {
    return iso ? new Date(iso).toLocaleString() : "—";
  },

  /** A duration in milliseconds as "42 s", "3 min 5 s", "2 h 10 min" or "3 d 4 h". */
  durationText(millis) {
    if (millis === null || millis === undefined) {
      return "—";
    }
    const seconds = Math.floor(Math.max(0, millis) / 1000);
    if (seconds < 60) {
      return `${seconds} s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return `${minutes} min ${seconds % 60} s`;
    }
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
  },

  /**
   * A one-button form the console's confirm dialog asks about (the document listens to every
   * data-confirm form); once confirmed, the action runs instead of a page load.
   */
  confirmForm(label, question, className, action) {
    const form = window.bdpaas.element("form", undefined, "inline");
    form.dataset.confirm = question;
    const button = window.bdpaas.element("button", label, className);
    button.type = "submit";
    form.append(button);
    form.addEventListener("submit", async (event) => {
      if (form.dataset.confirmed !== "yes") {
        return; // the document's listener asks first
      }
      event.preventDefault();
      // Asked again next time: reset once this submit event has passed the document's listener.
      window.setTimeout(() => {
        form.dataset.confirmed = "";
      }, 0);
      button.disabled = true;
      try {
        await action();
      } finally {
        button.disabled = false;
      }
    });
    return form;
  },
});

document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("confirm-dialog");

  // A form with data-confirm asks first, in a dialog; it is submitted only on "Confirm". With
  // data-confirm-name, "Confirm" waits until that name is typed, and the typed name goes into the
  // form's confirmName field for the server to check too. The listener is the document's, so that
  // forms a page's script adds later (a job's Delete) ask too.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-confirm]")) {
      return;
    }
    if (form.dataset.confirmed === "yes" || !dialog) {
      return;
    }
    event.preventDefault();
    dialog.querySelector("#confirm-message").textContent = form.dataset.confirm;
    const name = form.dataset.confirmName;
    const typed = dialog.querySelector("#confirm-typed");
    const input = dialog.querySelector("#confirm-typed-input");
    const ok = dialog.querySelector("#confirm-ok");
    if (typed && input) {
      typed.hidden = !name;
      input.value = "";
      dialog.querySelector("#confirm-typed-name").textContent = name || "";
      ok.disabled = Boolean(name);
      input.oninput = () => {
        ok.disabled = input.value.trim() !== name;
      };
      input.onkeydown = (key) => {
        if (key.key === "Enter") {
          key.preventDefault(); // Enter would press the dialog's first button: Cancel
          if (!ok.disabled) {
            dialog.close("confirm");
          }
        }
      };
    }
    dialog.returnValue = "";
    dialog.onclose = () => {
      if (dialog.returnValue === "confirm") {
        const field = form.querySelector("input[name='confirmName']");
        if (name && field && input) {
          field.value = input.value.trim();
        }
        form.dataset.confirmed = "yes";
        form.requestSubmit();
      }
    };
    dialog.showModal();
    (name && input ? input : dialog.querySelector("#confirm-cancel")).focus();
  });

  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.querySelector(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        button.textContent = "Copied";
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(source);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = "Selected: press Ctrl+C";
      }
    });
  });

  // A button with data-reveal-token fetches a project's Connect address and token from the API when
  // pressed, so that the token is never part of the page's HTML; it fills every [data-connect-url]
  // and [data-connect-token] and shows the [data-revealed-only] elements.
  document.querySelectorAll("[data-reveal-token]").forEach((button) => {
    const failure = document.getElementById("reveal-error");
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const response = await fetch(button.dataset.revealToken, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) {
          throw new Error("the server answered " + response.status);
        }
        const connect = await response.json();
        document.querySelectorAll("[data-connect-token]").forEach((element) => {
          element.textContent = connect.token;
        });
        if (connect.url) {
          document.querySelectorAll("[data-connect-url]").forEach((element) => {
            element.textContent = connect.url;
          });
        }
        document.querySelectorAll("[data-revealed-only]").forEach((element) => {
          element.hidden = false;
        });
        // A page that refreshes itself would hide the token again: it waits while it is shown.
        document.body.dataset.secretShown = "yes";
        button.hidden = true;
        if (failure) {
          failure.hidden = true;
        }
      } catch (e) {
        button.disabled = false;
        if (failure) {
          failure.textContent = "The token could not be fetched (" + e.message + "): try again.";
          failure.hidden = false;
        }
      }
    });
  });

  // A select with data-auto-submit submits its (GET) form when changed: list filters.
  document.querySelectorAll("select[data-auto-submit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });

  // A select with data-navigate holds addresses: choosing one loads it, carrying along the values
  // of the form's [data-carry] inputs (e.g. a new cluster's size and name when the product changes).
  document.querySelectorAll("select[data-navigate]").forEach((select) => {
    select.addEventListener("change", () => {
      const target = new URL(select.value, window.location.href);
      const form = select.form;
      if (form) {
        form.querySelectorAll("[data-carry]").forEach((input) => {
          if (input.name && input.value.trim() !== "") {
            target.searchParams.set(input.name, input.value.trim());
          }
        });
      }
      window.location.assign(target.toString());
    });
  });

  // An element with data-auto-refresh="5" reloads the page every 5 seconds (clusters on their way
  // somewhere), but not while a dialog is open or the user is typing or has selected text.
  const refreshing = document.querySelector("[data-auto-refresh]");
  if (refreshing) {
    const seconds = Math.max(2, parseInt(refreshing.dataset.autoRefresh, 10) || 5);
    const busy = () => {
      const active = document.activeElement;
      const typing = active && ["INPUT", "TEXTAREA"].includes(active.tagName);
      const selecting = window.getSelection && String(window.getSelection()).length > 0;
      const secretShown = document.body.dataset.secretShown === "yes";
      const editing = document.querySelector("details.editor[open]") !== null;
      return (dialog && dialog.open) || typing || selecting || secretShown || editing;
    };
    const reloadLater = () => {
      window.setTimeout(() => {
        if (busy()) {
          reloadLater();
        } else {
          window.location.reload();
        }
      }, seconds * 1000);
    };
    reloadLater();
  }
});
