package io.eventplatform.local;

import java.net.URI;

import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.AwsClients;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./platform provision}: the table and versioned bucket on given endpoints (docker-compose). */
@Command(name = "provision", mixinStandardHelpOptions = true,
        header = "Create the table and the versioned bucket on given endpoints (docker-compose).",
        description = "Create the table (GSIs, TTL, stream) and the versioned bucket on the given endpoints, if "
                + "missing.")
final class ProvisionCommand implements Runnable {

    @Option(names = "--dynamodb-endpoint", required = true, paramLabel = "URL", description = "DynamoDB's endpoint")
    URI dynamoDb;

    @Option(names = "--s3-endpoint", required = true, paramLabel = "URL", description = "the S3 server's endpoint")
    URI s3;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = TableSchema.DEFAULT_TABLE_NAME,
            description = "table name (default: ${DEFAULT-VALUE})")
    String table;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = EmbeddedStack.DEFAULT_BUCKET,
            description = "bucket name (default: ${DEFAULT-VALUE})")
    String bucket;

    @Override
    public void run() {
        try (var dynamoClient = AwsClients.dynamoDb(dynamoDb); var s3Client = AwsClients.s3(s3)) {
            StackProvisioner provisioner = new StackProvisioner(dynamoClient, s3Client);
            provisioner.ensureTable(table);
            provisioner.ensureVersionedBucket(bucket);
        }
        System.out.println("provisioned table " + table + " and versioned bucket " + bucket);
    }
}
