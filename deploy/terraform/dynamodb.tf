# Built from deploy/contract/table-schema.json, the same file the Java TableSchema is tested against.
resource "aws_dynamodb_table" "registrations" {
  name                        = local.table_name
  billing_mode                = local.table_schema.billing_mode
  hash_key                    = local.table_schema.hash_key
  range_key                   = local.table_schema.range_key
  deletion_protection_enabled = var.deletion_protection

  # checkin-service fans table changes out to WebSocket clients from this stream.
  stream_enabled   = true
  stream_view_type = local.table_schema.stream_view_type

  dynamic "attribute" {
    for_each = local.table_schema.attributes
    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = local.table_schema.global_secondary_indexes
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = global_secondary_index.value.projection
    }
  }

  ttl {
    attribute_name = local.table_schema.ttl_attribute
    enabled        = true
  }

  point_in_time_recovery {
    enabled = local.table_schema.point_in_time_recovery
  }

  server_side_encryption {
    enabled = true
  }

  tags = { Name = local.table_name }
}
