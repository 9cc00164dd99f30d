package io.eventplatform.materials.cdn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.eventplatform.materials.storage.MaterialsConfig;
import io.quarkus.logging.Log;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/**
 * The CDN in front of the bucket's {@code static/}: CloudFront when a distribution id is
 * configured (in AWS), else none to invalidate (locally, where the gateway serves the bucket
 * directly and copies are cached for {@code materials.cdn-max-age} at most).
 */
@ApplicationScoped
public class CdnInvalidators {

    private CloudFrontClient cloudFront;

    @Produces
    @ApplicationScoped
    CdnInvalidator invalidator(MaterialsConfig config) {
        if (config.cloudfrontDistributionId().isEmpty()) {
            Log.debug("no CloudFront distribution configured: withdrawn CDN copies are not invalidated");
            return (path, callerReference) -> {
            };
        }
        // CloudFront is a global service, signed for us-east-1; credentials come from the default chain (the instance role).
        var builder = CloudFrontClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.AWS_GLOBAL);
        config.cloudfrontEndpoint().ifPresent(builder::endpointOverride);
        cloudFront = builder.build();
        return new CloudFrontInvalidator(cloudFront, config.cloudfrontDistributionId().get());
    }

    void close(@Disposes CdnInvalidator invalidator) {
        if (cloudFront != null) {
            cloudFront.close();
        }
    }
}
