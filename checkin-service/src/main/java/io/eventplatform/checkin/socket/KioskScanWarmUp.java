package io.eventplatform.checkin.socket;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.Validator;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.checkin.checkin.Attendance;
import io.eventplatform.checkin.checkin.CheckInRepository;
import io.eventplatform.checkin.checkin.ScanOutcome;
import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.checkin.checkin.ScanWrite;
import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveMessages;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.shared.ticket.TicketVerifier;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the scan path before the instance reports ready, so the first attendees at the door do
 * not wait for class loading and the JIT: the socket upgrade's JWT check (parsing and the RSA
 * math), the kiosk command's parsing and validation, ticket verification (the EC math), the
 * registration read, the check-in transaction with its failure handling, and the answer's JSON. Nothing is
 * written: the transaction's condition fails on a registration that does not exist.
 */
@Readiness
@ApplicationScoped
public class KioskScanWarmUp implements HealthCheck {

    private final ObjectMapper json;
    private final SocketAuthentication authentication;
    private final Validator validator;
    private final TicketVerifier tickets;
    private final CheckInRepository repository;
    private final LiveMessages messages;
    private final CheckinConfig.WarmUp config;
    private volatile boolean done;
    private volatile int roundsRun;
    private static final AtomicIntegerFieldUpdater<KioskScanWarmUp> ROUNDS_RUN =
            AtomicIntegerFieldUpdater.newUpdater(KioskScanWarmUp.class, "roundsRun");

    public KioskScanWarmUp(ObjectMapper json, SocketAuthentication authentication, Validator validator, TicketVerifier tickets, CheckInRepository repository,
            LiveMessages messages, CheckinConfig config) {
        this.json = json;
        this.authentication = authentication;
        this.validator = validator;
        this.tickets = tickets;
        this.repository = repository;
        this.messages = messages;
        this.config = config.warmUp();
    }

    void onStart(@Observes StartupEvent startup) {
        Thread warmUp = new Thread(this::warmUp, "scan-path-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("scan-path-warm-up").status(done).withData("rounds", roundsRun).build();
    }

    private void warmUp() {
        long started = System.nanoTime();
        long deadline = started + config.maxDuration().toNanos();
        AtomicInteger next = new AtomicInteger();
        try {
            String forged = forgedTicket();
            String unsignedJwt = unsignedKioskJwt();
            List<Thread> runners = new ArrayList<>();
            for (int r = 0; r < Math.max(1, config.concurrency()); r++) {
                Thread runner = new Thread(() -> {
                    try {
                        int round;
                        while (System.nanoTime() < deadline && (round = next.getAndIncrement()) < config.rounds()) {
                            round(forged, unsignedJwt, round);
                            ROUNDS_RUN.incrementAndGet(this);
                        }
                    } catch (RuntimeException e) {
                        // Readiness must not hang on a warm-up: the table check reports a store that is down.
                        Log.warnf(e, "scan path warm-up stopped after %d rounds", roundsRun);
                    }
                }, "scan-path-warm-up-" + r);
                runner.setDaemon(true);
                runner.start();
                runners.add(runner);
            }
            for (Thread runner : runners) {
                runner.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            Log.infof("scan path warmed up: %d rounds in %d ms", roundsRun, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            Log.warnf(e, "scan path warm-up stopped after %d rounds", roundsRun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    /**
     * A well-formed ticket naming the current key's id but signed by a key of its own: verifying
     * it does all the work of a real one, and fails at the signature.
     */
    private String forgedTicket() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            Instant now = Instant.now();
            String currentKeyId = TicketCodec.keyId(tickets.publicKeys().iterator().next());
            return TicketCodec.sign(new TicketToken("warm-up", "warm-up", 1, now, now.plusSeconds(3600)),
                    generator.generateKeyPair().getPrivate(), currentKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key generator", e);
        }
    }

    /**
     * A kiosk JWT whose signature is 2048 bits of zeros: the upgrade's parser runs the whole RSA
     * check on it and refuses it.
     */
    private static String unsignedKioskJwt() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"warm-up\",\"groups\":[\"kiosk\"],\"event_id\":\"warm-up\","
                + "\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + base64.encodeToString(new byte[256]);
    }

    private void round(String forgedTicket, String unsignedJwt, int round) {
        if (!(authentication.kiosk("Bearer " + unsignedJwt, null, "warm-up") instanceof SocketAuthentication.Refused)) {
            throw new IllegalStateException("the warm-up's unsigned JWT was accepted");
        }
        try {
            KioskCommand command = json.readValue("{\"type\":\"scan\",\"requestId\":\"warm-up-" + round
                    + "\",\"ticket\":\"" + forgedTicket + "\",\"direction\":\"entry\"}", KioskCommand.class);
            validator.validate(command);
            tickets.verify(command.ticket());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("warm-up command unreadable", e);
        } catch (InvalidTicketException expected) {
            // a forged ticket runs the whole signature check and is refused
        }
        Instant now = Instant.now();
        String eventId = "warm-up-" + UUID.randomUUID();
        String registrationId = "warm-up-" + round;
        repository.find(eventId, registrationId);
        RegistrationItem absent = RegistrationItem.from(Map.of(
                TableSchema.REGISTRATION_ID, Attributes.s(registrationId),
                TableSchema.EVENT_ID, Attributes.s(eventId),
                TableSchema.ITEM_TYPE, Attributes.s(ItemType.REGISTRATION.value()),
                RegistrationItem.STATUS, Attributes.s(RegistrationStatus.CONFIRMED.value()),
                TableSchema.REGISTRATION_DATE, Attributes.instant(now)));
        ScanWrite write = new ScanWrite(now, "warm-up", "warm-up", "warm-up/" + round, ScanOutcome.CHECKED_IN,
                1L);
        repository.checkIn(new Attendance(absent, null, null, null), write);
        messages.scanResult("warm-up-" + round, new ScanResult(ScanOutcome.CHECKED_IN.value(), eventId, registrationId,
                "Warm Up", "warm-up", now, new ScanResult.FirstCheckIn(now, "warm-up", "warm-up"), false, 0));
    }
}
