mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "cloudfront_serves_the_alb_by_default_and_static_from_s3" {
  command = apply

  assert {
    condition     = length(aws_cloudfront_distribution.this.origin) == 2
    error_message = "The distribution needs the ALB and S3 origins."
  }

  assert {
    condition = anytrue([
      for o in aws_cloudfront_distribution.this.origin :
      o.origin_id == local.alb_origin_id && o.domain_name == "origin.events.example.org" && length(o.custom_origin_config) == 1
      && try(one(o.custom_origin_config).origin_protocol_policy, "") == "https-only"
    ])
    error_message = "One origin must be the ALB, as a custom origin reached over HTTPS at the certificate's name."
  }

  assert {
    condition = anytrue([
      for o in aws_cloudfront_distribution.this.origin :
      o.origin_id == local.s3_origin_id
      && o.domain_name == aws_s3_bucket.materials.bucket_regional_domain_name
      && o.origin_access_control_id == aws_cloudfront_origin_access_control.materials.id
    ])
    error_message = "One origin must be the materials bucket, read through the origin access control."
  }

  assert {
    condition = (
      length(aws_cloudfront_distribution.this.ordered_cache_behavior) == 1
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "/static/*"
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].target_origin_id == local.s3_origin_id
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].cache_policy_id == data.aws_cloudfront_cache_policy.caching_optimized.id
    )
    error_message = "/static/* must go to the S3 origin with the caching-optimized policy."
  }

  assert {
    condition = (
      one(aws_cloudfront_distribution.this.default_cache_behavior).target_origin_id == local.alb_origin_id
      && length(one(aws_cloudfront_distribution.this.default_cache_behavior).allowed_methods) == 7
      && one(aws_cloudfront_distribution.this.default_cache_behavior).cache_policy_id == data.aws_cloudfront_cache_policy.caching_disabled.id
      && one(aws_cloudfront_distribution.this.default_cache_behavior).origin_request_policy_id == data.aws_cloudfront_origin_request_policy.all_viewer.id
    )
    error_message = "Everything else must go to the ALB uncached, with all methods and all viewer headers (WebSocket upgrade included)."
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.materials.origin_access_control_origin_type == "s3" && aws_cloudfront_origin_access_control.materials.signing_behavior == "always"
    error_message = "The origin access control must sign every request to S3."
  }
}
