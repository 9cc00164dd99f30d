package io.eventplatform.checkin.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class GateTagsTests {

    @Test
    void theFirstGatesKeepTheirNamesAndEveryLaterOneIsOther() {
        GateTags tags = new GateTags(3);
        assertEquals("north", tags.tagFor("north"));
        assertEquals("south", tags.tagFor("south"));
        assertEquals("east", tags.tagFor("east"));
        assertEquals("other", tags.tagFor("west"));
        assertEquals("north", tags.tagFor("north"));
    }

    @Test
    void aHundredThousandGateNamesMakeAtMostLimitPlusOneTags() {
        GateTags tags = new GateTags(100);
        Set<String> distinct = new HashSet<>();
        IntStream.range(0, 100_000).parallel().mapToObj(i -> tags.tagFor("g" + i)).forEach(tag -> {
            synchronized (distinct) {
                distinct.add(tag);
            }
        });
        // Racing first scans may pass the limit by the number of threads at most.
        int threads = Runtime.getRuntime().availableProcessors();
        assertTrue(distinct.size() <= 100 + threads + 1, "tags: " + distinct.size());
        assertTrue(distinct.contains("other"));
    }
}
