# Realistic values for what the configuration reads from AWS, so plans and mock applies
# see the same shapes as a real account (us-east-1, account 123456789012).

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["us-east-1a", "us-east-1b", "us-east-1c"]
    zone_ids = ["use1-az1", "use1-az2", "use1-az4"]
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/deployer"
    user_id    = "AIDAEXAMPLEDEPLOYER"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_region" {
  defaults = {
    name     = "us-east-1"
    endpoint = "ec2.us-east-1.amazonaws.com"
  }
}

# The public Amazon Linux 2023 AMI parameter.
mock_data "aws_ssm_parameter" {
  defaults = {
    type           = "String"
    value          = "ami-0123456789abcdef0"
    insecure_value = "ami-0123456789abcdef0"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/event-management/50dc6c495c0c9188"
    arn_suffix = "app/event-management/50dc6c495c0c9188"
    dns_name   = "event-management-1234567890.us-east-1.elb.amazonaws.com"
  }
}

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/event-management-registrations"
    stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/event-management-registrations/stream/2026-01-01T00:00:00.000"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::event-management-materials-123456789012"
    bucket_regional_domain_name = "event-management-materials-123456789012.s3.us-east-1.amazonaws.com"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE12345"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

# Resources whose ARNs other resources validate when the mock apply feeds them forward.
mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/event-management/50dc6c495c0c9188/f2f7dc8efc522ab2"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/event-management-svc/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/event-management-svc/73e2d6bc24d8a067"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/event-management-service"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/event-management-service"
  }
}

mock_resource "aws_autoscaling_policy" {
  defaults = {
    arn = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:11111111-2222-3333-4444-555555555555:autoScalingGroupName/event-management-svc:policyName/scale"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/event-management/service"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    arn            = "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0"
    latest_version = 1
  }
}

# The destination checks that it is handed a stream ARN.
mock_resource "aws_kinesis_stream" {
  defaults = {
    arn = "arn:aws:kinesis:us-east-1:123456789012:stream/event-management-table-changes"
  }
}
