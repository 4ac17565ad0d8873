"""Whether DNS from this host can be trusted at all: interception,
DNAT, fake-IP answers on the path."""
