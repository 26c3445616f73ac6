package dev.lodestone.platform.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run id of every Redis primary the engine writes to, by node: one entry ({@code ""}) on a single
 * Redis, one per master on a Redis Cluster. A node whose run id changed is a process that restarted
 * (it may have lost its last writes); a master with a node id not seen before is a replica that took
 * over (it holds what was replicated to it), which is not a restart.
 *
 * <p>A cluster client sends a keyless command such as {@code INFO} to any node, so on a cluster the
 * run id of each master is asked by a one-line script under a key of that master's slots.
 */
public final class RedisRunIds {

    private static final String SCRIPT = "return redis.call('INFO', 'server')";
    private static final int SLOTS = 16384;

    /** A hash tag per slot range start, found once: ranges rarely move. */
    private final Map<Long, String> tags = new HashMap<>();

    /** Node id (or {@code ""} for a single Redis) → run id. */
    public Map<String, String> read(RedisDataSource redis) {
        String info = redis.execute(Command.INFO, "server").toString();
        if (!"cluster".equals(field(info, "redis_mode"))) {
            String runId = field(info, "run_id");
            return runId == null ? Map.of() : Map.of("", runId);
        }
        Map<String, String> runIds = new LinkedHashMap<>();
        Map<String, Long> masters = new LinkedHashMap<>();
        // CLUSTER SLOTS: per range [start, end, [ip, port, node id], replicas...]
        for (Response range : redis.execute(Command.CLUSTER, "SLOTS")) {
            Response master = range.get(2);
            if (master.size() >= 3) {
                masters.putIfAbsent(master.get(2).toString(), range.get(0).toLong());
            }
        }
        masters.forEach((node, start) -> {
            String tag = tags.computeIfAbsent(start, s -> tagFor(s.intValue()));
            Response answer = redis.execute(Command.EVAL, SCRIPT, "1", RedisKeys.PREFIX + tag + ":run-id");
            String runId = field(answer.toString(), "run_id");
            if (runId != null) {
                runIds.put(node, runId);
            }
        });
        return runIds;
    }

    /** A hash tag whose key slot is {@code slot}, so a key holding it goes to the node serving that slot. */
    static String tagFor(int slot) {
        for (int i = 0; i < 64 * SLOTS; i++) {
            String tag = "{node-" + i + "}";
            if (slot(tag) == slot) {
                return tag;
            }
        }
        throw new IllegalStateException("no hash tag found for slot " + slot);
    }

    /** The Redis Cluster slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key, mod 16384. */
    static int slot(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        int crc = 0;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (crc & 0xffff) % SLOTS;
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
