# The change feed beyond two checkin instances: the table streams its changes into a Kinesis data
# stream, and each checkin-service instance registers its own enhanced fan-out consumer on it
# (consumers under local.feed_consumer_prefix; crashed instances' consumers are removed by the next
# instance to start, by their last-seen tag). With change_feed = "dynamodb-streams" none of this exists.
resource "aws_kinesis_stream" "changes" {
  count = local.kinesis_feed ? 1 : 0

  name             = "${local.name}-table-changes"
  retention_period = 24
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  # On-demand: AWS splits and merges shards with the write rate; the readers follow the reshards.
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }

  tags = { Name = "${local.name}-table-changes" }
}

resource "aws_dynamodb_kinesis_streaming_destination" "changes" {
  count = local.kinesis_feed ? 1 : 0

  stream_arn = aws_kinesis_stream.changes[0].arn
  table_name = aws_dynamodb_table.registrations.name
  # Microseconds tell apart two changes of one item in the same millisecond when duplicates are dropped.
  approximate_creation_date_time_precision = "MICROSECOND"
}
