output "alb_dns_name" {
  description = "DNS name of the public ALB."
  value       = aws_lb.this.dns_name
}

output "cloudfront_domain_name" {
  description = "Domain name of the CloudFront distribution (API, WebSockets and /static/*)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "table_name" {
  description = "Name of the shared DynamoDB table."
  value       = aws_dynamodb_table.registrations.name
}

output "table_stream_arn" {
  description = "ARN of the table's stream (NEW_AND_OLD_IMAGES)."
  value       = aws_dynamodb_table.registrations.stream_arn
}

output "bucket_name" {
  description = "Name of the materials bucket."
  value       = aws_s3_bucket.materials.bucket
}

output "target_group_arns" {
  description = "Target group ARN per service."
  value       = { for s, tg in aws_lb_target_group.service : s => tg.arn }
}

output "asg_names" {
  description = "Auto Scaling group name per service."
  value       = { for s, asg in aws_autoscaling_group.service : s => asg.name }
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (ALB, NAT gateways), one per AZ."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (service instances), one per AZ."
  value       = aws_subnet.private[*].id
}

output "parameter_paths" {
  description = "SSM Parameter Store path each service loads its configuration from at boot."
  value       = { for s in keys(local.services) : s => "/${var.project_name}/${s}/" }
}

output "log_group_names" {
  description = "CloudWatch log group per service."
  value       = { for s, lg in aws_cloudwatch_log_group.service : s => lg.name }
}

output "ses_smtp_user" {
  description = "IAM user whose access key, as SES SMTP credentials, goes into /<project_name>/registration-service/QUARKUS_MAILER_USERNAME and QUARKUS_MAILER_PASSWORD (SecureString); null without notification_mail_domain."
  value       = local.ses_enabled ? aws_iam_user.ses_smtp[0].name : null
}

output "ses_dkim_tokens" {
  description = "DKIM CNAME tokens of the sending domain: <token>._domainkey.<domain> CNAME <token>.dkim.amazonses.com."
  value       = local.ses_enabled ? flatten([for d in aws_sesv2_email_identity.notifications[0].dkim_signing_attributes : d.tokens]) : []
}
