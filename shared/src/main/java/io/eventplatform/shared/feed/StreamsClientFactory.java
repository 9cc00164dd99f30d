package io.eventplatform.shared.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * Builds the DynamoDB Streams client (the extension produces none) from the very keys that
 * configure the extension's DynamoDB client, so both always talk to the same endpoint unless
 * {@code dynamodb-streams.endpoint-override} says otherwise (tests put a fault-injecting link there).
 * Each call attempt is bounded by {@code dynamodb-streams.attempt-timeout}: a connection that stalls
 * fails the attempt, and the SDK retries it, instead of holding the reader for the socket's 30 s.
 */
@ApplicationScoped
public class StreamsClientFactory {

    private final Optional<URI> endpointOverride;
    private final Optional<String> region;
    private final Optional<String> credentialsType;
    private final Optional<String> accessKeyId;
    private final Optional<String> secretAccessKey;
    private final Optional<URI> streamsEndpointOverride;
    private final Duration attemptTimeout;

    public StreamsClientFactory(
            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<URI> endpointOverride,
            @ConfigProperty(name = "quarkus.dynamodb.aws.region") Optional<String> region,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.type") Optional<String> credentialsType,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.access-key-id") Optional<String> accessKeyId,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key") Optional<String> secretAccessKey,
            @ConfigProperty(name = "dynamodb-streams.endpoint-override") Optional<URI> streamsEndpointOverride,
            @ConfigProperty(name = "dynamodb-streams.attempt-timeout", defaultValue = "5s") Duration attemptTimeout) {
        this.endpointOverride = endpointOverride;
        this.region = region;
        this.credentialsType = credentialsType;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.streamsEndpointOverride = streamsEndpointOverride;
        this.attemptTimeout = attemptTimeout;
    }

    public DynamoDbStreamsClient create() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentialsProvider())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallAttemptTimeout(attemptTimeout).build());
        streamsEndpointOverride.or(() -> endpointOverride).ifPresent(builder::endpointOverride);
        region().ifPresent(builder::region);
        return builder.build();
    }

    /** The DynamoDB client's region, which the feed's other clients (Kinesis) share. */
    public Optional<Region> region() {
        return region.map(Region::of);
    }

    /** The DynamoDB client's credentials, which the feed's other clients (Kinesis) share. */
    public AwsCredentialsProvider credentialsProvider() {
        if (credentialsType.map("static"::equalsIgnoreCase).orElse(false) && accessKeyId.isPresent()
                && secretAccessKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
