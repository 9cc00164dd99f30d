mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "kinesis_is_the_default_feed_with_stream_destination_consumer_rights_and_lag_alarm" {
  command = apply

  assert {
    condition     = var.change_feed == "kinesis" && var.service_scaling["checkin-service"].max == 6
    error_message = "AWS deployments default to the Kinesis feed, and checkin-service scales to 6."
  }

  assert {
    condition = (
      length(aws_kinesis_stream.changes) == 1
      && aws_kinesis_stream.changes[0].stream_mode_details[0].stream_mode == "ON_DEMAND"
      && aws_kinesis_stream.changes[0].encryption_type == "KMS"
    )
    error_message = "The Kinesis feed needs one encrypted on-demand stream."
  }

  assert {
    condition = (
      aws_dynamodb_kinesis_streaming_destination.changes[0].table_name == aws_dynamodb_table.registrations.name
      && aws_dynamodb_kinesis_streaming_destination.changes[0].stream_arn == aws_kinesis_stream.changes[0].arn
      && aws_dynamodb_kinesis_streaming_destination.changes[0].approximate_creation_date_time_precision == "MICROSECOND"
    )
    error_message = "The table must stream into the change stream, with microsecond change times."
  }

  assert {
    condition = toset(one([
      for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "ReadChangeStream"
      ]).Action) == toset([
      "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
      "kinesis:ListShards", "kinesis:ListStreamConsumers", "kinesis:RegisterStreamConsumer",
      ]) && one([
      for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "ReadChangeStream"
    ]).Resource == aws_kinesis_stream.changes[0].arn
    error_message = "checkin-service must register consumers and read shards on the change stream only."
  }

  assert {
    condition = toset(one([
      for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "UseChangeStreamConsumers"
      ]).Action) == toset([
      "kinesis:DeregisterStreamConsumer", "kinesis:DescribeStreamConsumer", "kinesis:ListTagsForResource",
      "kinesis:SubscribeToShard", "kinesis:TagResource",
      ]) && one([
      for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "UseChangeStreamConsumers"
    ]).Resource == ["${aws_kinesis_stream.changes[0].arn}/consumer/checkin-*"]
    error_message = "checkin-service may subscribe, stamp and deregister only its own service's consumers."
  }

  assert {
    condition = !anytrue([
      for st in local.service_policies["checkin-service"].Statement : contains(flatten([st.Action]), "dynamodb:GetRecords")
    ])
    error_message = "With the Kinesis feed checkin-service does not read the table's DynamoDB stream."
  }

  assert {
    condition = alltrue([
      for s in ["registration-service", "materials-service"] :
      !anytrue([for st in local.service_policies[s].Statement : anytrue([for a in flatten([st.Action]) : startswith(a, "kinesis:")])])
    ])
    error_message = "Only checkin-service reads the change stream."
  }

  assert {
    condition = (
      aws_ssm_parameter.service["checkin-service/CHECKIN_STREAM_SOURCE"].value == "kinesis"
      && aws_ssm_parameter.service["checkin-service/CHECKIN_STREAM_KINESIS_STREAM_ARN"].value == aws_kinesis_stream.changes[0].arn
      && aws_ssm_parameter.service["checkin-service/CHECKIN_STREAM_KINESIS_CONSUMER_PREFIX"].value == "checkin-"
      && !contains(keys(aws_ssm_parameter.service), "registration-service/CHECKIN_STREAM_SOURCE")
    )
    error_message = "checkin-service instances must get the feed's settings in their environment, and only they."
  }

  assert {
    condition = (
      strcontains(one(aws_cloudwatch_metric_alarm.feed_consumer_lag[0].metric_query).expression, "\"SubscribeToShardEvent.MillisBehindLatest\"")
      && strcontains(one(aws_cloudwatch_metric_alarm.feed_consumer_lag[0].metric_query).expression, "StreamName = '${aws_kinesis_stream.changes[0].name}'")
      && aws_cloudwatch_metric_alarm.feed_consumer_lag[0].threshold == var.alarm_thresholds.stream_iterator_age_millis
    )
    error_message = "The lag alarm must watch the slowest consumer's MillisBehindLatest on the change stream."
  }
}

run "dynamodb_streams_feed_serves_two_checkin_instances_without_kinesis" {
  command = apply

  variables {
    change_feed = "dynamodb-streams"
    service_scaling = {
      "registration-service" = { min = 2, max = 6, desired = 2 }
      "checkin-service"      = { min = 1, max = 2, desired = 2 }
      "materials-service"    = { min = 2, max = 4, desired = 2 }
    }
  }

  assert {
    condition = (
      length(aws_kinesis_stream.changes) == 0
      && length(aws_dynamodb_kinesis_streaming_destination.changes) == 0
      && length(aws_cloudwatch_metric_alarm.feed_consumer_lag) == 0
    )
    error_message = "The DynamoDB Streams feed creates no Kinesis stream, destination or consumer alarm."
  }

  assert {
    condition = one([
      for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "ReadTableStream"
      ]).Resource == aws_dynamodb_table.registrations.stream_arn && toset(one([
        for st in local.service_policies["checkin-service"].Statement : st if st.Sid == "ReadTableStream"
    ]).Action) == toset(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"])
    error_message = "checkin-service must read the table's stream, on the stream ARN."
  }

  assert {
    condition = (
      aws_ssm_parameter.service["checkin-service/CHECKIN_STREAM_SOURCE"].value == "dynamodb-streams"
      && !contains(keys(aws_ssm_parameter.service), "checkin-service/CHECKIN_STREAM_KINESIS_STREAM_ARN")
    )
    error_message = "checkin-service instances must be told to read the DynamoDB stream."
  }
}

run "dynamodb_streams_feed_refuses_a_third_checkin_instance" {
  command = plan

  variables {
    change_feed = "dynamodb-streams"
    service_scaling = {
      "registration-service" = { min = 2, max = 6, desired = 2 }
      "checkin-service"      = { min = 2, max = 3, desired = 2 }
      "materials-service"    = { min = 2, max = 4, desired = 2 }
    }
  }

  expect_failures = [var.change_feed]
}

run "kinesis_feed_refuses_more_instances_than_consumers_allow" {
  command = plan

  variables {
    service_scaling = {
      "registration-service" = { min = 2, max = 6, desired = 2 }
      "checkin-service"      = { min = 2, max = 12, desired = 2 }
      "materials-service"    = { min = 2, max = 4, desired = 2 }
    }
  }

  expect_failures = [var.change_feed]
}

run "an_unknown_feed_is_refused" {
  command = plan

  variables {
    change_feed = "sqs"
  }

  expect_failures = [var.change_feed]
}
