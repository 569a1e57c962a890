"""A test plugin that implements every hook and records each call."""
