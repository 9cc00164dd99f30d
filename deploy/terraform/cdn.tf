locals {
  alb_origin_id = "alb"
  s3_origin_id  = "materials-bucket"

  # HTTPS to the name the certificate covers; plain HTTP to the ALB's own name only in the insecure test mode.
  alb_origin_domain   = local.https_enabled ? var.alb_origin_domain_name : aws_lb.this.dns_name
  alb_origin_protocol = local.https_enabled ? "https-only" : "http-only"
}

# AWS-managed policies, looked up by name rather than by hard-coded id.
data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

# Forwards every viewer header (Upgrade, Connection, Sec-WebSocket-*, Authorization), cookies and query strings.
data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewer"
}

resource "aws_cloudfront_origin_access_control" "materials" {
  name                              = "${local.name}-materials"
  description                       = "CloudFront signs its reads of the materials bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  is_ipv6_enabled = true
  comment         = "${local.name}: API and WebSockets via the ALB, published materials from S3"
  price_class     = var.cloudfront_price_class
  http_version    = "http2and3"

  origin {
    origin_id   = local.alb_origin_id
    domain_name = local.alb_origin_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = local.alb_origin_protocol
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 60
    }
  }

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = aws_s3_bucket.materials.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.materials.id
  }

  default_cache_behavior {
    target_origin_id         = local.alb_origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer.id
    compress                 = true
  }

  # Same static prefix as the local gateway (deploy/contract/path-rules.json).
  ordered_cache_behavior {
    path_pattern           = "${local.path_rules.static.prefix}*"
    target_origin_id       = local.s3_origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_optimized.id
    compress               = true
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = { Name = local.name }
}
