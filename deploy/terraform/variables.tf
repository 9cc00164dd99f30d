variable "project_name" {
  description = "Prefix for every resource name; the table becomes <project_name>-registrations. Kept short so target group names stay within AWS's 32 characters."
  type        = string
  default     = "event-management"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project_name))
    error_message = "project_name must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment label put on every resource as a tag (dev, staging, prod)."
  type        = string
  default     = "dev"
}

variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; public /24s and private /20s are carved out of it."
  type        = string
  default     = "10.110.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr must be a valid IPv4 CIDR of /16 or larger."
  }
}

variable "instance_type" {
  description = "EC2 instance type for every service's Auto Scaling group."
  type        = string
  default     = "t3.medium"
}

variable "ami_id" {
  description = "AMI for the service instances. Empty means the latest Amazon Linux 2023 x86_64 AMI from the public SSM parameter."
  type        = string
  default     = ""
}

variable "service_scaling" {
  description = "Auto Scaling group size per service; keys must be the services of deploy/contract/path-rules.json."
  type = map(object({
    min     = number
    max     = number
    desired = number
  }))
  default = {
    "registration-service" = { min = 2, max = 6, desired = 2 }
    "checkin-service"      = { min = 2, max = 6, desired = 2 }
    "materials-service"    = { min = 2, max = 4, desired = 2 }
  }

  validation {
    condition     = alltrue([for s in values(var.service_scaling) : s.min <= s.desired && s.desired <= s.max])
    error_message = "Each service needs min <= desired <= max."
  }
}

variable "change_feed" {
  description = "Where checkin-service instances read the table's changes: \"kinesis\" (the table streams into a Kinesis data stream; each instance is its own enhanced fan-out consumer) or \"dynamodb-streams\" (the table's own stream; two readers per shard, so at most two checkin instances)."
  type        = string
  default     = "kinesis"

  validation {
    condition     = contains(["kinesis", "dynamodb-streams"], var.change_feed)
    error_message = "change_feed must be \"kinesis\" or \"dynamodb-streams\"."
  }

  # Every instance reads every shard; a third DynamoDB Streams reader is throttled and every dashboard lags.
  validation {
    condition     = var.change_feed != "dynamodb-streams" || var.service_scaling["checkin-service"].max <= 2
    error_message = "With change_feed = \"dynamodb-streams\" the checkin-service maximum must be at most 2: DynamoDB Streams serves two readers per shard. Use change_feed = \"kinesis\" for more instances."
  }

  # A stream has at most 20 consumers; during an instance refresh, or until a crashed instance's consumer
  # is found stale, old and new instances hold one each.
  validation {
    condition     = var.change_feed != "kinesis" || var.service_scaling["checkin-service"].max <= 10
    error_message = "With change_feed = \"kinesis\" the checkin-service maximum must be at most 10: each instance is one of the stream's 20 enhanced fan-out consumers, and replacements briefly double them."
  }
}

variable "service_images" {
  description = "Container image per service (e.g. an ECR URI with tag or digest of the native build). Keys must be the contract's services."
  type        = map(string)
  default = {
    "registration-service" = "public.ecr.aws/event-management/registration-service:latest"
    "checkin-service"      = "public.ecr.aws/event-management/checkin-service:latest"
    "materials-service"    = "public.ecr.aws/event-management/materials-service:latest"
  }
}

variable "certificate_arn" {
  description = "ACM certificate ARN for the ALB's HTTPS listener (it must cover alb_origin_domain_name). Required: JWTs, tickets and ?access_token= must never cross the internet in cleartext."
  type        = string
  default     = ""

  validation {
    condition     = var.certificate_arn != "" || var.INSECURE_plain_http_for_tests_only
    error_message = "certificate_arn is required (HTTPS from CloudFront to the ALB). Only a throwaway test stack may set INSECURE_plain_http_for_tests_only = true instead."
  }
}

variable "alb_origin_domain_name" {
  description = "Domain name CloudFront uses to reach the ALB over HTTPS; certificate_arn must cover it, and it must resolve to the ALB (e.g. a Route 53 alias)."
  type        = string
  default     = ""

  validation {
    condition     = var.certificate_arn == "" || var.alb_origin_domain_name != ""
    error_message = "With certificate_arn, alb_origin_domain_name must name the ALB as the certificate does: CloudFront reaches the ALB over HTTPS only."
  }
}

variable "INSECURE_plain_http_for_tests_only" {
  description = "DANGER: serves the API, tickets and tokens over plain HTTP between CloudFront and the ALB, with no certificate. For throwaway test stacks only; never with real attendees."
  type        = bool
  default     = false
}

