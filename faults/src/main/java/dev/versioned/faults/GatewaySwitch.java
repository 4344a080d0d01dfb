package dev.versioned.faults;

import dev.versioned.client.SendListener;
import dev.versioned.client.kafka.Outcome;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What a caller with two gateways does: the {@link HttpClient} under a shipped {@link
 * dev.versioned.client.InventoryClient} that sends each request to its home gateway, and after a gateway failed it
 * (no connection, no answer, a 5xx) to the other one for a while. The client's own retry loop resends an unknown
 * outcome with the same idempotency key, so that resend goes through the other gateway and must get the key's first
 * outcome. {@link #listener} tells which sends of a key went through another gateway than the one before, and what
 * they came to; {@link #failures} when each gateway answered 503 or 504 or not at all.
 */
final class GatewaySwitch extends HttpClient {

    /** How long a gateway that failed a request is avoided. */
    static final Duration AVOID = Duration.ofSeconds(10);

    /** A send of a key through another gateway than its previous send: at {@code nanos} on the run's clock. */
    record CrossSend(long nanos, int from, int to, boolean decided, boolean replayed) {}

    /** A gateway's failure of a request: a 5xx ({@code status}) or no answer at all ({@code status} 0). */
    record Failure(long nanos, int gateway, int status) {}

    private final HttpClient http;
    private final List<URI> gateways;
    private final int home;
    private final LongSupplier clock;
    private final AtomicLongArray avoidUntil;
    private final ThreadLocal<Integer> lastUsed = ThreadLocal.withInitial(() -> -1);
    private final Queue<CrossSend> crossSends;
    private final Queue<Failure> failures;

    /**
     * @param clock the run's clock in nanoseconds, shared by every switch of a run
     * @param crossSends where the sends through another gateway are collected, shared by every switch of a run
     */
    GatewaySwitch(
            HttpClient http,
            List<URI> gateways,
            int home,
            LongSupplier clock,
            Queue<CrossSend> crossSends,
            Queue<Failure> failures) {
        this.http = http;
        this.gateways = List.copyOf(gateways);
        this.home = home;
        this.clock = clock;
        this.avoidUntil = new AtomicLongArray(gateways.size());
        this.crossSends = crossSends;
        this.failures = failures;
    }

    static Queue<CrossSend> crossSends() {
        return new ConcurrentLinkedQueue<>();
    }

    static Queue<Failure> failures() {
        return new ConcurrentLinkedQueue<>();
    }

    /** The home gateway unless it is avoided, else the first that is not, else home. */
    int choose() {
        long now = clock.getAsLong();
        if (avoidUntil.get(home) <= now) {
            return home;
        }
        for (int i = 1; i < gateways.size(); i++) {
            int g = (home + i) % gateways.size();
            if (avoidUntil.get(g) <= now) {
                return g;
            }
        }
        return home;
    }

    private void failed(int gateway, int status) {
        long now = clock.getAsLong();
        avoidUntil.set(gateway, now + AVOID.toNanos());
        failures.add(new Failure(now, gateway, status));
    }

    private HttpRequest to(HttpRequest request, int gateway) {
        URI base = gateways.get(gateway);
        URI uri = request.uri();
        URI moved = URI.create(base.getScheme() + "://" + base.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        return HttpRequest.newBuilder(request, (name, value) -> true).uri(moved).build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        int gateway = choose();
        lastUsed.set(gateway);
        try {
            HttpResponse<T> response = http.send(to(request, gateway), handler);
            if (response.statusCode() >= 500) {
                failed(gateway, response.statusCode());
            }
            return response;
        } catch (IOException e) {
            failed(gateway, 0);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(to(request, choose()), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return http.sendAsync(to(request, choose()), handler, pushPromiseHandler);
    }

    /**
     * Passes every send on to {@code inner}, and notes each send of a key that went through another gateway than the
     * key's previous send (the client calls it on the caller's thread, around the exchange, so {@link #send} on
     * the same thread tells the gateway).
     */
    SendListener listener(SendListener inner) {
        ThreadLocal<String> lastKey = new ThreadLocal<>();
        ThreadLocal<Integer> lastGateway = new ThreadLocal<>();
        return new SendListener() {
            @Override
            public void sending(Send send) {
                inner.sending(send);
            }

            @Override
            public void sent(Send send, Outcome outcome) {
                String key = send.request().idempotencyKey();
                int gateway = lastUsed.get();
                Integer previous = lastGateway.get();
                if (send.isResend() && key.equals(lastKey.get()) && previous != null && previous != gateway) {
                    boolean decided = outcome instanceof Outcome.Decided;
                    boolean replayed =
                            decided && ((Outcome.Decided) outcome).result().replayed();
                    crossSends.add(new CrossSend(clock.getAsLong(), previous, gateway, decided, replayed));
                }
                lastKey.set(key);
                lastGateway.set(gateway);
                inner.sent(send, outcome);
            }
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }

    /** Counts of a queue's entries in {@code [from, to)} nanoseconds that match. */
    static long count(Queue<CrossSend> sends, long from, long to, java.util.function.Predicate<CrossSend> which) {
        AtomicLong n = new AtomicLong();
        sends.forEach(s -> {
            if (s.nanos() >= from && s.nanos() < to && which.test(s)) {
                n.incrementAndGet();
            }
        });
        return n.get();
    }
}
