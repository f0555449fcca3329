// The admin's date picker (jquery.datetimepicker, bundled with Wagtail) writes its
// « Save Selected » button in English, with no setting to change it: it is renamed as the
// pickers are built.
(() => {
  const LABEL = 'Enregistrer la sélection';
  const rename = (root) => {
    root.querySelectorAll('.xdsoft_save_selected').forEach((button) => {
      if (button.textContent !== LABEL) button.textContent = LABEL;
    });
  };
  const start = () => {
    rename(document);
    new MutationObserver((changes) => {
      changes.forEach((change) => {
        change.addedNodes.forEach((node) => {
          if (node.nodeType === Node.ELEMENT_NODE) rename(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
