package dev.lodestone.platform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to {@link ApiError}: clients never see a stack trace or an HTML page. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = json(e.toError());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(new ApiError(403, "forbidden", "this token's role may not do that"))
                .build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> FieldError.of(leaf(v), v.getMessage()))
                .toList();
        return json(new ApiError(400, "invalid_request", "the request has invalid values", errors))
                .build();
    }

    /** A body that is not JSON, or not the JSON this endpoint reads: the field and a plain reason. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return api(JsonProblems.refusal(e));
    }

    /** Declared for the exact type so that it wins over the JSON extension's own mapper, which names Java types. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return api(JsonProblems.refusal(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable);
        }
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status < 500 ? "invalid_request" : "internal_error";
        };
        // The reason phrase, not the exception's message: that may describe the server's internals.
        Response.StatusType known = Response.Status.fromStatusCode(status);
        String message = status < 500 && known != null ? known.getReasonPhrase().toLowerCase() : "request failed";
        return json(new ApiError(status, code, message)).build();
    }

    /** Redis (or another pooled peer) is saturated: the client should come back shortly. */
    @ServerExceptionMapper
    public Response poolBusy(ConnectionPoolTooBusyException e) {
        return json(new ApiError(503, "unavailable", "the server is busy; retry shortly"))
                .header("Retry-After", "1")
                .build();
    }

    /** Redis is down, restarting or loading: a read answers "retry shortly", never a 500. */
    @ServerExceptionMapper({
        java.net.ConnectException.class,
        java.nio.channels.ClosedChannelException.class,
        io.vertx.core.VertxException.class,
        io.vertx.core.impl.NoStackTraceThrowable.class,
        io.vertx.redis.client.impl.types.ErrorType.class
    })
    public Response redisUnreachable(Throwable e) {
        if (!dev.lodestone.platform.redis.RedisFailures.unreachable(e)) {
            return unexpected(e);
        }
        LOG.debugf("Redis unreachable: %s", e.getMessage());
        return json(new ApiError(503, "unavailable", "the read store is unreachable; retry shortly"))
                .header("Retry-After", "2")
                .build();
    }

    /**
     * A chunked body that outgrows {@code quarkus.http.limits.max-body-size} reaches the resource as
     * this IOException while its body is read. The HTTP layer has already answered 413 (without the
     * JSON body: it ends the response itself), so this only keeps a client's oversized upload from
     * being logged as an unexpected server failure.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e) {
        if ("Request too large".equals(e.getMessage())) {
            return json(new ApiError(413, "payload_too_large", "the body is larger than the server accepts"))
                    .build();
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return json(new ApiError(500, "internal_error", "an unexpected error occurred; it has been logged"))
                .build();
    }

    private static Response unauthenticated() {
        return json(new ApiError(401, "unauthenticated", "a valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    private static Response.ResponseBuilder json(ApiError error) {
        return Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error);
    }

    private static String leaf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
