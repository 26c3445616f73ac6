package dev.lodestone.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * L1: an open-model load generator in the manner of wrk2. Request {@code i} is due at
 * {@code start + i / rate}; a scheduler queues it at that time and one of {@code connections}
 * persistent HTTP/1.1 connections sends it as soon as it is free. Latency counts from the due time,
 * not from the send, so a server that stalls is charged for every request that should have gone out
 * meanwhile (no coordinated omission), and the client never opens more connections than wrk did.
 *
 * <p>{@code path} may contain {@code %d}, replaced by a random shopper number below {@code users}.
 * The first {@code warmup} seconds are sent but not recorded.
 */
final class OpenLoop {

    private OpenLoop() {}

    private record Due(long intendedNanos, String path, boolean measured) {}

    private static final Due STOP = new Due(0, null, false);

    static Map<String, Object> run(Args args) throws Exception {
        URI base = URI.create(args.required("baseUrl"));
        String token = args.text("token", "");
        String path = args.required("path");
        double rate = args.decimal("rate", 100);
        double seconds = args.decimal("seconds", 30);
        double warmup = args.decimal("warmup", 5);
        int users = (int) args.number("users", 1000);
        int connections = (int) args.number("connections", 32);

        Stats stats = new Stats();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        LinkedBlockingQueue<Due> queue = new LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().start(() -> {
                Connection connection = null;
                try {
                    for (Due due = queue.take(); due != STOP; due = queue.take()) {
                        String failure = null;
                        try {
                            if (connection == null) {
                                connection = new Connection(base, token);
                            }
                            int status = connection.get(due.path());
                            if (status != 200) {
                                failure = "HTTP " + status;
                            }
                        } catch (IOException e) {
                            failure = e.getClass().getSimpleName();
                            if (connection != null) {
                                connection.close();
                            }
                            connection = null;
                        }
                        if (due.measured()) {
                            stats.add(System.nanoTime() - due.intendedNanos());
                            if (failure != null) {
                                errors.incrementAndGet();
                                errorKinds.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (connection != null) {
                        connection.close();
                    }
                }
            }));
        }

        long total = (long) ((warmup + seconds) * rate);
        long warmupCount = (long) (warmup * rate);
        SplittableRandom random = new SplittableRandom(42);
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000;
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(new Due(intended, String.format(path, random.nextInt(users)), i >= warmupCount));
        }
        long scheduledEnd = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            queue.add(STOP);
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("connections", connections);
        result.put("scheduledRate", total / ((scheduledEnd - start) / 1e9));
        result.put("completedRate", total / elapsed);
        result.put("requests", stats.size());
        result.put("errors", errors.get());
        result.put("errorKinds", errorKinds.toString());
        result.put("p50", stats.percentileMs(50));
        result.put("p90", stats.percentileMs(90));
        result.put("p99", stats.percentileMs(99));
        result.put("p999", stats.percentileMs(99.9));
        result.put("max", stats.percentileMs(100));
        result.put("curve", stats.curve());
        return result;
    }

    /** One persistent HTTP/1.1 connection: GET, read the status and skip the body. */
    static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;
        private final String token;

        Connection(URI base, String token) throws IOException {
            int port = base.getPort() < 0 ? 80 : base.getPort();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(base.getHost(), port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
            host = base.getHost() + ":" + port;
            this.token = token;
        }

        int get(String path) throws IOException {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                    + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase();
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase().contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
