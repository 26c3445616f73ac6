package dev.lodestone.dashboard.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /dashboard} → {@code /dashboard/}, where the page (static files in the jar) lives. */
@Path("/dashboard")
public class DashboardPageResource {

    @GET
    @PermitAll
    @Operation(hidden = true)
    public Response page() {
        return Response.seeOther(URI.create("/dashboard/")).build();
    }
}
