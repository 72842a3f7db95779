"""Site build pipeline, pages, sitemap/feed/robots, atomic writer."""
