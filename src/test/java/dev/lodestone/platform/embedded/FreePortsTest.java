package dev.lodestone.platform.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void shouldPickBindablePortsBelowTheEphemeralRangeSoNoOutgoingConnectionCanTakeThemFirst() throws Exception {
        int ephemeralStart = FreePorts.ephemeralStart();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.pick();
            if (ephemeralStart > FreePorts.FIRST) {
                assertTrue(
                        port >= FreePorts.FIRST && port <= Math.min(FreePorts.LAST, ephemeralStart - 1),
                        port + " is not below the ephemeral range starting at " + ephemeralStart);
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }

    @Test
    void shouldNeverPickAPortThatIsInUse() throws Exception {
        try (ServerSocket held = new ServerSocket(FreePorts.pick())) {
            for (int i = 0; i < 200; i++) {
                assertNotEquals(held.getLocalPort(), FreePorts.pick());
            }
        }
    }
}
