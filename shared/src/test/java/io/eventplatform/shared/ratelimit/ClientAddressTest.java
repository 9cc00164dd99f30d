package io.eventplatform.shared.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void aClientWritingXForwardedForCannotChooseItsAddressBehindTheGateway() {
        // The gateway appends the peer it saw (198.51.100.7); the client wrote 10.0.0.1 itself.
        assertEquals("198.51.100.7", RateLimitFilter.clientAddress("127.0.0.1", "10.0.0.1, 198.51.100.7", 1));
        assertEquals("198.51.100.7", RateLimitFilter.clientAddress("127.0.0.1", "198.51.100.7", 1));
    }

    @Test
    void behindCloudFrontAndTheAlbTheViewerIsSecondFromTheRight() {
        // Client-written entry, then CloudFront's viewer address, then the ALB's view of CloudFront.
        assertEquals("203.0.113.9",
                RateLimitFilter.clientAddress("10.0.1.5", "1.2.3.4, 203.0.113.9, 130.176.0.1", 2));
        assertEquals("203.0.113.9", RateLimitFilter.clientAddress("10.0.1.5", "203.0.113.9, 130.176.0.1", 2));
        // Fewer entries than hops (a request that skipped CloudFront): the leftmost our side wrote.
        assertEquals("130.176.0.1", RateLimitFilter.clientAddress("10.0.1.5", "130.176.0.1", 2));
    }

    @Test
    void withoutTheHeaderOrWithoutProxiesThePeerIsTheClient() {
        assertEquals("127.0.0.2", RateLimitFilter.clientAddress("127.0.0.2", null, 1));
        assertEquals("127.0.0.2", RateLimitFilter.clientAddress("127.0.0.2", " ", 1));
        assertEquals("127.0.0.2", RateLimitFilter.clientAddress("127.0.0.2", "10.0.0.1", 0));
    }
}
