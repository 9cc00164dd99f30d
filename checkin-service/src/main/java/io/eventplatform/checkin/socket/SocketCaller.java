package io.eventplatform.checkin.socket;

import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.shared.auth.Caller;
import io.quarkus.websockets.next.UserData;

/**
 * What a socket connection carries: the caller the upgrade check verified, its outbox and live
 * event, and the timer that closes it when the caller's token expires.
 */
final class SocketCaller {

    static final UserData.TypedKey<Caller> CALLER = new UserData.TypedKey<>("caller");
    static final UserData.TypedKey<ConnectionOutbox> OUTBOX = new UserData.TypedKey<>("outbox");
    static final UserData.TypedKey<LiveEvent> LIVE_EVENT = new UserData.TypedKey<>("live-event");
    static final UserData.TypedKey<Long> EXPIRY_TIMER = new UserData.TypedKey<>("expiry-timer");

    private SocketCaller() {
    }
}
