package dev.lodestone.dashboard.api;

import dev.lodestone.dashboard.DashboardSnapshot;
import dev.lodestone.dashboard.store.DashboardSnapshots;
import dev.lodestone.dashboard.store.DashboardTickets;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The marketers' live dashboard: the latest snapshot, stream tickets, and the stream itself. */
@Path("/v1/dashboard")
@Tag(name = DashboardResource.TAG, description = "The marketers' live dashboard (the page is served at /dashboard)")
public class DashboardResource {

    static final String TAG = "Dashboard";

    /** A stream ticket and when it stops opening streams. */
    public record Ticket(String ticket, Instant expiresAt) {}

    private final DashboardSnapshots snapshots;
    private final DashboardTickets tickets;
    private final SecurityIdentity identity;

    DashboardResource(DashboardSnapshots snapshots, DashboardTickets tickets, SecurityIdentity identity) {
        this.snapshots = snapshots;
        this.tickets = tickets;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getDashboard",
            summary = "The latest dashboard snapshot: events/s, active shoppers, trending, funnel, CTR by placement"
                    + " and variant, points, gift stock, freshness and lag")
    @APIResponse(
            responseCode = "200",
            description = "the snapshot",
            content = @Content(schema = @Schema(implementation = DashboardSnapshot.class)))
    public Uni<String> snapshot() {
        return snapshots.current();
    }

    @POST
    @Path("/tickets")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "createDashboardTicket",
            summary = "A short-lived ticket that opens the dashboard stream",
            description = "EventSource cannot send an Authorization header, and a token must not travel in a URL:"
                    + " the page trades its token for a ticket valid for 60 seconds that opens only the stream.")
    @APIResponse(
            responseCode = "200",
            description = "the ticket",
            content = @Content(schema = @Schema(implementation = Ticket.class)))
    public Uni<Ticket> ticket() {
        return tickets.issue(identity.getPrincipal().getName())
                .map(t -> new Ticket(t, Instant.now().plus(tickets.ttl())));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(
            operationId = "streamDashboard",
            summary = "Server-sent events: one dashboard snapshot per second",
            description = "Opened with a ticket from POST /v1/dashboard/tickets, not a token; 401 when the ticket is"
                    + " unknown or expired.")
    @APIResponse(
            responseCode = "200",
            description =
                    "server-sent events, each one DashboardSnapshot as JSON: the latest at once, then one per second",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = DashboardSnapshot.class)))
    @APIResponse(responseCode = "401", description = "unauthorized: the ticket is missing, unknown or expired")
    @Blocking
    public Multi<String> stream(
            @Parameter(description = "a ticket from POST /v1/dashboard/tickets") @QueryParam("ticket") String ticket) {
        // Checked before the stream starts, so a bad ticket is a plain 401 and not an empty stream.
        if (!tickets.valid(ticket).await().atMost(Duration.ofSeconds(5))) {
            throw new ApiException(401, "unauthorized", "the dashboard ticket is missing, unknown or expired");
        }
        return snapshots.stream();
    }
}
