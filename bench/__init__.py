"""Back Coach benchmark: `python -m bench` (or `--quick`). See bench/__main__.py."""
