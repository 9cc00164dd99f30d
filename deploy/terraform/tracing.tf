locals {
  tracing_on   = var.tracing.mode != "off"
  tracing_xray = var.tracing.mode == "xray"
  # Where the services send spans: the instance's own ADOT collector for X-Ray, else the collector named.
  tracing_endpoint = local.tracing_xray ? "http://127.0.0.1:4317" : var.tracing.otlp_endpoint

  # Environment of every service (SSM parameters); nothing when tracing is off, so the SDK stays off.
  tracing_parameters = local.tracing_on ? {
    QUARKUS_OTEL_SDK_DISABLED           = "false"
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT = local.tracing_endpoint
    QUARKUS_OTEL_TRACES_SAMPLER         = "parentbased_traceidratio"
    QUARKUS_OTEL_TRACES_SAMPLER_ARG     = tostring(var.tracing.sample_ratio)
  } : {}

  # X-Ray has no resource-level permissions for these: the actions an ADOT collector uses to send segments.
  xray_statements = local.tracing_xray ? [{
    Sid      = "SendTracesToXRay"
    Effect   = "Allow"
    Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    Resource = "*"
  }] : []

  # The collector's configuration, written by the boot script: OTLP in on loopback, X-Ray out.
  xray_collector_config = yamlencode({
    receivers  = { otlp = { protocols = { grpc = { endpoint = "127.0.0.1:4317" } } } }
    processors = { batch = {} }
    exporters  = { awsxray = { region = local.region } }
    service = {
      pipelines = { traces = { receivers = ["otlp"], processors = ["batch"], exporters = ["awsxray"] } }
    }
  })
}
