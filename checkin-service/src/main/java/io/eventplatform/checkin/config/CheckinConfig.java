package io.eventplatform.checkin.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.eventplatform.shared.feed.KinesisReading;
import io.eventplatform.shared.feed.StreamReading;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of check-in, the change feed and the live sockets ({@code checkin.*}). */
@ConfigMapping(prefix = "checkin")
public interface CheckinConfig {

    /** The stream reader. */
    Stream stream();

    /** Live state and fan-out to sockets. */
    Live live();

    /** How check-in writes retry when concurrent transactions on the same items collide. */
    Writes writes();

    /** The scan path's warm-up before the instance reports ready. */
    WarmUp warmUp();

    /** Scans that kiosks admitted while offline and sync later. */
    Offline offline();

    /** Offline scans ({@code checkin.offline.*}). */
    interface Offline {

        /**
         * How old an offline scan's {@code scannedAt} may be when it reaches the service
         * ({@code CHECKIN_OFFLINE_WINDOW}). Older ones are refused (nothing changes): the kiosk shows
         * them as not synced and staff check those attendees in at the desk.
         */
        @WithDefault("12h")
        Duration window();

        /** How far a {@code scannedAt} may lie ahead of this server's clock (kiosk clocks drift a little). */
        @WithDefault("2m")
        Duration clockSkew();

        /** Most scans in one {@code sync} command; the message size limit (16 KiB) bounds it as well. */
        @WithDefault("50")
        int maxBatch();
    }

    /** The stream reader ({@code checkin.stream.*}); each setting is explained on {@link StreamReading}. */
    interface Stream extends StreamReading {

        /** Whether this instance reads the table's stream ({@code CHECKIN_STREAM_ENABLED}); off only for tools. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Where the changes come from ({@code CHECKIN_STREAM_SOURCE}): {@code dynamodb-streams}, the
         * table's own stream, serves at most two readers per shard (local runs, up to two instances);
         * {@code kinesis}, the Kinesis data stream the table streams into, one enhanced fan-out
         * consumer per instance (up to 20).
         */
        @WithDefault("dynamodb-streams")
        Source source();

        /**
         * Readiness fails while the feed lags more than this ({@code CHECKIN_STREAM_MAX_LAG}): the
         * instance's dashboards would show stale counts. The default matches the lag alarm's threshold.
         */
        @WithDefault("60s")
        Duration maxLag();

        /** The Kinesis source ({@code checkin.stream.kinesis.*}), read when {@link #source()} is {@code kinesis}. */
        Kinesis kinesis();

        /** The change feed's engines. */
        enum Source {
            DYNAMODB_STREAMS, KINESIS
        }

        @Override
        @WithDefault("400ms")
        Duration pollInterval();

        @Override
        @WithDefault("1s")
        Duration idlePollInterval();

        @Override
        @WithDefault("30s")
        Duration idleAfter();

        @Override
        @WithDefault("10s")
        Duration shardDiscoveryInterval();

        @Override
        @WithDefault("200ms")
        Duration initialBackoff();

        @Override
        @WithDefault("10s")
        Duration maxBackoff();
    }

    /** The Kinesis source ({@code checkin.stream.kinesis.*}); each setting is explained on {@link KinesisReading}. */
    interface Kinesis extends KinesisReading {

        /** {@code CHECKIN_STREAM_KINESIS_STREAM_ARN}; Terraform sets it. */
        @Override
        Optional<String> streamArn();

        /** {@code CHECKIN_STREAM_KINESIS_ENDPOINT_OVERRIDE}: a local Kinesis-protocol server. */
        @Override
        Optional<URI> endpointOverride();

        /** {@code CHECKIN_STREAM_KINESIS_FAN_OUT}. */
        @Override
        @WithDefault("true")
        boolean fanOut();

        /** {@code CHECKIN_STREAM_KINESIS_CONSUMER_PREFIX}. */
        @Override
        @WithDefault("checkin-")
        String consumerPrefix();

        /** {@code CHECKIN_STREAM_KINESIS_CONSUMER_NAME}. */
        @Override
        Optional<String> consumerName();

        @Override
        @WithDefault("4m50s")
        Duration resubscribeInterval();

        @Override
        @WithDefault("30s")
        Duration heartbeatInterval();

        @Override
        @WithDefault("3m")
        Duration staleConsumerAfter();

        @Override
        @WithDefault("20")
        int maxConsumers();

        @Override
        @WithDefault("2m")
        Duration consumerActiveTimeout();

        @Override
        @WithDefault("100000")
        int duplicateMemory();
    }

    /** Live state and fan-out ({@code checkin.live.*}). */
    interface Live {

        /** Deltas kept per event for resuming dashboards ({@code CHECKIN_LIVE_RESUME_BUFFER}). */
        @WithDefault("2048")
        int resumeBuffer();

        /** Messages written to a kiosk socket but not yet taken by the kernel before it counts as too slow (1013). */
        @WithDefault("1000")
        int connectionQueue();

        /**
         * Bytes a dashboard socket may have waiting in this instance once the kernel's buffers
         * towards it are full, before it counts as too slow and is closed with 1013.
         */
        @WithDefault("262144")
        int dashboardWriteBuffer();

        /** Check-ins listed in a dashboard snapshot. */
        @WithDefault("20")
        int recentCheckIns();

        /** Minutes of arrivals a dashboard snapshot carries, one bucket per minute. */
        @WithDefault("30")
        int arrivalMinutes();

        /** Results remembered per kiosk so a resent request id is answered, not re-applied. */
        @WithDefault("256")
        int kioskRequestMemory();

        /** How long the change feed's recent records are kept to cover index lag when an event is first loaded. */
        @WithDefault("30s")
        Duration catchUpWindow();
    }

    /** Running the scan path before reporting ready ({@code checkin.warm-up.*}). */
    interface WarmUp {

        /** Rounds of verify, read, refused transaction and JSON; enough for the JIT to compile them. */
        @WithDefault("400")
        int rounds();

        /** Readiness waits no longer than this for the warm-up, however far it got. */
        @WithDefault("5s")
        Duration maxDuration();

        /**
         * Rounds run side by side: each waits on two table round trips, so one at a time leaves the
         * CPU idle and the JIT with too few calls before the deadline.
         */
        @WithDefault("4")
        int concurrency();
    }

    /** Retry of check-in transactions ({@code checkin.writes.*}). */
    interface Writes {

        /** Attempts of one check-in when concurrent transactions conflict on the same items. */
        @WithDefault("30")
        int maxAttempts();
    }
}
