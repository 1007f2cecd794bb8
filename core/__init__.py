"""What every app shares and nothing else: the timestamped base model, the domain errors and how pages
show them, and the versioned-edit helper. Depends on Django only."""
