locals {
  ecr_image_pattern = "^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)"

  # ECR images need a registry login and pull rights on their repository; other registries are pulled anonymously.
  ecr_images = {
    for s, m in {
      for s, image in var.service_images : s => regex(local.ecr_image_pattern, image)
      if can(regex(local.ecr_image_pattern, image))
    } :
    s => {
      region         = m[1]
      registry       = "${m[0]}.dkr.ecr.${m[1]}.amazonaws.com"
      repository_arn = "arn:${local.partition}:ecr:${m[1]}:${m[0]}:repository/${m[2]}"
    }
  }

  # Docker waits a little longer than the ALB drains so in-flight requests finish before SIGKILL.
  stop_timeout_seconds = var.deregistration_delay_seconds + 5
}

resource "aws_launch_template" "service" {
  for_each = local.services

  name_prefix            = "${local.name}-${local.service_short[each.key]}-"
  description            = "${each.key} on Amazon Linux 2023"
  image_id               = local.ami_id
  instance_type          = var.instance_type
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.service[each.key].id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.service[each.key].arn
  }

  # IMDSv2 only; hop limit 1 is enough because containers use host networking.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  user_data = base64encode(templatefile("${path.module}/templates/user-data.sh.tftpl", {
    service      = each.key
    port         = each.value.port
    management   = each.value.management_port
    image        = var.service_images[each.key]
    region       = local.region
    ssm_path     = "/${var.project_name}/${each.key}/"
    env_file     = "/etc/event-platform/${each.key}.env"
    log_group    = aws_cloudwatch_log_group.service[each.key].name
    stop_timeout = local.stop_timeout_seconds
    ecr_registry = try(local.ecr_images[each.key].registry, "")
    ecr_region   = try(local.ecr_images[each.key].region, "")
    # Only checkin-service reads the stream, so only it reports the feed's lag.
    publish_stream_age = each.key == "checkin-service"
    metric_namespace   = local.stream_metric_namespace
    metric_name        = local.stream_metric_name
    # With tracing.mode = "xray", an ADOT collector beside the service sends its spans to X-Ray.
    xray_collector        = local.tracing_xray
    xray_collector_image  = var.tracing.collector_image
    xray_collector_config = local.xray_collector_config
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${local.name}-${local.service_short[each.key]}", Service = each.key })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Service = each.key })
  }

  lifecycle {
    precondition {
      condition     = contains(keys(var.service_images), each.key)
      error_message = "service_images has no image for ${each.key}."
    }
  }
}

resource "aws_autoscaling_group" "service" {
  for_each = local.services

  name                      = "${local.name}-${local.service_short[each.key]}"
  min_size                  = var.service_scaling[each.key].min
  max_size                  = var.service_scaling[each.key].max
  desired_capacity          = var.service_scaling[each.key].desired
  vpc_zone_identifier       = aws_subnet.private[*].id
  target_group_arns         = [aws_lb_target_group.service[each.key].arn]
  health_check_type         = "ELB"
  health_check_grace_period = 180
  default_cooldown          = 180
  enabled_metrics           = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances"]

  launch_template {
    id      = aws_launch_template.service[each.key].id
    version = aws_launch_template.service[each.key].latest_version
  }

  # A new launch template version (image, config path) rolls through the group half at a time.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
      instance_warmup        = 180
    }
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-${local.service_short[each.key]}"
    propagate_at_launch = true
  }

  tag {
    key                 = "Service"
    value               = each.key
    propagate_at_launch = true
  }

  lifecycle {
    # The scaling policies own the desired count once the group exists.
    ignore_changes = [desired_capacity]

    precondition {
      condition     = contains(keys(var.service_scaling), each.key)
      error_message = "service_scaling has no entry for ${each.key}."
    }
  }
}

resource "aws_autoscaling_policy" "scale_up" {
  for_each = local.services

  name                   = "${local.name}-${local.service_short[each.key]}-scale-up"
  autoscaling_group_name = aws_autoscaling_group.service[each.key].name
  policy_type            = "SimpleScaling"
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = 180
}

resource "aws_autoscaling_policy" "scale_down" {
  for_each = local.services

  name                   = "${local.name}-${local.service_short[each.key]}-scale-down"
  autoscaling_group_name = aws_autoscaling_group.service[each.key].name
  policy_type            = "SimpleScaling"
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = -1
  cooldown               = 180
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  for_each = local.services

  alarm_name          = "${local.name}-${local.service_short[each.key]}-cpu-high"
  alarm_description   = "Scale ${each.key} out when average CPU stays at or above 70 %."
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 3
  threshold           = 70
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.service[each.key].name }
  alarm_actions       = [aws_autoscaling_policy.scale_up[each.key].arn]
}

# Scale in slower than out: a longer window avoids flapping after a burst of check-ins.
resource "aws_cloudwatch_metric_alarm" "cpu_low" {
  for_each = local.services

  alarm_name          = "${local.name}-${local.service_short[each.key]}-cpu-low"
  alarm_description   = "Scale ${each.key} in when average CPU stays at or below 30 %."
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 10
  threshold           = 30
  comparison_operator = "LessThanOrEqualToThreshold"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.service[each.key].name }
  alarm_actions       = [aws_autoscaling_policy.scale_down[each.key].arn]
}
