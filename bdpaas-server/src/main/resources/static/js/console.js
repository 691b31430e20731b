// BDPaaS console behaviour: confirmation before destructive actions, copy buttons, self-refreshing
// pages and selects that navigate. No framework.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("confirm-dialog");

  // A form with data-confirm asks first, in a dialog; it is submitted only on "Confirm".
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.confirmed === "yes" || !dialog) {
        return;
      }
      event.preventDefault();
      dialog.querySelector("#confirm-message").textContent = form.dataset.confirm;
      dialog.returnValue = "";
      dialog.onclose = () => {
        if (dialog.returnValue === "confirm") {
          form.dataset.confirmed = "yes";
          form.requestSubmit();
        }
      };
      dialog.showModal();
      dialog.querySelector("#confirm-cancel").focus();
    });
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
      return (dialog && dialog.open) || typing || selecting;
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
