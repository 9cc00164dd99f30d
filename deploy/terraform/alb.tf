resource "aws_lb" "this" {
  name               = local.name
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = aws_subnet.public[*].id

  # WebSockets (kiosks, dashboards) stay open for an hour; ALBs pass upgrades natively.
  idle_timeout               = 3600
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection

  tags = { Name = local.name }
}

resource "aws_lb_target_group" "service" {
  for_each = local.services

  name                 = "${local.name}-${local.service_short[each.key]}"
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = aws_vpc.this.id
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    enabled             = true
    path                = each.value.health_path
    port                = tostring(each.value.management_port)
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  # The contract marks which services need sticky sessions (checkin: a kiosk keeps its instance across reconnects).
  stickiness {
    type            = "lb_cookie"
    enabled         = each.value.sticky
    cookie_duration = 86400
  }

  tags = { Service = each.key }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  dynamic "default_action" {
    for_each = local.https_enabled ? [1] : []
    content {
      type = "redirect"
      redirect {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }

  dynamic "default_action" {
    for_each = local.https_enabled ? [] : [1]
    content {
      type = "fixed-response"
      fixed_response {
        content_type = "application/json"
        message_body = local.not_found_problem
        status_code  = "404"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      message_body = local.not_found_problem
      status_code  = "404"
    }
  }
}

# Generated from the shared rule file so the ALB routes exactly like the local gateway
# (which also sends the bare prefix, e.g. /dashboard, to the prefix's service).
resource "aws_lb_listener_rule" "path" {
  for_each = { for r in local.path_rules.rules : tostring(r.priority) => r }

  listener_arn = local.app_listener_arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[each.value.service].arn
  }

  condition {
    path_pattern {
      values = ["${each.value.prefix}*", trimsuffix(each.value.prefix, "/")]
    }
  }

  tags = { Service = each.value.service }
}
