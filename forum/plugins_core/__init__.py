"""The plugin machinery: loading (manager), per-request state, hook calls, migrations, and
the administration of plugins. The contract plugins implement is forum/plugin_api.py."""
