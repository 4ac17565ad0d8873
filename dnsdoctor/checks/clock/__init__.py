"""The clock against NTP and HTTP Date, judged by the provider's
signature window; how this platform keeps time."""
