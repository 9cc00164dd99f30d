# A production-like use of deploy/terraform: ECR images, HTTPS with a custom domain in front
# of the ALB, alarms to an SNS topic, state in S3. Run from this directory.
terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60.0, < 6.0.0"
    }
  }

  # Keep state remote and locked in real use (bucket and table created beforehand):
  # backend "s3" {
  #   bucket         = "my-terraform-state"
  #   key            = "event-platform/prod.tfstate"
  #   region         = "us-east-1"
  #   dynamodb_table = "terraform-locks"
  #   encrypt        = true
  # }
}

provider "aws" {
  region = var.aws_region
}

data "aws_caller_identity" "current" {}

locals {
  registry = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.aws_region}.amazonaws.com"
}

resource "aws_sns_topic" "alarms" {
  name = "event-management-alarms"
}

resource "aws_sns_topic_subscription" "on_call" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.on_call_email
}

module "event_platform" {
  source = "../.."

  project_name           = "event-management"
  environment            = "prod"
  aws_region             = var.aws_region
  certificate_arn        = var.certificate_arn
  alb_origin_domain_name = var.alb_domain_name
  alarm_sns_topic_arn    = aws_sns_topic.alarms.arn
  log_retention_days     = 90

  # Native builds (Dockerfile.native), pinned by release tag.
  service_images = {
    "registration-service" = "${local.registry}/event-management/registration-service:${var.release}"
    "checkin-service"      = "${local.registry}/event-management/checkin-service:${var.release}"
    "materials-service"    = "${local.registry}/event-management/materials-service:${var.release}"
  }

  service_scaling = {
    "registration-service" = { min = 2, max = 8, desired = 2 }
    "checkin-service"      = { min = 2, max = 6, desired = 3 }
    "materials-service"    = { min = 2, max = 4, desired = 2 }
  }

  tags = { CostCenter = "events" }
}
