"""RFC 9457 problem+json responses for the domain's errors."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from smartcustoms.clearance.states import TransitionError
from smartcustoms.clearance.uploads import UploadError, UploadTooLargeError
from smartcustoms.declarations.validation import pointer
from smartcustoms.errors import (
    ConflictError,
    ForbiddenError,
    InvalidDeclarationError,
    ModelUnavailableError,
    NotFoundError,
)
from smartcustoms.images.intake import ImageRejectedError

PROBLEM = "application/problem+json"
_TITLES = {401: "Unauthorized", 404: "Not found", 405: "Method not allowed", 413: "Too large"}


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _respond(request: Request, status: int, title: str, detail: str, **extra):
    """problem+json for the API; a page for browser paths when the portal is mounted."""
    error_page = getattr(request.app.state, "error_page", None)
    if error_page is not None and not request.url.path.startswith("/api/"):
        return error_page(request, status, title, detail, extra.get("errors", []))
    return problem(status, title, detail, **extra)


def install(app: FastAPI) -> None:
    """Maps each domain error to its status code, with a message the caller can act on."""
    statuses = {
        NotFoundError: (404, "Not found"),
        ForbiddenError: (403, "Forbidden"),
        ConflictError: (409, "Conflict"),
        TransitionError: (409, "Not allowed in this state"),
        UploadTooLargeError: (413, "Too large"),
        UploadError: (415, "Unsupported document"),
        ImageRejectedError: (422, "Unusable image"),
        ModelUnavailableError: (503, "Model not available"),
    }
    for error_type, (status, title) in statuses.items():

        async def handler(request: Request, exc: Exception, status=status, title=title):
            return _respond(request, status, title, str(exc))

        app.add_exception_handler(error_type, handler)

    @app.exception_handler(HTTPException)
    async def http_problem(request: Request, exc: HTTPException):
        title = _TITLES.get(exc.status_code, "Error")
        response = _respond(request, exc.status_code, title, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(InvalidDeclarationError)
    async def invalid(request: Request, exc: InvalidDeclarationError):
        return _respond(
            request,
            422,
            "Invalid declaration",
            f"{len(exc.errors)} problem(s) found; each names its field",
            errors=[e.as_dict() for e in exc.errors],
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError):
        errors = [
            {"pointer": pointer(tuple(e["loc"])), "message": str(e["msg"])} for e in exc.errors()
        ]
        return _respond(
            request, 422, "Invalid request", "the request does not match the API", errors=errors
        )
