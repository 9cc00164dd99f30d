locals {
  # The panels of the Grafana dashboard of docker-compose (deploy/observability), from CloudWatch:
  # checkin-service's own metrics (published each minute by its instances, templates/user-data.sh.tftpl)
  # and the ALB's.
  checkin_metric = { namespace = local.stream_metric_namespace, dimension = ["Service", "checkin-service"] }

  dashboard_widgets = [
    {
      title = "Scan latency (mean, ms) and ALB p99 of checkin"
      metrics = [
        [{ expression = "1000 * seconds / IF(scans > 0, scans, 1)", label = "scan to answer, mean (ms)", id = "latency" }],
        [local.checkin_metric.namespace, "ScanSeconds", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { id = "seconds", stat = "Sum", visible = false }],
        [local.checkin_metric.namespace, "Scans", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { id = "scans", stat = "Sum", visible = false }],
        ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", aws_lb.this.arn_suffix, "TargetGroup", aws_lb_target_group.service["checkin-service"].arn_suffix, { stat = "p99", label = "REST p99 (s)", yAxis = "right" }],
      ]
    },
    {
      title = "Stream lag (iterator age, ms)"
      metrics = [
        [local.checkin_metric.namespace, local.stream_metric_name, local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { stat = "Maximum" }],
      ]
    },
    {
      title = "Open sockets (all checkin instances)"
      metrics = [
        [local.checkin_metric.namespace, "OpenDashboardSockets", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { stat = "Sum", label = "dashboard" }],
        [local.checkin_metric.namespace, "OpenKioskSockets", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { stat = "Sum", label = "kiosk" }],
      ]
    },
    {
      title = "Dashboard deliveries per second"
      metrics = [
        [{ expression = "deliveries / PERIOD(deliveries)", label = "deliveries/s", id = "rate" }],
        [local.checkin_metric.namespace, "DashboardDeliveries", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { id = "deliveries", stat = "Sum", visible = false }],
      ]
    },
    {
      title = "Errors"
      metrics = concat(
        [for s in keys(local.services) : ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", aws_lb.this.arn_suffix, "TargetGroup", aws_lb_target_group.service[s].arn_suffix, { stat = "Sum", label = "5xx ${s}" }]],
        [
          ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", aws_lb.this.arn_suffix, { stat = "Sum", label = "5xx from the ALB" }],
          [local.checkin_metric.namespace, "CheckInConflicts", local.checkin_metric.dimension[0], local.checkin_metric.dimension[1], { stat = "Sum", label = "check-in transaction conflicts" }],
        ],
      )
    },
  ]
}

resource "aws_cloudwatch_dashboard" "platform" {
  dashboard_name = local.name
  dashboard_body = jsonencode({
    widgets = [
      for i, w in local.dashboard_widgets : {
        type   = "metric"
        x      = (i % 2) * 12
        y      = floor(i / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = w.title
          region  = local.region
          view    = "timeSeries"
          period  = 60
          metrics = w.metrics
        }
      }
    ]
  })
}
