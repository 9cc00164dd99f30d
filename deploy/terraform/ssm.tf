locals {
  # Non-secret settings Terraform knows; the boot script turns each name under the path into an environment variable.
  base_parameters = {
    for s, svc in local.services : s => merge(
      {
        AWS_REGION        = local.region
        QUARKUS_HTTP_PORT = tostring(svc.port)
        TABLE_NAME        = aws_dynamodb_table.registrations.name
      },
      { for k, v in {
        MATERIALS_BUCKET = aws_s3_bucket.materials.bucket
        # Public published materials are linked through CloudFront's /static/*.
        MATERIALS_CDN_BASE_URL = "https://${aws_cloudfront_distribution.this.domain_name}"
      } : k => v if s == "materials-service" },
      s == "registration-service" ? local.notification_parameters : {},
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
