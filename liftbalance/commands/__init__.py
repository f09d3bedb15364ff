"""One module per CLI command; ``liftbalance.cli`` registers them on the group."""
