"""The site's pages, one module per subject; ``proposals/urls.py`` names each view by its module."""
