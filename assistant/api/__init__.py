"""HTTP API (FastAPI): thin routers over the assistant engine."""
