locals {
  # The two shared contract files: Terraform builds from them so the ALB and table cannot drift from the code.
  path_rules   = jsondecode(file("${path.module}/../contract/path-rules.json"))
  table_schema = jsondecode(file("${path.module}/../contract/table-schema.json"))

  name       = var.project_name
  services   = local.path_rules.services
  table_name = "${var.project_name}${local.table_schema.table_suffix}"

  # Short service names keep target group names (32 chars max) readable.
  service_short = { for s in keys(local.services) : s => trimsuffix(s, "-service") }

  az_count = 2
  azs      = slice(data.aws_availability_zones.available.names, 0, local.az_count)

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  ami_id = var.ami_id != "" ? var.ami_id : data.aws_ssm_parameter.al2023[0].insecure_value

  bucket_name = "${var.project_name}-materials-${var.bucket_suffix != "" ? var.bucket_suffix : local.account_id}"

  # Rules apply on HTTPS when a certificate exists, else (INSECURE_plain_http_for_tests_only) on plain HTTP.
  https_enabled    = var.certificate_arn != ""
  alb_listen_ports = local.https_enabled ? [443] : [80]
  app_listener_arn = local.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn

  # ALB fixed responses only accept a few content types (no application/problem+json), so the body is RFC 9457 JSON under application/json.
  not_found_problem = jsonencode({
    type   = "about:blank"
    title  = "Not Found"
    status = 404
    detail = "No service serves this path."
  })

  # Which engine carries the table's changes to checkin-service (variable change_feed).
  kinesis_feed         = var.change_feed == "kinesis"
  feed_consumer_prefix = "checkin-"

  # Stream lag is published by checkin-service itself: AWS/DynamoDB has no iterator-age metric for plain stream readers (IteratorAge exists only for Lambda consumers).
  stream_metric_namespace = "EventPlatform"
  stream_metric_name      = "StreamIteratorAgeMillis"

  tags = merge(
    {
      Project     = var.project_name
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.tags,
  )
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_ssm_parameter" "al2023" {
  count = var.ami_id == "" ? 1 : 0
  name  = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}
