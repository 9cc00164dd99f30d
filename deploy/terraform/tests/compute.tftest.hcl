mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "one_auto_scaling_group_per_contract_service" {
  command = apply

  assert {
    condition     = length(aws_autoscaling_group.service) == 3
    error_message = "Expected exactly three Auto Scaling groups."
  }

  assert {
    condition     = toset(keys(aws_autoscaling_group.service)) == toset(keys(jsondecode(file("${path.module}/../contract/path-rules.json")).services))
    error_message = "Auto Scaling groups must be keyed by the contract's services."
  }

  assert {
    condition = alltrue([
      for asg in aws_autoscaling_group.service :
      asg.default_cooldown == 180 && asg.health_check_type == "ELB" && asg.instance_refresh[0].strategy == "Rolling"
    ])
    error_message = "Every group needs default_cooldown 180, ELB health checks and rolling instance refresh."
  }

  assert {
    condition     = alltrue([for s, asg in aws_autoscaling_group.service : asg.target_group_arns == toset([aws_lb_target_group.service[s].arn])])
    error_message = "Each group must register with its own service's target group."
  }

  assert {
    condition     = alltrue([for asg in aws_autoscaling_group.service : toset(asg.vpc_zone_identifier) == toset(aws_subnet.private[*].id)])
    error_message = "Instances must run in the private subnets of both AZs."
  }

  assert {
    condition     = aws_autoscaling_group.service["registration-service"].min_size == 2 && aws_autoscaling_group.service["registration-service"].max_size == 6
    error_message = "Group sizes must come from service_scaling."
  }
}

run "instances_require_imdsv2_and_use_t3_medium" {
  command = plan

  assert {
    condition     = alltrue([for lt in aws_launch_template.service : lt.metadata_options[0].http_tokens == "required"])
    error_message = "Every launch template must require IMDSv2 tokens."
  }

  assert {
    condition     = alltrue([for lt in aws_launch_template.service : lt.instance_type == "t3.medium" && lt.image_id == "ami-0123456789abcdef0"])
    error_message = "Instances default to t3.medium on the Amazon Linux 2023 AMI from SSM."
  }
}

run "user_data_loads_config_from_ssm_not_inline" {
  command = plan

  assert {
    condition = alltrue([
      for s, lt in aws_launch_template.service :
      strcontains(base64decode(lt.user_data), "get-parameters-by-path")
      && strcontains(base64decode(lt.user_data), "--with-decryption")
      && strcontains(base64decode(lt.user_data), "--path \"/event-management/${s}/\"")
    ])
    error_message = "User data must load the service's configuration from its own SSM path."
  }

  assert {
    condition     = alltrue([for lt in aws_launch_template.service : !strcontains(base64decode(lt.user_data), "TABLE_NAME")])
    error_message = "Configuration values must not be written into user data."
  }

  assert {
    condition     = aws_ssm_parameter.service["materials-service/MATERIALS_BUCKET"].name == "/event-management/materials-service/MATERIALS_BUCKET"
    error_message = "Configuration parameters must live under /<project_name>/<service>/."
  }

  assert {
    condition = alltrue([for s in ["registration-service", "checkin-service", "materials-service"] :
    aws_ssm_parameter.service["${s}/QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"].value == var.vpc_cidr])
    error_message = "Every service must take forwarded headers from the ALB's VPC alone."
  }
}

run "only_checkin_publishes_the_stream_lag_the_alarm_watches" {
  command = plan

  assert {
    condition = alltrue([
      for s, lt in aws_launch_template.service :
      strcontains(base64decode(lt.user_data), "put-metric-data") == (s == "checkin-service")
    ])
    error_message = "checkin-service alone reads the stream and must publish its lag."
  }

  assert {
    condition = (
      strcontains(base64decode(aws_launch_template.service["checkin-service"].user_data), "--namespace \"${aws_cloudwatch_metric_alarm.stream_iterator_age.namespace}\"")
      && strcontains(base64decode(aws_launch_template.service["checkin-service"].user_data), "gauge 'stream_iterator_age_millis' \"${aws_cloudwatch_metric_alarm.stream_iterator_age.metric_name}\" Milliseconds")
      && strcontains(base64decode(aws_launch_template.service["checkin-service"].user_data), "Service=checkin-service")
    )
    error_message = "The published metric must be the one the iterator-age alarm watches."
  }
}

run "cpu_alarms_scale_out_at_70_and_in_at_30" {
  command = apply

  assert {
    condition = alltrue([
      for s in keys(aws_autoscaling_group.service) :
      aws_cloudwatch_metric_alarm.cpu_high[s].threshold == 70
      && aws_cloudwatch_metric_alarm.cpu_high[s].alarm_actions == toset([aws_autoscaling_policy.scale_up[s].arn])
      && aws_cloudwatch_metric_alarm.cpu_low[s].threshold == 30
      && aws_cloudwatch_metric_alarm.cpu_low[s].alarm_actions == toset([aws_autoscaling_policy.scale_down[s].arn])
      && aws_autoscaling_policy.scale_up[s].scaling_adjustment == 1
      && aws_autoscaling_policy.scale_down[s].scaling_adjustment == -1
    ])
    error_message = "CPU alarms must drive simple scale-up at 70 % and scale-down at 30 %."
  }
}

run "an_explicit_ami_skips_the_ssm_lookup" {
  command = plan

  variables {
    ami_id = "ami-0fedcba9876543210"
  }

  assert {
    condition     = length(data.aws_ssm_parameter.al2023) == 0 && alltrue([for lt in aws_launch_template.service : lt.image_id == "ami-0fedcba9876543210"])
    error_message = "ami_id must override the SSM-resolved AMI."
  }
}
