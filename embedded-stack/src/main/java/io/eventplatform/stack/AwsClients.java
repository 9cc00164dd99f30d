package io.eventplatform.stack;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients for the local endpoints. The emulators accept any credentials; these fixed,
 * obviously-local ones are what every local process uses.
 */
public final class AwsClients {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbStreamsClient dynamoDbStreams(URI endpoint) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .forcePathStyle(true).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
