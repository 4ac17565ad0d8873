"""What the ACME client's resolvers see: the system's and public
resolvers, where the system resolver comes from, negative caching."""
