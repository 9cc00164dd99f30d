mock_provider "aws" {
  source = "./tests/mocks"
}

# Issue 16, finding 4: TLS is not optional.

run "a_stack_without_a_certificate_is_refused" {
  command = plan

  variables {
    certificate_arn = ""
  }

  expect_failures = [var.certificate_arn]
}

run "a_certificate_needs_the_name_cloudfront_reaches_the_alb_by" {
  command = plan

  variables {
    certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
    alb_origin_domain_name = ""
  }

  expect_failures = [var.alb_origin_domain_name]
}

run "with_a_certificate_cloudfront_reaches_the_alb_over_https_only" {
  command = apply

  variables {
    certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
    alb_origin_domain_name = "origin.events.example.org"
  }

  override_resource {
    target = aws_lb_listener.https
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/event-management/50dc6c495c0c9188/0000000000000443"
    }
  }

  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.this.origin : (
        o.domain_name == "origin.events.example.org"
        && one(o.custom_origin_config).origin_protocol_policy == "https-only"
        && one(o.custom_origin_config).origin_ssl_protocols == toset(["TLSv1.2"])
      ) if o.origin_id == local.alb_origin_id
    ])
    error_message = "CloudFront must reach the ALB over HTTPS only, at the name the certificate covers."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
    error_message = "The HTTPS listener must use the certificate."
  }

  assert {
    condition     = alltrue([for r in aws_lb_listener_rule.path : r.listener_arn == aws_lb_listener.https[0].arn])
    error_message = "Every path rule must sit on the HTTPS listener."
  }

  assert {
    condition     = [for r in aws_vpc_security_group_ingress_rule.alb : r.from_port] == [443]
    error_message = "The ALB must not accept plain HTTP at all when it has a certificate."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "Viewers must be sent to HTTPS."
  }
}

run "plain_http_only_through_the_loudly_named_test_opt_in" {
  command = apply

  variables {
    certificate_arn                    = ""
    alb_origin_domain_name             = ""
    INSECURE_plain_http_for_tests_only = true
  }

  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.this.origin : one(o.custom_origin_config).origin_protocol_policy == "http-only"
      if o.origin_id == local.alb_origin_id
    ])
    error_message = "The test opt-in is the one way to plain HTTP between CloudFront and the ALB."
  }

  assert {
    condition = (
      [for r in aws_vpc_security_group_ingress_rule.alb : r.from_port] == [80]
      && alltrue([for r in aws_vpc_security_group_ingress_rule.alb : r.prefix_list_id == data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.id])
    )
    error_message = "Even in the test mode the ALB accepts only CloudFront."
  }
}
