package io.eventplatform.registration;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service with tracing on, as `QUARKUS_OTEL_SDK_DISABLED=false` turns it on; spans go to {@link InMemorySpans}. */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false");
    }
}
