package io.eventplatform.materials.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only while the materials bucket answers: without it no upload or link can work. */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements HealthCheck {

    private final S3Client s3;
    private final MaterialsConfig config;

    public BucketReadinessCheck(S3Client s3, MaterialsConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var health = HealthCheckResponse.named("s3-bucket").withData("bucket", config.bucket());
        try {
            s3.headBucket(r -> r.bucket(config.bucket()));
            return health.up().build();
        } catch (SdkException e) {
            return health.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
