// The book's own script, added to every page (jupyter-book links every .js under _static/).
// The theme's colour mode starts empty on a first visit, and its script then logs an error ("Got invalid
// theme mode") before falling back to "auto": start at "auto" so that nothing is logged.
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}
