package dev.lodestone.platform.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The cheapest endpoint the server has: a probe target and the baseline of every benchmark ratio. */
@Path("/v1/ping")
public class PingResource {

    private static final String PONG = "{\"pong\":true}";

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
        return PONG;
    }
}
