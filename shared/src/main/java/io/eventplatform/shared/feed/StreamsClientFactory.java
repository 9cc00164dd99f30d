package io.eventplatform.shared.feed;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * Builds the DynamoDB Streams client (the extension produces none) from the very keys that
 * configure the extension's DynamoDB client, so both always talk to the same endpoint.
 */
@ApplicationScoped
public class StreamsClientFactory {

    private final Optional<URI> endpointOverride;
    private final Optional<String> region;
    private final Optional<String> credentialsType;
    private final Optional<String> accessKeyId;
    private final Optional<String> secretAccessKey;

    public StreamsClientFactory(
            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<URI> endpointOverride,
            @ConfigProperty(name = "quarkus.dynamodb.aws.region") Optional<String> region,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.type") Optional<String> credentialsType,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.access-key-id") Optional<String> accessKeyId,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key") Optional<String> secretAccessKey) {
        this.endpointOverride = endpointOverride;
        this.region = region;
        this.credentialsType = credentialsType;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    public DynamoDbStreamsClient create() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentialsProvider());
        endpointOverride.ifPresent(builder::endpointOverride);
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
