// The poster's Print button: shown only when JavaScript runs (the hint beside it covers the rest).
"use strict";
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
