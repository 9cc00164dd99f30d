mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "operational_alarms_cover_alb_table_and_stream" {
  command = apply

  variables {
    alarm_sns_topic_arn = "arn:aws:sns:us-east-1:123456789012:event-management-alarms"
  }

  assert {
    condition = alltrue([
      for s, tg in aws_lb_target_group.service :
      aws_cloudwatch_metric_alarm.unhealthy_hosts[s].dimensions.TargetGroup == tg.arn_suffix
      && aws_cloudwatch_metric_alarm.target_response_time[s].metric_name == "TargetResponseTime"
      && aws_cloudwatch_metric_alarm.target_5xx[s].metric_name == "HTTPCode_Target_5XX_Count"
    ])
    error_message = "Each target group needs unhealthy-host, response-time and 5xx alarms."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.elb_5xx.metric_name == "HTTPCode_ELB_5XX_Count"
    error_message = "The ALB's own 5xx need an alarm."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.table_throttle_events)) == toset(["ReadThrottleEvents", "WriteThrottleEvents"]) && length(aws_cloudwatch_metric_alarm.table_throttled_requests.metric_query) > 1
    error_message = "Table throttling needs ThrottledRequests, ReadThrottleEvents and WriteThrottleEvents alarms."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.stream_iterator_age.namespace == "EventPlatform"
      && aws_cloudwatch_metric_alarm.stream_iterator_age.metric_name == "StreamIteratorAgeMillis"
    )
    error_message = "Stream lag is alarmed on checkin-service's own metric."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.elb_5xx.alarm_actions == toset(["arn:aws:sns:us-east-1:123456789012:event-management-alarms"])
    error_message = "Alarms must notify the given SNS topic."
  }
}
