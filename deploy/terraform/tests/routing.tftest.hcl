mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

# Distinct target group ARNs per service, so a rule pointing at the wrong service fails.
override_resource {
  target = aws_lb_target_group.service["registration-service"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/event-management-registration/1111111111111111"
    arn_suffix = "targetgroup/event-management-registration/1111111111111111"
  }
}

override_resource {
  target = aws_lb_target_group.service["checkin-service"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/event-management-checkin/2222222222222222"
    arn_suffix = "targetgroup/event-management-checkin/2222222222222222"
  }
}

override_resource {
  target = aws_lb_target_group.service["materials-service"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/event-management-materials/3333333333333333"
    arn_suffix = "targetgroup/event-management-materials/3333333333333333"
  }
}

run "listener_rules_equal_the_shared_path_rule_file" {
  command = apply

  # The plain-HTTP shape, as the explicit insecure opt-in for test stacks builds it.
  variables {
    certificate_arn                    = ""
    alb_origin_domain_name             = ""
    INSECURE_plain_http_for_tests_only = true
  }

  assert {
    condition     = length(aws_lb_listener_rule.path) == length(jsondecode(file("${path.module}/../contract/path-rules.json")).rules)
    error_message = "There must be exactly one listener rule per rule of deploy/contract/path-rules.json."
  }

  assert {
    condition = alltrue([
      for r in jsondecode(file("${path.module}/../contract/path-rules.json")).rules :
      aws_lb_listener_rule.path[tostring(r.priority)].priority == r.priority
      && toset(flatten([for c in aws_lb_listener_rule.path[tostring(r.priority)].condition : [for p in c.path_pattern : p.values]])) == toset(["${r.prefix}*", trimsuffix(r.prefix, "/")])
      && aws_lb_listener_rule.path[tostring(r.priority)].action[0].type == "forward"
      && aws_lb_listener_rule.path[tostring(r.priority)].action[0].target_group_arn == aws_lb_target_group.service[r.service].arn
    ])
    error_message = "Each listener rule's priority, path pattern and target group must match its rule in the path-rule file."
  }

  assert {
    condition     = length(distinct([for r in aws_lb_listener_rule.path : r.action[0].target_group_arn])) == 3
    error_message = "The rules must reach all three services' target groups."
  }

  assert {
    condition     = alltrue([for r in aws_lb_listener_rule.path : r.listener_arn == aws_lb_listener.http.arn]) && length(aws_lb_listener.https) == 0
    error_message = "Without a certificate the rules belong on the plain HTTP listener."
  }

  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "fixed-response"
      && aws_lb_listener.http.default_action[0].fixed_response[0].status_code == "404"
      && jsondecode(aws_lb_listener.http.default_action[0].fixed_response[0].message_body).status == 404
    )
    error_message = "Unmatched paths must get a 404 problem document."
  }

  assert {
    condition     = aws_lb.this.idle_timeout == 3600
    error_message = "The ALB must keep idle WebSockets open for an hour."
  }
}

run "target_groups_follow_the_contract_ports_health_and_stickiness" {
  command = plan

  assert {
    condition = alltrue([
      for s, svc in jsondecode(file("${path.module}/../contract/path-rules.json")).services :
      aws_lb_target_group.service[s].port == svc.port
      && aws_lb_target_group.service[s].health_check[0].path == svc.health_path
      && aws_lb_target_group.service[s].health_check[0].port == tostring(svc.management_port)
      && aws_lb_target_group.service[s].stickiness[0].enabled == svc.sticky
      && aws_lb_target_group.service[s].stickiness[0].type == "lb_cookie"
      && tostring(aws_lb_target_group.service[s].deregistration_delay) == "30"
    ])
    error_message = "Target groups must use the contract's port, health path on the management port, and stickiness, and drain for 30 s."
  }
}

run "with_a_certificate_http_redirects_and_rules_serve_https" {
  command = apply

  override_resource {
    target = aws_lb_listener.https
    values = {
      arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/event-management/50dc6c495c0c9188/0000000000000443"
    }
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "With a certificate, HTTP must redirect to HTTPS."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].default_action[0].fixed_response[0].status_code == "404"
    error_message = "With a certificate, the HTTPS listener must exist and answer unmatched paths with 404."
  }

  assert {
    condition     = alltrue([for r in aws_lb_listener_rule.path : r.listener_arn == aws_lb_listener.https[0].arn])
    error_message = "With a certificate, the path rules must sit on the HTTPS listener."
  }
}
