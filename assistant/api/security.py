"""Security headers per path: a Content-Security-Policy without inline script, nosniff, no referrer, and
who may frame a page: the family chat only the origins of ``PK_EMBED_ORIGINS`` (nobody by default), the
staff console and its API nobody, ever."""

from __future__ import annotations

from collections.abc import Callable

# Everything the pages load comes from this server; the texts travel in a JSON data block, which is not
# script. Styles come from the stylesheet only (scripts may still set element.style).
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
# Swagger UI (only with PK_API_DOCS=true) is FastAPI's page: an inline start-up script and its CDN assets.
_DOCS_CDN = "https://cdn.jsdelivr.net"
_DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_DOCS_CDN}; style-src 'self' {_DOCS_CDN}; "
    f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'; base-uri 'none'"
)
_NEVER_FRAMED = ("/staff", "/ui/staff", "/api/staff")
_DOCS = ("/docs", "/redoc")


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def security_headers(embed_origins: tuple[str, ...]) -> Callable[[str], dict[str, str]]:
    """The headers for a request path, given the origins that may embed the family chat."""
    framers = " ".join(embed_origins) or "'none'"

    def for_path(path: str) -> dict[str, str]:
        ancestors = "'none'" if _under(path, _NEVER_FRAMED) else framers
        policy = _DOCS_POLICY if _under(path, _DOCS) else _POLICY
        headers = {
            "Content-Security-Policy": f"{policy}; frame-ancestors {ancestors}",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if ancestors == "'none'":
            headers["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
        return headers

    return for_path
