package io.eventplatform.materials.cdn;

import java.util.List;

import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationRequest;
import io.quarkus.logging.Log;

/** Invalidates paths of one CloudFront distribution (CreateInvalidation). */
final class CloudFrontInvalidator implements CdnInvalidator {

    private final CloudFrontClient cloudFront;
    private final String distributionId;

    CloudFrontInvalidator(CloudFrontClient cloudFront, String distributionId) {
        this.cloudFront = cloudFront;
        this.distributionId = distributionId;
    }

    @Override
    public void invalidate(String path, String callerReference) {
        var invalidation = cloudFront.createInvalidation(request(distributionId, path, callerReference));
        Log.infof("CloudFront invalidation %s of %s", invalidation.invalidation().id(), path);
    }

    static CreateInvalidationRequest request(String distributionId, String path, String callerReference) {
        return CreateInvalidationRequest.builder().distributionId(distributionId)
                .invalidationBatch(batch -> batch.callerReference(callerReference)
                        .paths(paths -> paths.quantity(1).items(List.of(path))))
                .build();
    }
}
