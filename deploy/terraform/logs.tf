resource "aws_cloudwatch_log_group" "service" {
  for_each = local.services

  name              = "/${var.project_name}/${each.key}"
  retention_in_days = var.log_retention_days

  tags = { Service = each.key }
}
