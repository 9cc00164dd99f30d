package io.eventplatform.shared.feed;

import java.time.Duration;

import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.Http2Configuration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * Builds the Kinesis client of the change feed: asynchronous, on the SDK's Netty client speaking
 * HTTP/2, which SubscribeToShard requires. Region and credentials are those of the DynamoDB client
 * ({@link StreamsClientFactory}); no extension produces this client, so it is built here.
 */
public final class KinesisClients {

    private KinesisClients() {
    }

    public static KinesisAsyncClient create(KinesisReading settings, StreamsClientFactory table) {
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        // One HTTP/2 stream per subscribed shard, plus the calls around them.
                        .maxConcurrency(200)
                        .http2Configuration(Http2Configuration.builder()
                                .initialWindowSize(512 * 1024)
                                .healthCheckPingPeriod(Duration.ofSeconds(10))
                                .build()))
                .credentialsProvider(table.credentialsProvider());
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        table.region().ifPresent(builder::region);
        return builder.build();
    }
}
