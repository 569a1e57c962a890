"""Optional plugins shipped with the forum, one package each."""
