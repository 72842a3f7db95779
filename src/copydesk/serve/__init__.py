"""``copydesk serve``: a live preview of the site, drafts included, with the linter on the page."""
