"""Provider-neutral DNS: the walk from the root, what the challenge's name
really holds, whether the path to DNS is intercepted, and watching a record spread."""
