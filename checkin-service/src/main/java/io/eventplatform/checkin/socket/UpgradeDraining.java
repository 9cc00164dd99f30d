package io.eventplatform.checkin.socket;

import java.lang.reflect.Method;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets graceful shutdown finish once the sockets are closed. Quarkus counts every HTTP request
 * until its response ends or its connection closes, and waits for the count to reach zero (up to
 * {@code quarkus.shutdown.timeout}). An upgraded WebSocket request sends neither signal: Vert.x
 * detaches the response at the upgrade (Quarkus 3.34.2, Vert.x 4.5), so a single socket ever
 * opened made every shutdown wait the whole timeout. Here an upgrade request counts as done when
 * its connection closes, as any other request does; {@code LiveEvents} closes every socket with
 * 1001 when shutdown begins, so draining ends as soon as the clients have answered.
 */
@ApplicationScoped
@RegisterForReflection(targets = QuarkusRequestWrapper.class, fields = false)
public class UpgradeDraining {

    /** Quarkus's own "request finished" signal; package-private there, so reached reflectively. */
    private static final Method REQUEST_DONE = requestDone();

    void register(@Observes Router router) {
        if (REQUEST_DONE != null) {
            router.route().order(Integer.MIN_VALUE).handler(this::countUntilClosed);
        }
    }

    private void countUntilClosed(RoutingContext context) {
        HttpServerRequest request = context.request();
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            QuarkusRequestWrapper counted = QuarkusRequestWrapper.get(request);
            request.connection().closeHandler(closed -> done(counted));
        }
        context.next();
    }

    private static void done(QuarkusRequestWrapper request) {
        try {
            REQUEST_DONE.invoke(request); // idempotent: a refused upgrade was already done when its response ended
        } catch (ReflectiveOperationException e) {
            Log.debugf("could not mark an upgraded request done: %s", e);
        }
    }

    private static Method requestDone() {
        try {
            Method done = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            done.setAccessible(true);
            return done;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("graceful shutdown will wait its whole timeout once a WebSocket was open: %s", e);
            return null;
        }
    }
}
