locals {
  # Non-secret settings Terraform knows; the boot script turns each name under the path into an environment variable.
  base_parameters = {
    for s, svc in local.services : s => merge(
      {
        AWS_REGION        = local.region
        QUARKUS_HTTP_PORT = tostring(svc.port)
        TABLE_NAME        = aws_dynamodb_table.registrations.name
        # X-Forwarded-Proto/-Port count only from the ALB's nodes, which sit in this VPC.
        QUARKUS_HTTP_PROXY_TRUSTED_PROXIES = var.vpc_cidr
        # CloudFront then the ALB each append to X-Forwarded-For: rate limits key on the entry CloudFront wrote.
        RATE_LIMIT_FORWARDED_HOPS = "2"
      },
      { for k, v in {
        MATERIALS_BUCKET = aws_s3_bucket.materials.bucket
        # Public published materials are linked through CloudFront's /static/*.
        MATERIALS_CDN_BASE_URL = "https://${aws_cloudfront_distribution.this.domain_name}"
        # A withdrawn copy's path is invalidated in this distribution (IAM: cloudfront:CreateInvalidation on it alone).
        MATERIALS_CLOUDFRONT_DISTRIBUTION_ID = aws_cloudfront_distribution.this.id
      } : k => v if s == "materials-service" },
      { for k, v in merge(
        { CHECKIN_STREAM_SOURCE = var.change_feed },
        local.kinesis_feed ? {
          CHECKIN_STREAM_KINESIS_STREAM_ARN      = aws_kinesis_stream.changes[0].arn
          CHECKIN_STREAM_KINESIS_CONSUMER_PREFIX = local.feed_consumer_prefix
        } : {},
      ) : k => v if s == "checkin-service" },
      s == "registration-service" ? local.notification_parameters : {},
      local.tracing_parameters,
      try(var.extra_parameters[s], {}),
    )
  }

  parameters = merge([
    for s, params in local.base_parameters : {
      for k, v in params : "${s}/${k}" => { service = s, key = k, value = v }
    }
  ]...)
}

resource "aws_ssm_parameter" "service" {
  for_each = local.parameters

  name        = "/${var.project_name}/${each.value.service}/${each.value.key}"
  description = "${each.value.key} for ${each.value.service}, loaded into its environment at boot"
  type        = "String"
  value       = each.value.value

  tags = { Service = each.value.service }
}