variable "deregistration_delay_seconds" {
  description = "Seconds the ALB drains a target before removal; keep equal to the services' graceful shutdown timeout."
  type        = number
  default     = 30

  validation {
    condition     = var.deregistration_delay_seconds >= 0 && var.deregistration_delay_seconds <= 3600
    error_message = "deregistration_delay_seconds must be between 0 and 3600."
  }
}

variable "log_retention_days" {
  description = "Retention of the per-service CloudWatch log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts."
  }
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic notified by operational alarms (alarm and OK). Empty creates alarms without notifications."
  type        = string
  default     = ""
}

variable "alarm_thresholds" {
  description = "Thresholds of the operational alarms."
  type = object({
    target_response_time_p95_seconds = number
    target_5xx_per_5min              = number
    elb_5xx_per_5min                 = number
    dynamodb_throttles_per_5min      = number
    stream_iterator_age_millis       = number
  })
  default = {
    target_response_time_p95_seconds = 1
    target_5xx_per_5min              = 10
    elb_5xx_per_5min                 = 10
    dynamodb_throttles_per_5min      = 5
    stream_iterator_age_millis       = 60000
  }
}

variable "bucket_suffix" {
  description = "Suffix making the materials bucket name globally unique. Empty uses the AWS account id."
  type        = string
  default     = ""
}

variable "noncurrent_version_retention_days" {
  description = "Days a superseded material version is kept in S3 before expiry."
  type        = number
  default     = 90
}

variable "cloudfront_price_class" {
  description = "CloudFront price class (PriceClass_100, PriceClass_200 or PriceClass_All)."
  type        = string
  default     = "PriceClass_100"
}

variable "deletion_protection" {
  description = "Protects the table and the ALB from deletion; turn off only to tear down a throwaway stack."
  type        = bool
  default     = true
}

variable "ssm_kms_key_arn" {
  description = "Customer-managed KMS key of SecureString parameters. Empty means the AWS-managed aws/ssm key, which needs no extra grant."
  type        = string
  default     = ""
}

variable "extra_parameters" {
  description = "Extra non-secret configuration per service, written to /<project_name>/<service>/<KEY> and loaded as environment variables at boot. Put secrets there yourself as SecureString, not here."
  type        = map(map(string))
  default     = {}
}

variable "tags" {
  description = "Extra tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "notification_mail_domain" {
  description = "Domain attendee email is sent from, verified in SES (its DKIM records go into your DNS). Empty: no SES resources, and notifications are recorded but not sent."
  type        = string
  default     = ""

  validation {
    condition     = var.notification_mail_domain == "" || can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.notification_mail_domain))
    error_message = "notification_mail_domain must be a lower-case domain name such as events.example.org, or empty."
  }
}

variable "notification_from_local_part" {
  description = "Local part of the sender address of attendee email: <this>@notification_mail_domain."
  type        = string
  default     = "tickets"
}

variable "tracing" {
  description = <<-EOT
    Traces of the services (OpenTelemetry). mode "off": the SDK stays off (no spans, no trace context on items).
    "xray": each instance runs an ADOT collector on 127.0.0.1:4317 that signs and sends the spans to AWS X-Ray
    (X-Ray's own OTLP endpoint needs SigV4, which the services' OTLP exporter does not sign). "otlp": spans go
    straight to otlp_endpoint (a collector of yours, gRPC), and the instances get no X-Ray rights.
    sample_ratio: the share of new traces kept (parent-based: a kept registration keeps its delivery spans).
  EOT
  type = object({
    mode            = optional(string, "off")
    otlp_endpoint   = optional(string, "")
    sample_ratio    = optional(number, 1)
    collector_image = optional(string, "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3")
  })
  default = {}

  validation {
    condition     = contains(["off", "xray", "otlp"], var.tracing.mode)
    error_message = "tracing.mode must be \"off\", \"xray\" or \"otlp\"."
  }

  validation {
    condition     = var.tracing.mode != "otlp" || can(regex("^https?://[^/]+", var.tracing.otlp_endpoint))
    error_message = "tracing.mode = \"otlp\" needs tracing.otlp_endpoint, an http(s) URL of an OTLP/gRPC collector."
  }

  validation {
    condition     = var.tracing.sample_ratio > 0 && var.tracing.sample_ratio <= 1
    error_message = "tracing.sample_ratio must be in (0, 1]."
  }
}
