"""The example plugin of docs/plugins.md: notes people leave for each other."""
