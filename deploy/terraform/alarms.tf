locals {
  alarm_actions = compact([var.alarm_sns_topic_arn])

  # ThrottledRequests exists only per operation, so the alarm sums the operations the services issue.
  throttled_operations = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "TransactWriteItems", "TransactGetItems"]
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  for_each = local.services

  alarm_name          = "${local.name}-${local.service_short[each.key]}-unhealthy-hosts"
  alarm_description   = "${each.key} has targets failing /q/health/ready."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.service[each.key].arn_suffix
  }
  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "target_response_time" {
  for_each = local.services

  alarm_name          = "${local.name}-${local.service_short[each.key]}-response-time"
  alarm_description   = "p95 response time of ${each.key} is above ${var.alarm_thresholds.target_response_time_p95_seconds} s."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p95"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.alarm_thresholds.target_response_time_p95_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.service[each.key].arn_suffix
  }
  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = local.services

  alarm_name          = "${local.name}-${local.service_short[each.key]}-target-5xx"
  alarm_description   = "${each.key} answers with 5xx."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.target_5xx_per_5min
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.service[each.key].arn_suffix
  }
  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

# 5xx made by the ALB itself: no healthy target, timeouts, unmatched upgrades.
resource "aws_cloudwatch_metric_alarm" "elb_5xx" {
  alarm_name          = "${local.name}-alb-5xx"
  alarm_description   = "The ALB answers with 5xx of its own."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.elb_5xx_per_5min
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix }
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "table_throttled_requests" {
  alarm_name          = "${local.name}-table-throttled-requests"
  alarm_description   = "Requests to ${local.table_name} are throttled."
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.dynamodb_throttles_per_5min
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "throttled"
    expression  = join(" + ", [for i, _ in local.throttled_operations : "FILL(m${i}, 0)"])
    label       = "ThrottledRequests (all operations)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.throttled_operations
    content {
      id = "m${metric_query.key}"
      metric {
        namespace   = "AWS/DynamoDB"
        metric_name = "ThrottledRequests"
        stat        = "Sum"
        period      = 300
        dimensions = {
          TableName = aws_dynamodb_table.registrations.name
          Operation = metric_query.value
        }
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "table_throttle_events" {
  for_each = toset(["ReadThrottleEvents", "WriteThrottleEvents"])

  alarm_name          = "${local.name}-table-${lower(trimsuffix(each.key, "ThrottleEvents"))}-throttles"
  alarm_description   = "${each.key} on ${local.table_name}."
  namespace           = "AWS/DynamoDB"
  metric_name         = each.key
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.dynamodb_throttles_per_5min
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { TableName = aws_dynamodb_table.registrations.name }
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# A throttled GSI throttles writes to the table, so each index gets its own alarm.
resource "aws_cloudwatch_metric_alarm" "index_write_throttle_events" {
  for_each = { for g in local.table_schema.global_secondary_indexes : g.name => g }

  alarm_name          = "${local.name}-${each.key}-write-throttles"
  alarm_description   = "WriteThrottleEvents on index ${each.key} of ${local.table_name}."
  namespace           = "AWS/DynamoDB"
  metric_name         = "WriteThrottleEvents"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarm_thresholds.dynamodb_throttles_per_5min
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions = {
    TableName                = aws_dynamodb_table.registrations.name
    GlobalSecondaryIndexName = each.key
  }
  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions
}

# Custom metric: AWS publishes IteratorAge only for Lambda stream consumers, so checkin-service
# publishes its feed's lag: how long ago it was last current (the newest record read, or the last
# read that found nothing new; it grows while reads fail). Gauge, ms, dimension Service=checkin-service.
# Its readiness fails beyond checkin.stream.max-lag, 60 s by default like this threshold.
resource "aws_cloudwatch_metric_alarm" "stream_iterator_age" {
  alarm_name          = "${local.name}-stream-iterator-age"
  alarm_description   = "checkin-service lags behind the table stream; dashboards and kiosks show stale data."
  namespace           = local.stream_metric_namespace
  metric_name         = local.stream_metric_name
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.alarm_thresholds.stream_iterator_age_millis
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  dimensions          = { Service = "checkin-service" }
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Enhanced fan-out lag, as Kinesis measures it for each consumer. Consumer names are per instance,
# so a Metrics Insights query takes the slowest of all consumers on the stream.
resource "aws_cloudwatch_metric_alarm" "feed_consumer_lag" {
  count = local.kinesis_feed ? 1 : 0

  alarm_name          = "${local.name}-feed-consumer-lag"
  alarm_description   = "A checkin-service fan-out consumer lags behind the table's change stream; dashboards and kiosks show stale data."
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  threshold           = var.alarm_thresholds.stream_iterator_age_millis
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "lag"
    label       = "Slowest consumer's SubscribeToShardEvent.MillisBehindLatest"
    expression  = "SELECT MAX(\"SubscribeToShardEvent.MillisBehindLatest\") FROM SCHEMA(\"AWS/Kinesis\", ConsumerName, StreamName) WHERE StreamName = '${aws_kinesis_stream.changes[0].name}'"
    period      = 60
    return_data = true
  }
}
