// BDPaaS console behaviour: confirmation before destructive actions, copy buttons. No framework.
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
});
