"""The service layer: the HTTP API under :data:`PREFIX` and the web pages (:mod:`api.web`)."""

#: Path prefix of every API route.
PREFIX = "/api/v1"
