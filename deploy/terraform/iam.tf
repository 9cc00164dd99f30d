locals {
  table_resources = [aws_dynamodb_table.registrations.arn, "${aws_dynamodb_table.registrations.arn}/index/*"]

  # Table actions each service's code issues; nothing gets Scan or table management.
  table_actions = {
    "registration-service" = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:TransactGetItems",
      "dynamodb:TransactWriteItems",
      "dynamodb:UpdateItem",
    ]
    "checkin-service" = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:TransactGetItems",
      "dynamodb:TransactWriteItems",
      "dynamodb:UpdateItem",
    ]
    "materials-service" = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:TransactWriteItems",
      "dynamodb:UpdateItem",
    ]
  }

  # Statements only some services get, keyed by service.
  extra_statements = {
    # The notification sender's feed reader (one instance, under a lease), only where it reads the stream (ses.tf).
    "registration-service" = [
      for st in [{
        Sid      = "ReadTableStream"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
        Resource = aws_dynamodb_table.registrations.stream_arn
      }] : st if local.ses_enabled && local.notification_feed_enabled
    ]
    "checkin-service" = concat([for st in [
      {
        # Its own consumer: registered at start, listed to find stale ones, read by GetRecords when fan-out is off.
        Sid    = "ReadChangeStream"
        Effect = "Allow"
        Action = [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
          "kinesis:ListShards",
          "kinesis:ListStreamConsumers",
          "kinesis:RegisterStreamConsumer",
        ]
        Resource = one(aws_kinesis_stream.changes[*].arn)
      },
      {
        # Consumers are their own resources: subscribing, the last-seen tag, and removing dead instances' ones.
        Sid    = "UseChangeStreamConsumers"
        Effect = "Allow"
        Action = [
          "kinesis:DeregisterStreamConsumer",
          "kinesis:DescribeStreamConsumer",
          "kinesis:ListTagsForResource",
          "kinesis:SubscribeToShard",
          "kinesis:TagResource",
        ]
        Resource = [for arn in aws_kinesis_stream.changes[*].arn : "${arn}/consumer/${local.feed_consumer_prefix}*"]
      },
      ] : st if local.kinesis_feed], [for st in [
      {
        Sid      = "ReadTableStream"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
        Resource = aws_dynamodb_table.registrations.stream_arn
      },
      {
        # ListStreams is not scoped to a stream: it only discovers the stream ARN after a table change.
        Sid      = "DiscoverTableStream"
        Effect   = "Allow"
        Action   = "dynamodb:ListStreams"
        Resource = "*"
      },
    ] : st if !local.kinesis_feed])
    "materials-service" = [
      {
        Sid    = "ManageMaterialObjects"
        Effect = "Allow"
        Action = [
          # Large uploads go up in parts; a broken-off one is aborted so no parts linger.
          "s3:AbortMultipartUpload",
          "s3:DeleteObject",
          "s3:DeleteObjectVersion",
          "s3:GetObject",
          "s3:GetObjectVersion",
          "s3:PutObject",
        ]
        Resource = "${aws_s3_bucket.materials.arn}/*"
      },
      {
        Sid      = "ListMaterialVersions"
        Effect   = "Allow"
        Action   = ["s3:GetBucketVersioning", "s3:ListBucket", "s3:ListBucketVersions"]
        Resource = aws_s3_bucket.materials.arn
      },
      {
        # A withdrawn CDN copy's path is invalidated, so CloudFront stops serving it before its max-age.
        Sid      = "InvalidateWithdrawnCopies"
        Effect   = "Allow"
        Action   = "cloudfront:CreateInvalidation"
        Resource = aws_cloudfront_distribution.this.arn
      },
    ]
  }

  # One jsonencode()able policy per service, so tests can read each statement.
  service_policies = {
    for s in keys(local.services) : s => {
      Version = "2012-10-17"
      Statement = concat(
        [
          {
            Sid      = "UseRegistrationsTable"
            Effect   = "Allow"
            Action   = local.table_actions[s]
            Resource = local.table_resources
          },
          {
            Sid    = "ReadOwnConfiguration"
            Effect = "Allow"
            Action = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
            Resource = [
              "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${var.project_name}/${s}",
              "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${var.project_name}/${s}/*",
            ]
          },
          {
            Sid      = "WriteOwnLogs"
            Effect   = "Allow"
            Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
            Resource = "${aws_cloudwatch_log_group.service[s].arn}:log-stream:*"
          },
          {
            # PutMetricData has no resource type; the namespace condition is what scopes it.
            Sid       = "PublishPlatformMetrics"
            Effect    = "Allow"
            Action    = "cloudwatch:PutMetricData"
            Resource  = "*"
            Condition = { StringEquals = { "cloudwatch:namespace" = local.stream_metric_namespace } }
          },
        ],
        local.extra_statements[s],
        local.xray_statements,
        [
          for st in [{
            Sid       = "DecryptOwnSecureStrings"
            Effect    = "Allow"
            Action    = "kms:Decrypt"
            Resource  = var.ssm_kms_key_arn
            Condition = { StringEquals = { "kms:ViaService" = "ssm.${local.region}.amazonaws.com" } }
          }] : st if var.ssm_kms_key_arn != ""
        ],
        [
          for st in [
            {
              # GetAuthorizationToken is account-wide by design; it grants no image access by itself.
              Sid      = "LogInToEcr"
              Effect   = "Allow"
              Action   = "ecr:GetAuthorizationToken"
              Resource = "*"
            },
            {
              Sid      = "PullOwnImage"
              Effect   = "Allow"
              Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
              Resource = try(local.ecr_images[s].repository_arn, "")
            },
          ] : st if contains(keys(local.ecr_images), s)
        ],
      )
    }
  }
}

resource "aws_iam_role" "service" {
  for_each = local.services

  name        = "${local.name}-${local.service_short[each.key]}"
  description = "Instance role of ${each.key}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = { Service = each.key }
}

resource "aws_iam_role_policy" "service" {
  for_each = local.services

  name   = "${local.service_short[each.key]}-least-privilege"
  role   = aws_iam_role.service[each.key].id
  policy = jsonencode(local.service_policies[each.key])
}

resource "aws_iam_instance_profile" "service" {
  for_each = local.services

  name = "${local.name}-${local.service_short[each.key]}"
  role = aws_iam_role.service[each.key].name

  tags = { Service = each.key }
}
