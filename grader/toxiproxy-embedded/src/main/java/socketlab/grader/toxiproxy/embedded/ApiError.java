package socketlab.grader.toxiproxy.embedded;

/** An error answered to an API client as {@code {"error": message, "status": status}}, with Toxiproxy's wording. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequestBody(String detail) {
        return new ApiError("bad request body: " + detail, 400);
    }

    static ApiError missingField(String field) {
        return new ApiError("missing required field: " + field, 400);
    }

    static ApiError proxyNotFound() {
        return new ApiError("proxy not found", 404);
    }

    static ApiError proxyAlreadyExists() {
        return new ApiError("proxy already exists", 409);
    }

    static ApiError invalidStream() {
        return new ApiError("stream was invalid, can be either upstream or downstream", 400);
    }

    static ApiError invalidToxicType() {
        return new ApiError("invalid toxic type", 400);
    }

    static ApiError toxicAlreadyExists() {
        return new ApiError("toxic already exists", 409);
    }

    static ApiError toxicNotFound() {
        return new ApiError("toxic not found", 404);
    }

    /** Toxiproxy answers errors without a status of their own (bind failures, ...) with 500. */
    static ApiError internal(String message) {
        return new ApiError(message, 500);
    }
}
