mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "tracing_is_off_by_default" {
  command = apply

  assert {
    condition     = !anytrue([for k, p in aws_ssm_parameter.service : strcontains(k, "/QUARKUS_OTEL_")])
    error_message = "With tracing off no service may get OpenTelemetry settings: its SDK stays off."
  }

  assert {
    condition     = !anytrue(flatten([for s, rp in aws_iam_role_policy.service : [for st in jsondecode(rp.policy).Statement : anytrue([for a in flatten([st.Action]) : startswith(a, "xray:")])]]))
    error_message = "With tracing off no role may send to X-Ray."
  }

  assert {
    condition     = !anytrue([for lt in aws_launch_template.service : strcontains(base64decode(lt.user_data), "aws-otel-collector")])
    error_message = "With tracing off no instance runs a collector."
  }
}

run "xray_runs_a_collector_beside_each_service_and_grants_it_xray" {
  command = apply

  variables {
    tracing = { mode = "xray", sample_ratio = 0.1 }
  }

  assert {
    condition = alltrue([for s in keys(local.services) :
      aws_ssm_parameter.service["${s}/QUARKUS_OTEL_SDK_DISABLED"].value == "false"
      && aws_ssm_parameter.service["${s}/QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"].value == "http://127.0.0.1:4317"
      && aws_ssm_parameter.service["${s}/QUARKUS_OTEL_TRACES_SAMPLER"].value == "parentbased_traceidratio"
      && aws_ssm_parameter.service["${s}/QUARKUS_OTEL_TRACES_SAMPLER_ARG"].value == "0.1"
    ])
    error_message = "Each service must switch its SDK on and send to the collector on its own instance, sampling as asked."
  }

  assert {
    condition = alltrue([for s, lt in aws_launch_template.service :
      strcontains(base64decode(lt.user_data), "systemctl enable --now aws-otel-collector.service")
      && strcontains(base64decode(lt.user_data), "awsxray")
      && strcontains(base64decode(lt.user_data), "127.0.0.1:4317")
    ])
    error_message = "Each instance must run the ADOT collector, receiving OTLP on loopback and exporting to X-Ray."
  }

  assert {
    condition = alltrue([for s in keys(local.services) :
      one([for st in local.service_policies[s].Statement : st.Action if st.Sid == "SendTracesToXRay"]) ==
      ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    ])
    error_message = "Each role must be allowed to send trace segments (and read sampling rules), nothing more of X-Ray."
  }
}

run "otlp_sends_to_the_named_collector_without_xray_rights" {
  command = apply

  variables {
    tracing = { mode = "otlp", otlp_endpoint = "http://collector.internal:4317" }
  }

  assert {
    condition = alltrue([for s in keys(local.services) :
      aws_ssm_parameter.service["${s}/QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"].value == "http://collector.internal:4317"
      && aws_ssm_parameter.service["${s}/QUARKUS_OTEL_SDK_DISABLED"].value == "false"
    ])
    error_message = "Each service must send to the OTLP endpoint given."
  }

  assert {
    condition     = !anytrue(flatten([for s, rp in aws_iam_role_policy.service : [for st in jsondecode(rp.policy).Statement : st.Sid == "SendTracesToXRay"]]))
    error_message = "Without X-Ray no role may send to it."
  }

  assert {
    condition     = !anytrue([for lt in aws_launch_template.service : strcontains(base64decode(lt.user_data), "aws-otel-collector")])
    error_message = "With an external collector no instance runs one."
  }
}

run "otlp_without_an_endpoint_is_refused" {
  command = plan

  variables {
    tracing = { mode = "otlp" }
  }

  expect_failures = [var.tracing]
}

run "an_unknown_tracing_mode_is_refused" {
  command = plan

  variables {
    tracing = { mode = "zipkin" }
  }

  expect_failures = [var.tracing]
}

run "cloudwatch_dashboard_has_the_grafana_panels" {
  command = apply

  assert {
    condition = [for w in jsondecode(aws_cloudwatch_dashboard.platform.dashboard_body).widgets : w.properties.title] == [
      "Scan latency (mean, ms) and ALB p99 of checkin",
      "Stream lag (iterator age, ms)",
      "Open sockets (all checkin instances)",
      "Dashboard deliveries per second",
      "Errors",
    ]
    error_message = "The dashboard needs the panels of the Grafana one: scan latency, stream lag, sockets, deliveries/s, errors."
  }

  assert {
    condition = sum([
      for w in jsondecode(aws_cloudwatch_dashboard.platform.dashboard_body).widgets : length([
        for m in w.properties.metrics : m[1] if length(m) > 1 && try(m[0] == local.stream_metric_namespace, false)
      ])
    ]) == 7
    error_message = "Seven widget metrics come from the instances: scan seconds and count, lag, two socket gauges, deliveries, conflicts."
  }

  # Every metric of the platform's namespace a widget reads is one that checkin's instances publish.
  assert {
    condition = alltrue(flatten([
      for w in jsondecode(aws_cloudwatch_dashboard.platform.dashboard_body).widgets : [
        for m in w.properties.metrics : strcontains(
          base64decode(aws_launch_template.service["checkin-service"].user_data), "\"${m[1]}\"") || strcontains(
        base64decode(aws_launch_template.service["checkin-service"].user_data), " ${m[1]} ")
        if length(m) > 1 && try(m[0] == local.stream_metric_namespace, false)
      ]
    ]))
    error_message = "A dashboard widget reads an EventPlatform metric no instance publishes."
  }

  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.platform.dashboard_body, aws_lb_target_group.service["checkin-service"].arn_suffix)
    error_message = "The latency and error widgets must read checkin's target group."
  }
}
