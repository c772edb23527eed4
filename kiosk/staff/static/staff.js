// The staff console's only script: ask once before a button that ends or restores something.
// Everything works without it (server-rendered forms); history can undo any change anyway.
"use strict";
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
