"""The vocabulary every layer shares: the model, the run's context, targets,
the diagnosis, secret masking, the text catalogue. Imports nothing above it."""
