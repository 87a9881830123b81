"""Stage 3, publish: jupyter-book assembles the pages; the manifest, the finishing touches and the checks of the site."""
