package io.eventplatform.checkin.socket;

import java.util.concurrent.atomic.AtomicInteger;

import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.shared.auth.Caller;
import io.quarkus.websockets.next.UserData;

/**
 * What a socket connection carries: the caller the upgrade check verified, its outbox and live
 * event, its rate-limit refusals, and the timer that closes it when the caller's token expires.
 */
final class SocketCaller {

    static final UserData.TypedKey<Caller> CALLER = new UserData.TypedKey<>("caller");
    static final UserData.TypedKey<ConnectionOutbox> OUTBOX = new UserData.TypedKey<>("outbox");
    static final UserData.TypedKey<LiveEvent> LIVE_EVENT = new UserData.TypedKey<>("live-event");
    static final UserData.TypedKey<Long> EXPIRY_TIMER = new UserData.TypedKey<>("expiry-timer");
    /** Messages refused in a row by the kiosk's rate limit. */
    static final UserData.TypedKey<AtomicInteger> RATE_LIMITED = new UserData.TypedKey<>("rate-limited");

    private SocketCaller() {
    }
}
