package io.eventplatform.checkin.socket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.LiveEvents;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.item.EventShards;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /ws/checkin/dashboard/{eventId}?epoch=&since=}: staff and organizers watch an event. On
 * connect a snapshot (or, with the epoch and last sequence number of an earlier connection, what
 * was missed), then numbered deltas. Messages: docs/websocket-protocol.md.
 *
 * <p>A plain Vert.x WebSocket rather than a websockets-next endpoint: a dashboard only listens,
 * and one instance holds thousands of them. Per socket, websockets-next keeps the upgrade's
 * routing context, headers, security identity and context-propagation state (about 13 KB of heap
 * measured at 10,000 sockets) and runs each send through a Mutiny pipeline; here a socket is
 * the Vert.x socket plus its outbox, and a broadcast writes the same string straight to it.
 * Origin and authentication are checked as for the kiosk socket ({@link AllowedOrigins},
 * {@link SocketAuthentication}), before the upgrade.
 */
@ApplicationScoped
public class DashboardStream {

    static final String PATH = "/ws/checkin/dashboard/:eventId";
    private static final int MESSAGE_TOO_BIG = 1009;
    private static final int UNSUPPORTED_DATA = 1003;

    private final SocketAuthentication authentication;
    private final AllowedOrigins origins;
    private final LiveEvents liveEvents;
    private final int writeBuffer;
    private final Duration pingInterval;
    private final int maxMessageSize;

    public DashboardStream(SocketAuthentication authentication, AllowedOrigins origins, LiveEvents liveEvents,
            CheckinConfig config,
            @ConfigProperty(name = "quarkus.websockets-next.server.auto-ping-interval") Optional<Duration> pingInterval,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size", defaultValue = "16384") int maxMessageSize) {
        this.authentication = authentication;
        this.origins = origins;
        this.liveEvents = liveEvents;
        this.writeBuffer = config.live().dashboardWriteBuffer();
        this.pingInterval = pingInterval.orElse(Duration.ofSeconds(25));
        this.maxMessageSize = maxMessageSize;
    }

    void register(@Observes Router router) {
        router.route(HttpMethod.GET, PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext request) {
        if (!"websocket".equalsIgnoreCase(request.request().getHeader(HttpHeaders.UPGRADE))) {
            request.next(); // not a socket: the ordinary 404
            return;
        }
        if (!origins.permits(request.request().getHeader(HttpHeaders.ORIGIN),
                request.request().getHeader(HttpHeaders.HOST))) {
            request.response().setStatusCode(403).end();
            return;
        }
        String eventId = request.pathParam("eventId");
        String authorization = request.request().getHeader(HttpHeaders.AUTHORIZATION);
        String query = request.request().query();
        Context context = Vertx.currentContext();
        request.request().pause();
        // The verdict reads the table: off the event loop.
        context.<SocketAuthentication.Verdict>executeBlocking(() -> authentication.dashboard(authorization, query, eventId),
                false).onComplete(verdict -> {
                    request.request().resume();
                    if (verdict.failed()) {
                        Log.warnf(verdict.cause(), "dashboard upgrade for %s failed", eventId);
                        request.response().setStatusCode(503).end();
                    } else if (verdict.result() instanceof SocketAuthentication.Refused refused) {
                        if (refused.status() == 401) {
                            request.response().putHeader("WWW-Authenticate", "Bearer");
                        }
                        request.response().setStatusCode(refused.status()).end();
                    } else {
                        Caller caller = ((SocketAuthentication.Permitted) verdict.result()).caller();
                        request.request().toWebSocket().onSuccess(socket -> open(socket, eventId, query, caller))
                                .onFailure(failure -> Log.debugf("dashboard upgrade for %s failed: %s", eventId,
                                        failure.getMessage()));
                    }
                });
    }

    /** On the socket's event loop. */
    private void open(ServerWebSocket socket, String eventId, String query, Caller caller) {
        SocketOutbox outbox = new SocketOutbox(socket, writeBuffer);
        // Pings keep proxies on the way from closing an idle socket.
        long ping = Vertx.currentContext().owner().setPeriodic(pingInterval.toMillis(), id -> outbox.ping());
        long expiry = TokenExpiry.closeAtExpiry(Vertx.currentContext().owner(), caller.expiresAt(), outbox);
        socket.frameHandler(frame -> {
            // Dashboards only listen; a client that talks is refused rather than buffered.
            if (frame.binaryData().length() > maxMessageSize) {
                outbox.close(MESSAGE_TOO_BIG, "message too big");
            } else if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
                outbox.close(UNSUPPORTED_DATA, "dashboards only listen");
            }
        });
        socket.exceptionHandler(failure -> Log.debugf("dashboard socket of %s failed: %s", eventId, failure.getMessage()));
        String epoch = parameter(query, "epoch");
        Long since = sequence(parameter(query, "since"));
        long[] position = position(parameter(query, "position"));
        // Loading the event's live state may read the table: off the event loop.
        Vertx.currentContext().<Optional<LiveEvent>>executeBlocking(() -> {
            Optional<LiveEvent> live = liveEvents.live(eventId);
            live.ifPresentOrElse(event -> event.watch(outbox, epoch, since, position),
                    () -> outbox.close(KioskSocket.POLICY_VIOLATION, "unknown event"));
            return live;
        }, false).onComplete(watched -> {
            LiveEvent live = watched.succeeded() ? watched.result().orElse(null) : null;
            if (watched.failed()) {
                Log.warnf(watched.cause(), "dashboard of %s could not be attached", eventId);
                outbox.close(1011, "internal error");
            }
            // Runs once: at once if the socket closed while the live state loaded, else from its close handler.
            Runnable detach = () -> {
                Vertx.currentContext().owner().cancelTimer(ping);
                Vertx.currentContext().owner().cancelTimer(expiry);
                if (live != null) {
                    live.unwatch(outbox);
                }
            };
            // Both on the socket's event loop: a socket closed while the live state loaded takes no
            // handler any more (Vert.x refuses it), so it is detached here and now.
            if (socket.isClosed()) {
                detach.run();
            } else {
                socket.closeHandler(closed -> detach.run());
            }
        });
    }

    private static Long sequence(String value) {
        if (value == null || !value.matches("\\d{1,18}")) {
            return null; // no or unusable resume point: a fresh snapshot
        }
        return Long.valueOf(value);
    }

    /** Shard revisions {@code r0.r1.….r7} from a snapshot and the deltas applied since; null if unusable. */
    static long[] position(String value) {
        if (value == null || !value.matches("\\d{1,18}(\\.\\d{1,18}){" + (EventShards.COUNT - 1) + "}")) {
            return null; // another shard count or malformed: a fresh snapshot
        }
        String[] parts = value.split("\\.");
        long[] position = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            position[i] = Long.parseLong(parts[i]);
        }
        return position;
    }

    static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
