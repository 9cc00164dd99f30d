package io.eventplatform.checkin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/** Socket addresses of the service under test. */
final class SocketTestSupport {

    private SocketTestSupport() {
    }

    static URI kiosk(String eventId) {
        return URI.create("ws://localhost:" + RestAssured.port + "/ws/checkin/kiosk/" + eventId);
    }

    static URI dashboard(String eventId) {
        return URI.create("ws://localhost:" + RestAssured.port + "/ws/checkin/dashboard/" + eventId);
    }

    static URI dashboard(String eventId, String epoch, long since) {
        return URI.create(dashboard(eventId) + "?epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8)
                + "&since=" + since);
    }

    static URI dashboard(String eventId, String epoch, long since, String position) {
        return URI.create(dashboard(eventId, epoch, since) + "&position=" + position);
    }

    static String scan(String requestId, String ticket, String direction) {
        return "{\"type\":\"scan\",\"requestId\":\"" + requestId + "\",\"ticket\":\"" + ticket
                + "\",\"direction\":\"" + direction + "\"}";
    }
}
